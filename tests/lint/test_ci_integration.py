"""The pre-commit hooks and the GitHub Action, run for real against a copy of the library."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from tests.conftest import FIXTURES, REPO_ROOT

BIN = Path(sys.executable).parent


def _workspace(tmp_path: Path, *, break_clause: bool = False) -> Path:
    """A repository holding a copy of the project's clause library and example specs."""
    work = tmp_path / "legal-repo"
    shutil.copytree(REPO_ROOT / "clauses", work / "clauses")
    shutil.copytree(REPO_ROOT / "examples", work / "examples")
    if break_clause:
        victim = sorted((work / "clauses").rglob("*.md"))[0]
        victim.write_text(victim.read_text(encoding="utf-8") + "\n{% if %}\n", encoding="utf-8")
    return work


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env["PRE_COMMIT_HOME"] = str(tmp_path / "pre-commit-cache")
    env["HOME"] = str(tmp_path)
    env.update(extra)
    return env


def test_hook_manifest_parses_with_pre_commit() -> None:
    from pre_commit.clientlib import load_manifest

    hooks = {h["id"]: h for h in load_manifest(str(REPO_ROOT / ".pre-commit-hooks.yaml"))}
    assert set(hooks) == {
        "contractsmith-lint",
        "contractsmith-lint-templates",
        "contractsmith-validate",
    }
    assert hooks["contractsmith-lint"]["entry"] == "contractsmith lint"
    assert hooks["contractsmith-lint-templates"]["pass_filenames"] is True
    assert hooks["contractsmith-validate"]["pass_filenames"] is True


def _local_config(work: Path) -> None:
    """A local-repo config using the shipped hooks' entries (no network install)."""
    manifest = yaml.safe_load((REPO_ROOT / ".pre-commit-hooks.yaml").read_text())
    hooks = []
    for hook in manifest:
        local = {k: v for k, v in hook.items() if k != "language"}
        local["language"] = "system"
        hooks.append(local)
    (work / ".pre-commit-config.yaml").write_text(
        yaml.safe_dump({"repos": [{"repo": "local", "hooks": hooks}]}), encoding="utf-8"
    )
    for cmd in (["git", "init", "-q"], ["git", "add", "-A"]):
        subprocess.run(cmd, cwd=work, check=True, capture_output=True)


def _pre_commit(work: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "pre-commit"), "run", "--all-files", "--color", "never"],
        cwd=work,
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_pre_commit_hooks_pass_on_the_library(tmp_path: Path) -> None:
    work = _workspace(tmp_path)
    _local_config(work)
    run = _pre_commit(work, tmp_path)
    assert run.returncode == 0, run.stdout + run.stderr
    assert re.search(r"contractsmith lint.*Passed", run.stdout)
    assert re.search(r"contractsmith validate.*Passed", run.stdout)


def test_pre_commit_hook_fails_on_a_broken_clause(tmp_path: Path) -> None:
    work = _workspace(tmp_path, break_clause=True)
    _local_config(work)
    run = _pre_commit(work, tmp_path)
    assert run.returncode == 1
    assert "L010" in run.stdout


def _action_steps() -> list[dict]:
    action = yaml.safe_load((REPO_ROOT / "action.yml").read_text())
    assert action["runs"]["using"] == "composite"
    return action["runs"]["steps"]


def _run_action(work: Path, tmp_path: Path) -> list[subprocess.CompletedProcess[str]]:
    """Run the action's shell steps in order, as the runner would (uses: steps skipped)."""
    action = yaml.safe_load((REPO_ROOT / "action.yml").read_text())
    inputs = {k: str(v.get("default", "")) for k, v in action["inputs"].items()}
    done = []
    for step in _action_steps():
        if "run" not in step:
            assert step["uses"].startswith("actions/setup-python")
            continue
        script = step["run"]
        step_env = {
            k: re.sub(r"\$\{\{ inputs\.([\w-]+) \}\}", lambda m: inputs[m.group(1)], str(v))
            for k, v in (step.get("env") or {}).items()
        }
        env = _env(tmp_path, GITHUB_ACTION_PATH=str(REPO_ROOT), **step_env)
        proc = subprocess.run(
            ["bash", "-e", "-c", script],
            cwd=work,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        done.append(proc)
        if proc.returncode != 0:
            break
    return done


def test_action_steps_lint_and_write_valid_sarif(tmp_path: Path) -> None:
    work = _workspace(tmp_path)
    runs = _run_action(work, tmp_path)
    assert [r.returncode for r in runs] == [0, 0], runs[-1].stdout + runs[-1].stderr
    sarif = json.loads((work / "contractsmith-lint.sarif").read_text())
    schema = json.loads((FIXTURES / "sarif-schema-2.1.0.json").read_text())
    jsonschema.validate(sarif, schema)


def test_action_fails_and_annotates_a_broken_clause(tmp_path: Path) -> None:
    work = _workspace(tmp_path, break_clause=True)
    runs = _run_action(work, tmp_path)
    assert runs[-1].returncode == 1
    assert re.search(r"^::error file=clauses/.*title=L010::", runs[-1].stdout, re.M)
    sarif = json.loads((work / "contractsmith-lint.sarif").read_text())
    assert any(r["ruleId"] == "L010" for r in sarif["runs"][0]["results"])


@pytest.mark.parametrize("fmt", ["json", "sarif", "junit"])
def test_lint_command_formats_on_the_project_library(fmt: str) -> None:
    import xml.etree.ElementTree as ET

    from contractsmith.resources import load_schema

    proc = subprocess.run(
        [str(BIN / "contractsmith"), "lint", "clauses", "--format", fmt],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    if fmt == "json":
        report = json.loads(proc.stdout)
        jsonschema.Draft202012Validator(load_schema("findings-report")).validate(report)
        assert report["summary"]["findings"]["error"] == 0
    elif fmt == "sarif":
        schema = json.loads((FIXTURES / "sarif-schema-2.1.0.json").read_text())
        jsonschema.validate(json.loads(proc.stdout), schema)
    else:
        suite = ET.fromstring(proc.stdout).find("testsuite")
        assert suite is not None and suite.get("errors") == "0"

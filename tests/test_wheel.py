"""A non-editable install works: the wheel carries clauses, schemas, examples and templates."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

from tests.conftest import REPO_ROOT


def test_wheel_installs_and_runs_outside_the_checkout(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    build = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            str(REPO_ROOT),
            "-w",
            str(dist),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert build.returncode == 0, build.stderr[-2000:]
    wheel = next(dist.glob("contractsmith-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    clause_files = sorted((REPO_ROOT / "clauses").rglob("*.md"))
    assert sum("_bundled/clauses/" in n and n.endswith(".md") for n in names) == len(clause_files)
    assert "contractsmith/_bundled/clauses/clauses.lock" in names
    assert "contractsmith/_bundled/schemas/contract-spec.schema.json" in names
    assert "contractsmith/_bundled/schemas/category-rule.schema.json" in names
    assert "contractsmith/templates/contract.docx" in names
    assert any(n.startswith("contractsmith/rules/wording/") for n in names)

    target = tmp_path / "site"
    install = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--target",
            str(target),
            str(wheel),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert install.returncode == 0, install.stderr[-2000:]
    work = tmp_path / "elsewhere"
    work.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target)}

    def cs(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "contractsmith", *args],
            cwd=work,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )

    where = subprocess.run(
        [sys.executable, "-c", "import contractsmith; print(contractsmith.__file__)"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
    )
    assert where.stdout.strip().startswith(str(target))
    assert cs("init", "--kind", "ugc", "-o", "ugc.yaml").returncode == 0
    assert cs("validate", "ugc.yaml").returncode == 0
    assert cs("render", "ugc.yaml", "-o", "out").returncode == 0
    assert (work / "out" / "ugc.docx").stat().st_size > 10_000
    lint = cs("lint", "--no-render", "--no-wording")
    assert lint.returncode == 0, lint.stdout[-2000:]
    assert cs("check", "out/ugc.docx", "--fail-on", "error").returncode == 0

"""The validate, schema and init commands: exit codes, report formats and files written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from contractsmith.cli import main
from contractsmith.resources import examples_dir
from contractsmith.spec.load import load_spec
from contractsmith.spec.validate import validate

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "specs"
GOOD = str(examples_dir() / "sponsorship.yaml")
BAD = str(FIXTURES / "invalid" / "draft-after-posting.yaml")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def test_valid_spec_exits_0() -> None:
    code, out, _ = run("validate", GOOD)
    assert code == 0
    assert "0 error(s)" in out


def test_invalid_spec_exits_1_with_location_and_hint() -> None:
    code, out, _ = run("validate", BAD)
    assert code == 1
    assert f"{BAD}:" in out and "S101" in out and "/deliverables/0/draft_due" in out
    assert "hint:" in out


def test_unreadable_files_exit_2_and_batch_continues(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("kind: ugc\nterm: [1,\n", encoding="utf-8")
    code, out, _ = run("validate", str(broken), str(tmp_path / "absent.yaml"), BAD)
    assert code == 2
    assert f"{broken}:3:1: error: invalid YAML" in out
    assert "absent.yaml: error: no such file" in out
    assert "S101" in out  # the good-but-invalid file was still checked
    assert "Traceback" not in out


def test_json_output_lists_every_file_and_finding() -> None:
    code, out, _ = run("validate", "--format", "json", GOOD, BAD)
    assert code == 1
    doc = json.loads(out)
    files = {f["path"]: f for f in doc["files"]}
    assert files[GOOD]["valid"] is True and files[GOOD]["findings"] == []
    finding = files[BAD]["findings"][0]
    assert finding["rule"] == "S101"
    assert finding["location"]["pointer"] == "/deliverables/0/draft_due"
    assert finding["location"]["line"] > 0


def test_sarif_output_to_file(tmp_path: Path) -> None:
    report = tmp_path / "report.sarif"
    code, out, _ = run("validate", "--format", "sarif", "-o", str(report), BAD)
    assert code == 1 and out == ""
    sarif = json.loads(report.read_text(encoding="utf-8"))
    run0 = sarif["runs"][0]
    assert run0["results"][0]["ruleId"] == "S101"
    assert any(r["id"] == "S101" for r in run0["tool"]["driver"]["rules"])


def test_json_to_stdout_reports_load_errors_on_stderr(tmp_path: Path) -> None:
    bad = tmp_path / "list.yaml"
    bad.write_text("- a\n", encoding="utf-8")
    code, out, err = run("validate", "--format", "json", str(bad))
    assert code == 2
    assert json.loads(out)["files"][0]["error"].startswith("line 1, column 1: top level")
    assert f"{bad}:1:1: error: top level" in err


def test_missing_argument_is_a_usage_error() -> None:
    code, _, _ = run("validate")
    assert code == 2


def test_schema_prints_the_json_schema() -> None:
    code, out, _ = run("schema")
    assert code == 0
    assert json.loads(out)["$schema"] == "https://json-schema.org/draft/2020-12/schema"


@pytest.mark.parametrize("kind", ["sponsorship", "retainer", "ambassador", "ugc"])
def test_init_writes_a_valid_spec(tmp_path: Path, kind: str) -> None:
    target = tmp_path / "new" / "deal.yaml"
    code, out, _ = run("init", "--kind", kind, "-o", str(target))
    assert code == 0 and str(target) in out
    spec = load_spec(target)
    assert spec.data["kind"] == kind
    assert validate(spec) == []
    schema_ref = target.parent / spec.data["$schema"]
    assert schema_ref.resolve().is_file()


@pytest.mark.parametrize("kind", ["sponsorship", "retainer", "ambassador", "ugc"])
def test_init_header_names_the_written_file(tmp_path: Path, kind: str) -> None:
    """Issue 15, defect 13: the header's Validate/Render lines point at the new spec."""
    target = tmp_path / "deal.yaml"
    code, _, _ = run("init", "--kind", kind, "-o", str(target))
    assert code == 0
    header = [line for line in target.read_text(encoding="utf-8").splitlines() if line[:1] == "#"]
    assert f"# Validate:  contractsmith validate {target.as_posix()}" in header
    assert not any("examples/" in line for line in header)


def test_init_never_overwrites_without_force(tmp_path: Path) -> None:
    target = tmp_path / "deal.yaml"
    target.write_text("mine\n", encoding="utf-8")
    code, _, err = run("init", "-o", str(target))
    assert code == 2 and "already exists" in err
    assert target.read_text(encoding="utf-8") == "mine\n"
    code, _, _ = run("init", "--kind", "ugc", "-o", str(target), "--force")
    assert code == 0 and load_spec(target).data["kind"] == "ugc"


def test_init_to_stdout() -> None:
    code, out, _ = run("init", "--kind", "retainer", "-o", "-")
    assert code == 0 and "kind: retainer" in out

"""`contractsmith check` on the command line: options, config precedence, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator

import contractsmith.analyse.check as check_module
from contractsmith.cli import main
from contractsmith.resources import load_schema
from contractsmith.rules.engine import RULES_VERSION
from tests.check.conftest import FAKE_ENGINE, QUIET_ENGINE


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch, contracts: Path):
    """Run the CLI in the contracts' parent folder with the stand-in wording rules."""
    monkeypatch.setattr(check_module, "DEFAULT_ENGINE", FAKE_ENGINE)
    monkeypatch.chdir(contracts.parent)

    def invoke(*args: str):
        return CliRunner().invoke(main, ["check", *args], catch_exceptions=False)

    return invoke


def test_json_report_validates_and_lists_every_category(run) -> None:
    result = run("contracts", "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    Draft202012Validator(load_schema("report")).validate(data)
    # The report records which rule data produced it, so old audits can be compared.
    assert data["tool"]["rules_version"] == RULES_VERSION
    assert [Path(d["path"]).name for d in data["documents"]] == [
        "ambassador-agreement.docx",
        "quickpost-problems.txt",
        "sponsorship-good.md",
    ]
    for doc in data["documents"]:
        assert len(doc["clauses"]) == 27
        assert list(doc) == ["path", "error", "clauses", "findings"]
        for f in doc["findings"]:
            assert list(f) == [
                "rule",
                "severity",
                "category",
                "message",
                "text",
                "suggestion",
                "location",
            ]


def test_report_on_stdout_only_and_deterministic(run) -> None:
    first = run("contracts", "--format", "json")
    second = run("contracts", "--format", "json", "-j", "2")
    assert first.stdout == second.stdout
    assert first.stderr == ""


def test_exit_codes_follow_fail_on(run) -> None:
    assert run("contracts", "--fail-on", "never").exit_code == 0
    assert run("contracts").exit_code == 1
    # Only info-level gaps remain when errors and warnings are ignored.
    assert run("contracts", "--select", "C002,C006,C019").exit_code == 0
    assert run("contracts", "--select", "C002,C006,C019", "--fail-on", "info").exit_code == 1


def test_unreadable_file_exits_1_but_reports_the_rest(run, contracts: Path) -> None:
    (contracts / "broken.docx").write_bytes(b"garbage")
    result = run("contracts", "--fail-on", "never", "--format", "csv")
    assert result.exit_code == 1
    rows = result.stdout.splitlines()
    assert rows[0].startswith("path,rule,severity")
    broken = [r for r in rows if "broken.docx" in r]
    assert len(broken) == 1
    assert broken[0].startswith("contracts/broken.docx,,,,,,,,,,,")
    assert len(broken[0]) > len("contracts/broken.docx,,,,,,,,,,,")  # the error column
    assert any("quickpost-problems.txt,V901" in r for r in rows)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nope/"], "nope/: no such file or directory"),
        (["contracts", "--playbook", "nosuch"], "unknown playbook 'nosuch'"),
        (["contracts", "--format", "pdf"], "Invalid value for '--format'"),
        (["contracts", "--select", "V-1"], "is not a rule code or prefix"),
        (["contracts", "--ignore", "Q"], "no rule code starts with 'Q'"),
        (["contracts", "--bogus"], "No such option '--bogus'"),
        (["contracts", "-j", "0"], "Invalid value for '-j'"),
    ],
)
def test_usage_errors_exit_2_with_one_line(run, args, message) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("contractsmith check: error: ")
    assert message in lines[0]


def test_output_is_written_atomically_and_never_over_an_input(run, contracts: Path) -> None:
    result = run("contracts", "--format", "json", "-o", "out/report.json")
    assert result.stdout == ""
    assert json.loads(Path("out/report.json").read_text(encoding="utf-8"))["summary"]
    before = (contracts / "quickpost-problems.txt").read_bytes()
    clash = run("contracts", "-o", "contracts/quickpost-problems.txt")
    assert clash.exit_code == 2
    assert "refusing to overwrite an input" in clash.stderr
    assert (contracts / "quickpost-problems.txt").read_bytes() == before


def test_config_file_applies_and_cli_overrides(run, contracts: Path) -> None:
    Path("contractsmith.toml").write_text(
        'format = "json"\nselect = ["V"]\nfail-on = "never"\n', encoding="utf-8"
    )
    data = json.loads(run("contracts").stdout)
    rules = {f["rule"] for d in data["documents"] for f in d["findings"]}
    assert rules == {"V901"}
    assert data["tool"]["select"] == ["V"]
    overridden = run("contracts", "--select", "D", "--fail-on", "warning")
    rules = {f["rule"] for d in json.loads(overridden.stdout)["documents"] for f in d["findings"]}
    assert rules == {"D901"}
    assert overridden.exit_code == 1
    isolated = run("contracts", "--isolated")
    assert isolated.stdout.startswith("contracts/")  # text, the default format


def test_unknown_config_key_is_a_usage_error(run) -> None:
    Path("contractsmith.toml").write_text("colour = true\n", encoding="utf-8")
    result = run("contracts")
    assert result.exit_code == 2
    assert "unknown key 'colour'" in result.stderr


def test_config_in_pyproject_sets_the_playbook(run) -> None:
    Path("pyproject.toml").write_text(
        '[tool.contractsmith]\nplaybook = "commercial"\nformat = "json"\n', encoding="utf-8"
    )
    data = json.loads(run("contracts").stdout)
    assert data["tool"]["playbook"]["name"] == "commercial"


def test_baseline_round_trip(run, contracts: Path) -> None:
    first = run("contracts", "--baseline", "base.json", "--format", "json")
    assert first.exit_code == 0
    assert "recorded" in first.stderr
    total = sum(json.loads(first.stdout)["summary"]["findings"].values())
    assert total > 0

    again = run("contracts", "--baseline", "base.json", "--format", "json")
    data = json.loads(again.stdout)
    assert again.exit_code == 0
    assert data["summary"]["suppressed"] == total
    assert all(d["findings"] == [] for d in data["documents"])

    # Editing elsewhere keeps old findings suppressed; a new problem is reported.
    path = contracts / "quickpost-problems.txt"
    path.write_text(
        "PREAMBLE ADDED LATER.\n\n"
        + path.read_text(encoding="utf-8")
        + "\n7. EXTRA\n\nInvoices will be paid promptly by Company.\n",
        encoding="utf-8",
    )
    later = run("contracts", "--baseline", "base.json", "--format", "json")
    data = json.loads(later.stdout)
    new = [f for d in data["documents"] for f in d["findings"]]
    assert [f["rule"] for f in new] == ["V901"]
    assert "Invoices will be paid promptly" in new[0]["text"]
    assert later.exit_code == 1
    assert data["summary"]["suppressed"] == total


def test_write_baseline_then_text_mentions_suppressed(run) -> None:
    assert run("contracts", "--write-baseline", "b.json").exit_code == 0
    result = run("contracts", "--baseline", "b.json")
    assert result.exit_code == 0
    assert "suppressed by the baseline" in result.stdout


def test_text_report_has_no_colour_when_not_a_terminal(run) -> None:
    out = run("contracts").stdout
    assert "\x1b[" not in out
    assert "quickpost-problems.txt" in out
    assert "V901" in out and "fix: Say exactly what and when." in out


def test_real_process_prints_nothing_but_the_report(contracts: Path, tmp_path: Path) -> None:
    """A subprocess with the real rules: stdout is the JSON report, stderr is empty."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "contractsmith",
            "check",
            str(contracts / "sponsorship-good.md"),
            "--format",
            "json",
            "--isolated",
            "--fail-on",
            "never",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert result.stderr == ""
    data = json.loads(result.stdout)
    Draft202012Validator(load_schema("report")).validate(data)
    assert data["documents"][0]["error"] is None, data["documents"][0]["error"]
    assert result.returncode == 0


def test_quiet_engine_clean_contract_exits_0(
    monkeypatch: pytest.MonkeyPatch, contracts: Path
) -> None:
    monkeypatch.setattr(check_module, "DEFAULT_ENGINE", QUIET_ENGINE)
    monkeypatch.chdir(contracts.parent)
    result = CliRunner().invoke(
        main,
        ["check", "contracts/sponsorship-good.md", "--select", "C00"],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.stdout


def test_github_format_gives_lines_computed_from_offsets(run) -> None:
    result = run("contracts/quickpost-problems.txt", "--format", "github", "--select", "V")
    line = result.stdout.splitlines()[0]
    assert line.startswith("::error file=contracts/quickpost-problems.txt,line=11,col=70,")
    assert "title=V901::Vague time" in line

"""Reports under attack: formula cells, terminal control sequences, CI inputs and hooks.

A contract, a file name or a CI input is hostile: it must not become a spreadsheet
formula, a terminal escape sequence, invalid XML or shell source.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from contractsmith.analyse.check import ClauseResult, DocumentReport, Report
from contractsmith.analyse.playbook import Playbook
from contractsmith.cli import main
from contractsmith.findings import Finding, Location, Severity
from contractsmith.ingest import read_document
from contractsmith.report.check_csv import COLUMNS, FORMULA_STARTS, render_csv
from contractsmith.report.check_text import render_text
from contractsmith.report.findings_writers import FileResult, render_findings
from contractsmith.report.html import render_html
from contractsmith.report.safe_text import printable
from tests.conftest import REPO_ROOT
from tests.report.helpers import simple_pdf

# ESC ] 0 ; title BEL sets the terminal title; RLO reverses what follows; CSI in C1.
HOSTILE = "fee \x1b]0;PWNED\x07 and \u202edaolnwod\u202c then \x9b31m red"
RAW = ("\x1b", "\x07", "\u202e", "\u202c", "\x9b")


def _report(path: str, text: str, **finding) -> Report:
    """A one-document report with one positioned finding built from ``finding``."""
    f = Finding(
        rule=finding.pop("rule", "V901"),
        severity=Severity.ERROR,
        message=finding.pop("message", "vague fee"),
        location=Location(page=1, paragraph=0, start=0, end=len(text)),
        text=finding.pop("quote", text),
        suggestion=finding.pop("suggestion", "Name the amount."),
        category=finding.pop("category", "compensation"),
        clause_id=finding.pop("clause_id", None),
    )
    doc = DocumentReport(
        path=path,
        format="pdf",
        clauses=[ClauseResult("compensation", True)],
        findings=[f],
        text=text,
    )
    book = Playbook(name="influencer", description="", version="1")
    return Report(documents=[doc], playbook=book)


def _assert_no_raw_controls(out: str) -> None:
    assert not [c for c in RAW if c in out], repr(out)


# ----------------------------------------------------------------- printable


def test_printable_escapes_c0_c1_bidi_and_xml_invalid_characters() -> None:
    assert printable("a\x1b]0;x\x07b") == "a\\x1b]0;x\\x07b"
    assert printable("\x9b\x7f\x00") == "\\x9b\\x7f\\x00"
    assert printable("\u202a\u202e\u2066\u2069") == "\\u202a\\u202e\\u2066\\u2069"
    assert printable("\udcff\ufffe") == "\\udcff\\ufffe"
    assert printable("a\tb\nc\rd") == "a\\tb\\nc\\rd"


def test_printable_keeps_safe_text_and_optionally_newlines() -> None:
    safe = "Zahlung binnen 30 Tagen — “fee” ¶3 € 中文 🙂 \\x1b"
    assert printable(safe) == safe
    assert printable("a\tb\nc\x1b", keep_newlines=True) == "a b\nc\\x1b"


# ----------------------------------------------------------------- CSV (case 11)


@pytest.mark.parametrize(
    "value",
    ["=1+2", "+1", "-1", "@SUM(A1)", "=HYPERLINK(1)", " =1", "\t=1", "\r-1", "\t1", "\n@1"],
)
def test_csv_neutralises_formula_starts_in_every_text_cell(value: str) -> None:
    report = _report(
        value + ".pdf",
        value,
        message=value,
        suggestion=value,
        category=value,
    )
    report.documents.append(DocumentReport(path=value + ".docx", error=value))
    rows = list(csv.reader(io.StringIO(render_csv(report))))
    assert tuple(rows[0]) == COLUMNS
    cells = [c for row in rows[1:] for c in row if c]
    dangerous = [
        c for c in cells if c.lstrip().startswith(FORMULA_STARTS) or c.startswith(("\t", "\r"))
    ]
    assert dangerous == []
    finding, error = (dict(zip(COLUMNS, row, strict=True)) for row in rows[1:])
    quoted = [finding[k] for k in ("path", "category", "message", "suggestion")]
    quoted += [error["path"], error["error"]]
    assert all(c.startswith("'") for c in quoted), quoted


def test_csv_keeps_ordinary_cells_and_is_deterministic() -> None:
    report = _report("contracts/a.pdf", "Company pays 5% on delivery.")
    out = render_csv(report)
    assert out == render_csv(report)
    row = next(csv.DictReader(io.StringIO(out)))
    assert row["path"] == "contracts/a.pdf" and row["page"] == "1" and row["start"] == "0"
    assert row["text"] == "Company pays 5% on delivery."


def test_csv_escapes_terminal_controls() -> None:
    _assert_no_raw_controls(render_csv(_report("x\x1b[2J.pdf", HOSTILE)))


# ----------------------------------------------------------------- terminal text (case 12)


def test_check_text_report_escapes_controls_from_contract_and_path() -> None:
    report = _report(
        "evil\x1b[2J\n.pdf", HOSTILE, message=HOSTILE, suggestion=HOSTILE, clause_id="c\x07"
    )
    for color in (False, True):
        out = render_text(report, color=color).replace("\x1b[0m", "")
        out = re.sub(r"\x1b\[[0-9;]*m", "", out)  # the report's own colours
        _assert_no_raw_controls(out)
    plain = render_text(report)
    assert "evil\\x1b[2J\\n.pdf\n" in plain
    assert "\\x1b]0;PWNED\\x07" in plain and "\\u202e" in plain


def test_check_text_escapes_an_unreadable_file_error() -> None:
    report = _report("a.pdf", "x")
    report.documents = [DocumentReport(path="b\x1b].pdf", error="bad \x07 byte")]
    out = render_text(report)
    _assert_no_raw_controls(out)
    assert "b\\x1b].pdf" in out and "bad \\x07 byte" in out


def test_pdf_glyphs_mapped_to_escape_codes_are_escaped(tmp_path: Path) -> None:
    pdf = tmp_path / "evil.pdf"
    pdf.write_bytes(simple_pdf(["Company will pay a fee to be agreed \x1b]0;PWNED\x07 now."]))
    text = read_document(pdf).text
    assert "\x1b]0;PWNED\x07" in text  # the reader keeps what the PDF says
    report = _report(str(pdf), text)
    for out in (render_text(report), render_html(report), render_csv(report)):
        _assert_no_raw_controls(out)
        assert "\\x1b]0;PWNED\\x07" in out


def _file_results() -> list[FileResult]:
    finding = Finding(
        rule="L010",
        severity=Severity.ERROR,
        message=HOSTILE,
        location=Location(file="c\x1b.md", line=2, column=1, pointer="/a\x07"),
        suggestion=HOSTILE,
    )
    return [
        FileResult(path="c\x1b[2J.md", findings=[finding]),
        FileResult(path="bad\n::error::forged.md", error="cannot read \x1b]0;x\x07"),
    ]


@pytest.mark.parametrize("fmt", ["text", "github", "junit"])
def test_findings_writers_escape_controls(fmt: str) -> None:
    out = render_findings(_file_results(), fmt, "lint")
    _assert_no_raw_controls(out)
    # A file name cannot forge a line (a workflow command, a report line) either.
    assert not re.search(r"^::error::forged", out, re.M)
    assert "forged" in out


def test_junit_with_controls_is_well_formed_xml() -> None:
    out = render_findings(_file_results(), "junit", "lint")
    suite = ET.fromstring(out).find("testsuite")
    assert suite is not None and suite.get("errors") == "1" and suite.get("failures") == "1"
    names = [case.get("name") for case in suite.iter("testcase")]
    assert names == ["c\\x1b[2J.md", "bad\\n::error::forged.md"]


def test_html_escapes_controls_in_text_and_attributes() -> None:
    out = render_html(_report("evil\x1b.pdf", HOSTILE, message=HOSTILE))
    _assert_no_raw_controls(out)
    titles = re.findall(r'title="([^"]*)"', out)
    assert titles and all("\\x1b]0;PWNED\\x07" in t for t in titles)


def test_cli_messages_escape_file_names(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["lint", "gone\x1b]0;PWNED\x07.docx"])
    assert result.exit_code == 2
    assert "gone\\x1b]0;PWNED\\x07.docx: no such file or folder" in result.stderr
    _assert_no_raw_controls(result.output)


def test_check_progress_bar_shows_a_file_name_that_looks_like_markup() -> None:
    from rich.console import Console

    from contractsmith.commands.check import progress_bar

    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=100)
    bar = progress_bar(console)
    bar.add_task(printable("a[/x]\x1b.pdf"), total=2, completed=1)
    console.print(bar.make_tasks_table(bar.tasks))
    assert "a[/x]\\x1b.pdf" in out.getvalue()


def test_validate_error_lines_escape_file_names(tmp_path: Path) -> None:
    spec = tmp_path / "bad\x1b]0;x\x07.yaml"
    spec.write_text("a: [\n", encoding="utf-8")
    out = tmp_path / "report.json"
    result = CliRunner().invoke(main, ["validate", str(spec), "-o", str(out)])
    assert result.exit_code == 2
    assert "bad\\x1b]0;x\\x07.yaml" in result.stderr
    _assert_no_raw_controls(result.stderr)


# ----------------------------------------------------------------- CI integration (case 22)


def _action() -> dict:
    return yaml.safe_load((REPO_ROOT / "action.yml").read_text(encoding="utf-8"))


def test_action_scripts_take_no_expressions() -> None:
    scripts = [step["run"] for step in _action()["runs"]["steps"] if "run" in step]
    assert scripts
    for script in scripts:
        assert "${{" not in script, script


def test_action_passes_every_input_through_env() -> None:
    steps = [s for s in _action()["runs"]["steps"] if "run" in s]
    env_values = " ".join(str(v) for s in steps for v in (s.get("env") or {}).values())
    for name in ("paths", "templates", "sarif", "fail-on"):
        assert f"${{{{ inputs.{name} }}}}" in env_values


def _lint_args(tmp_path: Path, **inputs: str) -> list[list[str]]:
    """The argument lists the action's lint step gives ``contractsmith`` for ``inputs``."""
    if shutil.which("bash") is None:
        pytest.skip("bash is not available")
    (step,) = [s for s in _action()["runs"]["steps"] if "lint" in s.get("run", "")]
    defaults = {k: str(v.get("default", "")) for k, v in _action()["inputs"].items()}
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    for key, value in step["env"].items():
        name = re.fullmatch(r"\$\{\{ inputs\.([\w-]+) \}\}", str(value))
        env[key] = inputs.get(name.group(1), defaults[name.group(1)]) if name else str(value)
    stub = "contractsmith() { printf '%s\\0' \"$@\"; printf '\\n'; }\n"
    proc = subprocess.run(
        ["bash", "-c", stub + step["run"]],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert proc.returncode == 0, proc.stderr
    return [line.split("\0")[:-1] for line in proc.stdout.splitlines()]


def test_action_keeps_paths_with_spaces_and_runs_no_input(tmp_path: Path) -> None:
    calls = _lint_args(
        tmp_path,
        paths="my clauses\n  other/lib  \n\n",
        templates="$(touch pwned1) ; touch pwned2 `touch pwned3` *",
        sarif="out dir/lint.sarif",
        **{"fail-on": "warning"},
    )
    assert not list(tmp_path.iterdir())  # nothing ran, nothing was globbed
    templates = [
        "--template=$(touch",
        "--template=pwned1)",
        "--template=;",
        "--template=touch",
        "--template=pwned2",
        "--template=`touch",
        "--template=pwned3`",
        "--template=*",
    ]
    assert calls == [
        [
            "lint",
            *templates,
            "--format",
            "sarif",
            "--output=out dir/lint.sarif",
            "--fail-on",
            "never",
            "--",
            "my clauses",
            "other/lib",
        ],
        ["lint", *templates, "--fail-on=warning", "--", "my clauses", "other/lib"],
    ]


def test_action_defaults_lint_the_clauses_folder(tmp_path: Path) -> None:
    calls = _lint_args(tmp_path)
    assert calls[-1] == ["lint", "--fail-on=error", "--", "clauses"]


def _hooks() -> dict[str, dict]:
    manifest = yaml.safe_load((REPO_ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    return {hook["id"]: hook for hook in manifest}


def test_template_hook_passes_the_changed_templates() -> None:
    hooks = _hooks()
    templates = [h for h in hooks.values() if re.search(h["files"], "templates/house.docx")]
    assert [h["id"] for h in templates] == ["contractsmith-lint-templates"]
    (hook,) = templates
    assert hook["entry"].split()[:2] == ["contractsmith", "lint"]
    assert hook["pass_filenames"] is True
    library = hooks["contractsmith-lint"]
    assert re.search(library["files"], "clauses/payment/net-terms.md")
    assert not re.search(library["files"], "templates/house.docx")


def test_lint_treats_docx_arguments_as_templates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "house.docx").write_bytes(b"not a zip")
    result = CliRunner().invoke(main, ["lint", "templates/house.docx", "--format", "json"])
    assert result.exit_code == 1, result.output
    import json

    files = json.loads(result.stdout)["files"]
    assert [f["path"] for f in files] == ["templates/house.docx"]
    assert [x["rule"] for x in files[0]["findings"]] == ["T006"]

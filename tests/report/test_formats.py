"""Text, CSV, JSON and SARIF reports of the checker."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator, validators

from contractsmith.analyse.model import CATEGORIES
from contractsmith.report.check_csv import COLUMNS, render_csv
from contractsmith.report.check_json import render_json
from contractsmith.report.check_sarif import line_col, render_sarif
from contractsmith.report.check_text import render_text
from contractsmith.resources import load_schema
from tests.report.helpers import sample_report

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.fixture
def report(contracts: Path, monkeypatch: pytest.MonkeyPatch):
    (contracts / "broken.docx").write_bytes(b"not a zip")
    monkeypatch.chdir(contracts.parent)
    return sample_report([Path("contracts")])


def test_json_validates_against_the_report_schema(report) -> None:
    data = json.loads(render_json(report))
    Draft202012Validator(load_schema("report")).validate(data)
    assert list(data) == ["tool", "documents", "summary"]
    broken = next(d for d in data["documents"] if d["path"].endswith("broken.docx"))
    assert broken["error"] and broken["clauses"] == [] and broken["findings"] == []
    good = next(d for d in data["documents"] if d["path"].endswith("sponsorship-good.md"))
    assert [c["category"] for c in good["clauses"]] == list(CATEGORIES)
    present = [c for c in good["clauses"] if c["present"]]
    assert present and all(c["evidence"] for c in present)
    ev = present[0]["evidence"][0]
    assert list(ev["location"]) == ["page", "paragraph", "start", "end"]
    assert data["summary"]["documents"] == 4 and data["summary"]["unreadable"] == 1


def test_json_schema_rejects_a_missing_category(report) -> None:
    data = json.loads(render_json(report))
    doc = next(d for d in data["documents"] if d["error"] is None)
    doc["clauses"].pop()
    assert list(Draft202012Validator(load_schema("report")).iter_errors(data))


def test_json_is_byte_identical_across_runs(report, contracts: Path) -> None:
    again = sample_report([Path("contracts")])
    assert render_json(report) == render_json(again)


def test_text_report_lists_clauses_findings_and_errors(report) -> None:
    text = render_text(report)
    assert "contracts/broken.docx\n  error   could not be checked:" in text
    assert "clauses present (" in text and "missing (playbook):" in text
    assert "V901  ¶5" in text
    assert "“Company will pay Influencer a fee to be agreed." in text
    assert text.rstrip().splitlines()[-1].startswith("4 contracts checked (playbook influencer)")
    assert "\x1b[" not in text
    assert "\x1b[31;1merror" in render_text(report, color=True)


def test_csv_has_one_row_per_finding_and_per_error(report) -> None:
    rows = list(csv.DictReader(io.StringIO(render_csv(report))))
    assert tuple(rows[0]) == COLUMNS
    findings = sum(len(d.findings) for d in report.documents)
    assert len(rows) == findings + 1
    error_rows = [r for r in rows if r["error"]]
    assert [r["path"] for r in error_rows] == ["contracts/broken.docx"]
    v = next(r for r in rows if r["rule"] == "V901")
    assert v["severity"] == "error" and int(v["end"]) > int(v["start"])


def test_csv_neutralises_formula_cells(report) -> None:
    doc = next(d for d in report.documents if d.findings)
    from dataclasses import replace

    doc.findings[0] = replace(doc.findings[0], text='=HYPERLINK("http://x")')
    out = render_csv(report)
    assert "'=HYPERLINK" in out


def test_line_col_counts_from_one() -> None:
    text = "ab\ncd\n\nef"
    assert line_col(text, 0) == (1, 1)
    assert line_col(text, 4) == (2, 2)
    assert line_col(text, 7) == (4, 1)


def test_sarif_validates_against_the_official_schema(report) -> None:
    log = json.loads(render_sarif(report))
    schema = json.loads((FIXTURES / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    validators.validator_for(schema)(schema).validate(log)
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    ids = [r["id"] for r in rules]
    assert ids == sorted(ids)
    c_rules = [r for r in rules if r["id"].startswith("C")]
    assert c_rules, "the sample portfolio lacks required clauses, so C rules must appear"
    from contractsmith.analyse.model import CATEGORIES

    for rule in c_rules:
        category = CATEGORIES[int(rule["id"][1:]) - 1]
        assert rule["shortDescription"]["text"].startswith("Required clause missing: ")
        assert rule["shortDescription"]["text"].endswith(category.replace("_", " ")) or (
            category in ("kpis", "ip_ownership", "ftc_disclosure")
        )
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert uri.startswith("contracts/")
    levels = {r["level"] for r in run["results"]}
    assert levels <= {"error", "warning", "note"} and "note" in levels
    notes = run["invocations"][0]["toolExecutionNotifications"]
    assert len(notes) == 1 and "broken.docx" in notes[0]["message"]["text"]


def test_sarif_region_points_at_the_flagged_words_in_the_file(report) -> None:
    log = json.loads(render_sarif(report))
    doc = next(d for d in report.documents if d.path.endswith("quickpost-problems.txt"))
    result = next(
        r
        for r in log["runs"][0]["results"]
        if r["ruleId"] == "V901"
        and r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith(
            "quickpost-problems.txt"
        )
    )
    region = result["locations"][0]["physicalLocation"]["region"]
    # A text contract's region is the file's own line and column, which code scanning
    # shows; offsets into the normalised text would point elsewhere, so there are none.
    assert "charOffset" not in region
    lines = Path(doc.path).read_text(encoding="utf-8").splitlines()
    assert lines[region["startLine"] - 1][region["startColumn"] - 1 :].startswith("promptly")
    missing = next(r for r in log["runs"][0]["results"] if r["ruleId"].startswith("C"))
    assert missing["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 1,
        "startColumn": 1,
    }

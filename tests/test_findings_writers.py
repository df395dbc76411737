"""The shared findings writers: every format is well-formed and SARIF validates."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import jsonschema
import pytest

from contractsmith.findings import Finding, Location, Severity, fails
from contractsmith.report.findings_writers import FileResult, RuleMeta, render_findings
from tests.conftest import FIXTURES

RESULTS = [
    FileResult(
        "specs/a.yaml",
        [
            Finding(
                "S101",
                Severity.ERROR,
                "draft due after posting starts",
                Location(
                    file="specs/a.yaml", line=12, column=5, pointer="/deliverables/0/draft_due"
                ),
                suggestion="Move the draft date before the posting window.",
            ),
            Finding("S200", Severity.WARNING, "odd, but legal: 50% & <more>", Location(line=3)),
        ],
    ),
    FileResult("specs/b.yaml", [], error="not valid YAML at line 3, column 1"),
    FileResult("specs/c.yaml", []),
]
META = {"S101": RuleMeta("S101", "dates-in-order", "Dates must be in order", "error", "help")}


def test_sarif_validates_against_official_schema() -> None:
    schema = json.loads((FIXTURES / "sarif-schema-2.1.0.json").read_text())
    log = json.loads(render_findings(RESULTS, "sarif", "validate", META))
    jsonschema.validate(log, schema)
    results = log["runs"][0]["results"]
    assert [r["ruleId"] for r in results] == ["S200", "S101"]
    assert results[1]["locations"][0]["physicalLocation"]["region"]["startLine"] == 12
    assert log["runs"][0]["invocations"][0]["executionSuccessful"] is False


def test_json_has_every_file_and_summary() -> None:
    doc = json.loads(render_findings(RESULTS, "json", "validate"))
    assert [f["path"] for f in doc["files"]] == ["specs/a.yaml", "specs/b.yaml", "specs/c.yaml"]
    assert [f["valid"] for f in doc["files"]] == [False, False, True]
    assert doc["summary"]["findings"] == {"error": 1, "warning": 1, "info": 0}
    assert doc["files"][0]["findings"][1]["location"]["pointer"] == "/deliverables/0/draft_due"


def test_junit_is_well_formed_xml_with_escaping() -> None:
    root = ET.fromstring(render_findings(RESULTS, "junit", "lint"))
    suite = root.find("testsuite")
    assert suite is not None and suite.get("failures") == "1" and suite.get("errors") == "1"
    assert "50% & <more>" in ET.tostring(root, encoding="unicode").replace("&amp;", "&").replace(
        "&lt;", "<"
    ).replace("&gt;", ">")


def test_github_commands_escape_properties() -> None:
    out = render_findings(RESULTS, "github", "lint").splitlines()
    assert out[0].startswith("::warning file=specs/a.yaml,line=3,title=S200::")
    assert out[1].startswith("::error file=specs/a.yaml,line=12,col=5,title=S101::")
    assert "%0A" not in out[1] and "Suggestion: Move" in out[1]


def test_text_reports_unreadable_files_and_counts() -> None:
    text = render_findings(RESULTS, "text", "validate")
    assert "specs/a.yaml:12:5: error S101 draft due after posting starts" in text
    assert "specs/b.yaml: error: not valid YAML" in text
    assert text.rstrip().endswith("1 file(s) could not be read")


def test_fail_on_threshold() -> None:
    findings = RESULTS[0].findings
    assert fails(findings, "error")
    assert fails([findings[1]], "warning")
    assert not fails([findings[1]], "error")
    with pytest.raises(ValueError):
        fails(findings, "fatal")


def test_unknown_format_is_an_error() -> None:
    with pytest.raises(ValueError):
        render_findings(RESULTS, "xml", "validate")


def test_json_report_matches_its_published_schema() -> None:
    from contractsmith.resources import load_schema

    doc = json.loads(render_findings(RESULTS, "json", "validate"))
    jsonschema.Draft202012Validator(load_schema("findings-report")).validate(doc)

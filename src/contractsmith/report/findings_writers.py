"""Report writers for flat lists of findings per file (validate and lint).

One set of writers serves every job that reports findings against text files: plain
text, JSON, SARIF 2.1.0 (GitHub code scanning), JUnit XML (CI test views) and GitHub
Actions workflow commands. The checker's document reports build on the same pieces.
The text, JUnit and GitHub writers pass every path, message and hint through
``printable``, so no control sequence from an input reaches a terminal or a CI log.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

from contractsmith import __version__
from contractsmith.findings import Finding, Severity, count_by_severity, sort_findings
from contractsmith.report.safe_text import printable

FORMATS = ("text", "json", "sarif", "junit", "github")

SARIF_SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/contractsmith/contractsmith"


@dataclass
class RuleMeta:
    """What a rule code means, for SARIF rule metadata and `contractsmith rules`."""

    code: str
    name: str
    summary: str
    severity: str = "error"
    help: str = ""


@dataclass
class FileResult:
    """The findings for one input file, or the one-line error that stopped reading it.

    ``error`` is the full one-line message (with its line and column in words, as the
    JSON report gives it); ``line``, ``column``, ``problem`` and ``hint`` say where and
    what it was, when known, for the ``path:line:col: error: problem`` text line.
    """

    path: str
    findings: list[Finding] = field(default_factory=list)
    error: str | None = None
    line: int | None = None
    column: int | None = None
    problem: str | None = None
    hint: str | None = None

    def error_lines(self) -> list[str]:
        """The error as text: ``path[:line[:col]]: error: problem`` and a hint line."""
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        lines = [f"{where}: error: {self.problem or self.error}"]
        if self.hint:
            lines.append(f"    hint: {self.hint}")
        return lines


def render_findings(
    results: Iterable[FileResult],
    fmt: str,
    tool_name: str,
    rules_meta: Mapping[str, RuleMeta] | None = None,
) -> str:
    """Render ``results`` in ``fmt`` (one of FORMATS) and return the text."""
    results = list(results)
    rules_meta = rules_meta or {}
    if fmt == "text":
        return to_text(results)
    if fmt == "json":
        return to_json(results, tool_name)
    if fmt == "sarif":
        return to_sarif(results, tool_name, rules_meta)
    if fmt == "junit":
        return to_junit(results, tool_name)
    if fmt == "github":
        return to_github(results)
    raise ValueError(f"unknown format {fmt!r} (use one of {', '.join(FORMATS)})")


def _file_findings(result: FileResult) -> list[Finding]:
    return sort_findings(result.findings)


def to_text(results: list[FileResult]) -> str:
    """``file:line:col: severity CODE message`` lines, a hint line each, and a summary."""
    lines: list[str] = []
    total: list[Finding] = []
    errors = 0
    for result in results:
        path = printable(result.path)
        if result.error:
            errors += 1
            lines.extend(printable(line) for line in result.error_lines())
            continue
        for f in _file_findings(result):
            total.append(f)
            loc = f.location
            where = path
            if loc.line is not None:
                where += f":{loc.line}"
                if loc.column is not None:
                    where += f":{loc.column}"
            pointer = f" [{printable(loc.pointer)}]" if loc.pointer else ""
            message = printable(f"{f.rule} {f.message}")
            lines.append(f"{where}: {f.severity.value} {message}{pointer}")
            if f.suggestion:
                lines.append(f"    hint: {printable(f.suggestion)}")
    counts = count_by_severity(total)
    checked = len(results)
    summary = (
        f"{checked} file{'s' if checked != 1 else ''} checked: "
        f"{counts['error']} error(s), {counts['warning']} warning(s), {counts['info']} info"
    )
    if errors:
        summary += f", {errors} file(s) could not be read"
    lines.append(summary)
    return "\n".join(lines) + "\n"


def to_json(results: list[FileResult], tool_name: str) -> str:
    """A stable JSON document: tool, files with findings, and a summary."""
    all_findings = [f for r in results for f in r.findings]
    doc = {
        "tool": {"name": "contractsmith", "command": tool_name, "version": __version__},
        "files": [
            {
                "path": r.path,
                "error": r.error,
                "valid": r.error is None
                and not any(f.severity is Severity.ERROR for f in r.findings),
                "findings": [f.to_dict() for f in _file_findings(r)],
            }
            for r in results
        ],
        "summary": {
            "files": len(results),
            "unreadable": sum(1 for r in results if r.error),
            "findings": count_by_severity(all_findings),
        },
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


_SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _artifact_uri(path: str) -> str:
    """A relative, forward-slash URI for paths under the current directory."""
    p = Path(path)
    try:
        p = p.resolve().relative_to(Path.cwd().resolve())
    except (ValueError, OSError):
        pass
    return p.as_posix()


def sarif_region(finding: Finding) -> dict | None:
    """The SARIF region of a finding, from its line/column or character offsets."""
    loc = finding.location
    region: dict = {}
    if loc.line is not None:
        region["startLine"] = max(1, loc.line)
        if loc.column is not None:
            region["startColumn"] = max(1, loc.column)
    if loc.start is not None and loc.start >= 0:
        region["charOffset"] = loc.start
        if loc.end is not None and loc.end >= loc.start:
            region["charLength"] = loc.end - loc.start
    if finding.text:
        region["snippet"] = {"text": finding.text}
    return region or None


def sarif_rule(meta: RuleMeta | None, code: str) -> dict:
    """A SARIF reportingDescriptor for ``code``."""
    if meta is None:
        return {"id": code}
    level = _SARIF_LEVEL.get(Severity.parse(meta.severity), "warning")
    rule = {
        "id": code,
        "name": meta.name,
        "shortDescription": {"text": meta.summary},
        "defaultConfiguration": {"level": level},
    }
    if meta.help:
        rule["fullDescription"] = {"text": meta.help}
        rule["help"] = {"text": meta.help}
    return rule


def sarif_result(finding: Finding, path: str, rule_index: int | None) -> dict:
    """A SARIF result for one finding in the file at ``path``."""
    message = finding.message
    if finding.suggestion:
        message += f" Suggestion: {finding.suggestion}"
    physical: dict = {"artifactLocation": {"uri": _artifact_uri(path)}}
    region = sarif_region(finding)
    if region:
        physical["region"] = region
    result: dict = {
        "ruleId": finding.rule,
        "level": _SARIF_LEVEL[finding.severity],
        "message": {"text": message},
        "locations": [{"physicalLocation": physical}],
    }
    if rule_index is not None:
        result["ruleIndex"] = rule_index
    if finding.location.pointer:
        result["locations"][0]["logicalLocations"] = [
            {"fullyQualifiedName": finding.location.pointer, "kind": "member"}
        ]
    return result


def sarif_log(
    results: list[FileResult], tool_name: str, rules_meta: Mapping[str, RuleMeta]
) -> dict:
    """A SARIF 2.1.0 log as a dict (one run)."""
    codes = sorted({f.rule for r in results for f in r.findings})
    index = {code: i for i, code in enumerate(codes)}
    sarif_results = [
        sarif_result(f, r.path, index.get(f.rule)) for r in results for f in _file_findings(r)
    ]
    notifications = [
        {
            "level": "error",
            "message": {"text": f"{r.path}: {r.error}"},
            "locations": [
                {"physicalLocation": {"artifactLocation": {"uri": _artifact_uri(r.path)}}}
            ],
        }
        for r in results
        if r.error
    ]
    invocation: dict = {"executionSuccessful": not notifications}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    return {
        "$schema": SARIF_SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "contractsmith",
                        "fullName": f"contractsmith {tool_name}",
                        "version": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": [sarif_rule(rules_meta.get(c), c) for c in codes],
                    }
                },
                "invocations": [invocation],
                "results": sarif_results,
            }
        ],
    }


def to_sarif(results: list[FileResult], tool_name: str, rules_meta: Mapping[str, RuleMeta]) -> str:
    return (
        json.dumps(sarif_log(results, tool_name, rules_meta), indent=2, ensure_ascii=False) + "\n"
    )


def to_junit(results: list[FileResult], tool_name: str) -> str:
    """JUnit XML: one testcase per file; a failure element per error/warning finding."""
    cases: list[str] = []
    failures = 0
    errors = 0
    for r in results:
        name = _xml_attr(r.path)
        if r.error:
            errors += 1
            cases.append(
                f"  <testcase classname={quoteattr('contractsmith.' + tool_name)} name={name}>"
                f"<error message={_xml_attr(r.error)}/></testcase>"
            )
            continue
        bad = [f for f in _file_findings(r) if f.severity is not Severity.INFO]
        if not bad:
            cases.append(
                f"  <testcase classname={quoteattr('contractsmith.' + tool_name)} name={name}/>"
            )
            continue
        failures += 1
        body = "\n".join(
            printable(f"{f.location.describe()}: {f.severity.value} {f.rule} {f.message}")
            for f in bad
        )
        first = bad[0]
        cases.append(
            f"  <testcase classname={quoteattr('contractsmith.' + tool_name)} name={name}>"
            f"<failure message={_xml_attr(f'{first.rule} {first.message}')} "
            f"type={quoteattr(first.severity.value)}>{xml_escape(body)}</failure></testcase>"
        )
    head = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f"<testsuites><testsuite name={quoteattr('contractsmith ' + tool_name)} "
        f'tests="{len(results)}" failures="{failures}" errors="{errors}">'
    )
    return head + "\n" + "\n".join(cases) + "\n</testsuite></testsuites>\n"


def _xml_attr(value: str) -> str:
    """A quoted XML attribute; characters XML 1.0 cannot hold are shown as escapes."""
    return quoteattr(printable(value))


def _gh_escape(value: str, *, prop: bool = False) -> str:
    """A workflow-command value: controls shown as escapes, then GitHub's % encoding."""
    value = printable(value, keep_newlines=not prop)
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def to_github(results: list[FileResult]) -> str:
    """GitHub Actions workflow commands (``::error file=…,line=…::message``)."""
    kinds = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
    out: list[str] = []
    for r in results:
        if r.error:
            out.append(f"::error file={_gh_escape(r.path, prop=True)}::{_gh_escape(r.error)}")
            continue
        for f in _file_findings(r):
            props = [f"file={_gh_escape(r.path, prop=True)}"]
            if f.location.line is not None:
                props.append(f"line={f.location.line}")
                if f.location.column is not None:
                    props.append(f"col={f.location.column}")
            props.append(f"title={_gh_escape(f.rule, prop=True)}")
            msg = f.message + (f" Suggestion: {f.suggestion}" if f.suggestion else "")
            out.append(f"::{kinds[f.severity]} {','.join(props)}::{_gh_escape(msg)}")
    return "\n".join(out) + ("\n" if out else "")

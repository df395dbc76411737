"""The checker's SARIF 2.1.0 log, for GitHub code scanning and other SARIF viewers.

Built on the shared SARIF pieces in ``findings_writers``: rule metadata comes from the
rule registry plus the playbook's C codes; each result's region gives the line and
column computed from the finding's offsets in the document's text, and its
``charOffset``/``charLength``; for TXT and Markdown contracts the line and column are
the file's own (see ``ingest.source_map``). Document-level findings (missing clauses) point at the
first line. Files that could not be read become tool execution notifications.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from contractsmith.analyse.check import DocumentReport, Report
from contractsmith.baseline import fingerprint
from contractsmith.findings import Finding
from contractsmith.report.findings_writers import (
    FileResult,
    RuleMeta,
    sarif_log,
    sarif_rule,
)
from contractsmith.report.rule_meta import all_rules_meta


class LineIndex:
    """Maps character offsets of one text to 1-based (line, column) pairs."""

    def __init__(self, text: str) -> None:
        self.length = len(text)
        self.starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]

    def line_col(self, offset: int) -> tuple[int, int]:
        offset = max(0, min(offset, self.length))
        line = bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of character ``offset`` in ``text``."""
    return LineIndex(text).line_col(offset)


def with_line_numbers(doc: DocumentReport) -> list[Finding]:
    """The document's findings with ``line``/``column`` filled from their offsets."""
    lines = LineIndex(doc.text)
    out = []
    for f in doc.findings:
        if f.location.line is not None or f.location.start is None or f.location.start < 0:
            out.append(f)  # TXT/MD findings already carry the file's own line
            continue
        line, column = lines.line_col(f.location.start)
        out.append(replace(f, location=replace(f.location, line=line, column=column)))
    return out


def region(doc: DocumentReport, finding: Finding, index: LineIndex | None = None) -> dict:
    """The SARIF region of ``finding`` in ``doc``."""
    loc = finding.location
    if loc.start is None or loc.start < 0:
        return {"startLine": 1, "startColumn": 1}
    if loc.line is not None:
        # A TXT/MD contract: the line and column in the file itself. Character offsets
        # into the normalised text would point elsewhere in the file, so they are left out.
        out: dict = {"startLine": loc.line, "startColumn": loc.column or 1}
        if finding.text:
            out["snippet"] = {"text": finding.text}
        return out
    index = index or LineIndex(doc.text)
    end = loc.end if loc.end is not None and loc.end >= loc.start else loc.start
    start_line, start_col = index.line_col(loc.start)
    end_line, end_col = index.line_col(end)
    out = {
        "startLine": start_line,
        "startColumn": start_col,
        "endLine": end_line,
        "endColumn": end_col,
        "charOffset": loc.start,
        "charLength": end - loc.start,
    }
    if finding.text:
        out["snippet"] = {"text": finding.text}
    return out


def sarif_dict(report: Report, rules_meta: Mapping[str, RuleMeta] | None = None) -> dict:
    """The SARIF log as a dict."""
    meta = dict(rules_meta) if rules_meta is not None else all_rules_meta()
    results = [
        FileResult(path=d.path, findings=d.findings, error=d.error) for d in report.documents
    ]
    log = sarif_log(results, "check", meta)
    run = log["runs"][0]
    codes = [r["id"] for r in run["tool"]["driver"]["rules"]]
    index = {code: i for i, code in enumerate(codes)}
    cwd = Path.cwd()
    sarif_results: list[dict] = []
    for doc in report.documents:
        if doc.error is not None:
            continue
        lines = LineIndex(doc.text)
        uri = run_uri(doc.path)
        for f in doc.findings:
            message = f.message + (f" Suggestion: {f.suggestion}" if f.suggestion else "")
            physical = {
                "artifactLocation": {"uri": uri},
                "region": region(doc, f, lines),
            }
            result = {
                "ruleId": f.rule,
                "ruleIndex": index[f.rule],
                "level": {"error": "error", "warning": "warning", "info": "note"}[f.severity.value],
                "message": {"text": message},
                "locations": [{"physicalLocation": physical}],
                "partialFingerprints": {"contractsmith/v1": fingerprint(doc.path, f, cwd)},
            }
            if f.category:
                result["properties"] = {"category": f.category}
            sarif_results.append(result)
    run["results"] = sarif_results
    run["tool"]["driver"]["rules"] = [sarif_rule(meta.get(c), c) for c in codes]
    run["columnKind"] = "unicodeCodePoints"
    return log


def run_uri(path: str) -> str:
    """Artifact URI: relative to the current directory when the file is under it."""
    p = Path(path)
    try:
        return p.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except (ValueError, OSError):
        return p.resolve().as_uri()


def render_sarif(report: Report, rules_meta: Mapping[str, RuleMeta] | None = None) -> str:
    return json.dumps(sarif_dict(report, rules_meta), indent=2, ensure_ascii=False) + "\n"

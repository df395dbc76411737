"""The checker's JSON report (``check --format json``), shape fixed by report.schema.json.

``{"tool": {...}, "documents": [{"path", "error", "clauses", "findings"}], "summary": {...}}``.
Every document that could be read lists all 27 categories in ``clauses``; a document
that could not be read has ``clauses: []`` and ``findings: []``. Keys come out in a fixed
order, so the same input gives the same bytes.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from contractsmith import __version__
from contractsmith.analyse.check import ClauseResult, DocumentReport, Report
from contractsmith.findings import Finding, count_by_severity
from contractsmith.rules.engine import RULES_VERSION


def finding_dict(finding: Finding) -> dict[str, Any]:
    """One finding in the report's shape."""
    loc = finding.location
    return {
        "rule": finding.rule,
        "severity": finding.severity.value,
        "category": finding.category,
        "message": finding.message,
        "text": finding.text,
        "suggestion": finding.suggestion,
        "location": {
            "page": loc.page,
            "paragraph": loc.paragraph,
            "start": loc.start,
            "end": loc.end,
        },
    }


def clause_dict(clause: ClauseResult) -> dict[str, Any]:
    return {
        "category": clause.category,
        "present": clause.present,
        "evidence": [e.to_dict() for e in clause.evidence],
    }


def document_dict(doc: DocumentReport) -> dict[str, Any]:
    if doc.error is not None:
        return {"path": doc.path, "error": doc.error, "clauses": [], "findings": []}
    return {
        "path": doc.path,
        "error": None,
        "clauses": [clause_dict(c) for c in doc.clauses],
        "findings": [finding_dict(f) for f in doc.findings],
    }


def summary_dict(report: Report) -> dict[str, Any]:
    """Totals over the run."""
    missing = Counter(cat for d in report.documents for cat in d.missing)
    rules = Counter(f.rule for f in report.findings)
    return {
        "documents": len(report.documents),
        "unreadable": report.unreadable,
        "findings": count_by_severity(report.findings),
        "suppressed": report.suppressed,
        "missing_clauses": dict(sorted(missing.items())),
        "rules": dict(sorted(rules.items())),
    }


def report_dict(report: Report) -> dict[str, Any]:
    """The whole report as plain data."""
    return {
        "tool": {
            "name": "contractsmith",
            "command": "check",
            "version": __version__,
            "rules_version": RULES_VERSION,
            "playbook": report.playbook.to_dict(),
            "select": report.select,
            "ignore": report.ignore,
        },
        "documents": [document_dict(d) for d in report.documents],
        "summary": summary_dict(report),
    }


def render_json(report: Report) -> str:
    return json.dumps(report_dict(report), indent=2, ensure_ascii=False) + "\n"

"""The checker's CSV report: one row per finding, plus one row per unreadable file.

A portfolio export for spreadsheets. Columns are fixed (see ``COLUMNS``); an error row
has the ``error`` column filled and the finding columns empty.
"""

from __future__ import annotations

import csv
import io

from contractsmith.analyse.check import Report

COLUMNS = (
    "path",
    "rule",
    "severity",
    "category",
    "message",
    "text",
    "suggestion",
    "page",
    "paragraph",
    "start",
    "end",
    "error",
)


def _cell(value: object) -> str:
    if value is None:
        return ""
    text = str(value)
    # Keep spreadsheets from evaluating quoted contract text as a formula.
    if text[:1] in ("=", "+", "-", "@") and not text[1:2].isdigit():
        text = "'" + text
    return text


def render_csv(report: Report) -> str:
    """The CSV text (RFC 4180, ``\\r\\n`` line ends, header row first)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for doc in report.documents:
        if doc.error is not None:
            writer.writerow([_cell(doc.path)] + [""] * (len(COLUMNS) - 2) + [_cell(doc.error)])
            continue
        for f in doc.findings:
            loc = f.location
            writer.writerow(
                [
                    _cell(doc.path),
                    f.rule,
                    f.severity.value,
                    _cell(f.category),
                    _cell(f.message),
                    _cell(" ".join(f.text.split()) if f.text else None),
                    _cell(f.suggestion),
                    _cell(loc.page),
                    _cell(loc.paragraph),
                    _cell(loc.start),
                    _cell(loc.end),
                    "",
                ]
            )
    return buf.getvalue()

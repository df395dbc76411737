"""The checker's CSV report: one row per finding, plus one row per unreadable file.

A portfolio export for spreadsheets. Columns are fixed (see ``COLUMNS``); an error row
has the ``error`` column filled and the finding columns empty. Every cell goes through
``cell``, so no value from a contract or a file name can act as a spreadsheet formula
or as a terminal control sequence.
"""

from __future__ import annotations

import csv
import io

from contractsmith.analyse.check import Report
from contractsmith.report.safe_text import printable

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


# OWASP "CSV injection": a cell starting with one of these (after any leading
# whitespace, for = + - @) is evaluated as a formula by Excel, LibreOffice or Sheets.
FORMULA_STARTS = ("=", "+", "-", "@")
_RAW_STARTS = ("\t", "\r")


def cell(value: object) -> str:
    """One CSV cell: control characters escaped and a would-be formula quoted with ``'``."""
    if value is None:
        return ""
    raw = str(value)
    text = printable(raw, keep_newlines=True)
    if raw.startswith(_RAW_STARTS) or text.lstrip().startswith(FORMULA_STARTS):
        text = "'" + text
    return text


def _row(values: list[object]) -> list[str]:
    return [cell(v) for v in values]


def render_csv(report: Report) -> str:
    """The CSV text (RFC 4180, ``\\r\\n`` line ends, header row first)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(_row(list(COLUMNS)))
    for doc in report.documents:
        if doc.error is not None:
            writer.writerow(_row([doc.path, *[None] * (len(COLUMNS) - 2), doc.error]))
            continue
        for f in doc.findings:
            loc = f.location
            writer.writerow(
                _row(
                    [
                        doc.path,
                        f.rule,
                        f.severity.value,
                        f.category,
                        f.message,
                        " ".join(f.text.split()) if f.text else None,
                        f.suggestion,
                        loc.page,
                        loc.paragraph,
                        loc.start,
                        loc.end,
                        None,
                    ]
                )
            )
    return buf.getvalue()

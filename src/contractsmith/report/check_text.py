"""The checker's text report (the default): per contract, its clauses and its findings.

For each document: which categories are present, which the playbook misses, then each
finding with its place (page, paragraph), the quoted text and the suggested wording.
Colour (ANSI) only when asked for, which the command does on a terminal. Every value
taken from a contract, a file name or a playbook goes through ``printable`` first.
"""

from __future__ import annotations

import textwrap

from contractsmith.analyse.check import DocumentReport, Report
from contractsmith.analyse.playbook import category_label
from contractsmith.findings import Finding, Location, count_by_severity
from contractsmith.report.safe_text import printable

_COLOURS = {"error": "31;1", "warning": "33;1", "info": "36", "path": "1", "dim": "2"}
QUOTE_LIMIT = 200


def _paint(text: str, style: str, color: bool) -> str:
    return f"\x1b[{_COLOURS[style]}m{text}\x1b[0m" if color else text


def where(location: Location) -> str:
    """``p.2 ¶14`` (``¶14 l.52`` in a text file) for a positioned finding, else ``document``."""
    parts = []
    if location.page is not None:
        parts.append(f"p.{location.page}")
    if location.paragraph is not None:
        parts.append(f"¶{location.paragraph}")
    if location.line is not None:
        parts.append(f"l.{location.line}")
    if not parts and location.start is not None:
        parts.append(f"@{location.start}")
    return " ".join(parts) or "document"


def _quote(text: str) -> str:
    flat = printable(" ".join(text.split()))
    if len(flat) > QUOTE_LIMIT:
        flat = flat[: QUOTE_LIMIT - 1].rstrip() + "…"
    return f"“{flat}”"


def _wrap(label: str, text: str, indent: int) -> list[str]:
    pad = " " * indent
    return textwrap.wrap(
        f"{label}{text}",
        width=100,
        initial_indent=pad,
        subsequent_indent=pad + " " * len(label),
        break_on_hyphens=False,
    )


def _finding_lines(f: Finding, color: bool) -> list[str]:
    sev = _paint(f"{f.severity.value:<7}", f.severity.value, color)
    rule = printable(f.rule)
    lines = [f"  {sev} {rule:<5} {where(f.location):<12} {printable(f.message)}"]
    if f.text:
        lines.extend(_wrap("", _quote(f.text), 24))
    if f.suggestion:
        lines.extend(_wrap("fix: ", printable(f.suggestion), 24))
    if f.clause_id and f.clause_id not in (f.suggestion or ""):
        lines.extend(_wrap("clause: ", printable(f.clause_id), 24))
    return lines


def document_lines(doc: DocumentReport, color: bool = False) -> list[str]:
    """The lines for one document."""
    head = _paint(printable(doc.path), "path", color)
    if doc.error is not None:
        error = printable(doc.error)
        return [head, f"  {_paint('error', 'error', color)}   could not be checked: {error}"]
    present = [printable(c.category) for c in doc.clauses if c.present]
    lines = [head]
    lines.extend(
        _wrap(
            f"clauses present ({len(present)}/{len(doc.clauses)}): ",
            ", ".join(present) or "none",
            2,
        )
    )
    if doc.missing:
        missing = ", ".join(printable(category_label(c)) for c in doc.missing)
        lines.extend(_wrap("missing (playbook): ", missing, 2))
    if doc.findings:
        for f in doc.findings:
            lines.extend(_finding_lines(f, color))
    else:
        lines.append("  no findings")
    if doc.suppressed:
        lines.append(
            _paint(f"  ({doc.suppressed} finding(s) suppressed by the baseline)", "dim", color)
        )
    return lines


def render_text(report: Report, color: bool = False) -> str:
    """The whole text report, ending with a one-line summary."""
    lines: list[str] = []
    for doc in report.documents:
        lines.extend(document_lines(doc, color))
        lines.append("")
    lines.append(summary_line(report))
    return "\n".join(lines) + "\n"


def summary_line(report: Report) -> str:
    """One line: how many contracts were checked and how many findings of each severity."""
    counts = count_by_severity(report.findings)
    n = len(report.documents)
    summary = (
        f"{n} contract{'s' if n != 1 else ''} checked (playbook {printable(report.playbook.name)}): "
        f"{counts['error']} error(s), {counts['warning']} warning(s), {counts['info']} info"
    )
    if report.unreadable:
        summary += f", {report.unreadable} could not be read"
    if report.suppressed:
        summary += f", {report.suppressed} suppressed by the baseline"
    return summary

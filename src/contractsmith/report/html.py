"""The checker's HTML report: one self-contained page per run (inline CSS, no scripts).

The page opens with a portfolio table (file, missing clauses, findings by severity),
then gives each contract a section: its clause coverage, the list of findings, and the
contract's text with every finding highlighted (``<mark>`` whose title is the message).
Everything taken from a contract or a finding is escaped, in text and in attributes:
HTML-escaped, with control and bidi-override characters shown as ``\x1b``-style escapes.
"""

from __future__ import annotations

from html import escape

from contractsmith import __version__
from contractsmith.analyse.check import DocumentReport, Report
from contractsmith.analyse.playbook import category_label
from contractsmith.findings import Finding, Severity, count_by_severity
from contractsmith.report.check_text import where
from contractsmith.report.safe_text import printable

_RANK = {"info": 0, "warning": 1, "error": 2}

CSS = """
:root{--ink:#1f2933;--muted:#616e7c;--line:#d9e2ec;--bg:#f5f7fa;--card:#fff;
--err:#c62828;--err-bg:#fde8e8;--warn:#b26a00;--warn-bg:#fff3cd;--info:#1565c0;--info-bg:#e3f0fc;
--ok:#2e7d32;--ok-bg:#e6f4ea}
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 -apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;
color:var(--ink);background:var(--bg)}
header.top{background:#102a43;color:#fff;padding:22px 40px}
header.top h1{margin:0;font-size:22px;font-weight:600}
header.top p{margin:4px 0 0;color:#bcccdc;font-size:13px}
main{max-width:1180px;margin:0 auto;padding:24px 40px 60px}
.card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:20px 24px;
margin:0 0 24px;box-shadow:0 1px 2px rgba(16,42,67,.06)}
h2{font-size:18px;margin:0 0 12px}
h3{font-size:14px;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);margin:20px 0 8px}
table{border-collapse:collapse;width:100%;font-size:14px}
th,td{text-align:left;padding:8px 10px;border-bottom:1px solid var(--line);vertical-align:top}
th{background:#f0f4f8;font-weight:600;color:#334e68}
td.num{text-align:right;font-variant-numeric:tabular-nums;width:80px}
a{color:#0b5cad;text-decoration:none}
a:hover{text-decoration:underline}
.stats{display:flex;gap:12px;flex-wrap:wrap;margin:0 0 20px}
.stat{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:12px 18px;
min-width:130px}
.stat b{display:block;font-size:24px}
.stat span{color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.04em}
.sev{display:inline-block;border-radius:10px;padding:1px 9px;font-size:12px;font-weight:600}
.sev-error{background:var(--err-bg);color:var(--err)}
.sev-warning{background:var(--warn-bg);color:var(--warn)}
.sev-info{background:var(--info-bg);color:var(--info)}
.sev-ok{background:var(--ok-bg);color:var(--ok)}
.chips{display:flex;flex-wrap:wrap;gap:6px}
.chip{font-size:12px;border-radius:12px;padding:2px 10px;border:1px solid var(--line);color:var(--muted)}
.chip.present{background:var(--ok-bg);border-color:#a8d5b5;color:var(--ok)}
.chip.missing{background:var(--err-bg);border-color:#f5b5b5;color:var(--err);font-weight:600}
.findings th:nth-child(1){width:92px}.findings th:nth-child(2){width:64px}
.findings th:nth-child(3){width:96px}
.quote{display:block;margin-top:4px;color:#334e68;font-style:italic}
.fix{display:block;margin-top:4px;color:var(--ok)}
.why{display:block;margin-top:4px;color:var(--muted);font-size:13px}
.code{font-family:SFMono-Regular,Consolas,"Liberation Mono",monospace;font-size:13px}
.doc-text{white-space:pre-wrap;font-family:Georgia,"Times New Roman",serif;font-size:14.5px;
line-height:1.65;background:#fcfcfd;border:1px solid var(--line);border-radius:6px;padding:18px 22px;
max-height:900px;overflow:auto}
mark{border-radius:2px;padding:0 1px}
mark.sev-error{background:#f9c6c6;border-bottom:2px solid var(--err)}
mark.sev-warning{background:#ffe69c;border-bottom:2px solid var(--warn)}
mark.sev-info{background:#cfe3fa;border-bottom:2px solid var(--info)}
.error-row{color:var(--err)}
footer{color:var(--muted);font-size:12px;text-align:center;margin-top:30px}
"""


def _e(value: object) -> str:
    """``value`` as HTML text or attribute content."""
    return escape(printable("" if value is None else str(value), keep_newlines=True), quote=True)


def _sev_badge(severity: str, count: int | None = None) -> str:
    label = severity if count is None else str(count)
    return f'<span class="sev sev-{_e(severity)}">{_e(label)}</span>'


def _count_cell(severity: str, count: int) -> str:
    return f'<td class="num">{_sev_badge(severity, count) if count else "0"}</td>'


def _portfolio(report: Report) -> str:
    rows = []
    for i, doc in enumerate(report.documents, start=1):
        link = f'<a href="#doc-{i}">{_e(doc.path)}</a>'
        if doc.error is not None:
            rows.append(
                f'<tr class="error-row"><td>{link}</td><td colspan="4">could not be read: '
                f"{_e(doc.error)}</td></tr>"
            )
            continue
        counts = count_by_severity(doc.findings)
        missing = ", ".join(_e(category_label(c)) for c in doc.missing) or "none"
        rows.append(
            f"<tr><td>{link}</td><td>{missing}</td>"
            + "".join(_count_cell(s, counts[s]) for s in ("error", "warning", "info"))
            + "</tr>"
        )
    return (
        '<section class="card"><h2>Portfolio</h2><table class="portfolio"><thead><tr>'
        "<th>File</th><th>Missing clauses</th><th>Errors</th><th>Warnings</th><th>Info</th>"
        "</tr></thead><tbody>" + "".join(rows) + "</tbody></table></section>"
    )


def _stats(report: Report) -> str:
    counts = count_by_severity(report.findings)
    items = [
        (len(report.documents), "contracts"),
        (counts["error"], "errors"),
        (counts["warning"], "warnings"),
        (counts["info"], "info"),
    ]
    if report.unreadable:
        items.append((report.unreadable, "unreadable"))
    if report.suppressed:
        items.append((report.suppressed, "suppressed"))
    return (
        '<div class="stats">'
        + "".join(
            f'<div class="stat"><b>{n}</b><span>{_e(label)}</span></div>' for n, label in items
        )
        + "</div>"
    )


def _positioned(f: Finding, text_len: int) -> bool:
    loc = f.location
    return loc.start is not None and loc.end is not None and 0 <= loc.start < loc.end <= text_len


def highlight(text: str, findings: list[Finding], anchor_prefix: str) -> str:
    """``text`` escaped, with each positioned finding wrapped in ``<mark>``.

    Overlapping findings are split into segments; a segment's mark takes the highest
    severity of the findings covering it and lists all their messages in its title.
    The first segment of finding ``k`` carries the id ``{anchor_prefix}-f{k}``.
    """
    spans = [
        (k, f.location.start, f.location.end, f)
        for k, f in enumerate(findings, start=1)
        if _positioned(f, len(text)) and f.location.start is not None and f.location.end is not None
    ]
    cuts = sorted({0, len(text)} | {p for _, start, end, _ in spans for p in (start, end)})
    out: list[str] = []
    opened: set[int] = set()
    for a, b in zip(cuts, cuts[1:], strict=False):
        piece = _e(text[a:b])
        covering = [(k, f) for k, start, end, f in spans if start <= a and b <= end]
        if not covering:
            out.append(piece)
            continue
        top = max(covering, key=lambda kf: _RANK[kf[1].severity.value])[1].severity.value
        title = " | ".join(f"{f.rule}: {f.message}" for _, f in covering)
        ids = [k for k, _ in covering if k not in opened]
        opened.update(ids)
        anchors = "".join(f'<span id="{anchor_prefix}-f{k}"></span>' for k in ids)
        if not text[a:b].strip():  # paragraph breaks inside a long finding stay unmarked
            out.append(anchors + piece)
            continue
        out.append(f'{anchors}<mark class="sev-{top}" title="{_e(title)}">{piece}</mark>')
    return "".join(out)


def _findings_table(doc: DocumentReport, prefix: str) -> str:
    if not doc.findings:
        return '<p><span class="sev sev-ok">no findings</span></p>'
    rows = []
    for k, f in enumerate(doc.findings, start=1):
        place = _e(where(f.location))
        if _positioned(f, len(doc.text)):
            place = f'<a href="#{prefix}-f{k}">{place}</a>'
        detail = _e(f.message)
        if f.text:
            detail += f'<span class="quote">“{_e(" ".join(f.text.split()))}”</span>'
        if f.why:
            detail += f'<span class="why">{_e(f.why)}</span>'
        if f.suggestion:
            detail += f'<span class="fix">Suggestion: {_e(f.suggestion)}</span>'
        if f.clause_id and f.clause_id not in (f.suggestion or ""):
            detail += f'<span class="why">Library clause: <code>{_e(f.clause_id)}</code></span>'
        rows.append(
            f'<tr><td>{_sev_badge(f.severity.value)}</td><td class="code">{_e(f.rule)}</td>'
            f'<td>{place}</td><td class="msg">{detail}</td></tr>'
        )
    return (
        '<table class="findings"><thead><tr><th>Severity</th><th>Rule</th><th>Where</th>'
        "<th>Finding</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
    )


def _clause_chips(doc: DocumentReport) -> str:
    missing = set(doc.missing)
    chips = []
    for c in doc.clauses:
        if c.present:
            cls, mark = "present", "✓ "
        elif c.category in missing:
            cls, mark = "missing", "✗ "
        else:
            cls, mark = "absent", ""
        chips.append(f'<span class="chip {cls}">{mark}{_e(category_label(c.category))}</span>')
    return '<div class="chips">' + "".join(chips) + "</div>"


def _document(doc: DocumentReport, i: int) -> str:
    prefix = f"doc-{i}"
    head = f'<section class="card" id="{prefix}"><h2>{_e(doc.path)}</h2>'
    if doc.error is not None:
        return head + f'<p class="error-row">Could not be read: {_e(doc.error)}</p></section>'
    counts = count_by_severity(doc.findings)
    badges = " ".join(
        _sev_badge(s.value, counts[s.value]) + f" {s.value}"
        for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)
    )
    parts = [head, f"<p>{badges}"]
    if doc.suppressed:
        parts.append(f" · {doc.suppressed} suppressed by the baseline")
    parts.append("</p><h3>Clauses</h3>")
    parts.append(_clause_chips(doc))
    parts.append("<h3>Findings</h3>")
    parts.append(_findings_table(doc, prefix))
    parts.append("<h3>Contract text</h3>")
    parts.append(f'<div class="doc-text">{highlight(doc.text, doc.findings, prefix)}</div>')
    parts.append("</section>")
    return "".join(parts)


def render_html(report: Report) -> str:
    """The whole page."""
    book = report.playbook
    title = "contractsmith check report"
    body = [
        '<header class="top">',
        f"<h1>{_e(title)}</h1>",
        f"<p>Playbook {_e(book.name)} {_e(book.version)} · contractsmith {_e(__version__)}</p>",
        "</header><main>",
        _stats(report),
        _portfolio(report),
    ]
    body.extend(_document(doc, i) for i, doc in enumerate(report.documents, start=1))
    body.append("<footer>Findings are reminders for a reviewer, not legal advice.</footer></main>")
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(title)}</title><style>{CSS}</style></head><body>"
        + "".join(body)
        + "</body></html>\n"
    )

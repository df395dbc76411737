"""The review as one self-contained HTML page: inline CSS and SVG, no scripts, no fetches.

It shows each party's obligations with status, evidence and clause, the money, the
upcoming deadlines and two charts drawn as inline SVG: KPI attainment against target,
and a campaign timeline (each posting window as a bar, the actual post as a dot, each
payment's due date as a diamond). Everything from the spec or the log is escaped, in
text and attributes, as in the check report.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from html import escape

from contractsmith import __version__
from contractsmith.report.html import CSS as CHECK_CSS
from contractsmith.report.safe_text import printable
from contractsmith.review.money import money
from contractsmith.review.outcome import Outcome, Review
from contractsmith.review.scorecard import status_text

_BADGE = {"met": "sev-ok", "late": "sev-warning", "missed": "sev-error",
          "at_risk": "sev-warning", "not_yet_due": "sev-info"}  # fmt: skip
_COLOUR = {"met": "#2e7d32", "late": "#b26a00", "missed": "#c62828", "at_risk": "#b26a00",
           "not_yet_due": "#1565c0"}  # fmt: skip
CSS = CHECK_CSS + "svg text{font:12px sans-serif;fill:#334e68}\n"
_WIDTH, _LABEL, _ROW = 900, 230, 24


def _e(value: object) -> str:
    """``value`` as HTML text or attribute content."""
    return escape(printable("" if value is None else str(value), keep_newlines=True), quote=True)


def _short(text: str, limit: int = 34) -> str:
    """``text`` cut to ``limit`` characters for a chart label (the full text is its title)."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _badge(o: Outcome) -> str:
    return f'<span class="sev {_BADGE[o.status]}">{_e(status_text(o.status, o.late_by))}</span>'


def kpi_chart(review: Review) -> str:
    """Horizontal bars: each KPI's attainment (capped at 150%) with the 100% target line."""
    rows = [o for o in review.outcomes if o.kind == "kpi" and "attainment_percent" in o.figures]
    if not rows:
        return "<p>No KPI measurements recorded yet.</p>"
    span = _WIDTH - _LABEL - 60
    height = _ROW * len(rows) + 30
    parts = [f'<svg role="img" aria-label="KPI attainment against target" width="{_WIDTH}" '
             f'height="{height}" viewBox="0 0 {_WIDTH} {height}">']  # fmt: skip
    target_x = _LABEL + span * 100 / 150
    for i, o in enumerate(rows):
        y = 10 + i * _ROW
        share = min(Decimal(o.figures["attainment_percent"]), Decimal(150))
        width = float(span * share / 150)
        colour = _COLOUR[o.status]
        parts.append(
            f'<text x="0" y="{y + 14}">{_e(_short(o.title))}</text>'
            f'<rect x="{_LABEL}" y="{y}" width="{width:.1f}" height="16" fill="{colour}">'
            f"<title>{_e(o.title)}: {_e(o.figures.get('actual'))}"
            f"{_e(o.figures.get('unit', ''))} of {_e(o.figures.get('target'))}</title></rect>"
            f'<text x="{_LABEL + width + 6:.1f}" y="{y + 13}">'
            f"{_e(o.figures['attainment_percent'])}%</text>"
        )
    parts.append(
        f'<line x1="{target_x:.1f}" y1="4" x2="{target_x:.1f}" y2="{height - 16}" '
        'stroke="#102a43" stroke-dasharray="4 3"/>'
        f'<text x="{target_x - 20:.1f}" y="{height - 4}">target</text></svg>'
    )
    return "".join(parts)


def _window(o: Outcome) -> tuple[dt.date, dt.date] | None:
    text = o.figures.get("window", "")
    try:
        first, rest = text.split(" to ", 1)
        return dt.date.fromisoformat(first), dt.date.fromisoformat(rest[:10])
    except ValueError:
        return None


def timeline_chart(review: Review) -> str:
    """Posting windows, actual posts and payment due dates on one date axis."""
    rows: list[tuple[Outcome, dt.date, dt.date, dt.date | None]] = []
    for o in review.outcomes:
        window = _window(o) if o.kind == "posting" else None
        if window is not None:
            text = o.figures.get("posted")
            rows.append((o, *window, dt.date.fromisoformat(text) if text else None))
        elif o.kind in ("payment", "expenses", "kill_fee") and o.due:
            day = dt.date.fromisoformat(o.due[:10])
            rows.append((o, day, day, None))
    if not rows:
        return "<p>No dated obligations to draw.</p>"
    days = [d for r in rows for d in r[1:] if d is not None] + [review.as_of]
    start, end = min(days), max(days) + dt.timedelta(days=1)
    span = _WIDTH - _LABEL - 20
    scale = span / max(1, (end - start).days)

    def x(day: dt.date) -> float:
        return _LABEL + (day - start).days * scale

    height = _ROW * len(rows) + 40
    parts = [f'<svg role="img" aria-label="Campaign timeline" width="{_WIDTH}" '
             f'height="{height}" viewBox="0 0 {_WIDTH} {height}">']  # fmt: skip
    for i, (o, first, last, posted) in enumerate(rows):
        y = 10 + i * _ROW
        colour = _COLOUR[o.status]
        label = o.key.split(":", 1)[-1] if o.kind == "posting" else _short(o.title)
        parts.append(f'<text x="0" y="{y + 13}">{_e(label)}</text>')
        if o.kind == "posting":
            width = max(2.0, (last - first).days + 1) * scale
            parts.append(
                f'<rect x="{x(first):.1f}" y="{y + 3}" width="{width:.1f}" height="10" '
                f'fill="{colour}" opacity="0.35"><title>{_e(o.figures["window"])}</title></rect>'
            )
            if posted is not None:
                parts.append(
                    f'<circle cx="{x(posted) + scale / 2:.1f}" cy="{y + 8}" r="5" '
                    f'fill="{colour}"><title>posted {_e(posted)}</title></circle>'
                )
        else:
            cx, cy = x(first) + scale / 2, y + 8
            parts.append(
                f'<polygon points="{cx:.1f},{cy - 6} {cx + 6:.1f},{cy} {cx:.1f},{cy + 6} '
                f'{cx - 6:.1f},{cy}" fill="{colour}"><title>due {_e(first)}: '
                f"{_e(status_text(o.status, o.late_by))}</title></polygon>"
            )
    today = x(review.as_of) + scale
    parts.append(
        f'<line x1="{today:.1f}" y1="4" x2="{today:.1f}" y2="{height - 22}" stroke="#102a43" '
        'stroke-dasharray="4 3"/>'
        f'<text x="{_LABEL}" y="{height - 6}">{_e(start)}</text>'
        f'<text x="{today - 100:.1f}" y="{height - 6}">as of {_e(review.as_of)}</text>'
    )
    last = end - dt.timedelta(days=1)
    if last > review.as_of:
        parts.append(f'<text x="{_WIDTH - 90}" y="{height - 6}">{_e(last)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _obligations(review: Review, party: str) -> str:
    rows = []
    for o in review.outcomes:
        if o.party != party:
            continue
        remedy = (
            f'<span class="fix">{_e(o.remedy)}'
            + (f" by {_e(o.remedy_due)}" if o.remedy_due else "")
            + "</span>"
            if o.remedy
            else ""
        )
        rows.append(
            f"<tr><td>{_badge(o)}</td><td>{_e(o.title)}"
            f'<span class="why">{_e(o.evidence)}</span>{remedy}</td>'
            f"<td>{_e(o.clause.describe())}</td><td>{_e((o.due or '')[:10])}</td></tr>"
        )
    counts = ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in review.counts(party).items() if n)
    name = review.parties.get(party, party)
    return (
        f'<section class="card"><h2>{_e(party.title())}: {_e(name)}</h2>'
        f'<p class="why">{_e(counts or "no obligations")}</p>'
        "<table><tr><th>Status</th><th>Obligation and evidence</th><th>Clause</th>"
        f"<th>Due</th></tr>{''.join(rows)}</table></section>"
    )


def _money(review: Review) -> str:
    m, cur = review.money, review.money.currency
    rows = [("Instalments due to date", m.due), ("Paid", m.paid),
            ("Outstanding and overdue", m.outstanding), ("Late interest owed", m.interest)]  # fmt: skip
    cells = "".join(f'<tr><td>{_e(k)}</td><td class="num">{_e(money(v, cur))}</td></tr>'
                    for k, v in rows)  # fmt: skip
    return (
        f'<section class="card"><h2>Money</h2><table>{cells}</table>'
        f'<p class="why">Late interest: {_e(m.basis)}</p></section>'
    )


def _deadlines(review: Review) -> str:
    rows = "".join(
        f"<tr><td>{_e(d.day)}</td><td>{_e(d.title)}</td><td>{_e(d.party)}</td>"
        f"<td>{_e(d.clause.describe())}</td></tr>"
        for d in review.deadlines
    )
    return (
        '<section class="card"><h2>Upcoming deadlines</h2><table><tr><th>Date</th>'
        f"<th>What</th><th>Who</th><th>Clause</th></tr>{rows}</table></section>"
    )


def to_html(review: Review) -> str:
    """The whole page (deterministic for the same review)."""
    title = f"Review: {review.title}" + (f" ({review.reference})" if review.reference else "")
    notes = "".join(f"<li>{_e(n)}</li>" for n in review.notes)
    body = [
        f'<header class="top"><h1>{_e(title)}</h1>',
        f"<p>As of {_e(review.as_of)} · contract {_e(review.contract)} · log {_e(review.log)}"
        f" · contractsmith {_e(__version__)}</p></header><main>",
        f'<section class="card"><h2>KPI attainment against target</h2>{kpi_chart(review)}'
        "</section>",
        f'<section class="card"><h2>Campaign timeline</h2>{timeline_chart(review)}</section>',
        _obligations(review, "creator"),
        _obligations(review, "brand"),
        _money(review),
        _deadlines(review),
        f'<section class="card"><h2>Notes</h2><ul>{notes}</ul></section>' if notes else "",
        "<footer>Statuses are relative to the as-of date. Not legal advice.</footer></main>",
    ]
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(title)}</title><style>{CSS}</style></head><body>"
        + "".join(body)
        + "</body></html>\n"
    )

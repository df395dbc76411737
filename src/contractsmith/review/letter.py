"""The review letter: a calm, factual DOCX listing what is not met and what the contract provides.

It states the facts from the log, the clause where the contract states each obligation,
and the contract's own remedy with its deadline; then, separately, what the brand still
owes. It threatens nothing. The document is deterministic: its dates come from the
review's as-of date and its package is normalised like a rendered contract.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

from contractsmith.report.safe_text import printable
from contractsmith.review.money import money
from contractsmith.review.outcome import FAILED, Outcome, Review
from contractsmith.review.scorecard import status_text
from contractsmith.spec.semantic import mapping


def long_date(day: dt.date) -> str:
    """``10 April 2026``."""
    return f"{day.day} {day:%B %Y}"


_WHERE = re.compile(r" \([^\s()]+\.(?:ya?ml|json|csv):\d+\)")


def _facts(evidence: str) -> str:
    """Evidence as a sentence for the letter: log file positions left out."""
    text = _WHERE.sub("", evidence).strip()
    return _sentence(text[:1].upper() + text[1:])


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."


def creator_lines(review: Review) -> list[str]:
    """One paragraph per contractual deliverable that is late or missed."""
    lines = []
    for o in review.outcomes:
        if o.party != "creator" or not o.breach or o.status not in FAILED:
            continue
        text = f"{o.title} ({o.clause.describe()}): {status_text(o.status, o.late_by)}. "
        text += _facts(o.evidence)
        if o.remedy:
            remedy = o.remedy.removeprefix("makegood: ")
            where = o.remedy_clause.describe() if o.remedy_clause else "the Agreement"
            kind = "makegood" if o.remedy.startswith("makegood") else "remedy"
            text += f" The {kind} {where} provides is: {_sentence(remedy)}"
            if o.remedy_due:
                text += f" Taking this letter as notice, it is due by {long_date(o.remedy_due)}."
        lines.append(text)
    return lines


def target_lines(review: Review) -> list[str]:
    """One paragraph per KPI below its target (goals, not breaches)."""
    lines = []
    for o in review.outcomes:
        if o.kind != "kpi" or o.status not in ("missed", "at_risk") or "actual" not in o.figures:
            continue
        lines.append(
            f"{o.title[0].upper()}{o.title[1:]} ({o.clause.describe()}): "
            f"{o.figures['actual']}{o.figures.get('unit', '')} against "
            f"{o.figures['target']}{o.figures.get('unit', '')}, "
            f"{o.figures.get('attainment_percent', '?')}% of the target as of the latest "
            "measurement."
        )
    return lines


def brand_lines(review: Review) -> list[str]:
    """What the brand has not done on time, and what it owes now."""
    lines = []
    cur = review.money.currency
    for o in review.outcomes:
        if o.party != "brand" or o.status not in (*FAILED, "at_risk"):
            continue
        lead = "at risk" if o.status == "at_risk" else status_text(o.status, o.late_by)
        text = f"{o.title} ({o.clause.describe()}): {lead}. {_facts(o.evidence)}"
        lines.append(text)
    m = review.money
    if m.outstanding:
        lines.append(f"Outstanding and overdue: {money(m.outstanding, cur)}.")
    if m.interest:
        lines.append(
            f"Late interest owed under the payment terms: {money(m.interest, cur)} ({m.basis})."
        )
    return lines


def _para(doc: Any, text: str, style: str | None = None) -> None:
    """Add a paragraph; text from the log or the spec shows controls as escapes, since
    Word's XML cannot hold most of them and a bidi override would change what it says."""
    doc.add_paragraph(printable(text), style=style)


def _heading(doc: Any, text: str, level: int) -> None:
    doc.add_heading(printable(text), level=level)


def build_letter(review: Review, spec: dict[str, Any]) -> bytes:
    """The letter as DOCX bytes (deterministic for the same review)."""
    from docx import Document

    from contractsmith.generate.zipnorm import normalise_package

    doc = Document()
    moment = dt.datetime.combine(review.as_of, dt.time(0))
    props = doc.core_properties
    props.created = props.modified = props.last_printed = moment
    props.title = printable(f"Campaign review: {review.title}")[:255]
    props.author = props.last_modified_by = "contractsmith review"
    props.revision = 1

    parties = mapping(spec.get("parties"))
    brand, creator = review.parties["brand"], review.parties["creator"]
    _para(doc, long_date(review.as_of))
    _para(doc, f"To: {creator}")
    agency = mapping(parties.get("agency")).get("legal_name")
    if agency:
        _para(doc, f"Copy: {agency}")
    _para(doc, f"From: {brand}")
    ref = f", reference {review.reference}" if review.reference else ""
    _heading(doc, f"Campaign review: {review.title}{ref}", level=1)
    _para(
        doc,
        f"This letter sets out where the campaign stands against the {review.title} "
        f"(the Agreement) as of {long_date(review.as_of)}. It is based on the campaign "
        "record we keep, and for each point it gives the section of the Agreement that "
        "states the obligation and the remedy the Agreement itself provides.",
    )
    _heading(doc, "Deliverables not met", level=2)
    items = creator_lines(review)
    if items:
        for text in items:
            _para(doc, text, style="List Bullet")
    else:
        _para(doc, "Every deliverable that has fallen due so far has been met.")
    targets = target_lines(review)
    if targets:
        _heading(doc, "Performance targets", level=2)
        _para(
            doc,
            "For information: the Agreement treats these targets as goals, not guarantees, "
            "so a shortfall is not a breach.",
        )
        for text in targets:
            _para(doc, text, style="List Bullet")
    _heading(doc, f"What {brand} still owes", level=2)
    owed = brand_lines(review)
    if owed:
        for text in owed:
            _para(doc, text, style="List Bullet")
    else:
        _para(doc, "Nothing is overdue from our side as of the date of this letter.")
    upcoming = [d for d in review.deadlines if d.party == "brand" and d.kind == "payment"]
    for d in upcoming:
        _para(
            doc, f"{d.title}: by {long_date(d.day)} ({d.clause.describe()}).", style="List Bullet"
        )
    _heading(doc, "Next steps", level=2)
    _para(
        doc,
        "We value the work on this campaign and would like to agree the next steps with "
        "you. Please reply to this letter or suggest a time to talk before the earliest "
        "date above. Nothing in this letter waives or limits either party's rights under "
        "the Agreement.",
    )
    signatory = mapping(mapping(parties.get("brand")).get("signatory"))
    _para(doc, "Yours sincerely,")
    _para(doc, str(signatory.get("name") or brand))
    if signatory.get("title"):
        _para(doc, f"{signatory['title']}, {brand}")
    buffer = io.BytesIO()
    doc.save(buffer)
    return normalise_package(buffer.getvalue(), review.as_of)


def outcomes_in_letter(review: Review) -> list[Outcome]:
    """The creator outcomes the letter lists (for tests and the JSON summary)."""
    return [o for o in review.outcomes if o.party == "creator" and o.breach and o.status in FAILED]

"""The scorecard: a review as text (for people) or JSON (``schemas/review-report.schema.json``)."""

from __future__ import annotations

import json
from typing import Any

from contractsmith import __version__
from contractsmith.report.safe_text import printable
from contractsmith.review.money import money
from contractsmith.review.outcome import Review

SCHEMA_VERSION = "1.0"
NEXT_DEADLINES = 12
_MARK = {"met": "ok", "late": "LATE", "missed": "MISSED", "at_risk": "at risk",
         "not_yet_due": "not due"}  # fmt: skip


def status_text(status: str, late_by: str | None) -> str:
    """``late by 11 hours``, ``missed``, ``at risk``, ``not yet due`` or ``met``."""
    if status == "late" and late_by:
        return f"late by {late_by}"
    return status.replace("_", " ")


def to_json(review: Review) -> str:
    """The review as JSON text: sorted keys within each object, no floats, a final newline."""
    data: dict[str, Any] = {
        "tool": "contractsmith review",
        "version": __version__,
        "schema_version": SCHEMA_VERSION,
        "contract": review.contract,
        "log": review.log,
        "as_of": review.as_of.isoformat(),
        "title": review.title,
        "reference": review.reference,
        "parties": review.parties,
        "spec_sha256": review.spec_sha256,
        "summary": {
            "creator": review.counts("creator"),
            "brand": review.counts("brand"),
            "all_met": not review.failed,
        },
        "money": review.money.to_dict(),
        "obligations": [o.to_dict() for o in review.outcomes],
        "deadlines": [d.to_dict() for d in review.deadlines],
        "notes": list(review.notes),
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def to_text(review: Review) -> str:
    """The review as a plain-text scorecard, one line per obligation."""
    lines = [
        f"{review.title}" + (f" ({review.reference})" if review.reference else ""),
        f"  contract: {review.contract}",
        f"  log:      {review.log}",
        f"  as of:    {review.as_of}",
    ]
    for party in ("creator", "brand"):
        name = review.parties.get(party, party)
        counts = review.counts(party)
        summary = ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in counts.items() if n)
        lines += ["", f"{party.capitalize()}: {name}  [{summary or 'nothing to review'}]"]
        later = 0
        for o in review.outcomes:
            if o.party != party:
                continue
            if o.status == "not_yet_due":
                later += 1
                continue
            lines.append(
                f"  {_MARK[o.status]:<8} {o.title}  [{o.clause.describe()}]"
                + (f"  {status_text(o.status, o.late_by)}" if o.status == "late" else "")
            )
            lines.append(f"           {o.evidence}")
            if o.remedy and o.status in ("late", "missed"):
                due = f" by {o.remedy_due}" if o.remedy_due else ""
                lines.append(f"           remedy: {o.remedy}{due}")
        if later:
            lines.append(f"  ({later} obligation(s) not yet due: see --format json and --calendar)")
    m = review.money
    cur = m.currency
    lines += [
        "",
        "Money (exact, in the contract currency):",
        f"  instalments due to date:  {money(m.due, cur)}",
        f"  paid:                     {money(m.paid, cur)}",
        f"  outstanding and overdue:  {money(m.outstanding, cur)}",
        f"  late interest owed:       {money(m.interest, cur)}  ({m.basis})",
    ]
    if review.deadlines:
        shown = review.deadlines[:NEXT_DEADLINES]
        lines += ["", "Upcoming deadlines:"]
        lines += [f"  {d.day}  {d.title}  [{d.clause.describe()}]" for d in shown]
        if len(review.deadlines) > len(shown):
            more = len(review.deadlines) - len(shown)
            lines.append(f"  ... and {more} more (write them all with --calendar FILE.ics)")
    if review.notes:
        lines += ["", "Notes:"] + [f"  {n}" for n in review.notes]
    verdict = (
        "all obligations met so far"
        if not review.failed
        else (f"{len(review.failed)} obligation(s) late or missed")
    )
    lines += ["", f"Result: {verdict}"]
    return "\n".join(printable(line) for line in lines) + "\n"

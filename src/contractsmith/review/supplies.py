"""The brand's inputs: the creative brief and the product, on time, and the dates they move.

The timeline clause says that when Brand is late with the brief or the product, each of
Creator's later dates that depends on it moves by the number of days of Brand's delay.
The brief is due on the milestone whose name mentions the brief; the product on
``compensation.product.delivery_date``. A log with no ``brief_sent`` (or
``product_delivered``) event does not track that input, and it is not judged. A delay moves every draft due date and posting
window that falls on or after the late input's due date; brief and product delays run
at the same time, so the longer one counts, not their sum.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from contractsmith.review.obligations import Slot
from contractsmith.review.outcome import Outcome
from contractsmith.review.wording import days_text
from contractsmith.spec.semantic import as_date, items, mapping

if TYPE_CHECKING:
    from contractsmith.review.evaluate import Evaluator


@dataclass(frozen=True)
class Supply:
    """Something Brand owes Creator by a date: the brief or the product."""

    kind: str  # "brief" | "product"
    what: str
    due: dt.date
    event: str  # the log event that records it


def supplies_of(spec: dict[str, object]) -> list[Supply]:
    """The brief and product due dates the spec states (either may be absent)."""
    out: list[Supply] = []
    for _, m in items(spec.get("milestones")):
        name = str(m.get("name") or "")
        due = as_date(m.get("date"))
        if "brief" in name.lower() and due is not None:
            out.append(Supply("brief", "the creative brief", due, "brief_sent"))
            break
    product = mapping(mapping(spec.get("compensation")).get("product"))
    due = as_date(product.get("delivery_date"))
    if due is not None:
        what = str(product.get("description") or "the product")
        out.append(Supply("product", what, due, "product_delivered"))
    return out


def shift_slot(slot: Slot, days: int) -> Slot:
    """``slot`` with its draft due date and posting window moved ``days`` days later."""
    step = dt.timedelta(days=days)
    return replace(
        slot,
        opens=_move(slot.opens, step),
        closes=_move(slot.closes, step),
        draft_due=slot.draft_due + step if slot.draft_due else None,
    )


def _move(moment: dt.datetime, step: dt.timedelta) -> dt.datetime:
    # Move the wall-clock date, not the instant, so a window still ends at local midnight
    # when the move crosses a daylight-saving change.
    return dt.datetime.combine(moment.date() + step, moment.time(), tzinfo=moment.tzinfo)


def review_supplies(ev: Evaluator) -> None:
    """Judge the brief and product dates and move the creator's dependent dates."""
    delays: list[tuple[int, dt.date, str]] = []
    for supply in supplies_of(ev.spec):
        got = ev.log.events_of(supply.event)
        if not got and ev.as_of <= supply.due:
            ev.deadline(supply.due, f"{supply.kind.title()} due", supply.kind, "brand", "timeline")
            continue
        if not got:
            # As for drafts: a log without this kind of event does not track it, so its
            # absence is not evidence that Brand never provided it.
            ev.notes.append(
                f"no {supply.event} events in the log: the {supply.kind} date is not reviewed"
            )
            continue
        out = Outcome(
            key=f"{supply.kind}:{supply.due}",
            party="brand",
            kind=supply.kind,
            title=f"Provide {supply.what} by {supply.due}",
            clause=ev.refs.ref("timeline.schedule", "timeline"),
            status="met",
            due=supply.due.isoformat(),
        )
        late = 0
        day = got[0].date
        out.evidence = f"{supply.event.replace('_', ' ')} {day} ({got[0].where})"
        if day > supply.due:
            late = (day - supply.due).days
            out.status, out.late_by = "late", days_text(late)
        if late:
            delays.append((late, supply.due, supply.kind))
            out.figures["creator_dates_move_days"] = str(late)
            out.evidence += (
                f"; Creator's draft due dates and posting windows from {supply.due} "
                f"move {days_text(late)} later"
            )
        ev.outcomes.append(out)
    if not delays:
        return
    moved: list[Slot] = []
    for slot in ev.ob.slots:
        first = slot.draft_due or slot.opens.date()
        days = max((d for d, due, _ in delays if first >= due), default=0)
        moved.append(shift_slot(slot, days) if days else slot)
    ev.ob.slots = moved

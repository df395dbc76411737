"""The brand's review of each draft: an answer within the window, or deemed approval.

The approval clause gives Brand ``approval.review_business_days`` Business Days after
receiving a draft to approve it or send one set of change requests. With
``deemed_approval`` a draft not answered in time is approved at the end of the window
(and an answer after that is late); without it, silence is not approval and every later
date of that Deliverable moves by the Business Days by which the answer is late.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from contractsmith.review.model import Event
from contractsmith.review.obligations import Slot
from contractsmith.review.outcome import Outcome
from contractsmith.review.supplies import shift_slot
from contractsmith.review.wording import days_text
from contractsmith.spec.semantic import as_int, mapping
from contractsmith.workdays import add_business_days, business_days_between

if TYPE_CHECKING:
    from contractsmith.review.evaluate import Evaluator

DEFAULT_WINDOW = 5  # the approval clause's review window when the spec states none


def review_approvals(ev: Evaluator) -> None:
    """One outcome per draft submitted; records approval dates and moves dates if owed."""
    if "approval" not in ev.spec:
        return
    terms = mapping(ev.spec.get("approval"))
    window = as_int(terms.get("review_business_days"))
    window = DEFAULT_WINDOW if window is None else window
    deemed = bool(terms.get("deemed_approval"))
    answers = ev.log.events_of("approved") + ev.log.events_of("revision_requested")
    answers.sort(key=lambda e: (e.date, e.where))
    submissions = ev.log.events_of("draft_submitted")
    moves: dict[str, int] = {}
    for n, sub in enumerate(submissions):
        if sub.deliverable is None:
            continue
        later = [s for s in submissions[n + 1 :] if s.deliverable == sub.deliverable]
        until = later[0].date if later else None
        reply = next(
            (
                a
                for a in answers
                if a.deliverable == sub.deliverable
                and a.date >= sub.date
                and (until is None or a.date <= until)
            ),
            None,
        )
        moved = _judge(ev, sub, reply, window, deemed)
        if moved:
            moves[sub.deliverable] = moves.get(sub.deliverable, 0) + moved
    if moves:
        ev.ob.slots = [
            shift_slot(s, _calendar_days(s, moves[s.deliverable])) if s.deliverable in moves else s
            for s in ev.ob.slots
        ]


def _calendar_days(slot: Slot, business_days: int) -> int:
    start = slot.closes.date()
    return (add_business_days(start, business_days) - start).days


def _judge(ev: Evaluator, sub: Event, reply: Event | None, window: int, deemed: bool) -> int:
    """Append the outcome for one draft; the Business Days its dates move (0 if none)."""
    assert sub.deliverable is not None
    ends = add_business_days(sub.date, window)
    out = Outcome(
        key=f"approval:{sub.deliverable} {sub.date}",
        party="brand",
        kind="approval",
        title=(
            f"Approve or request changes to the draft of {sub.deliverable} within "
            f"{days_text(window, 'business day')}"
        ),
        clause=ev.refs.ref("approval.standard", "approval"),
        status="met",
        due=ends.isoformat(),
        evidence=f"draft submitted {sub.date} ({sub.where})",
    )
    ev.outcomes.append(out)
    approved = None
    moved = 0
    if reply is not None:
        verb = "approved" if reply.type == "approved" else "changes requested"
        out.evidence += f"; {verb} {reply.date} ({reply.where})"
        if reply.date > ends:
            late = business_days_between(ends, reply.date)
            out.status, out.late_by = "late", days_text(late, "business day")
            if deemed:
                approved = ends
                out.evidence += f"; the window ended {ends}, so the draft was deemed approved then"
            else:
                moved = late
                out.evidence += f"; {sub.deliverable}'s later dates move by {out.late_by}"
        if reply.type == "approved" and approved is None:
            approved = reply.date
    elif ev.as_of > ends:
        if deemed:
            approved = ends
            out.breach = False
            out.evidence += f"; no answer recorded, so the draft was deemed approved on {ends}"
        else:
            moved = business_days_between(ends, ev.as_of)
            out.status, out.late_by = "missed", days_text(moved, "business day")
            out.evidence += (
                f"; no answer recorded and silence is not approval: {sub.deliverable}'s "
                f"later dates move by {out.late_by} so far"
            )
    else:
        out.status = "not_yet_due"
        ev.deadline(ends, f"Draft review due: {sub.deliverable}", "approval", "brand", "approval")
    if approved is not None:
        out.figures["approved_on"] = approved.isoformat()
        first = ev.approved_on.get(sub.deliverable)
        ev.approved_on[sub.deliverable] = min(first, approved) if first else approved
    return moved

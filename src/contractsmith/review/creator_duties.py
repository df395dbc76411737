"""Two creator duties read from the log's events: reports on time and exclusivity kept.

Reporting: a report is due ``kpis.reporting.due_days_after_posting`` days after each
published deliverable (its local posting date); a ``report_delivered`` event for that
deliverable (or one naming none, covering every post before it) on or after the post
answers it; a log with no ``report_delivered`` event does not track reports, and they
are not judged (their due dates still go in the calendar). Exclusivity: each ``competitor_post`` event dated inside the exclusivity
period is a breach; the period runs ``days_before`` the first posting window (or the
Effective Date, if later) to ``days_after`` the last publication, or around the term
when ``measured_from`` is ``term``.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from contractsmith.review.outcome import Outcome
from contractsmith.review.wording import days_text
from contractsmith.spec.semantic import as_int, mapping

if TYPE_CHECKING:
    from contractsmith.review.evaluate import Evaluator


def reporting(ev: Evaluator) -> None:
    """One outcome per published deliverable when the spec asks for reports."""
    due_days = as_int(ev.ob.reporting.get("due_days_after_posting"))
    if due_days is None:
        return
    reports = ev.log.events_of("report_delivered")
    if not reports:
        ev.notes.append("no report_delivered events in the log: report deadlines not reviewed")
        for label, post in ev.matched.items():
            ev.deadline(
                post.posted_at.date() + dt.timedelta(days=due_days),
                f"Report due: {label}",
                "reporting",
                "creator",
                "reporting",
            )
        return
    by_slot = {s.label: s for s in ev.ob.slots}
    for label, post in sorted(ev.matched.items(), key=lambda kv: (kv[1].posted_at, kv[0])):
        slot = by_slot.get(label)
        posted = post.posted_at.astimezone(slot.tz).date() if slot else post.posted_at.date()
        due = posted + dt.timedelta(days=due_days)
        got = next(
            (r for r in reports if r.date >= posted and r.deliverable in (None, post.deliverable)),
            None,
        )
        out = Outcome(
            key=f"reporting:{label}",
            party="creator",
            kind="reporting",
            title=f"Report on {label} within {days_text(due_days)} after posting",
            clause=ev.refs.ref("reporting.standard", "reporting"),
            status="met",
            due=due.isoformat(),
        )
        if got is not None:
            out.evidence = f"posted {posted}; report delivered {got.date} ({got.where})"
            if got.date > due:
                out.status, out.late_by = "late", days_text((got.date - due).days)
        elif ev.as_of > due:
            out.status, out.late_by = "missed", days_text((ev.as_of - due).days)
            out.evidence = f"posted {posted}; no report recorded, due {due}"
        else:
            out.status, out.evidence = "not_yet_due", f"posted {posted}; report due {due}"
            ev.deadline(due, f"Report due: {label}", "reporting", "creator", "reporting")
        ev.outcomes.append(out)


def exclusivity_period(ev: Evaluator) -> tuple[dt.date, dt.date] | None:
    """First and last day of the exclusivity period as the log stands (None: none)."""
    excl = mapping(ev.spec.get("exclusivity"))
    if not excl.get("exclusive"):
        return None
    start, end = ev.ob.view.start, ev.ob.view.end
    before = dt.timedelta(days=as_int(excl.get("days_before")) or 0)
    after = dt.timedelta(days=as_int(excl.get("days_after")) or 0)
    if excl.get("measured_from") == "term":
        if start is None or end is None:
            return None
        return start - before, end + after
    creator = [s for s in ev.ob.slots if s.posted_by == "creator"]
    opens = [s.opens.date() for s in creator]
    published = [p.posted_at.astimezone(s.tz).date() for s in creator
                 if (p := ev.matched.get(s.label)) is not None]  # fmt: skip
    planned = [(s.closes - dt.timedelta(days=1)).date() for s in creator]
    if not opens:
        return None
    first = min(opens) - before
    if start is not None:
        first = max(first, start)
    if excl.get("days_after") is None:
        return first, end or max(planned)
    # Once every deliverable is up, the last Publication Date is known; until then the
    # last planned posting day stands in for the unpublished ones.
    last = max(published) if len(published) == len(creator) else max(published + planned)
    return first, last + after


def exclusivity(ev: Evaluator) -> None:
    """One outcome when the log records competitor posts."""
    events = ev.log.events_of("competitor_post")
    period = exclusivity_period(ev)
    if not events or period is None:
        return
    first, last = period
    excl = mapping(ev.spec.get("exclusivity"))
    out = Outcome(
        key="exclusivity",
        party="creator",
        kind="exclusivity",
        title=f"Promote no competitor in {excl.get('category') or 'the category'} "
        f"from {first} to {last}",
        clause=ev.refs.ref("exclusivity"),
        status="met",
        due=last.isoformat(),
    )
    inside = [e for e in events if first <= e.date <= last]
    if inside:
        out.status = "missed"
        out.evidence = "; ".join(
            f"competitor post {e.date}" + (f": {e.note}" if e.note else "") + f" ({e.where})"
            for e in inside
        )
        cure = ev.ob.cure_days
        if cure:
            out.remedy = f"cure within {days_text(cure)} after written notice"
            out.remedy_clause = ev.refs.ref("termination.standard", "termination")
            out.remedy_due = ev.as_of + dt.timedelta(days=cure)
    else:
        out.evidence = (
            f"{len(events)} competitor post(s) recorded, all outside the period "
            f"({', '.join(str(e.date) for e in events)})"
        )
    ev.outcomes.append(out)

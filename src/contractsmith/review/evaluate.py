"""Judging each obligation of the spec against the campaign log, as of a date.

As of DATE means at the end of that day in the time zone the obligation is stated in.
Posts are matched to a deliverable's slots in time order (the first post fills the first
slot, so a late post makes up the earliest missing one). Payments are matched to a
recurring instalment's months in the same way.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from contractsmith.review import approvals, brand_money, creator_duties, supplies
from contractsmith.review.clauses import ClauseIndex
from contractsmith.review.model import CampaignLog, Event, Post
from contractsmith.review.money import INTEREST_BASIS, late_interest, money, round_money
from contractsmith.review.obligations import Instalment, Obligations, Slot, start_of
from contractsmith.review.outcome import Deadline, Money, Outcome, Review
from contractsmith.review.wording import days_text, duration_text, plain
from contractsmith.spec.semantic import as_int, mapping

__all__ = ["KINDS", "Evaluator", "days_text", "duration_text", "plain", "review"]

KINDS = (
    "posting", "delivery", "draft", "live", "disclosure", "kpi", "reporting", "exclusivity",
    "brief", "product", "approval", "payment", "expenses", "kill_fee", "usage",
)  # fmt: skip
"""Every kind of obligation, in the order the scorecard lists them."""
NOTICE_DAYS = 30  # the makegood clause: Brand may give notice within 30 days of the event


EXTRA_POSTS_NOTED = 10
"""Posts beyond a deliverable's count named one by one in the notes; the rest are counted."""


class Evaluator:
    """Evaluates one spec's obligations against one log as of ``as_of``."""

    def __init__(
        self, spec: dict[str, Any], log: CampaignLog, as_of: dt.date, clauses: ClauseIndex
    ) -> None:
        self.spec = spec
        self.ob = Obligations(spec)
        self.log = log
        self.as_of = as_of
        self.refs = clauses
        self.outcomes: list[Outcome] = []
        self.deadlines: list[Deadline] = []
        self.notes: list[str] = []
        self.money = Money(self.ob.currency, basis=INTEREST_BASIS)
        self.matched: dict[str, Post] = {}  # slot label -> post
        self.notice = {e.deliverable: e.date for e in log.events_of("notice") if e.deliverable}
        self.approved_on: dict[str, dt.date] = {}  # deliverable -> approval (or deemed) date
        self.cancelled: dict[str, Event] = {}  # deliverable -> the brand's cancellation

    def now(self, tz: dt.tzinfo) -> dt.datetime:
        """The end of the as-of day in ``tz``."""
        return start_of(self.as_of + dt.timedelta(days=1), tz)

    def deadline(
        self, day: dt.date | None, title: str, kind: str, party: str, *targets: str
    ) -> None:
        if day is not None and day >= self.as_of:
            self.deadlines.append(Deadline(day, title, kind, party, self.refs.ref(*targets)))

    # --- creator -------------------------------------------------------------------------

    def makegood(self, outcome: Outcome, event_day: dt.date, deliverable: str) -> None:
        mg = self.ob.makegood
        if not mg.get("remedy"):
            cure = self.ob.cure_days
            if cure:
                outcome.remedy = f"cure within {days_text(cure)} after written notice"
                outcome.remedy_clause = self.refs.ref("termination.standard", "termination")
                outcome.remedy_due = self.notice.get(deliverable, self.as_of) + dt.timedelta(cure)
            return
        window = as_int(mg.get("window_days")) or 14
        notice = self.notice.get(deliverable, self.as_of)
        outcome.remedy = f"makegood: {mg['remedy']}"
        outcome.remedy_clause = self.refs.ref("reporting.makegood", "reporting")
        outcome.remedy_due = notice + dt.timedelta(days=window)
        outcome.figures["makegood_notice_by"] = (event_day + dt.timedelta(NOTICE_DAYS)).isoformat()
        self.deadline(
            outcome.remedy_due,
            f"Makegood due: {outcome.title}",
            "makegood",
            "creator",
            "reporting.makegood",
            "reporting",
        )

    def postings(self) -> None:
        by_deliverable: dict[str, list[Post]] = {}
        for post in sorted(self.log.posts, key=lambda p: (p.posted_at, p.where)):
            by_deliverable.setdefault(post.deliverable, []).append(post)
        slots_by: dict[str, list[Slot]] = {}
        for slot in self.ob.slots:
            slots_by.setdefault(slot.deliverable, []).append(slot)
        for ident, slots in slots_by.items():
            posts = by_deliverable.get(ident, [])
            for i, slot in enumerate(slots):
                cancel = self.cancelled.get(slot.deliverable)
                if cancel is not None and i >= len(posts) and slot.closes.date() > cancel.date:
                    self.notes.append(
                        f"{slot.label} was cancelled by Brand on {cancel.date} ({cancel.where}) "
                        "before it fell due: not reviewed; see the cancellation fee"
                    )
                    continue
                if slot.posted_by == "brand":
                    self.delivery(slot)
                    continue
                match = posts[i] if i < len(posts) else None
                if match is not None:
                    self.matched[slot.label] = match
                self.posting(slot, match)
            extra = posts[len(slots) :]
            for post in extra[:EXTRA_POSTS_NOTED]:
                self.notes.append(
                    f"{post.where}: {post.url} is beyond the {len(slots)} item(s) "
                    f"{ident} requires; it counts towards KPIs only"
                )
            if len(extra) > EXTRA_POSTS_NOTED:
                self.notes.append(
                    f"... and {len(extra) - EXTRA_POSTS_NOTED} more post(s) beyond what "
                    f"{ident} requires (they count towards KPIs only)"
                )

    def posting(self, slot: Slot, post: Post | None) -> None:
        last_day = (slot.closes - dt.timedelta(days=1)).date()
        window = f"{slot.opens.date()} to {last_day} ({slot.tz})"
        out = Outcome(
            key=f"posting:{slot.label}",
            party="creator",
            kind="posting",
            title=f"Publish {slot.label} ({slot.platform} {slot.format.replace('_', ' ')})",
            clause=self.refs.ref("deliverables", "timeline"),
            status="met",
            due=slot.closes.isoformat(),
            figures={"window": window},
        )
        now = self.now(slot.tz)
        if post is not None:
            local = post.posted_at.astimezone(slot.tz)
            out.evidence = f"posted {local:%Y-%m-%d %H:%M %Z} at {post.url} ({post.where})"
            out.figures["posted"] = local.date().isoformat()
            if post.posted_at >= slot.closes:
                out.status = "late"
                out.late_by = duration_text(post.posted_at - slot.closes)
                out.evidence += f"; the window {window} closed {out.late_by} earlier"
                self.makegood(out, local.date(), slot.deliverable)
            elif post.posted_at < slot.opens:
                out.evidence += f"; before the window {window} opened"
            self.live(slot, post)
            self.disclosure(slot, post)
        elif now >= slot.closes:
            out.status = "missed"
            out.evidence = f"no post recorded; the window {window} has closed"
            self.makegood(out, last_day, slot.deliverable)
        elif now >= slot.opens:
            out.status = "at_risk"
            out.evidence = f"not posted yet; the window closes at the end of {last_day}"
            self.deadline(
                last_day,
                f"Posting window closes: {slot.label}",
                "posting",
                "creator",
                "deliverables",
            )
        else:
            out.status = "not_yet_due"
            out.evidence = f"window {window}"
            self.deadline(
                last_day,
                f"Posting window closes: {slot.label}",
                "posting",
                "creator",
                "deliverables",
            )
        self.outcomes.append(out)

    def delivery(self, slot: Slot) -> None:
        due = (slot.closes - dt.timedelta(days=1)).date()
        got = [e for e in self.log.events_of("delivered") if e.deliverable == slot.deliverable]
        out = Outcome(
            key=f"delivery:{slot.label}",
            party="creator",
            kind="delivery",
            title=f"Deliver {slot.label} ({slot.format.replace('_', ' ')}) to Brand",
            clause=self.refs.ref("deliverables", "timeline"),
            status="met",
            due=due.isoformat(),
        )
        if got:
            day = got[0].date
            out.evidence = f"delivered {day} ({got[0].where})"
            if day > due:
                out.status, out.late_by = "late", days_text((day - due).days)
                self.makegood(out, day, slot.deliverable)
        elif self.as_of > due:
            out.status, out.evidence = "missed", f"no delivery recorded; due {due}"
            self.makegood(out, due, slot.deliverable)
        else:
            out.status, out.evidence = "not_yet_due", f"due {due}"
            self.deadline(
                due, f"Final delivery due: {slot.label}", "delivery", "creator", "deliverables"
            )
        self.outcomes.append(out)

    def drafts(self) -> None:
        events = self.log.events_of("draft_submitted")
        if not events:
            self.notes.append("no draft_submitted events in the log: draft deadlines not reviewed")
            return
        seen: set[str] = set()
        for slot in self.ob.slots:
            if slot.draft_due is None or slot.deliverable in seen or "-" in slot.label:
                continue  # monthly quotas: drafts are not tracked per month yet
            seen.add(slot.deliverable)
            got = [e for e in events if e.deliverable == slot.deliverable]
            out = Outcome(
                key=f"draft:{slot.deliverable}",
                party="creator",
                kind="draft",
                title=f"Submit the draft of {slot.deliverable}",
                clause=self.refs.ref("approval", "timeline"),
                status="met",
                due=slot.draft_due.isoformat(),
            )
            if got:
                out.evidence = f"submitted {got[0].date} ({got[0].where})"
                if got[0].date > slot.draft_due:
                    out.status = "late"
                    out.late_by = days_text((got[0].date - slot.draft_due).days)
            elif self.as_of > slot.draft_due:
                out.status, out.evidence = "missed", "no draft recorded"
            else:
                out.status, out.evidence = "not_yet_due", f"due {slot.draft_due}"
                self.deadline(
                    slot.draft_due, f"Draft due: {slot.deliverable}", "draft", "creator", "approval"
                )
            self.outcomes.append(out)

    def live(self, slot: Slot, post: Post) -> None:
        if not slot.min_live_days:
            return
        until = post.posted_at + dt.timedelta(days=slot.min_live_days)
        out = Outcome(
            key=f"live:{slot.label}",
            party="creator",
            kind="live",
            title=f"Keep {slot.label} live for {days_text(slot.min_live_days)}",
            clause=self.refs.ref("deliverables"),
            status="met",
            due=until.astimezone(slot.tz).isoformat(),
        )
        if post.removed_at is not None and post.removed_at < until:
            out.status = "missed"
            kept = duration_text(post.removed_at - post.posted_at)
            out.evidence = (
                f"removed {post.removed_at.astimezone(slot.tz):%Y-%m-%d %H:%M} after {kept}"
            )
            self.makegood(out, post.removed_at.date(), slot.deliverable)
        elif post.removed_at is None and self.now(slot.tz) < until:
            out.status = "not_yet_due"
            out.evidence = f"live since {post.posted_at.astimezone(slot.tz):%Y-%m-%d}"
            self.deadline(
                until.astimezone(slot.tz).date(),
                f"Minimum live period ends: {slot.label}",
                "live",
                "creator",
                "deliverables",
            )
        else:
            out.evidence = "live for the whole minimum period"
        self.outcomes.append(out)

    def labels(self) -> list[str]:
        disclosure = mapping(self.spec.get("disclosure"))
        found = [disclosure.get("label")]
        found += list(mapping(disclosure.get("labels_by_jurisdiction")).values())
        return sorted(
            {str(x) for x in found if isinstance(x, str) and x.strip()}, key=len, reverse=True
        )

    def disclosure(self, slot: Slot, post: Post) -> None:
        disclosure = mapping(self.spec.get("disclosure"))
        labels = self.labels()
        if not labels or (
            post.caption is None and post.label is None and post.label_position is None
        ):
            return
        problems: list[str] = []
        used, position = post.label, post.label_position
        if post.caption is not None:
            text = post.caption.strip()
            low = text.lower()
            hit = next((lab for lab in labels if lab.lower() in low), None)
            if hit is not None:
                used = used or hit
                at = low.find(hit.lower())
                derived = (
                    "start"
                    if at == 0
                    else "end"
                    if low.rstrip(" .!").endswith(hit.lower())
                    else "middle"
                )
                position = position or derived
            else:
                position = position or "none"
        if used is None or position == "none":
            tool = " (the platform tool alone is not enough)" if post.platform_tool else ""
            problems.append(f"no {' or '.join(repr(x) for x in labels)} label{tool}")
        elif position != "start":
            problems.append(f"label {used!r} at the {position} of the caption, not at the start")
        if disclosure.get("platform_tool_required") and post.platform_tool is False:
            problems.append("the platform's paid-partnership tool was off")
        if slot.is_video:
            for flag, what in ((post.spoken, "spoken"), (post.on_screen, "on-screen")):
                if flag is False:
                    problems.append(f"no {what} disclosure in the video")
        out = Outcome(
            key=f"disclosure:{slot.label}",
            party="creator",
            kind="disclosure",
            title=f"Disclose the advertising in {slot.label}",
            clause=self.refs.ref("ftc_disclosure"),
            status="missed" if problems else "met",
            due=post.posted_at.astimezone(slot.tz).isoformat(),
            evidence="; ".join(problems) if problems else f"label {used!r} at the start",
        )
        out.evidence += f" ({post.where})"
        hours = as_int(disclosure.get("takedown_hours"))
        if problems and hours:
            notice = self.notice.get(slot.deliverable, self.as_of)
            out.remedy = (
                f"correct the disclosure or remove the post within {hours} hours after notice"
            )
            out.remedy_due = notice + dt.timedelta(days=-(-hours // 24))
            self.deadline(
                out.remedy_due,
                f"Disclosure correction due: {slot.label}",
                "disclosure",
                "creator",
                "ftc_disclosure",
            )
        self.outcomes.append(out)

    def kpis(self) -> None:
        for target in self.ob.targets:
            posts = [
                p
                for p in self.matched.values()
                if target.deliverable is None or p.deliverable == target.deliverable
            ]
            values: list[Decimal] = []
            dates: list[dt.date] = []
            for post in posts:
                readings = [
                    m
                    for m in post.metrics
                    if m.metric == target.metric and m.measured_at <= self.as_of
                ]
                if readings:
                    latest = max(readings, key=lambda m: m.measured_at)
                    values.append(latest.value)
                    dates.append(latest.measured_at)
            scope = (
                f"Deliverable {target.deliverable}" if target.deliverable else "all Deliverables"
            )
            unit = "%" if target.percent else ""
            out = Outcome(
                key=f"kpi:{target.metric}:{target.deliverable or 'all'}",
                party="creator",
                kind="kpi",
                title=f"{target.metric.replace('_', ' ')} of at least {target.target}{unit} for {scope}",
                clause=self.refs.ref("kpis.targets", "kpis"),
                status="not_yet_due",
                figures={"target": str(target.target), "source": target.source, "unit": unit},
                breach=False,
            )
            if not values:
                out.evidence = "no measurement recorded yet"
                self.outcomes.append(out)
                continue
            actual = sum(values, Decimal(0))
            if target.percent:
                actual = (actual / len(values)).quantize(Decimal("0.01"))
            actual = plain(actual)
            attainment = (
                (actual / target.target * 100).quantize(Decimal("0.1"))
                if target.target
                else Decimal(0)
            )
            how = "average" if target.percent else "total"
            out.figures.update({"actual": str(actual), "attainment_percent": str(attainment)})
            out.evidence = (
                f"{how} {actual}{unit} over {len(values)} post(s), latest measured "
                f"{max(dates)} by {target.source} ({attainment}% of target)"
            )
            snapshots = [as_int(x) for x in self.ob.reporting.get("snapshot_days") or []]
            final = max([x for x in snapshots if x] or [30])
            last_post = max(p.posted_at.date() for p in posts)
            if actual >= target.target:
                out.status = "met"
            elif self.as_of >= last_post + dt.timedelta(days=final):
                out.status = "missed"
            else:
                out.status = "at_risk"
            self.outcomes.append(out)

    # --- brand ---------------------------------------------------------------------------

    def trigger(self, inst: Instalment) -> tuple[dt.date | None, str]:
        """When the instalment's trigger happened (None: not yet) and how that is known."""
        if inst.fixed is not None:
            return inst.fixed
        if inst.item is not None:
            return self.item_trigger(inst)
        start = self.ob.view.start
        first = {
            k: self.log.events_of(k) for k in ("signed", "approved", "brief_sent", "delivered")
        }
        t = inst.trigger
        if t == "signature":
            if first["signed"]:
                return first["signed"][0].date, f"signed {first['signed'][0].date}"
            return start, f"no signature date in the log; effective date {start} used"
        if t == "effective_date":
            return start, f"effective date {start}"
        if t in ("month_start", "month_end") and inst.month is not None:
            day = inst.month if t == "month_start" else _month_end(inst.month)
            return day, f"{t.replace('_', ' ')} {day}"
        if t == "publication_of_all_deliverables":
            creator = [s for s in self.ob.slots if s.posted_by == "creator"]
            if creator and all(s.label in self.matched for s in creator):
                day = max(self.matched[s.label].posted_at.astimezone(s.tz).date() for s in creator)
                return day, f"last deliverable published {day}"
            return None, "not every deliverable has been published"
        if t in ("delivery_of_all_deliverables", "approval_of_all_deliverables"):
            kind = "delivered" if t.startswith("delivery") else "approved"
            days: dict[str, dt.date] = dict(self.approved_on) if kind == "approved" else {}
            for e in first[kind]:
                if e.deliverable:
                    days.setdefault(e.deliverable, e.date)
            if days and all(d in days for d in self.ob.deliverables):
                day = max(days.values())
                return day, f"all deliverables {kind} by {day}"
            return None, f"not every deliverable has been {kind}"
        if t == "draft_approval" and self.approved_on:
            day = min(self.approved_on.values())
            return day, f"first draft approved {day}"
        if t in ("draft_approval", "brief_approval"):
            events = first["approved" if t == "draft_approval" else "brief_sent"]
            if events:
                return events[0].date, f"{t.replace('_', ' ')} {events[0].date}"
            return None, f"no {t.replace('_', ' ')} recorded"
        return None, f"trigger {t.replace('_', ' ')} is not tracked from the log"

    def item_trigger(self, inst: Instalment) -> tuple[dt.date | None, str]:
        """When one item's share of an each_publication / each_delivery instalment fell due."""
        slot = next((s for s in self.ob.slots if s.label == inst.item), None)
        if slot is None:
            return None, f"{inst.item} is not in the schedule"
        delivered = [
            e for e in self.log.events_of("delivered") if e.deliverable == slot.deliverable
        ]
        post = self.matched.get(slot.label)
        published = post.posted_at.astimezone(slot.tz).date() if post is not None else None
        if inst.trigger == "each_publication" and slot.posted_by == "creator":
            if published is None:
                return None, f"{slot.label} not published yet"
            return published, f"{slot.label} published {published}"
        index = [s.label for s in self.ob.slots if s.deliverable == slot.deliverable].index(
            slot.label
        )
        if index < len(delivered):
            return delivered[index].date, f"{slot.label} delivered {delivered[index].date}"
        if published is not None:
            return published, f"{slot.label} published {published} (its final version)"
        return None, f"{slot.label} not delivered yet"

    def _for(self, events: list[Event], inst: Instalment) -> list[Event]:
        return [e for e in events if e.instalment in (str(inst.number), inst.label)]

    def payments(self) -> None:
        payments = self.log.events_of("payment")
        invoices = self.log.events_of("invoice_sent")
        groups: dict[int, list[Instalment]] = {}
        for inst in self.ob.instalments:
            groups.setdefault(inst.number, []).append(inst)
        cur = self.ob.currency
        rate = self.ob.interest or Decimal(0)
        for number, insts in groups.items():
            paid_pieces = [
                (e.amount or Decimal(0), e.date, e.where) for e in self._for(payments, insts[0])
            ]
            inv = self._for(invoices, insts[0])
            for k, inst in enumerate(insts):
                self.payment(inst, paid_pieces, inv[k] if k < len(inv) else None, rate, cur)
            del number

    def payment(
        self,
        inst: Instalment,
        pieces: list[tuple[Decimal, dt.date, str]],
        invoice: Event | None,
        rate: Decimal,
        cur: str,
    ) -> None:
        label = inst.label + (f" ({inst.month:%Y-%m})" if inst.month else "")
        label += f" for {inst.item}" if inst.item else ""
        out = Outcome(
            key=f"{inst.kind}:{inst.key}",
            party="brand",
            kind=inst.kind,
            title=f"Pay {label}: {money(inst.amount, cur)} within {days_text(inst.net_days)}",
            clause=self.refs.ref(*inst.clause),
            status="not_yet_due",
            figures={"amount": str(round_money(inst.amount, cur))},
        )
        triggered, how = self.trigger(inst)
        if triggered is None or triggered > self.as_of:
            out.evidence = how if triggered is None else f"trigger {triggered}"
            self.outcomes.append(out)
            return
        start = max(triggered, invoice.date) if invoice else triggered
        due = start + dt.timedelta(days=inst.net_days)
        basis = (
            f"invoice {invoice.date}"
            if invoice
            else "no invoice recorded, counted from the trigger"
        )
        out.due = due.isoformat()
        self.money.due += inst.amount if due <= self.as_of else Decimal(0)
        remaining = inst.amount
        interest = Decimal(0)
        last_day: dt.date | None = None
        used = []
        while remaining > 0 and pieces:
            amount, day, where = pieces[0]
            take = min(amount, remaining)
            remaining -= take
            if take == amount:
                pieces.pop(0)
            else:
                pieces[0] = (amount - take, day, where)
            interest += late_interest(take, rate, (day - due).days, cur)
            last_day = day
            used.append(f"{money(take, cur)} paid {day} ({where})")
            self.money.paid += take
        evidence = [f"{how}; {basis}; due {due}"] + used
        if used:
            out.figures["paid"] = str(round_money(inst.amount - remaining, cur))
        if remaining > 0:
            if self.as_of > due:
                out.status = "missed"
                overdue = (self.as_of - due).days
                interest += late_interest(remaining, rate, overdue, cur)
                out.late_by = days_text(overdue)
                evidence.append(f"{money(remaining, cur)} unpaid, {out.late_by} overdue")
                out.figures["outstanding"] = str(round_money(remaining, cur))
                self.money.outstanding += remaining
            else:
                evidence.append(f"{money(remaining, cur)} due {due}")
                self.deadline(
                    due,
                    f"Payment due: {label} {money(remaining, cur)}",
                    "payment",
                    "brand",
                    *inst.clause,
                )
        else:
            assert last_day is not None
            if last_day > due:
                out.status, out.late_by = "late", days_text((last_day - due).days)
            else:
                out.status = "met"
        if interest:
            out.figures["interest"] = str(interest)
            evidence.append(
                f"late interest {money(interest, cur)} at {rate}% per month ({INTEREST_BASIS})"
            )
            self.money.interest += interest
        out.evidence = "; ".join(evidence)
        self.outcomes.append(out)

    def use_start(self, start: str) -> dt.date | None:
        if start == "effective_date":
            return self.ob.view.start
        if start == "first_publication":
            days = [p.posted_at.date() for p in self.matched.values()]
            return min(days) if days else None
        kind = "delivered" if start == "delivery" else "approved"
        events = self.log.events_of(kind)
        return events[0].date if events else None

    def usage(self) -> None:
        flights = self.log.events_of("paid_usage") + self.log.events_of("whitelisting")
        for use in self.ob.uses:
            begin = self.use_start(use.start)
            last = (
                begin + dt.timedelta(days=use.duration_days - 1)
                if begin and use.duration_days
                else None
            )
            name = use.type.replace("_", " ")
            if last is not None:
                self.deadline(last, f"Usage licence ends: {name}", "usage", "brand", "usage_rights")
            mine = [f for f in flights if f.use == use.type]
            if not mine:
                continue
            out = Outcome(
                key=f"usage:{use.type}",
                party="brand",
                kind="usage",
                title=f"Use the content ({name}) only within the licensed period",
                clause=self.refs.ref("usage_rights"),
                status="met",
                due=last.isoformat() if last else None,
            )
            problems: list[str] = []
            booked: list[str] = []
            for f in mine:
                end = f.end or self.as_of
                if use.perpetual:
                    continue
                if begin is None or last is None:
                    problems.append(f"flight from {f.date} ({f.where}) before the licence started")
                    continue
                if min(end, self.as_of) > last:
                    problems.append(
                        f"flight {f.date} to {end} ({f.where}) ran "
                        f"{days_text((min(end, self.as_of) - last).days)} past the last licensed "
                        f"day {last}"
                    )
                elif end > last:
                    booked.append(f"flight {f.date} to {end} ({f.where}) is booked past {last}")
                if f.date < begin:
                    problems.append(f"flight started {f.date}, before the licence began {begin}")
            if problems:
                out.status, out.evidence = "missed", "; ".join(problems)
            elif booked:
                out.status, out.evidence = "at_risk", "; ".join(booked)
            else:
                period = "perpetual" if use.perpetual else f"{begin} to {last}"
                out.evidence = f"{len(mine)} flight(s) within the licence ({period})"
            self.outcomes.append(out)

    def calendar_dates(self) -> None:
        view = self.ob.view
        if view.end is not None:
            self.deadline(view.end, "Term ends", "term", "both", "term")
            renewal = mapping(view.term.get("renewal"))
            notice = as_int(renewal.get("notice_days"))
            if renewal.get("type") in ("option", "automatic") and notice:
                self.deadline(
                    view.end - dt.timedelta(days=notice),
                    "Renewal notice deadline",
                    "renewal",
                    "both",
                    "renewal",
                )
            period = creator_duties.exclusivity_period(self)
            if period is not None:
                self.deadline(
                    period[1],
                    "Exclusivity ends",
                    "exclusivity",
                    "creator",
                    "exclusivity",
                )

    def run(self) -> None:
        self.cancelled = brand_money.cancellations(self)
        supplies.review_supplies(self)
        approvals.review_approvals(self)
        self.postings()
        self.drafts()
        self.kpis()
        creator_duties.reporting(self)
        creator_duties.exclusivity(self)
        self.payments()
        brand_money.expenses(self)
        brand_money.kill_fee(self)
        self.usage()
        self.calendar_dates()


def _month_end(first: dt.date) -> dt.date:
    nxt = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def review(
    spec: dict[str, Any],
    log: CampaignLog,
    *,
    as_of: dt.date,
    clauses: ClauseIndex,
    contract: str,
    spec_sha256: str = "",
) -> Review:
    """Evaluate every obligation of ``spec`` against ``log`` as of ``as_of``."""
    ev = Evaluator(spec, log, as_of, clauses)
    ev.run()
    parties = mapping(spec.get("parties"))
    order = {"creator": 0, "brand": 1}
    outcomes = sorted(ev.outcomes, key=lambda o: (order[o.party], KINDS.index(o.kind), o.key))
    for key in ("due", "paid", "outstanding", "interest"):
        setattr(ev.money, key, round_money(getattr(ev.money, key), ev.ob.currency))
    return Review(
        contract=contract,
        log=log.path,
        as_of=as_of,
        title=str(spec.get("title") or "Influencer Marketing Agreement"),
        reference=str(spec.get("reference") or ""),
        parties={
            role: str(mapping(parties.get(role)).get("legal_name") or role)
            for role in ("brand", "creator")
        },
        outcomes=outcomes,
        money=ev.money,
        deadlines=sorted(set(ev.deadlines), key=lambda d: (d.day, d.title)),
        notes=ev.notes,
        spec_sha256=spec_sha256,
    )

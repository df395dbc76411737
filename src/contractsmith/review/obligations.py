"""What the contract requires, listed from the spec: the obligations the review judges.

Creator side: each deliverable slot (one per item of ``count``, per month for monthly
quotas) with its posting window or delivery date as aware datetimes in the spec's time
zone, its draft due date and minimum live period. Brand side: each payment instalment
(monthly ones once per month of the term) and each licensed use with its duration.
KPI targets are listed as they are. Nothing here looks at the log.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from contractsmith.review.money import round_money
from contractsmith.spec.semantic import SpecView, as_date, as_decimal, as_int, items, mapping

PER_ITEM_TRIGGERS = ("each_publication", "each_delivery")
"""Triggers that make an instalment payable in shares, one per Deliverable item."""

VIDEO_FORMATS = {"reel", "video", "short", "integration", "dedicated_video", "live", "ugc_video"}


def zone(name: Any) -> dt.tzinfo:
    """The time zone called ``name``, or UTC when it is missing or unknown."""
    try:
        return ZoneInfo(str(name)) if name else dt.UTC
    except (ZoneInfoNotFoundError, ValueError):
        return dt.UTC


def start_of(day: dt.date, tz: dt.tzinfo) -> dt.datetime:
    """Midnight at the start of ``day`` in ``tz`` (DST-correct)."""
    return dt.datetime.combine(day, dt.time(0), tzinfo=tz)


@dataclass(frozen=True)
class Slot:
    """One item a deliverable requires: ``D1 #2`` or ``R1 2026-04 #1``."""

    deliverable: str
    label: str
    platform: str
    format: str
    posted_by: str
    opens: dt.datetime  # first moment it may go live (or be delivered)
    closes: dt.datetime  # the moment it is late: midnight after the last day
    draft_due: dt.date | None
    min_live_days: int | None
    tz: dt.tzinfo

    @property
    def is_video(self) -> bool:
        return self.format in VIDEO_FORMATS


@dataclass(frozen=True)
class Instalment:
    """One payment the brand owes: its amount, trigger and net days."""

    number: int  # 1-based position in the schedule
    label: str
    amount: Decimal
    trigger: str
    net_days: int
    month: dt.date | None = None  # first day of the month, for monthly instalments
    item: str | None = None  # the slot label, for each_publication / each_delivery shares
    kind: str = "payment"  # payment, expenses or kill_fee: the scorecard's kind
    clause: tuple[str, ...] = ("compensation.fees", "compensation")
    fixed: tuple[dt.date, str] | None = None  # a trigger known up front: (date, how known)
    tag: str | None = None  # the key, when not a schedule position

    @property
    def key(self) -> str:
        if self.tag:
            return self.tag
        return (
            f"{self.number}"
            + (f" {self.month:%Y-%m}" if self.month else "")
            + (f" {self.item}" if self.item else "")
        )


@dataclass(frozen=True)
class Use:
    """A licensed use of the content with its duration (None when perpetual)."""

    type: str
    start: str
    duration_days: int | None
    perpetual: bool


@dataclass(frozen=True)
class Target:
    """A KPI target: a metric, a figure, its unit and optionally one deliverable."""

    metric: str
    target: Decimal
    percent: bool
    source: str
    deliverable: str | None


class Obligations:
    """Every obligation the spec states, in a fixed order."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec = spec
        self.view = SpecView(spec)
        comp = self.view.comp
        self.currency = str(comp.get("currency") or "USD")
        self.fee = as_decimal(comp.get("fee")) or Decimal(0)
        self.interest = as_decimal(mapping(comp.get("late_interest")).get("percent_per_month"))
        self.slots = [s for _, d in self.view.deliverables for s in self._slots(d)]
        self.instalments = self._instalments(comp)
        rights = mapping(spec.get("usage_rights"))
        self.uses = [
            Use(
                str(u.get("type")),
                str(u.get("start") or "first_publication"),
                as_int(u.get("duration_days")),
                bool(u.get("perpetual")),
            )
            for _, u in items(rights.get("uses"))
        ]
        kpis = mapping(spec.get("kpis"))
        self.targets = [
            Target(
                str(m.get("metric")),
                as_decimal(str(m.get("target"))) or Decimal(0),
                m.get("unit") == "percent",
                str(m.get("source") or "the measurement source"),
                str(m["deliverable"]) if m.get("deliverable") else None,
            )
            for _, m in items(kpis.get("metrics"))
        ]
        self.makegood = mapping(kpis.get("makegood"))
        self.reporting = mapping(kpis.get("reporting"))
        self.cure_days = as_int(
            mapping(mapping(spec.get("termination")).get("cause")).get("cure_days")
        )

    @property
    def deliverables(self) -> dict[str, dict[str, Any]]:
        return {str(d.get("id")): d for _, d in self.view.deliverables}

    def _slots(self, d: dict[str, Any]) -> list[Slot]:
        count = as_int(d.get("count")) or 1
        ident = str(d.get("id"))
        by = self.view.posted_by(d)
        window_tz = mapping(d.get("posting_window")).get("timezone")
        common = Slot(
            deliverable=ident,
            label=ident,
            platform=str(d.get("platform") or ""),
            format=str(d.get("format") or ""),
            posted_by=by,
            opens=start_of(dt.date(2000, 1, 1), dt.UTC),
            closes=start_of(dt.date(2000, 1, 1), dt.UTC),
            draft_due=as_date(d.get("draft_due")),
            min_live_days=as_int(d.get("min_live_days")),
            tz=zone(window_tz),
        )
        window = mapping(d.get("posting_window"))
        monthly = mapping(d.get("monthly"))
        if d.get("per") == "month" and monthly:
            return self._monthly(d, count, common, monthly)
        tz = zone(window.get("timezone"))
        first = as_date(window.get("start")) or as_date(d.get("posting_date"))
        last = as_date(window.get("end")) or as_date(d.get("posting_date"))
        if by == "brand" or first is None:
            first = last = as_date(d.get("final_due")) or last
            if first is not None and by == "brand":
                first = self.view.start or first
        if first is None or last is None:
            return []
        if by == "brand":
            count = 1  # the brand publishes: the creator owes one delivery of the batch
        return [
            replace(
                common,
                label=f"{ident} #{n}" if count > 1 else ident,
                opens=start_of(first, tz),
                closes=start_of(last + dt.timedelta(days=1), tz),
            )
            for n in range(1, count + 1)
        ]

    def _monthly(
        self, d: dict[str, Any], count: int, common: Slot, monthly: dict[str, Any]
    ) -> list[Slot]:
        tz = zone(monthly.get("timezone"))
        days = mapping(monthly.get("posting_window_days"))
        start_day, end_day = as_int(days.get("start")) or 1, as_int(days.get("end")) or 28
        draft_day = as_int(monthly.get("draft_due_day"))
        slots: list[Slot] = []
        for month in self.months():
            length = calendar.monthrange(month.year, month.month)[1]
            first = month.replace(day=min(start_day, length))
            last = month.replace(day=min(end_day, length))
            for n in range(1, count + 1):
                slots.append(
                    replace(
                        common,
                        label=f"{common.deliverable} {month:%Y-%m} #{n}",
                        opens=start_of(first, tz),
                        closes=start_of(last + dt.timedelta(days=1), tz),
                        draft_due=month.replace(day=min(draft_day, length)) if draft_day else None,
                        tz=tz,
                    )
                )
        return slots

    def months(self) -> list[dt.date]:
        """The first day of each calendar month that starts inside the term."""
        start, end = self.view.start, self.view.end
        if start is None or end is None:
            return []
        out: list[dt.date] = []
        month = start.replace(day=1)
        if month < start:
            month = _next_month(month)
        while month <= end:
            out.append(month)
            month = _next_month(month)
        return out

    def _instalments(self, comp: dict[str, Any]) -> list[Instalment]:
        out: list[Instalment] = []
        for index, (_, s) in enumerate(items(comp.get("schedule")), start=1):
            amount = as_decimal(s.get("amount"))
            percent = as_decimal(s.get("percent"))
            if amount is None and percent is not None:
                amount = self.fee * percent / Decimal(100)
            label = str(s.get("label") or f"Instalment {index}")
            base = Instalment(
                number=index,
                label=label,
                amount=amount or Decimal(0),
                trigger=str(s.get("trigger") or "invoice"),
                net_days=as_int(s.get("net_days")) or 0,
            )
            if s.get("recurs") == "monthly":
                out += [replace(base, month=m) for m in self.months()]
            elif base.trigger in PER_ITEM_TRIGGERS:
                out += self._per_item(base)
            else:
                out.append(base)
        return out

    def units(self) -> int:
        """How many Deliverables the Fee is divided among (the Unit Fee's divisor)."""
        months = len(self.months()) or 1
        total = 0
        for _, d in self.view.deliverables:
            total += (as_int(d.get("count")) or 1) * (months if d.get("per") == "month" else 1)
        return total

    def _per_item(self, base: Instalment) -> list[Instalment]:
        """One share of ``base`` per slot, by the Unit Fee allocation; the last takes the rest.

        A slot the brand publishes stands for its whole batch (``count`` items).
        """
        units = self.units()
        slots = self.slots
        if not slots or units <= 0:
            return [base]
        weights = [
            (as_int(self.deliverables[s.deliverable].get("count")) or 1)
            if s.posted_by == "brand"
            else 1
            for s in slots
        ]
        shares: list[Instalment] = []
        given = Decimal(0)
        for n, (slot, weight) in enumerate(zip(slots, weights, strict=True)):
            if n == len(slots) - 1 and sum(weights) == units:
                amount = base.amount - given
            else:
                amount = round_money(base.amount * weight / units, self.currency)
            given += amount
            shares.append(replace(base, amount=amount, item=slot.label))
        return shares


def _next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)

"""Money the brand owes beyond the schedule: reimbursed expenses and the cancellation fee.

Expenses: each ``expense_claimed`` event is an invoice Brand pays within 30 days (the
fees clause: every other amount within thirty days after a valid invoice), up to the
spec's cap for the whole term; payments name the instalment ``expenses``. Kill fee: a
``cancelled`` event (the date Creator received the notice; a deliverable, or none for
the whole agreement) makes the cancellation fee payable within ``kill_fee_due_days``
(30 when unstated) for each item not yet published (or, if Brand publishes it, not yet
delivered): the percent of the Unit Fee for the stage the item had reached. Payments
name the instalment ``kill_fee``. Both bear late interest like any instalment.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from contractsmith.review.model import Event
from contractsmith.review.money import money, round_money
from contractsmith.review.obligations import Instalment
from contractsmith.spec.semantic import as_decimal, as_int, items, mapping

if TYPE_CHECKING:
    from contractsmith.review.evaluate import Evaluator

EXPENSE_NET_DAYS = 30  # compensation.fees: other amounts within 30 days after the invoice
KILL_FEE_DAYS = 30  # compensation.kill_fee: the default when kill_fee_due_days is unstated
STAGES = ("before_production", "after_production_start", "after_draft_submitted",
          "after_final_approval")  # fmt: skip
"""The kill-fee stages in the order work reaches them."""


def cancellations(ev: Evaluator) -> dict[str, Event]:
    """Deliverable id -> the first cancellation that covers it."""
    out: dict[str, Event] = {}
    for e in ev.log.events_of("cancelled"):
        for ident in [e.deliverable] if e.deliverable else list(ev.ob.deliverables):
            out.setdefault(ident, e)
    return out


def _pay(ev: Evaluator, insts: list[Instalment], tag: str) -> None:
    pieces = [
        (e.amount or Decimal(0), e.date, e.where)
        for e in ev.log.events_of("payment")
        if e.instalment == tag
    ]
    rate = ev.ob.interest or Decimal(0)
    for inst in insts:
        ev.payment(inst, pieces, None, rate, ev.ob.currency)


def expenses(ev: Evaluator) -> None:
    """One payment outcome per expense claim (capped at the term's total)."""
    claims = ev.log.events_of("expense_claimed")
    if not claims:
        return
    terms = mapping(mapping(ev.spec.get("compensation")).get("expenses"))
    if not terms.get("reimbursable"):
        ev.notes.append(
            f"{len(claims)} expense claim(s) recorded, but the contract does not make "
            "expenses reimbursable: not reviewed"
        )
        return
    cap = as_decimal(terms.get("cap"))
    left = cap
    insts: list[Instalment] = []
    for n, claim in enumerate(claims, start=1):
        amount = claim.amount or Decimal(0)
        label = f"expense claim {claim.date}"
        if left is not None:
            if amount > left:
                assert cap is not None
                ev.notes.append(
                    f"{claim.where}: {label} of {money(amount, ev.ob.currency)} exceeds what "
                    f"is left of the {money(cap, ev.ob.currency)} cap; "
                    f"{money(left, ev.ob.currency)} is reimbursable"
                )
                amount = left
            left -= amount
        insts.append(
            Instalment(
                number=n,
                label=label.capitalize(),
                amount=amount,
                trigger="invoice",
                net_days=EXPENSE_NET_DAYS,
                kind="expenses",
                clause=("compensation.expenses", "compensation"),
                fixed=(claim.date, f"claimed {claim.date} ({claim.where})"),
                tag=f"{n} {claim.date}",
            )
        )
    _pay(ev, insts, "expenses")


def stage_reached(ev: Evaluator, deliverable: str, day: dt.date) -> str:
    """How far work on ``deliverable`` had gone on ``day`` (a kill-fee stage)."""
    approved = ev.approved_on.get(deliverable)
    if approved is not None and approved <= day:
        return "after_final_approval"
    for kind, stage in (("draft_submitted", "after_draft_submitted"),
                        ("production_started", "after_production_start")):  # fmt: skip
        if any(e.deliverable == deliverable and e.date <= day for e in ev.log.events_of(kind)):
            return stage
    return "before_production"


def stage_percent(table: dict[str, Decimal], stage: str) -> tuple[Decimal, str | None]:
    """The percent the table gives ``stage``: its own row, else the nearest earlier row."""
    for candidate in reversed(STAGES[: STAGES.index(stage) + 1]):
        if candidate in table:
            return table[candidate], candidate
    return Decimal(0), None


def kill_fee(ev: Evaluator) -> None:
    """One payment outcome per cancellation notice, for the items it cancelled."""
    comp = mapping(ev.spec.get("compensation"))
    table = {
        str(row.get("stage")): as_decimal(row.get("percent")) or Decimal(0)
        for _, row in items(comp.get("kill_fee"))
    }
    if not ev.cancelled:
        return
    if not table:
        ev.notes.append("the log records a cancellation but the contract states no kill fee")
        return
    units = ev.ob.units()
    unit_fee = ev.ob.fee / units if units else Decimal(0)
    due_days = as_int(comp.get("kill_fee_due_days"))
    due_days = KILL_FEE_DAYS if due_days is None else due_days
    by_event: dict[str, list[str]] = {}
    notices: dict[str, Event] = {}
    for ident, event in ev.cancelled.items():
        by_event.setdefault(event.where, []).append(ident)
        notices[event.where] = event
    insts: list[Instalment] = []
    for n, (where, idents) in enumerate(sorted(by_event.items()), start=1):
        event = notices[where]
        total = Decimal(0)
        parts: list[str] = []
        for ident in sorted(idents):
            open_items = _open_items(ev, ident, event.date)
            if not open_items:
                continue
            stage = stage_reached(ev, ident, event.date)
            percent, row = stage_percent(table, stage)
            amount = unit_fee * open_items * percent / Decimal(100)
            total += amount
            parts.append(
                f"{ident}: {open_items} item(s) {stage.replace('_', ' ')}, "
                f"{percent}% of the Unit Fee" + ("" if row == stage else f" (row {row})")
            )
        if not parts:
            continue
        amount = round_money(total, ev.ob.currency)
        how = (
            f"cancelled {event.date} ({where}): "
            + "; ".join(parts)
            + f"; Unit Fee {money(unit_fee, ev.ob.currency)}; instalments already paid for "
            "these items count towards this fee"
        )
        insts.append(
            Instalment(
                number=n,
                label="Cancellation fee",
                amount=amount,
                trigger="cancellation",
                net_days=due_days,
                kind="kill_fee",
                clause=("compensation.kill_fee", "compensation"),
                fixed=(event.date, how),
                tag=f"{event.date}",
            )
        )
    _pay(ev, insts, "kill_fee")


def _open_items(ev: Evaluator, ident: str, day: dt.date) -> int:
    """Items of ``ident`` not published (or, if Brand publishes, not delivered) by ``day``."""
    slots = [s for s in ev.ob.slots if s.deliverable == ident]
    if not slots:
        return 0
    if slots[0].posted_by == "brand":
        if any(e.deliverable == ident and e.date <= day for e in ev.log.events_of("delivered")):
            return 0
        return as_int(ev.ob.deliverables[ident].get("count")) or 1
    done = sum(1 for p in ev.log.posts if p.deliverable == ident and p.posted_at.date() <= day)
    return max(0, len(slots) - done)

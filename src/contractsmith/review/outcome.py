"""The result of a review: one ``Outcome`` per obligation, plus money and deadlines."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from contractsmith.review.clauses import ClauseRef

STATUSES = ("met", "late", "missed", "at_risk", "not_yet_due")
"""Every status an obligation can have, relative to the review's as-of date."""

FAILED = ("late", "missed")


@dataclass
class Outcome:
    """One obligation judged against the log: who owes it, its status and the evidence."""

    key: str  # stable: "posting:D1 #1"
    party: str  # "creator" | "brand"
    kind: str  # posting, delivery, draft, live, disclosure, kpi, payment, usage
    title: str
    clause: ClauseRef
    status: str
    due: str | None = None  # ISO date or date-time the obligation fell due
    evidence: str = ""
    late_by: str | None = None  # "2 days 5 hours"
    figures: dict[str, str] = field(default_factory=dict)
    remedy: str | None = None
    remedy_due: dt.date | None = None
    remedy_clause: ClauseRef | None = None
    breach: bool = True  # False for KPI targets the contract calls goals, not guarantees

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "party": self.party,
            "kind": self.kind,
            "title": self.title,
            "status": self.status,
            "due": self.due,
            "late_by": self.late_by,
            "evidence": self.evidence,
            "clause": {
                "clause_id": self.clause.clause_id,
                "section": self.clause.section,
                "reference": self.clause.describe(),
            },
            "figures": dict(self.figures),
            "remedy": self.remedy,
            "remedy_due": self.remedy_due.isoformat() if self.remedy_due else None,
            "remedy_clause": self.remedy_clause.describe() if self.remedy_clause else None,
            "breach": self.breach,
        }


@dataclass(frozen=True)
class Deadline:
    """An upcoming date for the calendar: what falls due, for whom, under which clause."""

    day: dt.date
    title: str
    kind: str
    party: str
    clause: ClauseRef

    def to_dict(self) -> dict[str, Any]:
        return {
            "date": self.day.isoformat(),
            "title": self.title,
            "kind": self.kind,
            "party": self.party,
            "clause": self.clause.describe(),
        }


@dataclass
class Money:
    """What the brand owes and has paid, exact, in the contract currency."""

    currency: str
    due: Decimal = Decimal(0)  # instalments already due
    paid: Decimal = Decimal(0)
    outstanding: Decimal = Decimal(0)  # due and not paid
    interest: Decimal = Decimal(0)  # late interest owed
    basis: str = ""

    def to_dict(self) -> dict[str, str]:
        from contractsmith.review.money import round_money

        out = {
            k: str(round_money(getattr(self, k), self.currency))
            for k in ("due", "paid", "outstanding", "interest")
        }
        out["currency"] = self.currency
        out["interest_basis"] = self.basis
        return out


@dataclass
class Review:
    """Everything one review found."""

    contract: str
    log: str
    as_of: dt.date
    title: str
    reference: str
    parties: dict[str, str]
    outcomes: list[Outcome]
    money: Money
    deadlines: list[Deadline]
    notes: list[str] = field(default_factory=list)
    spec_sha256: str = ""

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status in FAILED]

    def counts(self, party: str | None = None) -> dict[str, int]:
        counts = dict.fromkeys(STATUSES, 0)
        for o in self.outcomes:
            if party is None or o.party == party:
                counts[o.status] += 1
        return counts

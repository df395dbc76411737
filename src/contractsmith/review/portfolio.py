"""The portfolio table: several reviews summed up per creator and per brand.

Every rate is a plain ratio printed with its formula, so a rating can be checked by hand:

* on-time rate = posts and deliveries met / those met, late or missed;
* disclosure compliance = disclosures met / disclosures judged;
* KPI attainment = the mean of each measured target's attainment (actual / target), capped
  at 100% per target so one viral post cannot hide a missed target;
* payment punctuality = instalments paid on time / instalments paid or overdue.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal

from contractsmith.report.safe_text import printable
from contractsmith.review.outcome import Review

FORMULAS = (
    "on-time = posts and deliveries met / (met + late + missed)",
    "disclosure = disclosures met / (met + missed)",
    "KPI = mean over measured targets of min(actual / target, 100%)",
    "payments = instalments paid on time / (on time + late + overdue)",
)


@dataclass
class Tally:
    """Counts for one creator or brand over its reviews."""

    name: str
    role: str
    contracts: list[str] = field(default_factory=list)
    on_time: list[int] = field(default_factory=lambda: [0, 0])  # met, judged
    disclosure: list[int] = field(default_factory=lambda: [0, 0])
    payments: list[int] = field(default_factory=lambda: [0, 0])
    kpi: list[Decimal] = field(default_factory=list)

    def add(self, review: Review) -> None:
        self.contracts.append(review.reference or review.contract)
        for o in review.outcomes:
            judged = o.status in ("met", "late", "missed")
            bucket = {
                "posting": self.on_time,
                "delivery": self.on_time,
                "disclosure": self.disclosure,
                "payment": self.payments,
            }.get(o.kind)
            if bucket is not None and judged:
                bucket[1] += 1
                bucket[0] += o.status == "met"
            if o.kind == "kpi" and "attainment_percent" in o.figures:
                self.kpi.append(min(Decimal(o.figures["attainment_percent"]), Decimal(100)))

    def rates(self) -> dict[str, str | None]:
        def ratio(pair: list[int]) -> str | None:
            return f"{Decimal(pair[0] * 100) / pair[1]:.1f}" if pair[1] else None

        kpi = f"{sum(self.kpi, Decimal(0)) / len(self.kpi):.1f}" if self.kpi else None
        if self.role == "creator":
            return {"on_time": ratio(self.on_time), "disclosure": ratio(self.disclosure),
                    "kpi": kpi}  # fmt: skip
        return {"payments": ratio(self.payments)}


def tally(reviews: list[Review]) -> list[Tally]:
    """One tally per creator, then one per brand, each sorted by name."""
    found: dict[tuple[str, str], Tally] = {}
    for review in reviews:
        for role in ("creator", "brand"):
            name = review.parties.get(role, role)
            found.setdefault((role, name), Tally(name, role)).add(review)
    return sorted(found.values(), key=lambda t: (t.role != "creator", t.name))


def to_text(reviews: list[Review]) -> str:
    """The portfolio as a text table with its formulas."""
    lines = [f"Portfolio of {len(reviews)} contract(s)", ""]
    for t in tally(reviews):
        rates = {k: (f"{v}%" if v is not None else "n/a") for k, v in t.rates().items()}
        shown = "  ".join(f"{k}: {v}" for k, v in rates.items())
        lines.append(f"  {t.role:<7}  {t.name}  ({len(t.contracts)} contract(s))  {shown}")
    lines += ["", "How each rate is computed:"] + [f"  {f}" for f in FORMULAS]
    return "\n".join(printable(line) for line in lines) + "\n"


def to_json(reviews: list[Review]) -> str:
    """The portfolio as JSON: one row per creator and brand, with the formulas."""
    rows = [
        {"role": t.role, "name": t.name, "contracts": t.contracts, "rates_percent": t.rates()}
        for t in tally(reviews)
    ]
    return (
        json.dumps({"formulas": list(FORMULAS), "rows": rows}, indent=2, ensure_ascii=False) + "\n"
    )

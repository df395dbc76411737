"""Amendments: a log may name later versions of the spec, each in force from a date.

``amendments:`` in the log lists ``{spec: FILE, effective: YYYY-MM-DD}`` (FILE relative
to the log). The review is run once per version, and each obligation is taken from the
version in force on the day it falls due (obligations with no due date, and the title
and parties, from the version in force on the as-of date). The money totals are then
added up again from the payments kept, so nothing is counted twice.
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from contractsmith.review.clauses import ClauseIndex
from contractsmith.review.load import LogLoadError, RawLog
from contractsmith.review.model import CampaignLog
from contractsmith.review.money import INTEREST_BASIS, round_money
from contractsmith.review.outcome import Money, Outcome, Review
from contractsmith.spec.load import SpecLoadError, load_spec

MONEY_KINDS = ("payment", "expenses", "kill_fee")


@dataclass(frozen=True)
class Amendment:
    """A signed change: the spec as amended and the first day it is in force."""

    effective: dt.date
    path: str
    spec: dict[str, Any]


def load_amendments(raw: RawLog) -> list[Amendment]:
    """The log's amendments in date order; ``LogLoadError`` (one line) for a bad entry."""
    value = raw.data.get("amendments")
    if value is None:
        return []
    if not isinstance(value, list):
        raise LogLoadError(f"{raw.path}: amendments must be a list")
    out: list[Amendment] = []
    for index, entry in enumerate(value):
        where = f"{raw.path}: amendments[{index}]"
        if not isinstance(entry, dict) or set(entry) - {"spec", "effective", "note"}:
            raise LogLoadError(f"{where}: write {{spec: FILE, effective: YYYY-MM-DD, note: ...}}")
        try:
            effective = dt.date.fromisoformat(str(entry.get("effective")))
        except ValueError:
            raise LogLoadError(
                f"{where}: effective {entry.get('effective')!r} is not YYYY-MM-DD"
            ) from None
        if not isinstance(entry.get("spec"), str) or not entry["spec"].strip():
            raise LogLoadError(f"{where}: spec must name the amended spec file")
        path = Path(raw.path).parent / entry["spec"]
        try:
            spec = load_spec(path, name=str(path)).data
        except SpecLoadError as exc:
            raise LogLoadError(f"{where}: {exc}") from None
        out.append(Amendment(effective, str(path), spec))
    out.sort(key=lambda a: a.effective)
    if len({a.effective for a in out}) != len(out):
        raise LogLoadError(f"{raw.path}: two amendments take effect on the same day")
    return out


def _day(value: str | None, fallback: dt.date) -> dt.date:
    return dt.date.fromisoformat(value[:10]) if value else fallback


def combine(
    base: dict[str, Any],
    amendments: list[Amendment],
    log: CampaignLog,
    *,
    as_of: dt.date,
    clauses: ClauseIndex,
    contract: str,
    spec_sha256: str = "",
) -> Review:
    """The review with each obligation judged under the version in force when it fell due."""
    from contractsmith.review.evaluate import KINDS, review

    specs = [base] + [a.spec for a in amendments]
    starts = [a.effective for a in amendments]
    reviews = [
        review(s, log, as_of=as_of, clauses=clauses, contract=contract, spec_sha256=spec_sha256)
        for s in specs
    ]

    def version(day: dt.date) -> int:
        return bisect.bisect_right(starts, day)

    outcomes: list[Outcome] = [
        o for i, r in enumerate(reviews) for o in r.outcomes
        if version(_day(o.due, as_of)) == i
    ]  # fmt: skip
    order = {"creator": 0, "brand": 1}
    outcomes.sort(key=lambda o: (order[o.party], KINDS.index(o.kind), o.key))
    current = reviews[version(as_of)]
    result = Review(
        contract=contract,
        log=log.path,
        as_of=as_of,
        title=current.title,
        reference=current.reference,
        parties=current.parties,
        outcomes=outcomes,
        money=_money(outcomes, current.money.currency, as_of),
        deadlines=sorted(
            {d for i, r in enumerate(reviews) for d in r.deadlines if version(d.day) == i},
            key=lambda d: (d.day, d.title),
        ),
        notes=list(dict.fromkeys(n for r in reviews for n in r.notes)),
        spec_sha256=spec_sha256,
    )
    for a in amendments:
        result.notes.append(f"amendment {a.path} in force from {a.effective}")
    return result


def _money(outcomes: list[Outcome], currency: str, as_of: dt.date) -> Money:
    total = Money(currency, basis=INTEREST_BASIS)
    for o in outcomes:
        if o.kind not in MONEY_KINDS or "amount" not in o.figures:
            continue
        if o.due is not None and _day(o.due, as_of) <= as_of:
            total.due += Decimal(o.figures["amount"])
        total.paid += Decimal(o.figures.get("paid", "0"))
        total.outstanding += Decimal(o.figures.get("outstanding", "0"))
        total.interest += Decimal(o.figures.get("interest", "0"))
    for key in ("due", "paid", "outstanding", "interest"):
        setattr(total, key, round_money(getattr(total, key), currency))
    return total

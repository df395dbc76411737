"""Semantic rules (S1xx): what a contract spec must satisfy beyond its JSON Schema.

Each rule is a function ``(SpecView) -> Iterator[Issue]`` registered in ``RULES``. The
rules read the spec defensively: a value of the wrong type has already been reported by
the schema, so a rule simply skips it. Jurisdiction requirements live in the tables of
``contractsmith.spec.jurisdictions`` rather than in code.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import MAXYEAR, MINYEAR, date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from contractsmith.spec import jurisdictions as jur
from contractsmith.spec.currencies import ISO_4217
from contractsmith.spec.limits import clip, year_in_range

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DECIMAL_RE = re.compile(r"^\d{1,12}(\.\d{1,4})?$")

KILL_FEE_ORDER = (
    "before_production",
    "after_production_start",
    "after_draft_submitted",
    "after_final_approval",
)
PAID_USE_TYPES = ("paid_brand_handle", "whitelisting_creator_handle", "ooh", "print", "tv")


@dataclass(frozen=True)
class Issue:
    """One rule violation before it becomes a Finding: code, JSON Pointer, message."""

    code: str
    pointer: str
    message: str


# --- typed accessors -------------------------------------------------------------------


def as_date(value: Any) -> date | None:
    """``value`` as a date when it is a valid YYYY-MM-DD string in the allowed years, else None."""
    if isinstance(value, str) and _DATE_RE.match(value):
        try:
            day = date.fromisoformat(value)
        except ValueError:
            return None
        return day if year_in_range(day) else None
    return None


def as_decimal(value: Any) -> Decimal | None:
    """``value`` as a Decimal when it is an exact decimal string, else None."""
    if isinstance(value, str) and _DECIMAL_RE.match(value):
        try:
            return Decimal(value)
        except InvalidOperation:  # pragma: no cover - the regex already guarantees it
            return None
    return None


def as_int(value: Any) -> int | None:
    """``value`` when it is an int (and not a bool), else None."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def mapping(value: Any) -> dict[str, Any]:
    """``value`` when it is a dict, else an empty dict."""
    return value if isinstance(value, dict) else {}


def _quote(value: Any) -> str:
    """``repr(value)`` cut short, so a message never echoes a whole long value."""
    return clip(repr(value))


def _name(deliverable: dict[str, Any], index: int) -> str:
    """How a message names a deliverable: its id (cut short), else its index."""
    return clip(str(deliverable.get("id", index)))


def items(value: Any) -> list[tuple[int, dict[str, Any]]]:
    """``(index, item)`` for the dict items of a list (others skipped)."""
    if not isinstance(value, list):
        return []
    return [(i, v) for i, v in enumerate(value) if isinstance(v, dict)]


def add_months(start: date, months: int) -> date | None:
    """``start`` moved ``months`` calendar months later (day clamped to the month's end).

    None when the result falls outside the dates Python can hold (an out-of-range number
    the schema has already reported): date arithmetic here never raises.
    """
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    if not MINYEAR <= year <= MAXYEAR:
        return None
    day = min(start.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


def add_days(start: date | None, days: int) -> date | None:
    """``start`` moved ``days`` days (negative: earlier), or None when out of Python's range."""
    if start is None:
        return None
    try:
        return start + timedelta(days=days)
    except OverflowError:
        return None


class SpecView:
    """Read-only helpers over spec data that the rules share."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.term = mapping(data.get("term"))
        self.comp = mapping(data.get("compensation"))
        self.retainer = mapping(data.get("retainer"))
        self.disclosure = mapping(data.get("disclosure"))
        self.parties = mapping(data.get("parties"))
        self.deliverables = items(data.get("deliverables"))
        self.start = as_date(self.term.get("effective_date"))
        self.end = self._term_end()
        if self.start is not None and self.end is not None and self.end <= self.start:
            self.end = None  # reported once as S103; do not judge other dates against it

    def _term_end(self) -> date | None:
        end = as_date(self.term.get("end_date"))
        if end is not None:
            return end
        months = as_int(self.term.get("duration_months"))
        if self.start is not None and months:
            return add_days(add_months(self.start, months), -1)
        return None

    def in_term(self, day: date) -> bool:
        """True when ``day`` is inside the term (or the term's bounds are unknown)."""
        if self.start is not None and day < self.start:
            return False
        return not (self.end is not None and day > self.end)

    def posted_by(self, deliverable: dict[str, Any]) -> str:
        """``brand`` when the brand publishes the deliverable, else ``creator``."""
        return "brand" if deliverable.get("posted_by") == "brand" else "creator"

    def creator_posts(self) -> bool:
        """True when at least one deliverable is published by the creator."""
        return any(self.posted_by(d) == "creator" for _, d in self.deliverables)

    def jurisdictions(self) -> list[str]:
        """The audience jurisdiction codes listed in the disclosure block."""
        value = self.disclosure.get("jurisdictions")
        return [j for j in value if isinstance(j, str)] if isinstance(value, list) else []

    def label_for(self, code: str) -> tuple[str | None, str]:
        """The label used for jurisdiction ``code`` and the pointer where it is set."""
        by = mapping(self.disclosure.get("labels_by_jurisdiction"))
        if isinstance(by.get(code), str):
            return by[code], f"/disclosure/labels_by_jurisdiction/{code}"
        label = self.disclosure.get("label")
        return (label if isinstance(label, str) else None), "/disclosure/label"

    def deliverable_dates(self, d: dict[str, Any]) -> list[tuple[str, date]]:
        """Every date of deliverable ``d``: ``(relative pointer, date)``."""
        found: list[tuple[str, date]] = []
        for key in ("draft_due", "posting_date", "final_due"):
            day = as_date(d.get(key))
            if day is not None:
                found.append((f"/{key}", day))
        window = mapping(d.get("posting_window"))
        for key in ("start", "end"):
            day = as_date(window.get(key))
            if day is not None:
                found.append((f"/posting_window/{key}", day))
        return found

    def posting_start(self, d: dict[str, Any]) -> tuple[str, date] | None:
        """Relative pointer and date of the first day ``d`` may go live, if dated."""
        day = as_date(mapping(d.get("posting_window")).get("start"))
        if day is not None:
            return "/posting_window/start", day
        day = as_date(d.get("posting_date"))
        return ("/posting_date", day) if day is not None else None

    def campaign_span(self) -> tuple[date, date] | None:
        """First and last go-live (or delivery) date over all deliverables, if any."""
        days: list[date] = []
        for _, d in self.deliverables:
            days += [day for ptr, day in self.deliverable_dates(d) if ptr != "/draft_due"]
        return (min(days), max(days)) if days else None


Rule = Callable[[SpecView], Iterator[Issue]]
RULES: list[Rule] = []


def rule(func: Rule) -> Rule:
    """Register a semantic rule."""
    RULES.append(func)
    return func


# --- term and dates --------------------------------------------------------------------


@rule
def term_dates(v: SpecView) -> Iterator[Issue]:
    """S103/S104/S152: the term ends after it starts, has an end, and renewals have notice."""
    end = as_date(v.term.get("end_date"))
    if v.start is not None and end is not None and end <= v.start:
        yield Issue("S103", "/term/end_date", f"term ends {end} but takes effect {v.start}")
    if isinstance(v.data.get("term"), dict) and not {"end_date", "duration_months"} & set(v.term):
        yield Issue("S104", "/term", "term has neither end_date nor duration_months")
    renewal = mapping(v.term.get("renewal"))
    if renewal.get("type") in ("option", "automatic") and "notice_days" not in renewal:
        yield Issue("S152", "/term/renewal", f"{renewal['type']} renewal has no notice_days")


@rule
def deliverable_dates(v: SpecView) -> Iterator[Issue]:
    """S101/S102/S105: drafts precede posting, ranges run forward, dates sit in the term."""
    for i, d in v.deliverables:
        base = f"/deliverables/{i}"
        draft = as_date(d.get("draft_due"))
        start = v.posting_start(d)
        if draft is not None and start is not None and draft > start[1]:
            yield Issue(
                "S101", f"{base}/draft_due", f"draft due {draft} is after posting starts {start[1]}"
            )
        delivery = as_date(d.get("final_due"))
        if draft is not None and delivery is not None and draft > delivery:
            yield Issue(
                "S101", f"{base}/draft_due", f"draft due {draft} is after delivery {delivery}"
            )
        window = mapping(d.get("posting_window"))
        w_start, w_end = as_date(window.get("start")), as_date(window.get("end"))
        if w_start is not None and w_end is not None and w_start > w_end:
            yield Issue(
                "S102",
                f"{base}/posting_window/end",
                f"posting window ends {w_end} before it starts {w_start}",
            )
        for ptr, day in v.deliverable_dates(d):
            if not v.in_term(day):
                yield Issue("S105", base + ptr, f"{day} is outside the term ({v.start} to {v.end})")
        monthly = mapping(d.get("monthly"))
        days = mapping(monthly.get("posting_window_days"))
        m_start, m_end = as_int(days.get("start")), as_int(days.get("end"))
        if m_start is not None and m_end is not None and m_start > m_end:
            yield Issue(
                "S102",
                f"{base}/monthly/posting_window_days/end",
                f"posting days run from {m_start} to {m_end}",
            )
        draft_day = as_int(monthly.get("draft_due_day"))
        if draft_day is not None and m_start is not None and draft_day > m_start:
            yield Issue(
                "S101",
                f"{base}/monthly/draft_due_day",
                f"draft due on day {draft_day}, posting from day {m_start}",
            )
        duration = mapping(d.get("duration_seconds"))
        low, high = as_int(duration.get("min")), as_int(duration.get("max"))
        if low is not None and high is not None and low > high:
            yield Issue(
                "S102", f"{base}/duration_seconds/max", f"duration max {high}s is below min {low}s"
            )


@rule
def deliverable_timing(v: SpecView) -> Iterator[Issue]:
    """S106: every deliverable has a date (posting, final files or monthly schedule)."""
    for i, d in v.deliverables:
        if v.posted_by(d) == "brand":
            dated = "final_due" in d or "monthly" in d
            needs = "final_due"
        else:
            dated = any(k in d for k in ("posting_window", "posting_date", "monthly"))
            needs = "posting_window or posting_date"
        if not dated:
            yield Issue("S106", f"/deliverables/{i}", f"deliverable {_name(d, i)} has no {needs}")


@rule
def deliverable_ids(v: SpecView) -> Iterator[Issue]:
    """S107/S108: deliverable ids are unique and every reference to one resolves."""
    seen: set[str] = set()
    for i, d in v.deliverables:
        ident = d.get("id")
        if isinstance(ident, str):
            if ident in seen:
                yield Issue(
                    "S107", f"/deliverables/{i}/id", f"deliverable id {_quote(ident)} is used twice"
                )
            seen.add(ident)
    references = [
        (f"/kpis/metrics/{k}/deliverable", m)
        for k, m in items(mapping(v.data.get("kpis")).get("metrics"))
    ] + [
        (f"/compensation/performance_bonus/{k}/deliverable", b)
        for k, b in items(v.comp.get("performance_bonus"))
    ]
    for ptr, holder in references:
        ref = holder.get("deliverable")
        if isinstance(ref, str) and ref not in seen:
            yield Issue("S108", ptr, f"no deliverable has id {_quote(ref)}")


@rule
def other_dates(v: SpecView) -> Iterator[Issue]:
    """S109: milestones, product delivery and the embargo fall inside the term."""
    for k, milestone in items(v.data.get("milestones")):
        day = as_date(milestone.get("date"))
        if day is not None and not v.in_term(day):
            yield Issue(
                "S109", f"/milestones/{k}/date", f"milestone date {day} is outside the term"
            )
    day = as_date(mapping(v.comp.get("product")).get("delivery_date"))
    if day is not None and not v.in_term(day):
        yield Issue(
            "S109",
            "/compensation/product/delivery_date",
            f"product delivery {day} is outside the term",
        )
    day = as_date(mapping(v.data.get("confidentiality")).get("embargo_until"))
    if day is not None and not v.in_term(day):
        yield Issue(
            "S109", "/confidentiality/embargo_until", f"embargo date {day} is outside the term"
        )


# --- money ---------------------------------------------------------------------------------


@rule
def currency(v: SpecView) -> Iterator[Issue]:
    """S112: the currency is a known ISO 4217 code."""
    code = v.comp.get("currency")
    if isinstance(code, str) and re.fullmatch(r"[A-Z]{3}", code) and code not in ISO_4217:
        yield Issue("S112", "/compensation/currency", f"{code!r} is not an ISO 4217 currency code")


def _fmt(amount: Decimal) -> str:
    return f"{amount.normalize():f}"


@rule
def payment_schedule(v: SpecView) -> Iterator[Issue]:
    """S110/S111: each instalment is a percent or an amount, and they add up to the fee."""
    schedule = items(v.comp.get("schedule"))
    if not schedule:
        return
    fee = as_decimal(v.comp.get("fee"))
    months = as_int(v.retainer.get("months")) or 1
    total_percent, total_amount, complete = Decimal(0), Decimal(0), True
    for k, item in schedule:
        has_percent, has_amount = "percent" in item, "amount" in item
        if has_percent == has_amount:
            yield Issue(
                "S110",
                f"/compensation/schedule/{k}",
                "instalment gives "
                + ("both percent and amount" if has_percent else "neither percent nor amount"),
            )
            complete = False
            continue
        times = months if item.get("recurs") == "monthly" else 1
        value = as_decimal(item.get("percent" if has_percent else "amount"))
        if value is None:
            complete = False
        elif has_percent:
            total_percent += value * times
        else:
            total_amount += value * times
    if not complete:
        return
    if total_amount == 0:
        if total_percent != 100:
            yield Issue(
                "S111",
                "/compensation/schedule",
                f"instalments add up to {_fmt(total_percent)}%, not 100%",
            )
    elif fee is not None:
        total = total_amount + fee * total_percent / 100
        if total != fee:
            yield Issue(
                "S111",
                "/compensation/schedule",
                f"instalments add up to {_fmt(total)}, but the fee is {_fmt(fee)}",
            )


@rule
def deliverable_fees(v: SpecView) -> Iterator[Issue]:
    """S119: per-deliverable fee shares do not exceed (or, all given, equal) the fee."""
    fee = as_decimal(v.comp.get("fee"))
    if fee is None:
        return
    months = as_int(v.retainer.get("months")) or 1
    stated, unpriced = Decimal(0), 0
    for _, d in v.deliverables:
        share, count = as_decimal(d.get("fee")), as_int(d.get("count")) or 1
        if share is None:
            unpriced += 1
            continue
        stated += share * count * (months if d.get("per") == "month" else 1)
    if stated == 0:
        return
    if (unpriced == 0 and stated != fee) or (unpriced and stated >= fee):
        rest = (
            "" if unpriced == 0 else f", leaving nothing for {unpriced} deliverable(s) without one"
        )
        yield Issue(
            "S119",
            "/deliverables",
            f"deliverable fees add up to {_fmt(stated)} but the fee is {_fmt(fee)}{rest}",
        )


@rule
def kill_fee(v: SpecView) -> Iterator[Issue]:
    """S113/S114: kill-fee stages are in order, never decrease and stay within 100%."""
    last_rank, last_percent = -1, Decimal(0)
    for k, stage in items(v.comp.get("kill_fee")):
        name, pct = stage.get("stage"), as_decimal(stage.get("percent"))
        if pct is not None and pct > 100:
            yield Issue(
                "S114",
                f"/compensation/kill_fee/{k}/percent",
                f"kill fee of {_fmt(pct)}% is above 100%",
            )
        if name not in KILL_FEE_ORDER:
            continue
        rank = KILL_FEE_ORDER.index(name)
        if rank <= last_rank:
            yield Issue(
                "S113",
                f"/compensation/kill_fee/{k}/stage",
                f"stage {name} is repeated or listed out of order",
            )
        elif pct is not None and pct < last_percent:
            yield Issue(
                "S113",
                f"/compensation/kill_fee/{k}/percent",
                f"{_fmt(pct)}% is lower than the {_fmt(last_percent)}% of an earlier stage",
            )
        last_rank = max(last_rank, rank)
        if pct is not None:
            last_percent = max(last_percent, pct)


# --- retainer ------------------------------------------------------------------------------


@rule
def retainer_terms(v: SpecView) -> Iterator[Issue]:
    """S115-S118: retainer deals have monthly terms that match the fee and the term."""
    kind = v.data.get("kind")
    monthly = [(i, d) for i, d in v.deliverables if d.get("per") == "month"]
    if kind in ("retainer", "ambassador") and "retainer" not in v.data:
        yield Issue("S116", "/retainer", f"a {kind} deal needs a retainer block")
    if "retainer" in v.data and v.deliverables and not monthly:
        yield Issue("S117", "/retainer", "retainer block but no deliverable has per: month")
    if "retainer" not in v.data and kind not in ("retainer", "ambassador"):
        for i, _ in monthly:
            yield Issue(
                "S117",
                f"/deliverables/{i}/per",
                "monthly quota but no retainer block gives the months",
            )
    months, monthly_fee = (
        as_int(v.retainer.get("months")),
        as_decimal(v.retainer.get("monthly_fee")),
    )
    fee = as_decimal(v.comp.get("fee"))
    if months and monthly_fee is not None and fee is not None and monthly_fee * months != fee:
        yield Issue(
            "S115",
            "/compensation/fee",
            f"fee {_fmt(fee)} is not {_fmt(monthly_fee)} x {months} = {_fmt(monthly_fee * months)}",
        )
    last_day = add_days(add_months(v.start, months), -1) if months and v.start else None
    if last_day is not None and v.end is not None and last_day != v.end:
        yield Issue(
            "S118",
            "/retainer/months",
            f"{months} months from {v.start} do not end on the term end {v.end}",
        )


# --- usage and IP --------------------------------------------------------------------------


@rule
def usage(v: SpecView) -> Iterator[Issue]:
    """S121-S124: licensed uses have a duration or a priced perpetuity; paid uses are priced."""
    rights = mapping(v.data.get("usage_rights"))
    ip = mapping(v.data.get("ip"))
    brand_owns = ip.get("owner") == "brand"
    # An assignment is itself perpetual; its fee prices every use the brand makes.
    priced = "perpetual_fee" in rights or (brand_owns and "assignment_fee" in ip)
    all_perpetual = rights.get("perpetual") is True
    for k, use in items(rights.get("uses")):
        base = f"/usage_rights/uses/{k}"
        perpetual = all_perpetual or use.get("perpetual") is True
        if perpetual:
            if "fee" not in use and not priced:
                yield Issue("S122", base, f"perpetual {use.get('type', 'use')} has no fee")
        elif "duration_days" not in use and not brand_owns:
            yield Issue("S121", base, f"{use.get('type', 'use')} has no duration_days")
        if use.get("type") in PAID_USE_TYPES and "fee" not in use and not brand_owns:
            yield Issue("S123", base, f"{use['type']} has no fee")
        if use.get("type") == "whitelisting_creator_handle" and "spend_cap" not in use:
            yield Issue("S124", base, "whitelisting has no spend_cap")


@rule
def ownership(v: SpecView) -> Iterator[Issue]:
    """S125-S127: assignments are priced and brand-posted content is disclosed as paid."""
    ip = mapping(v.data.get("ip"))
    if ip.get("owner") == "brand" and "assignment_fee" not in ip:
        yield Issue("S125", "/ip", "ip.owner is brand but ip.assignment_fee is missing")
    brand_posts = any(v.posted_by(d) == "brand" for _, d in v.deliverables)
    if brand_posts and v.disclosure.get("brand_ads_disclose_connection") is not True:
        yield Issue(
            "S126",
            "/disclosure",
            "brand posts the content but brand_ads_disclose_connection is not true",
        )
    if v.data.get("kind") == "ugc":
        for i, d in v.deliverables:
            if v.posted_by(d) == "creator":
                yield Issue(
                    "S127",
                    f"/deliverables/{i}",
                    f"UGC deliverable {_name(d, i)} is posted by the creator",
                )


# --- exclusivity ---------------------------------------------------------------------------


@rule
def exclusivity(v: SpecView) -> Iterator[Issue]:
    """S131-S133: exclusivity is defined, and paid for if it outlasts the term."""
    excl = mapping(v.data.get("exclusivity"))
    if excl.get("exclusive") is not True:
        return
    if not excl.get("category") and not excl.get("competitors"):
        yield Issue("S132", "/exclusivity", "exclusive: true but no category or competitors")
    span = v.campaign_span() if excl.get("measured_from", "posting") == "posting" else None
    first = span[0] if span else v.start
    last = span[1] if span else v.end
    after, before = as_int(excl.get("days_after")), as_int(excl.get("days_before"))
    if last is not None and after and v.end is not None and "fee" not in excl:
        until = add_days(last, after)
        if until is not None and until > v.end:
            yield Issue(
                "S131",
                "/exclusivity/days_after",
                f"exclusivity runs to {until}, after the term ends {v.end}, with no fee",
            )
    if first is not None and before and v.start is not None:
        since = add_days(first, -before)
        if since is not None and since < v.start:
            yield Issue(
                "S133",
                "/exclusivity/days_before",
                f"exclusivity starts {since}, before the term starts {v.start}",
            )


# --- disclosure and jurisdictions --------------------------------------------------------


@rule
def disclosure_labels(v: SpecView) -> Iterator[Issue]:
    """S142/S145-S150: the in-content label is present, clear and right per audience."""
    if "disclosure" not in v.data:
        return
    hashtags = {
        h.casefold()
        for _, d in v.deliverables
        for h in (d["hashtags"] if isinstance(d.get("hashtags"), list) else [])
        if isinstance(h, str)
    }
    banned: set[str] = set()
    labels = [("/disclosure/label", v.disclosure.get("label"))]
    by = mapping(v.disclosure.get("labels_by_jurisdiction"))
    labels += [(f"/disclosure/labels_by_jurisdiction/{k}", lab) for k, lab in by.items()]
    for ptr, lab in labels:
        if not isinstance(lab, str):
            continue
        norm = jur.normalise_label(lab)
        if norm in jur.BANNED_LABELS or lab.strip().casefold() in hashtags:
            banned.add(ptr)
            yield Issue("S146", ptr, f"{_quote(lab)} does not disclose an ad")
    codes = v.jurisdictions()
    for key in by:
        if key not in codes:
            yield Issue(
                "S150",
                f"/disclosure/labels_by_jurisdiction/{key}",
                f"label for {key}, which is not in disclosure.jurisdictions",
            )
    creator_posts = v.creator_posts()
    missing = [c for c in codes if v.label_for(c)[0] is None]
    if creator_posts and missing:
        yield Issue("S147", "/disclosure", f"no label for {', '.join(missing)}")
    if creator_posts and v.disclosure.get("platform_tool_required") is not True:
        yield Issue("S149", "/disclosure", "platform_tool_required is not true")
    for code in codes:
        pack = jur.PACKS.get(code)
        label, ptr = v.label_for(code)
        if pack is None or label is None or ptr in banned or pack.approved_labels is None:
            continue
        if jur.normalise_label(label) not in pack.approved_labels:
            yield Issue(
                pack.label_rule, ptr, f"{_quote(label)} is not an approved label for {code}"
            )


@rule
def jurisdiction_fields(v: SpecView) -> Iterator[Issue]:
    """S141/S143/S144: fields a jurisdiction makes mandatory (France: Loi 2023-451)."""
    codes = v.jurisdictions()
    creator = mapping(v.parties.get("creator"))
    for code in codes:
        pack = jur.PACKS.get(code)
        if pack is None:
            continue
        if pack.creator_tax_residence and "tax_residence" not in creator and "creator" in v.parties:
            yield Issue("S141", "/parties/creator", "creator has no tax_residence")
        if pack.party_contact:
            for role, party in v.parties.items():
                if not isinstance(party, dict):
                    continue
                absent = [f for f in ("address", "email") if not party.get(f)]
                if absent:
                    yield Issue("S144", f"/parties/{role}", f"{role} has no {' or '.join(absent)}")
        law = mapping(v.data.get("governing_law")).get("law")
        if (
            pack.law_words
            and isinstance(law, str)
            and not any(word in law.casefold() for word in pack.law_words)
        ):
            yield Issue("S143", "/governing_law/law", f"governing law is {_quote(law)}")


@rule
def minors(v: SpecView) -> Iterator[Issue]:
    """S151: a minor party has a guardian."""
    for role, party in v.parties.items():
        if isinstance(party, dict) and party.get("is_minor") is True and "guardian" not in party:
            yield Issue("S151", f"/parties/{role}/is_minor", f"{role} is a minor with no guardian")


def check(data: dict[str, Any]) -> list[Issue]:
    """Run every semantic rule over ``data`` and return the issues in rule order."""
    view = SpecView(data)
    found: list[Issue] = []
    for func in RULES:
        found.extend(func(view))
    return found


# --- termination ------------------------------------------------------------------------

# How a ground that lost its head at a comma starts ("in the case of Creator, a failure ..."
# unquoted in YAML gives "in the case of Creator" and "a failure ...").
_FRAGMENT_START = re.compile(
    r"^(?:in (?:the )?case of|in relation to|as regards|for|by|of|where|when|if|unless|and|or|"
    r"but|which|that|with|without|including)\b",
    re.IGNORECASE,
)
_PARTY_WORDS = {"creator", "brand", "agency", "either party", "each party", "both parties"}


def ground_fragment(text: str) -> bool:
    """True when ``text`` cannot be a ground on its own: a party name, one word, or a
    phrase that starts like the first half of a sentence cut at a comma."""
    words = text.strip().rstrip(".;,").split()
    plain = " ".join(words).lower()
    return len(words) < 2 or plain in _PARTY_WORDS or bool(_FRAGMENT_START.match(plain))


@rule
def termination_grounds(v: SpecView) -> Iterator[Issue]:
    """S153: every immediate termination ground is a complete phrase, not a fragment."""
    termination = mapping(v.data.get("termination"))
    grounds = termination.get("immediate_grounds")
    for i, item in enumerate(grounds if isinstance(grounds, list) else []):
        text, pointer = item, f"/termination/immediate_grounds/{i}"
        if isinstance(item, dict):
            text, pointer = item.get("ground"), f"{pointer}/ground"
        if isinstance(text, str) and ground_fragment(text):
            yield Issue("S153", pointer, f"{_quote(text)} is not a complete ground")

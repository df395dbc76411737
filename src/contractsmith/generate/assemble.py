"""Assemble a Contract from a spec and the clause library.

Two passes: the selected clauses are numbered first (Section 1, 2, ...), then each
body is rendered with ``ref()`` resolving to those numbers, so cross-references are
computed at build time and never typed. Errors are Findings located at the clause
file's line; they are raised together as an AssemblyError.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from jinja2 import TemplateError, TemplateSyntaxError

from contractsmith.findings import Finding, Location, Severity
from contractsmith.generate.body import BodyError, number_paragraphs
from contractsmith.generate.contract import Contract, Party, Run, Section
from contractsmith.generate.jinja_env import (
    check_xml_text,
    clause_environment,
    label,
    long_date,
    money,
    plain_decimal,
    to_date,
    to_decimal,
)
from contractsmith.generate.legal import legal_context
from contractsmith.generate.sandbox import LimitExceeded, render_bounded
from contractsmith.library.load import Library, SelectionError
from contractsmith.library.model import Clause
from contractsmith.spec.load import escape_pointer_token

__all__ = ["AssemblyError", "Contract", "assemble", "plain_data"]

# Finding codes raised while assembling (the "R" render family).
RULE_COMPILE = "R001"  # clause body is not valid Jinja
RULE_RENDER = "R002"  # clause body failed for this spec (missing value, bad ref ...)
RULE_CHARS = "R003"  # a spec value holds a character Word cannot store
RULE_EMPTY = "R004"  # a selected clause rendered to nothing
RULE_MARKUP = "R005"  # a rendered body breaks the paragraph/bold conventions
RULE_NOTHING = "R006"  # no clause of the library applies to the spec
RULE_TABLES = "R007"  # a spec value cannot be formatted for the cover or schedules
RULE_LIMIT = "R008"  # a clause body or its 'when' exceeds a render limit (time, size ...)

ROLES = ("brand", "creator", "agency")
DEFAULT_SHORT_NAMES = {"brand": "Brand", "creator": "Creator", "agency": "Agency"}


class AssemblyError(ValueError):
    """Assembly failed; ``findings`` says where and why (all problems, not just the first)."""

    def __init__(self, findings: list[Finding]) -> None:
        super().__init__("; ".join(f.message for f in findings[:3]))
        self.findings = findings


def plain_data(value: Any) -> Any:
    """A copy of spec data with dates as ISO strings (what clause bodies see)."""
    if isinstance(value, dict):
        return {str(k): plain_data(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain_data(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def assemble(spec: Any, library: Library, *, as_of: str) -> Contract:
    """Build the Contract for ``spec`` (a Spec with ``.data`` or a plain dict).

    ``as_of`` is the ISO date used for document dates; it is an input, never the clock.
    """
    data = plain_data(getattr(spec, "data", spec))
    if not isinstance(data, dict):
        raise AssemblyError([_spec_finding("spec must be a mapping of fields")])
    try:
        as_of = to_date(as_of).isoformat()
    except ValueError as exc:
        raise AssemblyError([_spec_finding(f"as_of: {exc}", RULE_TABLES)]) from None
    char_problems = list(_illegal_characters(data, ""))
    if char_problems:
        raise AssemblyError(char_problems)
    try:
        selected = library.select(data)
    except SelectionError as exc:
        raise AssemblyError([exc.finding]) from None
    if not selected:
        raise AssemblyError(
            [
                _spec_finding(
                    f"no clause in the library at {library.root} applies to this spec", RULE_NOTHING
                )
            ]
        )
    parties = _parties(data)
    sections = [
        Section(i, c.title, c.id, c.version, c.category) for i, c in enumerate(selected, start=1)
    ]
    context = dict(data)
    context["spec"] = data
    context["ref"] = _ref_function(sections)
    context["party"] = _party_function(parties)
    context["legal"] = legal_context(data)
    problems: list[Finding] = []
    for clause, section in zip(selected, sections, strict=True):
        template = _compiled(library, clause, problems)
        if template is None:
            continue
        try:
            rendered = render_bounded(template, context)
        except LimitExceeded as exc:
            problems.append(_limit_finding(clause, exc))
            continue
        except Exception as exc:  # any failure inside a clause becomes a Finding
            problems.append(_render_finding(clause, exc))
            continue
        try:
            section.paragraphs = number_paragraphs(section.number, rendered)
        except BodyError as exc:
            problems.append(_clause_finding(clause, RULE_MARKUP, str(exc), clause.body_start_line))
            continue
        if not section.paragraphs:
            problems.append(
                _clause_finding(
                    clause,
                    RULE_EMPTY,
                    f"clause {clause.id} was selected for this spec but renders no text",
                    clause.body_start_line,
                )
            )
    if problems:
        raise AssemblyError(problems)
    intro = not any(c.category == "parties" for c in selected)
    try:
        effective = to_date(_get(data, "term", "effective_date") or as_of).isoformat()
        return _contract(data, as_of, effective, intro, parties, sections)
    except (ValueError, TypeError, ArithmeticError) as exc:
        message = f"a value in the spec cannot be put in the cover or schedules: {exc}"
        raise AssemblyError([_spec_finding(message, RULE_TABLES)]) from None


def _contract(
    data: dict[str, Any],
    as_of: str,
    effective: str,
    intro: bool,
    parties: list[Party],
    sections: list[Section],
) -> Contract:
    return Contract(
        title=str(data.get("title") or "Influencer Marketing Agreement"),
        reference=str(data.get("reference") or ""),
        kind=str(data.get("kind") or ""),
        as_of=as_of,
        effective_date=effective,
        parties=parties,
        preamble=_preamble(data, effective) if intro else [],
        recitals=_recitals(data, parties) if intro else [],
        cover=_cover(data),
        sections=sections,
        deliverables=_deliverable_rows(data),
        payments=_payment_rows(data),
        usage_rights=_usage_rows(data),
        intro=intro,
        paper="Letter" if "US" in legal_context(data)["law"] else "A4",
    )


# ---------------------------------------------------------------- clause bodies


def _compiled(library: Library, clause: Clause, problems: list[Finding]) -> Any:
    key = f"{clause.id}@{clause.version}:{clause.path}"
    cached = library.compiled.get(key)
    if cached is not None:
        return cached
    try:
        template = clause_environment().from_string(clause.body)
    except (RecursionError, MemoryError):
        message = f"clause {clause.id}: Jinja body is nested too deeply to compile"
        problems.append(_clause_finding(clause, RULE_COMPILE, message, clause.body_start_line))
        return None
    except TemplateSyntaxError as exc:
        problems.append(
            _clause_finding(
                clause,
                RULE_COMPILE,
                f"clause {clause.id}: Jinja syntax error: {exc.message}",
                clause.file_line(exc.lineno or 1),
            )
        )
        return None
    library.compiled[key] = template
    return template


def _template_line(exc: BaseException) -> int | None:
    """The clause body line where ``exc`` was raised (Jinja rewrites tracebacks to it)."""
    line = getattr(exc, "lineno", None) if isinstance(exc, TemplateError) else None
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _render_finding(clause: Clause, exc: BaseException) -> Finding:
    line = _template_line(exc)
    message = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    if isinstance(exc, MemoryError):
        message = "it ran out of memory"
    return _clause_finding(
        clause,
        RULE_RENDER,
        f"clause {clause.id} cannot be rendered for this spec: {message}",
        clause.file_line(line or 1),
    )


def _limit_finding(clause: Clause, exc: LimitExceeded) -> Finding:
    """R008: the clause was stopped at a render limit; the message names the limit."""
    message = f"clause {clause.id} ({clause.path.name}) stopped: {exc}"
    return _clause_finding(clause, RULE_LIMIT, message, clause.file_line(_template_line(exc) or 1))


def _clause_finding(clause: Clause, rule: str, message: str, line: int) -> Finding:
    return Finding(
        rule=rule,
        severity=Severity.ERROR,
        message=message,
        location=Location(file=str(clause.path), line=line),
        category=clause.category,
        clause_id=clause.id,
    )


def _spec_finding(message: str, rule: str = RULE_CHARS, pointer: str | None = None) -> Finding:
    return Finding(
        rule=rule, severity=Severity.ERROR, message=message, location=Location(pointer=pointer)
    )


def _illegal_characters(value: Any, pointer: str):
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _illegal_characters(item, f"{pointer}/{escape_pointer_token(str(key))}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _illegal_characters(item, f"{pointer}/{index}")
    elif isinstance(value, str):
        try:
            check_xml_text(value)
        except ValueError as exc:
            yield _spec_finding(str(exc), RULE_CHARS, pointer or "/")


def _ref_function(sections: list[Section]):
    def ref(target: str) -> str:
        """``ref("compensation")`` -> ``Section 7``: where that clause or category is."""
        for section in sections:
            if section.clause_id == target:
                return f"Section {section.number}"
        for section in sections:
            if section.category == target:
                return f"Section {section.number}"
        raise ValueError(f"ref({target!r}): no section of this contract holds that clause")

    return ref


def _party_function(parties: list[Party]):
    names = {p.role: p.short_name for p in parties}

    def party(role: str) -> str:
        """``party("brand")`` -> ``Brand``, the defined short name of that party."""
        if role not in names:
            raise ValueError(f"party({role!r}): this contract has no such party")
        return names[role]

    return party


# ---------------------------------------------------------------- front matter of the contract


def _get(data: dict[str, Any], *path: str) -> Any:
    value: Any = data
    for key in path:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


def _parties(data: dict[str, Any]) -> list[Party]:
    raw = data.get("parties") if isinstance(data.get("parties"), dict) else {}
    parties = []
    for role in ROLES:
        entry = raw.get(role)
        if not isinstance(entry, dict):
            continue
        signatory = entry.get("signatory") if isinstance(entry.get("signatory"), dict) else {}
        parties.append(
            Party(
                role=role,
                short_name=str(entry.get("short_name") or DEFAULT_SHORT_NAMES[role]),
                legal_name=str(entry.get("legal_name") or entry.get("name") or ""),
                entity_type=str(entry.get("entity_type") or ""),
                address=str(entry.get("address") or ""),
                email=str(entry.get("email") or ""),
                signatory_name=str(signatory.get("name") or ""),
                signatory_title=str(signatory.get("title") or ""),
                note=str(entry.get("role") or "") if role == "agency" else "",
            )
        )
    return parties


def _preamble(data: dict[str, Any], effective: str) -> list[Run]:
    title = str(data.get("title") or "Influencer Marketing Agreement")
    return [
        Run(f'This {title} (the "'),
        Run("Agreement", bold=True),
        Run(f'") is made as of {long_date(effective)} (the "'),
        Run("Effective Date", bold=True),
        Run('") between the following parties:'),
    ]


def _recitals(data: dict[str, Any], parties: list[Party]) -> list[str]:
    given = data.get("recitals")
    if isinstance(given, list) and all(isinstance(r, str) for r in given):
        return list(given)
    names = {p.role: p.short_name for p in parties}
    brand = names.get("brand", "Brand")
    creator = names.get("creator", "Creator")
    recitals = [
        f"The {brand} wishes to engage the {creator} to create and publish the content "
        "described in Schedule 1 to promote the products of the "
        f"{brand}.",
        f"The {creator} is willing to create and publish that content on the terms of this "
        "Agreement.",
    ]
    if "agency" in names:
        agency = next(p for p in parties if p.role == "agency")
        role = f" as {agency.note}" if agency.note else ""
        recitals.append(f"The {names['agency']} is a party to this Agreement{role}.")
    return recitals


def _cover(data: dict[str, Any]) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    if data.get("reference"):
        rows.append(("Reference", str(data["reference"])))
    effective = _get(data, "term", "effective_date")
    if effective:
        rows.append(("Effective Date", long_date(effective)))
    end = _get(data, "term", "end_date")
    if end:
        rows.append(("End date", long_date(end)))
    comp = data.get("compensation") if isinstance(data.get("compensation"), dict) else {}
    currency = str(comp.get("currency") or "")
    if comp.get("fee") is not None:
        fee = money(comp["fee"], currency)
        taxes = comp.get("taxes")
        if taxes == "exclusive":
            fee += " plus applicable taxes"
        elif taxes == "inclusive":
            fee += " including applicable taxes"
        rows.append(("Fee", fee))
    deliverables = data.get("deliverables")
    if isinstance(deliverables, list) and deliverables:
        items = [d for d in deliverables if isinstance(d, dict)]
        once = sum(int(d.get("count", 1) or 1) for d in items if d.get("per") != "month")
        monthly = sum(int(d.get("count", 1) or 1) for d in items if d.get("per") == "month")
        counts = [f"{once}"] if once else []
        if monthly:
            counts.append(f"{monthly} per month")
        platforms = []
        for d in items:
            name = label(d.get("platform", ""))
            if name and name not in platforms:
                platforms.append(name)
        what = " plus ".join(counts)
        rows.append(("Deliverables", f"{what} on {_join(platforms)} (Schedule 1)"))
    disclosure = data.get("disclosure") if isinstance(data.get("disclosure"), dict) else {}
    if disclosure.get("label"):
        where = disclosure.get("jurisdictions") or []
        suffix = f" ({', '.join(str(j) for j in where)})" if where else ""
        rows.append(("Disclosure label", f"{disclosure['label']}{suffix}"))
    law = _get(data, "governing_law", "law")
    if law:
        rows.append(("Governing law", _capitalise(str(law))))
    return rows


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


# ---------------------------------------------------------------- schedules

# What a schedule cell shows when the spec gives nothing for it (or it cannot be computed).
NO_VALUE = "\u2014"


def _deliverable_rows(data: dict[str, Any]) -> list[dict[str, str]]:
    """Schedule 1: one row per deliverable; a cell the spec gives nothing for is a dash.

    Monthly quotas (``per: month``) show their days of each month from ``monthly``; UGC
    items show when the final files are due and who posts them.
    """
    brand = _short_name(data, "brand")
    rows = []
    for item in data.get("deliverables") or []:
        if not isinstance(item, dict):
            continue
        live = item.get("min_live_days")
        count = str(item.get("count", 1))
        rows.append(
            {
                "id": str(item.get("id", "")),
                "platform": label(item.get("platform", "")),
                "format": label(item.get("format", "")),
                "count": f"{count} per month" if item.get("per") == "month" else count,
                "specification": _specification(item),
                "draft_due": _draft_due(item) or NO_VALUE,
                "posting_window": _posting_window(item, brand) or NO_VALUE,
                "live_for": _days(live) if live is not None else NO_VALUE,
            }
        )
    return rows


def _specification(item: dict[str, Any]) -> str:
    parts: list[str] = []
    duration = item.get("duration_seconds")
    if isinstance(duration, dict) and ("min" in duration or "max" in duration):
        low, high = duration.get("min"), duration.get("max")
        span = f"{low}-{high}" if low is not None and high is not None else f"{low or high}"
        parts.append(f"{span} seconds")
    if item.get("frames"):
        parts.append(f"{item['frames']} frames")
    if item.get("aspect_ratio"):
        parts.append(f"aspect ratio {item['aspect_ratio']}")
    for key, prefix in (("must_include", "must include"), ("hashtags", "hashtags")):
        values = item.get(key)
        if isinstance(values, list) and values:
            parts.append(f"{prefix}: {', '.join(str(v) for v in values)}")
    values = item.get("mentions")
    if isinstance(values, list) and values:
        parts.append(f"mentions: {', '.join(str(v) for v in values)}")
    return "; ".join(parts) or NO_VALUE


def _draft_due(item: dict[str, Any]) -> str:
    """The draft date (or day of each month) and, for UGC, the date the final files are due."""
    parts = []
    if item.get("draft_due"):
        parts.append(long_date(item["draft_due"]))
    monthly = item.get("monthly") if isinstance(item.get("monthly"), dict) else {}
    if monthly.get("draft_due_day") is not None:
        parts.append(f"Day {monthly['draft_due_day']} of each month")
    if item.get("final_due"):
        final = long_date(item["final_due"])
        parts.append(f"final files {final}" if parts else f"Final files {final}")
    return "; ".join(parts)


def _posting_window(item: dict[str, Any], brand: str) -> str:
    """When the item goes live: window, fixed date or days of each month."""
    window = item.get("posting_window")
    monthly = item.get("monthly") if isinstance(item.get("monthly"), dict) else {}
    days = monthly.get("posting_window_days")
    if isinstance(window, dict) and window.get("start"):
        text = long_date(window["start"])
        if window.get("end"):
            text += f" to {long_date(window['end'])}"
        zone = window.get("timezone")
    elif item.get("posting_date"):
        text, zone = long_date(item["posting_date"]), None
    elif isinstance(days, dict) and days.get("start") is not None:
        first, last = days.get("start"), days.get("end")
        if last is None or last == first:
            text = f"Day {first} of each month"
        else:
            text = f"Days {first} to {last} of each month"
        zone = monthly.get("timezone")
    elif item.get("posted_by") == "brand":
        return f"Posted by {brand}"
    else:
        return ""
    return f"{text} ({zone})" if zone else text


def _short_name(data: dict[str, Any], role: str) -> str:
    entry = _get(data, "parties", role)
    name = entry.get("short_name") if isinstance(entry, dict) else None
    return str(name or DEFAULT_SHORT_NAMES[role])


def _recurring_months(data: dict[str, Any]) -> int | None:
    """How many times a ``recurs: monthly`` instalment is paid, when the spec says."""
    for value in (_get(data, "retainer", "months"), _get(data, "term", "duration_months")):
        if isinstance(value, int) and not isinstance(value, bool) and value > 0:
            return value
    return None


def _payment_rows(data: dict[str, Any]) -> list[dict[str, str]]:
    """Schedule 2: one row per instalment, with its share of the fee and its amount.

    An instalment is a ``percent`` of the fee or a fixed ``amount``; ``recurs: monthly``
    repeats it every month (``retainer.months``). The share column is the instalment's
    share of the fee over all its payments (a dash when it cannot be computed); when the
    shares add up to exactly 100%, the last one-off percent instalment absorbs the
    rounding so the rows add up to the fee to the cent.
    """
    comp = data.get("compensation")
    if not isinstance(comp, dict):
        return []
    schedule = [s for s in comp.get("schedule") or [] if isinstance(s, dict)]
    if not schedule:
        return []
    currency = str(comp.get("currency") or "")
    fee = to_decimal(comp["fee"]) if comp.get("fee") is not None else None
    months = _recurring_months(data)
    instalments = [_instalment(entry, fee, months) for entry in schedule]
    _absorb_rounding(instalments, fee)
    rows = []
    for entry, inst in zip(schedule, instalments, strict=True):
        rows.append(
            {
                "label": str(entry.get("label", "")),
                "percent": _share_text(inst),
                "amount": _amount_text(inst, currency),
                "trigger": _capitalise(label(entry.get("trigger", ""))),
                "due": _net_days(entry.get("net_days")),
            }
        )
    return rows


@dataclass
class _Instalment:
    """One schedule entry with its figures worked out (``None`` where they are unknown)."""

    each: Decimal | None  # amount of one payment
    times: int | None  # number of payments (None: monthly, but the months are unknown)
    share_each: Decimal | None  # percent of the fee in one payment
    by_percent: bool  # the spec gives a percent (else a fixed amount)
    recurring: bool  # ``recurs: monthly``

    @property
    def share_total(self) -> Decimal | None:
        """Percent of the fee over all payments of this instalment."""
        if self.share_each is None or self.times is None:
            return None
        return self.share_each * self.times

    @property
    def total(self) -> Decimal | None:
        """Amount over all payments of this instalment."""
        if self.each is None or self.times is None:
            return None
        return self.each * self.times


_CENT = Decimal("0.01")


def _instalment(entry: dict[str, Any], fee: Decimal | None, months: int | None) -> _Instalment:
    recurring = entry.get("recurs") == "monthly"
    times = months if recurring else 1
    if entry.get("percent") is not None:
        share = to_decimal(entry["percent"])
        each = None if fee is None else (fee * share / 100).quantize(_CENT, ROUND_HALF_UP)
        return _Instalment(each, times, share, True, recurring)
    if entry.get("amount") is not None:
        each = to_decimal(entry["amount"])
        share = None if not fee else each * 100 / fee
        return _Instalment(each, times, share, False, recurring)
    return _Instalment(None, times, None, False, recurring)


def _absorb_rounding(instalments: list[_Instalment], fee: Decimal | None) -> None:
    """Give the rounding remainder to the last one-off percent instalment.

    Only when the instalments add up to the fee exactly (percents at full precision,
    amounts as given), the same test the spec validator applies.
    """
    if fee is None or any(i.total is None or i.share_each is None for i in instalments):
        return
    percents = sum(i.share_total for i in instalments if i.by_percent)
    amounts = sum(i.total for i in instalments if not i.by_percent)
    if amounts + fee * percents / 100 != fee:
        return
    last = next((i for i in reversed(instalments) if i.by_percent and not i.recurring), None)
    if last is None:
        return
    others = sum(i.total for i in instalments if i is not last)
    last.each = fee - others


def _share_text(inst: _Instalment) -> str:
    if inst.share_each is None:
        return NO_VALUE
    exact = inst.by_percent  # a percent from the spec is shown as given
    if not inst.recurring:
        return _percent_text(inst.share_each, exact)
    each = f"{_percent_text(inst.share_each, exact)} per month"
    if inst.share_total is None:
        return each
    total = _percent_text(inst.share_total, exact)
    if exact or inst.share_each == inst.share_each.quantize(_CENT):
        return f"{total} ({each})"
    return total  # a rounded monthly share would not add up to the total shown


def _percent_text(value: Decimal, exact: bool) -> str:
    """``50%``; a computed share is rounded to two decimals (100/6 -> ``16.67%``)."""
    if not exact:
        value = value.quantize(_CENT, ROUND_HALF_UP)
    return f"{plain_decimal(value)}%"


def _amount_text(inst: _Instalment, currency: str) -> str:
    if inst.each is None:
        return NO_VALUE
    text = money(inst.each, currency)
    if not inst.recurring:
        return text
    if inst.times is None:
        return f"{text} per month"
    return f"{text} per month for {inst.times} month{'s' if inst.times != 1 else ''}"


def _net_days(net: Any) -> str:
    if net is None:
        return NO_VALUE
    if str(net) == "0":
        return "On receipt of invoice"
    return f"{_days(net)} after invoice"


def _usage_rows(data: dict[str, Any]) -> list[dict[str, str]]:
    """Schedule 3: one row per licensed use; perpetual uses say so and what pays for them."""
    rights = data.get("usage_rights")
    if not isinstance(rights, dict):
        return []
    currency = str(_get(data, "compensation", "currency") or "")
    perpetual_fee = _perpetual_fee_text(data, rights, currency)
    rows = []
    for use in rights.get("uses") or []:
        if not isinstance(use, dict):
            continue
        media = use.get("media")
        media_text = (
            ", ".join(str(m) for m in media) if isinstance(media, list) else str(media or "")
        )
        perpetual = use.get("perpetual") is True
        days = use.get("duration_days")
        start = use.get("start")
        if perpetual:
            duration = "Perpetual"
        else:
            duration = _days(days) if days is not None else ""
        if duration and start:
            duration += f" from {label(start)}"
        fee = use.get("fee")
        if fee is not None:
            fee_text = money(fee, currency)
        elif perpetual and perpetual_fee:
            fee_text = perpetual_fee
        else:
            fee_text = "Included in the Fee"
        rows.append(
            {
                "use": label(use.get("type", "")),
                "media": media_text or NO_VALUE,
                "territory": str(use.get("territory", "")) or NO_VALUE,
                "duration": duration or NO_VALUE,
                "fee": fee_text,
            }
        )
    return rows


def _perpetual_fee_text(data: dict[str, Any], rights: dict[str, Any], currency: str) -> str:
    """What pays for perpetual uses without a fee of their own, as the licence clause says:
    the perpetual licence fee, else the assignment fee when Brand owns the content."""
    if rights.get("perpetual_fee") is not None:
        return f"Perpetual licence fee of {money(rights['perpetual_fee'], currency)}"
    assignment_fee = _get(data, "ip", "assignment_fee")
    if _get(data, "ip", "owner") == "brand" and assignment_fee is not None:
        return f"Assignment fee of {money(assignment_fee, currency)}"
    return ""


def _days(count: Any) -> str:
    return "1 day" if str(count) == "1" else f"{count} days"


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text

"""Assemble a Contract from a spec and the clause library.

Two passes: the selected clauses are numbered first (Section 1, 2, ...), then each
body is rendered with ``ref()`` resolving to those numbers, so cross-references are
computed at build time and never typed. Errors are Findings located at the clause
file's line; they are raised together as an AssemblyError.
"""

from __future__ import annotations

import datetime as dt
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
from contractsmith.library.load import Library, SelectionError
from contractsmith.library.model import Clause

__all__ = ["AssemblyError", "Contract", "assemble", "plain_data"]

# Finding codes raised while assembling (the "R" render family).
RULE_COMPILE = "R001"  # clause body is not valid Jinja
RULE_RENDER = "R002"  # clause body failed for this spec (missing value, bad ref ...)
RULE_CHARS = "R003"  # a spec value holds a character Word cannot store
RULE_EMPTY = "R004"  # a selected clause rendered to nothing
RULE_MARKUP = "R005"  # a rendered body breaks the paragraph/bold conventions
RULE_NOTHING = "R006"  # no clause of the library applies to the spec
RULE_TABLES = "R007"  # a spec value cannot be formatted for the cover or schedules

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
    problems: list[Finding] = []
    for clause, section in zip(selected, sections, strict=True):
        template = _compiled(library, clause, problems)
        if template is None:
            continue
        try:
            rendered = template.render(context)
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
    )


# ---------------------------------------------------------------- clause bodies


def _compiled(library: Library, clause: Clause, problems: list[Finding]) -> Any:
    key = f"{clause.id}@{clause.version}:{clause.path}"
    cached = library.compiled.get(key)
    if cached is not None:
        return cached
    try:
        template = clause_environment().from_string(clause.body)
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


def _render_finding(clause: Clause, exc: BaseException) -> Finding:
    line = getattr(exc, "lineno", None) if isinstance(exc, TemplateError) else None
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    message = getattr(exc, "message", None) or str(exc)
    return _clause_finding(
        clause,
        RULE_RENDER,
        f"clause {clause.id} cannot be rendered for this spec: {message}",
        clause.file_line(line or 1),
    )


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
            yield from _illegal_characters(item, f"{pointer}/{_escape_pointer(str(key))}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _illegal_characters(item, f"{pointer}/{index}")
    elif isinstance(value, str):
        try:
            check_xml_text(value)
        except ValueError as exc:
            yield _spec_finding(str(exc), RULE_CHARS, pointer or "/")


def _escape_pointer(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")


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
        count = sum(int(d.get("count", 1) or 1) for d in deliverables if isinstance(d, dict))
        platforms = []
        for d in deliverables:
            name = label(d.get("platform", "")) if isinstance(d, dict) else ""
            if name and name not in platforms:
                platforms.append(name)
        rows.append(("Deliverables", f"{count} on {_join(platforms)} (Schedule 1)"))
    disclosure = data.get("disclosure") if isinstance(data.get("disclosure"), dict) else {}
    if disclosure.get("label"):
        where = disclosure.get("jurisdictions") or []
        suffix = f" ({', '.join(str(j) for j in where)})" if where else ""
        rows.append(("Disclosure label", f"{disclosure['label']}{suffix}"))
    law = _get(data, "governing_law", "law")
    if law:
        rows.append(("Governing law", str(law)))
    return rows


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


# ---------------------------------------------------------------- schedules


def _deliverable_rows(data: dict[str, Any]) -> list[dict[str, str]]:
    rows = []
    for item in data.get("deliverables") or []:
        if not isinstance(item, dict):
            continue
        spec_parts: list[str] = []
        duration = item.get("duration_seconds")
        if isinstance(duration, dict) and ("min" in duration or "max" in duration):
            low, high = duration.get("min"), duration.get("max")
            span = f"{low}-{high}" if low is not None and high is not None else f"{low or high}"
            spec_parts.append(f"{span} seconds")
        if item.get("frames"):
            spec_parts.append(f"{item['frames']} frames")
        if item.get("aspect_ratio"):
            spec_parts.append(f"aspect ratio {item['aspect_ratio']}")
        for key in ("must_include", "hashtags", "mentions"):
            values = item.get(key)
            if isinstance(values, list) and values:
                prefix = {
                    "must_include": "must include",
                    "hashtags": "hashtags",
                    "mentions": "mentions",
                }[key]
                spec_parts.append(f"{prefix}: {', '.join(str(v) for v in values)}")
        window = item.get("posting_window")
        window_text = ""
        if isinstance(window, dict) and window.get("start"):
            window_text = long_date(window["start"])
            if window.get("end"):
                window_text += f" to {long_date(window['end'])}"
            if window.get("timezone"):
                window_text += f" ({window['timezone']})"
        live = item.get("min_live_days")
        rows.append(
            {
                "id": str(item.get("id", "")),
                "platform": label(item.get("platform", "")),
                "format": label(item.get("format", "")),
                "count": str(item.get("count", 1)),
                "specification": "; ".join(spec_parts),
                "draft_due": long_date(item["draft_due"]) if item.get("draft_due") else "",
                "posting_window": window_text,
                "live_for": _days(live) if live is not None else "",
            }
        )
    return rows


def _payment_rows(data: dict[str, Any]) -> list[dict[str, str]]:
    comp = data.get("compensation")
    if not isinstance(comp, dict) or comp.get("fee") is None:
        return []
    schedule = [s for s in comp.get("schedule") or [] if isinstance(s, dict)]
    if not schedule:
        return []
    currency = str(comp.get("currency") or "")
    fee = to_decimal(comp["fee"])
    percents = [to_decimal(s.get("percent", 0)) for s in schedule]
    cent = Decimal("0.01")
    amounts = [(fee * p / 100).quantize(cent, rounding=ROUND_HALF_UP) for p in percents]
    if sum(percents) == 100:
        # the last instalment absorbs rounding so the schedule adds up to the fee exactly
        amounts[-1] = fee - sum(amounts[:-1])
    rows = []
    for entry, share, amount in zip(schedule, percents, amounts, strict=True):
        net = entry.get("net_days")
        rows.append(
            {
                "label": str(entry.get("label", "")),
                "percent": f"{plain_decimal(share)}%",
                "amount": money(amount, currency),
                "trigger": _capitalise(label(entry.get("trigger", ""))),
                "due": f"{net} days after invoice" if net is not None else "",
            }
        )
    return rows


def _usage_rows(data: dict[str, Any]) -> list[dict[str, str]]:
    rights = data.get("usage_rights")
    if not isinstance(rights, dict):
        return []
    currency = str(_get(data, "compensation", "currency") or "")
    rows = []
    for use in rights.get("uses") or []:
        if not isinstance(use, dict):
            continue
        media = use.get("media")
        media_text = (
            ", ".join(str(m) for m in media) if isinstance(media, list) else str(media or "")
        )
        days = use.get("duration_days")
        start = use.get("start")
        duration = _days(days) if days is not None else ""
        if duration and start:
            duration += f" from {label(start)}"
        fee = use.get("fee")
        rows.append(
            {
                "use": label(use.get("type", "")),
                "media": media_text,
                "territory": str(use.get("territory", "")),
                "duration": duration,
                "fee": money(fee, currency) if fee is not None else "Included in the Fee",
            }
        )
    return rows


def _days(count: Any) -> str:
    return "1 day" if str(count) == "1" else f"{count} days"


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text

"""The X invariants: cross-section consistency of an assembled contract.

Each check reads the assembled ``Contract`` (which sections are in it and what they say)
and the spec data it was built from (the one source of every period and date), and
returns Findings located at the spec field to change, naming the sections that disagree.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from decimal import Decimal, InvalidOperation
from typing import Any

from contractsmith.consistency.codes import X_RULES
from contractsmith.consistency.statutes import misplaced
from contractsmith.findings import Finding, Location, Severity
from contractsmith.generate.contract import Contract, Paragraph, Section
from contractsmith.generate.legal import legal_context
from contractsmith.workdays import add_business_days

# A defined term in a clause body: ``**Term**`` with no Jinja inside.
_BOLD_TERM = re.compile(r"\*\*([^*{}]{2,60})\*\*")
# ``fourteen (14) days``: the figure a period is written with.
_PERIOD = re.compile(r"\((\d[\d,]*)\)\s+(?:Business\s+)?days?\b")
_WITHIN = re.compile(r"within\s+[a-z -]*\((\d[\d,]*)\)\s+(?:Business\s+)?days?\b")
# The moments at which a Deliverable's stage (and so its cancellation fee) may be taken.
_VALUATION_MOMENTS = {
    "the notice": re.compile(r"\breceived the notice\b|\bbefore the notice\b"),
    "the termination date": re.compile(
        r"\bbefore the termination (?:takes effect|date)\b|\bin progress\b"
    ),
}

Check = Callable[[Contract, dict[str, Any], frozenset[str]], Iterator[Finding]]


def library_glossary(bodies: Iterable[str]) -> frozenset[str]:
    """Every term some clause body defines in bold (``**Morality Event**``)."""
    return frozenset(m.group(1).strip() for body in bodies for m in _BOLD_TERM.finditer(body))


def check_contract(
    contract: Contract, data: dict[str, Any], glossary: frozenset[str] = frozenset()
) -> list[Finding]:
    """Every X finding for ``contract`` assembled from spec ``data``.

    ``glossary`` is the set of terms the clause library defines (``library_glossary``);
    a term in it that this contract uses without defining is X006.
    """
    out: list[Finding] = []
    for check in CHECKS:
        out.extend(check(contract, data, glossary))
    return out


# ---------------------------------------------------------------- helpers


def _finding(code: str, message: str, pointer: str | None = None) -> Finding:
    meta = X_RULES[code]
    return Finding(
        code,
        Severity(meta["severity"]),
        message,
        Location(pointer=pointer),
        suggestion=meta["help"],
        why=meta["why"],
    )


def _get(data: Any, *path: str | int) -> Any:
    for key in path:
        if isinstance(data, dict) and isinstance(key, str):
            data = data.get(key)
        elif isinstance(data, list) and isinstance(key, int) and 0 <= key < len(data):
            data = data[key]
        else:
            return None
    return data


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return None


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _sections(contract: Contract, *, category: str = "", clause: str = "") -> list[Section]:
    return [
        s
        for s in contract.sections
        if (category and s.category == category) or (clause and s.clause_id == clause)
    ]


def _numbers(sections: Iterable[Section]) -> str:
    return ", ".join(f"Section {s.number}" for s in sections)


def _creator_posts(item: dict[str, Any]) -> bool:
    return item.get("posted_by") != "brand"


def _deliverables(data: dict[str, Any]) -> list[dict[str, Any]]:
    items = data.get("deliverables")
    return [d for d in items if isinstance(d, dict)] if isinstance(items, list) else []


def _first_monthly_date(effective: dt.date, day: int) -> dt.date:
    """The first date on or after ``effective`` that falls on day ``day`` of its month."""
    year, month = effective.year, effective.month
    for _ in range(2):
        last = calendar.monthrange(year, month)[1]
        candidate = dt.date(year, month, min(max(day, 1), last))
        if candidate >= effective:
            return candidate
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return effective


# ---------------------------------------------------------------- X001


def cure_covers_makegood(
    contract: Contract, data: dict[str, Any], glossary: frozenset[str]
) -> Iterator[Finding]:
    """X001: the cure period for cause is at least the makegood window."""
    termination = _sections(contract, clause="termination.standard")
    makegood = _sections(contract, clause="reporting.makegood")
    if not termination or not makegood:
        return
    cure = _int(_get(data, "termination", "cause", "cure_days"))
    cure = 10 if cure is None else cure  # the termination clause's default
    window = _int(_get(data, "kpis", "makegood", "window_days"))
    window = 14 if window is None else window  # the makegood clause's default
    if cure < window:
        yield _finding(
            "X001",
            f"the cure period for a breach ({cure} days, {_numbers(termination)}) is shorter "
            f"than the makegood window ({window} days, {_numbers(makegood)})",
            "/termination/cause/cure_days",
        )


# ---------------------------------------------------------------- X002


def kill_fee_stated_once(
    contract: Contract, data: dict[str, Any], glossary: frozenset[str]
) -> Iterator[Finding]:
    """X002: the cancellation fee has one payment period and one valuation moment."""
    periods: dict[str, list[str]] = {}
    moments: dict[str, list[str]] = {}
    for section in contract.sections:
        for paragraph in _with_children(section):
            text = paragraph.text
            if "cancellation fee" not in text:
                continue
            for sentence in re.split(r"(?<=[.;])\s+", text):
                if "cancellation fee" not in sentence:
                    continue
                for match in _WITHIN.finditer(sentence):
                    periods.setdefault(match.group(1), []).append(paragraph.ref)
                for name, pattern in _VALUATION_MOMENTS.items():
                    if pattern.search(sentence):
                        moments.setdefault(name, []).append(paragraph.ref)
    if len(periods) > 1:
        stated = "; ".join(
            f"{days} days in {', '.join(_unique(refs))}" for days, refs in sorted(periods.items())
        )
        yield _finding(
            "X002",
            f"the cancellation fee is payable within different periods: {stated}",
            "/compensation/kill_fee_due_days",
        )
    if len(moments) > 1:
        stated = "; ".join(
            f"at {name} in {', '.join(_unique(refs))}" for name, refs in sorted(moments.items())
        )
        yield _finding(
            "X002",
            f"a Deliverable's stage for the cancellation fee is taken at different moments: "
            f"{stated}",
            "/compensation/kill_fee",
        )


def _with_children(section: Section) -> list[Paragraph]:
    """A section's paragraphs with each lettered item joined to its lead-in sentence."""
    out: list[Paragraph] = []
    lead: Paragraph | None = None
    for paragraph in section.paragraphs:
        if paragraph.level == 1:
            lead = paragraph
            out.append(paragraph)
        elif lead is not None and "cancellation fee" in lead.text:
            continue  # the stage table under the fee's own sentence: part of it
        else:
            out.append(paragraph)
    return out


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


# ---------------------------------------------------------------- X003


def monitoring_covers_exposure(
    contract: Contract, data: dict[str, Any], glossary: frozenset[str]
) -> Iterator[Finding]:
    """X003: Brand monitors the disclosure for as long as Creator-published content is shown."""
    disclosure = _sections(contract, category="ftc_disclosure")
    if not disclosure:
        return
    creator_items = [d for d in _deliverables(data) if _creator_posts(d)]
    if not creator_items:
        return  # Brand publishes everything: its own posts, its own disclosure duty
    monitoring = _int(_get(data, "disclosure", "brand_monitoring_days"))
    monitoring = 30 if monitoring is None else monitoring  # the disclosure clauses' default
    exposures: list[tuple[int, str]] = []
    for item in creator_items:
        live = _int(item.get("min_live_days"))
        if live is not None:
            exposures.append((live, f"{item.get('id', 'a Deliverable')} minimum live period"))
    uses = _get(data, "usage_rights", "uses")
    for use in uses if isinstance(uses, list) else []:
        if not isinstance(use, dict):
            continue
        if use.get("perpetual"):
            yield _finding(
                "X003",
                f"Brand monitors the disclosure for {monitoring} days "
                f"({_numbers(disclosure)}) but the {use.get('type', 'licensed')} use of "
                "Creator-published Deliverables is perpetual",
                "/disclosure/brand_monitoring_days",
            )
            return
        days = _int(use.get("duration_days"))
        if days is not None:
            exposures.append((days, f"{use.get('type', 'licensed')} use"))
    if not exposures:
        return
    longest, what = max(exposures, key=lambda e: e[0])
    if monitoring < longest:
        yield _finding(
            "X003",
            f"Brand monitors the disclosure for {monitoring} days ({_numbers(disclosure)}) "
            f"but the content stays shown for {longest} days ({what})",
            "/disclosure/brand_monitoring_days",
        )


# ---------------------------------------------------------------- X004


def drafts_after_product(
    contract: Contract, data: dict[str, Any], glossary: frozenset[str]
) -> Iterator[Finding]:
    """X004: every draft that depends on the product is due after the product can arrive."""
    product = _sections(contract, clause="compensation.product")
    effective = _date(_get(data, "term", "effective_date"))
    if not product or effective is None:
        return
    dated: list[tuple[dt.date, str, str]] = []
    monthly: list[tuple[dt.date, str, str]] = []
    for index, item in enumerate(_deliverables(data)):
        label = str(item.get("id", f"deliverable {index + 1}"))
        due = _date(item.get("draft_due"))
        if due is not None:
            dated.append((due, label, f"/deliverables/{index}/draft_due"))
        day = _int(_get(item, "monthly", "draft_due_day"))
        if day is not None:
            pointer = f"/deliverables/{index}/monthly/draft_due_day"
            monthly.append((_first_monthly_date(effective, day), label, pointer))
    if dated:
        # The product clause: delivered ten Business Days before the first dated draft.
        first, label, pointer = min(dated)
        delivery = add_business_days(first, -10)
        if delivery < effective:
            yield _finding(
                "X004",
                f"the product must arrive by {delivery.isoformat()}, ten Business Days before "
                f"{label}'s draft due {first.isoformat()} ({_numbers(product)}), which is before "
                f"the Effective Date {effective.isoformat()}",
                pointer,
            )
        return
    # Without dated drafts the product arrives within five Business Days after the
    # Effective Date, and no draft is due earlier than five Business Days after it arrives.
    earliest = add_business_days(add_business_days(effective, 5), 5)
    for first, label, pointer in sorted(monthly):
        if first < earliest:
            yield _finding(
                "X004",
                f"{label}'s first monthly draft is due {first.isoformat()} but the product "
                f"may arrive as late as {add_business_days(effective, 5).isoformat()} and no "
                f"draft is due earlier than five Business Days after it arrives "
                f"({_numbers(product)})",
                pointer,
            )


# ---------------------------------------------------------------- X005


def posting_after_embargo(
    contract: Contract, data: dict[str, Any], glossary: frozenset[str]
) -> Iterator[Finding]:
    """X005: no posting window opens on or before the last day of the embargo."""
    embargo = _date(_get(data, "confidentiality", "embargo_until"))
    confidentiality = _sections(contract, category="confidentiality")
    effective = _date(_get(data, "term", "effective_date"))
    if embargo is None or not confidentiality:
        return
    for index, item in enumerate(_deliverables(data)):
        if not _creator_posts(item):
            continue
        label = str(item.get("id", f"deliverable {index + 1}"))
        opens = _date(_get(item, "posting_window", "start")) or _date(item.get("posting_date"))
        day = _int(_get(item, "monthly", "posting_window_days", "start"))
        if opens is None and day is not None and effective is not None:
            opens = _first_monthly_date(effective, day)
        if opens is not None and opens <= embargo:
            yield _finding(
                "X005",
                f"{label}'s posting window opens {opens.isoformat()} but the embargo "
                f"({_numbers(confidentiality)}) runs until the end of {embargo.isoformat()}",
                "/confidentiality/embargo_until",
            )


# ---------------------------------------------------------------- X006


def terms_defined(
    contract: Contract, data: dict[str, Any], glossary: frozenset[str]
) -> Iterator[Finding]:
    """X006: every library term this contract uses is defined in it."""
    missing = sorted(glossary - set(contract.defined_terms))
    if not missing:
        return
    pattern = re.compile(r"(?<![\w-])(" + "|".join(re.escape(t) for t in missing) + r")(?![\w-])")
    reported: set[str] = set()
    for section in contract.sections:
        for paragraph in section.paragraphs:
            for match in pattern.finditer(paragraph.text):
                term = match.group(1)
                if term in reported:
                    continue
                reported.add(term)
                yield _finding(
                    "X006",
                    f'"{term}" is used in {paragraph.ref or paragraph.number} but this '
                    "contract never defines it",
                )


# ---------------------------------------------------------------- X007


def statutes_of_the_deal(
    contract: Contract, data: dict[str, Any], glossary: frozenset[str]
) -> Iterator[Finding]:
    """X007: every statute cited by law or residence belongs to the governing law or to
    a party's place, never only to the audience."""
    context = legal_context(data)
    law, places = set(context["law"]), set(context["places"])
    reported: set[str] = set()
    for section in contract.sections:
        for paragraph in section.paragraphs:
            for statute in misplaced(paragraph.text, law, places):
                if statute.name in reported:
                    continue
                reported.add(statute.name)
                where = ", ".join(sorted(places)) or "no recognised place"
                yield _finding(
                    "X007",
                    f"{paragraph.ref or paragraph.number} cites {statute.name}, which does not "
                    f"apply to this deal (governing law and parties: {where})",
                    "/governing_law/law",
                )


# ---------------------------------------------------------------- X008


def cap_above_nil_at_signature(
    contract: Contract, data: dict[str, Any], glossary: frozenset[str]
) -> Iterator[Finding]:
    """X008: the liability cap is more than nil on the day the Agreement is signed."""
    cap_sections = _sections(contract, category="liability_cap")
    liability = data.get("liability")
    liability = liability if isinstance(liability, dict) else {}
    cap = liability.get("cap", "fees_paid_12_months")  # the cap clause's default
    if not cap_sections or cap == "none" or _positive(liability.get("cap_floor")):
        return
    where = _numbers(cap_sections)
    if cap == "fixed_amount" and "cap_amount" in liability:
        if not _positive(liability["cap_amount"]):
            yield _finding(
                "X008",
                f"the liability cap ({where}) is a fixed amount of nil",
                "/liability/cap_amount",
            )
        return
    fee = _positive(_get(data, "compensation", "fee"))
    if cap == "total_fees":
        if not fee:
            yield _finding(
                "X008",
                f"the liability cap ({where}) is the fees of the whole Agreement, which are nil, "
                "and no cap_floor is set",
                "/liability/cap_floor",
            )
        return
    # The look-back measure: only what is paid or payable by the event counts.
    if fee and any(_paid_on_signing(item) for item in _schedule(data)):
        return
    yield _finding(
        "X008",
        f"the liability cap ({where}) is the fees paid and payable in the 12 months before "
        "the event, no fee is payable on signing and no cap_floor is set, so the cap is nil "
        "until the first payment falls due",
        "/liability/cap_floor",
    )


def _positive(value: Any) -> bool:
    try:
        return value is not None and Decimal(str(value).replace(",", "")) > 0
    except InvalidOperation:
        return False


def _schedule(data: dict[str, Any]) -> list[dict[str, Any]]:
    items = _get(data, "compensation", "schedule")
    return [i for i in items if isinstance(i, dict)] if isinstance(items, list) else []


def _paid_on_signing(item: dict[str, Any]) -> bool:
    return item.get("trigger") == "signature" and (
        _positive(item.get("percent")) or _positive(item.get("amount"))
    )


CHECKS: tuple[Check, ...] = (
    cure_covers_makegood,
    kill_fee_stated_once,
    monitoring_covers_exposure,
    drafts_after_product,
    posting_after_embargo,
    terms_defined,
    statutes_of_the_deal,
    cap_above_nil_at_signature,
)


def check_assembled(contract: Contract, spec: Any, bodies: Iterable[str]) -> list[Finding]:
    """``check_contract`` for a loaded Spec (or plain dict), each finding placed at the
    line and column of its spec field when the spec came from a file.

    ``bodies`` are the clause library's bodies, whose bold terms make the glossary.
    """
    data = getattr(spec, "data", spec)
    if not isinstance(data, dict):
        return []
    findings = check_contract(contract, data, library_glossary(bodies))
    nearest = getattr(spec, "nearest_position", None)
    path = getattr(spec, "path", None)
    if nearest is None or path is None:
        return findings
    placed: list[Finding] = []
    for f in findings:
        pointer = f.location.pointer or ""
        pos = nearest(pointer) if pointer else None
        line, column = pos if pos else (None, None)
        location = Location(file=str(path), line=line, column=column, pointer=f.location.pointer)
        placed.append(replace(f, location=location))
    return placed

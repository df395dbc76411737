"""Rule and RuleCase: one wording rule as loaded from the YAML rule data.

A rule is data, not code. It names one of three check kinds the engine knows:

* ``existence``: a phrase pattern that should not be there (with context conditions);
* ``completeness``: an obligation of some kind (the trigger) whose clause lacks one or
  more required elements (amount, date, territory...);
* ``absence``: a clause (e.g. the disclosure clause) that as a whole lacks something
  it should say (a takedown duty, an up-front label).

Every rule carries its own pass/fail cases, which one parametrised test runs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

from contractsmith.findings import Severity
from contractsmith.rules import yaml_data
from contractsmith.rules.prefilter import Gate

CHECK_KINDS = ("existence", "completeness", "absence")
# Where a completeness rule looks for its required elements: the trigger sentence, that
# sentence and the next one, or the enclosing section (its paragraph when too long).
SCOPES = ("sentence", "sentence+next", "section")
_CODE_RE = re.compile(r"^[VOD]\d{3}$")
_FLAGS = re.IGNORECASE


class RuleDataError(Exception):
    """Rule data that cannot be used; the message names the file and the rule."""


@dataclass(frozen=True)
class RuleCase:
    """An example a rule must flag (``fail``) or must leave alone (``pass``).

    ``category`` and ``heading`` give the clause context the text sits in; a fail
    case may pin the expected ``severity``, read under the wording policy of
    ``playbook`` when one is named (else each rule's own severity table).
    """

    text: str
    expect_finding: bool
    category: str | None = None
    heading: str | None = None
    severity: Severity | None = None
    playbook: str | None = None


@dataclass(frozen=True)
class Settlement:
    """A general term of the contract that settles what a flagged phrase leaves open.

    A phrase with one of ``near`` around it (a payment) is demoted to info when the
    contract's body matches one of ``document`` (a payment period for all invoices).
    Ancillary duties (those the rule caps at warning) are demoted only by a settlement
    marked ``ancillary``: a term stated for every sum, not just the fees.
    """

    near: tuple[re.Pattern[str], ...]
    document: tuple[re.Pattern[str], ...]
    ancillary: bool = False


class _AnyOf:
    """Trigger for patterns compiled with different flags: the first pattern that matches."""

    def __init__(self, patterns: tuple[re.Pattern[str], ...]) -> None:
        self.patterns = patterns

    def search(self, text: str) -> re.Match[str] | None:
        return next((m for p in self.patterns if (m := p.search(text))), None)


@dataclass(frozen=True)
class Rule:
    """One wording rule (V, O or D family) with its patterns, context and cases."""

    code: str
    name: str
    summary: str
    why: str
    check: str
    message: str
    suggestion: str
    severity: dict[str, Severity]
    clause: str | None = None
    # Advice that fits the slot a finding sits in: slot -> (suggestion, library clause).
    # A finding in a slot not listed gets ``suggestion`` and ``clause``.
    advice: dict[str, tuple[str, str | None]] = field(default_factory=dict, compare=False)
    patterns: tuple[re.Pattern[str], ...] = ()
    obligation: str = "any"  # "any" | "only": "only" skips sentences that impose no duty
    non_obligation: Severity | None = None  # cap on severity outside obligations
    slots: frozenset[str] = frozenset()  # fire only in these slots (empty = anywhere)
    skip_slots: frozenset[str] = frozenset()  # never fire in these slots
    suppress_if: tuple[re.Pattern[str], ...] = ()  # anywhere in the sentence
    suppress_before: tuple[re.Pattern[str], ...] = ()  # just before the match
    suppress_after: tuple[re.Pattern[str], ...] = ()  # just after the match
    require_near: tuple[re.Pattern[str], ...] = ()  # one must occur around the match
    near_window: int = 120  # characters either side of the match for require_near
    # Whose cue words may raise an existence finding to error: the phrase's own clause
    # segment ("segment") or any words of its sentence ("sentence").
    near: str = "segment"
    supersedes: frozenset[str] = frozenset()  # codes this rule replaces on the same phrase
    disclosure_only: bool = False  # D family: fire only in a disclosure context
    # Demotion to info: a finding stays visible but the engine does not stand behind it.
    info_if: tuple[re.Pattern[str], ...] = ()  # the sentence matches one of these
    info_near: tuple[re.Pattern[str], ...] = ()  # one occurs within near_window of the match
    firm_near: tuple[re.Pattern[str], ...] = ()  # none occurs within near_window of the match
    # A cap at warning: the phrase matters, but its duty is ancillary (expenses, refunds,
    # audit true-ups, wind-down after termination), so it is never an error.
    warning_if: tuple[re.Pattern[str], ...] = ()  # the sentence matches one of these
    warning_near: tuple[re.Pattern[str], ...] = ()  # one occurs within near_window of the match
    # Demotion by the rest of the section (``scope``): the section settles the point
    # elsewhere (a payment period, what happens if the parties fail to agree). With
    # ``info_in_scope_near`` set, only phrases with one of those nearby are demoted.
    info_in_scope: tuple[re.Pattern[str], ...] = ()  # the scope's text matches one of these
    info_in_scope_near: tuple[re.Pattern[str], ...] = ()  # gate: within near_window
    # Demotion by the whole contract: a general term stated anywhere in its body.
    settled_elsewhere: tuple[Settlement, ...] = ()
    # "own": only the sentence's own cue words (or a category the caller declares) may
    # raise the severity above info; slots guessed from analysis or headings do not.
    slot_from: str = "any"
    # completeness: elements missing from the scope but found in document sentences
    # that match ``search_near`` (the deal terms stated elsewhere) demote to info.
    document_fallback: bool = False
    # Text after the main signature block ("IN WITNESS WHEREOF") is attached forms and
    # schedules: with ``attachment_firm`` set, a finding there is info unless its sentence
    # matches one of these patterns (e.g. a money amount in a fee schedule).
    attachment_firm: tuple[re.Pattern[str], ...] = ()
    # completeness
    trigger_unless: tuple[re.Pattern[str], ...] = ()
    requires: tuple[tuple[str, tuple[re.Pattern[str], ...]], ...] = ()
    scope: str = "section"  # where required elements are looked for (see SCOPES)
    # absence
    when: tuple[re.Pattern[str], ...] = ()  # absence fires only if the clause says one of these
    search: str = "clause"  # clause | document: where the required wording may sit
    search_near: tuple[re.Pattern[str], ...] = ()  # document search: sentence must also match
    # absence: the duty counts as stated when the contract has a clause of one of these
    # categories (content approval before posting is brand review)
    met_by_clauses: tuple[str, ...] = ()
    cases: tuple[RuleCase, ...] = field(default=(), compare=False)
    source: str = ""

    @property
    def family(self) -> str:
        return self.code[0]

    def advice_for(self, slots: Iterable[str]) -> tuple[str, str | None]:
        """The suggestion and library clause for a finding in ``slots`` (most specific first)."""
        for slot in slots:
            if slot in self.advice:
                return self.advice[slot]
        return self.suggestion, self.clause

    @property
    def default_severity(self) -> Severity:
        return self.severity["default"]

    def severity_for(
        self,
        tiers: tuple[tuple[str, ...], ...],
        is_obligation: bool,
        near_tiers: int | None = None,
        dominant: frozenset[str] = frozenset(),
    ) -> Severity:
        """The severity in a sentence whose slots are ``tiers`` (most specific first).

        The first tier with a slot this rule rates decides: a ``dominant`` slot there wins,
        else the highest rating. Tiers from ``near_tiers`` on (wider context) can raise
        the severity to warning at most.
        """
        chosen: Severity | None = None
        for index, tier in enumerate(tiers):
            rated = [s for s in tier if s in self.severity]
            if not rated:
                continue
            firm = [s for s in rated if s in dominant] or rated
            chosen = max((self.severity[s] for s in firm), key=lambda s: s.rank)
            if near_tiers is not None and index >= near_tiers and chosen is Severity.ERROR:
                chosen = max(Severity.WARNING, self.default_severity, key=lambda s: s.rank)
            break
        if chosen is None:
            chosen = self.default_severity
        cap = self.non_obligation
        if not is_obligation and cap is not None and cap.rank < chosen.rank:
            chosen = cap
        return chosen

    def to_dict(self) -> dict[str, Any]:
        """Plain data for ``contractsmith rules --format json``."""
        return {
            "code": self.code,
            "name": self.name,
            "summary": self.summary,
            "why": self.why,
            "check": self.check,
            "severity": {k: v.value for k, v in self.severity.items()},
            "suggestion": self.suggestion,
            "clause": self.clause,
            "cases": {
                "fail": [_case_dict(c) for c in self.cases if c.expect_finding],
                "pass": [_case_dict(c) for c in self.cases if not c.expect_finding],
            },
        }

    @cached_property
    def trigger(self) -> re.Pattern[str] | _AnyOf:
        """One regex that matches wherever any of the rule's patterns matches: a cheap
        pre-test run before the rule's suppressions and context checks."""
        flags = {p.flags for p in self.patterns}
        if len(flags) == 1:
            return re.compile("|".join(f"(?:{p.pattern})" for p in self.patterns), flags.pop())
        return _AnyOf(self.patterns)

    @cached_property
    def pattern_gates(self) -> tuple[Gate, ...]:
        """The rule's patterns, each with its literal prefilter."""
        return tuple(Gate.of(p) for p in self.patterns)

    @cached_property
    def trigger_literals(self) -> frozenset[str] | None:
        """Strings one of which is in ``prefilter.fold`` of every text a pattern of the rule
        matches in (the first literal set of every pattern); None when a pattern has none."""
        found: set[str] = set()
        for gate in self.pattern_gates:
            if not gate.required:
                return None
            found |= gate.required[0]
        return frozenset(found)

    def may_trigger(
        self, folded: str, holds_any: Callable[[frozenset[str]], bool] | None = None
    ) -> bool:
        """False only when no pattern of the rule can match a text whose
        ``prefilter.fold`` is ``folded``: substring tests that spare most regex searches.

        ``holds_any(strings)`` answers ``any(s in folded for s in strings)`` when the
        caller has a faster way (``prefilter.LiteralIndex.holds_any`` for a document).
        """

        def in_folded(strings: frozenset[str]) -> bool:
            return any(s in folded for s in strings)

        holds = holds_any or in_folded
        literals = self.trigger_literals
        if literals is not None and not holds(literals):
            return False
        return any(all(holds(s) for s in g.required) for g in self.pattern_gates)

    def may_match(self, folded: str) -> bool:
        """``may_trigger`` for a text already known to hold one of ``trigger_literals``."""
        return any(g.may_match_folded(folded) for g in self.pattern_gates)


def _case_dict(case: RuleCase) -> dict[str, Any]:
    out: dict[str, Any] = {"text": case.text}
    if case.category:
        out["category"] = case.category
    if case.heading:
        out["heading"] = case.heading
    if case.severity:
        out["severity"] = case.severity.value
    if case.playbook:
        out["playbook"] = case.playbook
    return out


def load_rule_file(path: Path) -> list[Rule]:
    """Load every rule of one family file (``rules: [...]``)."""
    try:
        data = yaml_data.parse(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise RuleDataError(f"{path.name}: cannot read rule data: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise RuleDataError(f"{path.name}: expected a mapping with a 'rules' list")
    return [_parse_rule(entry, path.name) for entry in data["rules"]]


def _parse_rule(raw: Any, source: str) -> Rule:
    if not isinstance(raw, dict):
        raise RuleDataError(f"{source}: every rule must be a mapping")
    code = str(raw.get("code", ""))
    where = f"{source}: {code or '<no code>'}"
    if not _CODE_RE.match(code):
        raise RuleDataError(f"{where}: code must look like V001, O001 or D001")
    for key in ("name", "summary", "why", "check", "message", "suggestion", "severity"):
        if not raw.get(key):
            raise RuleDataError(f"{where}: missing {key!r}")
    check = raw["check"]
    if check not in CHECK_KINDS:
        raise RuleDataError(f"{where}: unknown check {check!r} (use {', '.join(CHECK_KINDS)})")
    try:
        severity = _severity_map(raw["severity"])
        non_obligation = raw.get("non_obligation")
        rule = Rule(
            code=code,
            name=str(raw["name"]),
            summary=str(raw["summary"]).strip(),
            why=str(raw["why"]).strip(),
            check=check,
            message=str(raw["message"]).strip(),
            suggestion=str(raw["suggestion"]).strip(),
            severity=severity,
            clause=raw.get("clause"),
            advice=_advice(raw.get("advice"), where),
            patterns=_patterns(raw.get("patterns")),
            obligation=str(raw.get("obligation", "any")),
            non_obligation=Severity.parse(non_obligation) if non_obligation else None,
            slots=frozenset(raw.get("slots") or ()),
            skip_slots=frozenset(raw.get("skip_slots") or ()),
            suppress_if=_patterns(raw.get("suppress_if")),
            suppress_before=_patterns(raw.get("suppress_before")),
            suppress_after=_patterns(raw.get("suppress_after")),
            require_near=_patterns(raw.get("require_near")),
            near_window=int(raw.get("near_window", 120)),
            near=str(raw.get("near", "segment")),
            supersedes=frozenset(raw.get("supersedes") or ()),
            disclosure_only=bool(raw.get("disclosure_only", code.startswith("D"))),
            info_if=_patterns(raw.get("info_if")),
            info_near=_patterns(raw.get("info_near")),
            firm_near=_patterns(raw.get("firm_near")),
            warning_if=_patterns(raw.get("warning_if")),
            warning_near=_patterns(raw.get("warning_near")),
            info_in_scope=_patterns(raw.get("info_in_scope")),
            info_in_scope_near=_patterns(raw.get("info_in_scope_near")),
            settled_elsewhere=_settlements(raw.get("settled_elsewhere")),
            slot_from=str(raw.get("slot_from", "any")),
            document_fallback=bool(raw.get("document_fallback", False)),
            attachment_firm=_patterns(raw.get("attachment_firm")),
            trigger_unless=_patterns(raw.get("trigger_unless")),
            requires=tuple(
                (str(name), _patterns(pats)) for name, pats in (raw.get("requires") or {}).items()
            ),
            scope=str(raw.get("scope", "section")),
            when=_patterns(raw.get("when")),
            search=str(raw.get("search", "clause")),
            search_near=_patterns(raw.get("search_near")),
            met_by_clauses=tuple(str(c) for c in raw.get("met_by_clauses") or ()),
            cases=_cases(raw.get("cases")),
            source=source,
        )
    except (re.error, ValueError, TypeError) as exc:
        raise RuleDataError(f"{where}: {exc}") from None
    _check_shape(rule, where)
    return rule


def _check_shape(rule: Rule, where: str) -> None:
    if rule.obligation not in ("any", "only"):
        raise RuleDataError(f"{where}: obligation must be 'any' or 'only'")
    if rule.check in ("existence", "completeness") and not rule.patterns:
        raise RuleDataError(f"{where}: {rule.check} rule needs 'patterns'")
    if rule.check == "completeness" and not rule.requires:
        raise RuleDataError(f"{where}: completeness rule needs 'requires'")
    if rule.check == "absence" and not rule.requires:
        raise RuleDataError(f"{where}: absence rule needs 'requires'")
    if rule.slot_from not in ("any", "own"):
        raise RuleDataError(f"{where}: slot_from must be 'any' or 'own'")
    if rule.scope not in SCOPES:
        raise RuleDataError(f"{where}: scope must be one of {', '.join(SCOPES)}")
    if rule.search not in ("clause", "document"):
        raise RuleDataError(f"{where}: search must be 'clause' or 'document'")
    fails = sum(1 for c in rule.cases if c.expect_finding)
    passes = len(rule.cases) - fails
    if fails < 2 or passes < 2:
        raise RuleDataError(f"{where}: needs at least 2 fail and 2 pass cases")


def _severity_map(raw: Any) -> dict[str, Severity]:
    if isinstance(raw, str):
        return {"default": Severity.parse(raw)}
    if not isinstance(raw, dict) or "default" not in raw:
        raise ValueError("severity must be a level or a mapping with a 'default'")
    return {str(k): Severity.parse(v) for k, v in raw.items()}


def _patterns(raw: Any) -> tuple[re.Pattern[str], ...]:
    if raw is None:
        return ()
    if isinstance(raw, str):
        raw = [raw]
    return tuple(re.compile(p, _FLAGS) for p in raw)


def _settlements(raw: Any) -> tuple[Settlement, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise ValueError("settled_elsewhere must be a list of {near, document, ancillary}")
    out: list[Settlement] = []
    for item in raw:
        if not isinstance(item, dict) or not item.get("near") or not item.get("document"):
            raise ValueError("each settled_elsewhere entry needs 'near' and 'document' patterns")
        out.append(
            Settlement(
                near=_patterns(item["near"]),
                document=_patterns(item["document"]),
                ancillary=bool(item.get("ancillary", False)),
            )
        )
    return tuple(out)


def _advice(raw: Any, where: str) -> dict[str, tuple[str, str | None]]:
    """``advice: {slot: {suggestion: ..., clause: ...}}`` as slot -> (suggestion, clause)."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise RuleDataError(f"{where}: advice must map slots to a suggestion and a clause")
    out: dict[str, tuple[str, str | None]] = {}
    for slot, item in raw.items():
        if not isinstance(item, dict) or not item.get("suggestion"):
            raise RuleDataError(f"{where}: advice for {slot!r} needs a suggestion")
        text = " ".join(str(item["suggestion"]).split())
        out[str(slot)] = (text, item.get("clause"))
    return out


def _cases(raw: Any) -> tuple[RuleCase, ...]:
    if not isinstance(raw, dict):
        return ()
    out: list[RuleCase] = []
    for kind, expect in (("fail", True), ("pass", False)):
        for item in raw.get(kind) or ():
            if isinstance(item, str):
                item = {"text": item}
            sev = item.get("severity")
            out.append(
                RuleCase(
                    text=str(item["text"]).strip(),
                    expect_finding=expect,
                    category=item.get("category"),
                    heading=item.get("heading"),
                    severity=Severity.parse(sev) if sev else None,
                    playbook=item.get("playbook"),
                )
            )
    return tuple(out)

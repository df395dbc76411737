"""The wording rule engine: runs the V, O and D rules over an analysed contract.

Rules are data (``wording/*.yaml``); this module knows only the three check kinds
(existence, completeness, absence) and how to turn a match into a ``Finding`` that
quotes its sentence, says why it matters and what to write instead.

Public API::

    check_wording(adoc, select=None, ignore=None) -> list[Finding]
    check_text(text, category) -> list[Finding]      # one clause, no spaCy
    all_rules() -> list[Rule]
    RULES_VERSION
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path

from contractsmith.analyse.model import AnalysedDocument, Sentence
from contractsmith.findings import Finding, Location, Severity, sort_findings
from contractsmith.rules.context import (
    SentenceContext,
    dominant_slots,
    duty_slots,
    heading_slots,
    local_slots,
    own_slot,
    sentence_context,
    slot_specs,
)
from contractsmith.rules.forms import mark_unfilled_form
from contractsmith.rules.model import Rule, RuleDataError, load_rule_file
from contractsmith.rules.plain import analyse_plain
from contractsmith.rules.policy import QUIET, WordingPolicy
from contractsmith.rules.prefilter import LiteralIndex, fold, joined
from contractsmith.rules.repeats import fold_repeats
from contractsmith.selection import code_selected, parse_codes

# Bump on any change to rule data or matching behaviour (reports record it).
RULES_VERSION = "1.10.0"

WORDING_DIR = Path(__file__).resolve().parent / "wording"
RULE_FILES = ("vague.yaml", "obligations.yaml", "disclosure.yaml")
_QUOTE_LIMIT = 300
_SECTION_SCOPE_LIMIT = 5000  # longer "sections" are likely mis-segmented: use the paragraph
# characters after a section-level fallback in which it must name the term it settles
_SCOPE_TERM_WINDOW = 120
_CONTEXT = 400  # characters before/after a match that suppression patterns see
_SIGNATURE = re.compile(r"\bIN\s+WITNESS\s+WHERE\s*OF\b", re.IGNORECASE)
_LOCAL = 100  # characters either side of a match whose cue words decide its slot first


@cache
def _load_all() -> tuple[Rule, ...]:
    rules: list[Rule] = []
    for name in RULE_FILES:
        rules.extend(load_rule_file(WORDING_DIR / name))
    seen: set[str] = set()
    for rule in rules:
        if rule.code in seen:
            raise RuleDataError(f"{rule.source}: duplicate rule code {rule.code}")
        seen.add(rule.code)
    return tuple(sorted(rules, key=lambda r: r.code))


def all_rules() -> list[Rule]:
    """Every wording rule (V, O, D), sorted by code."""
    return list(_load_all())


def get_rule(code: str) -> Rule | None:
    """The wording rule with this code, or None."""
    code = code.strip().upper()
    return next((r for r in _load_all() if r.code == code), None)


def selected_rules(
    select: Iterable[str] | None = None, ignore: Iterable[str] | None = None
) -> list[Rule]:
    """The rules ``contractsmith.selection`` selects (the same rule as every command)."""
    sel = parse_codes(select) if select is not None else None
    ign = parse_codes(ignore) or []
    return [rule for rule in _load_all() if code_selected(rule.code, sel, ign)]


@dataclass
class _Hit:
    """A finding plus the span of its sentence (for ``supersedes``)."""

    finding: Finding
    sentence_start: int
    sentence_end: int


@dataclass
class _Prepared:
    """The sentences worth checking, once per document; their contexts on demand.

    Most sentences match no rule, so a sentence's context (slots, obligation) is only
    worked out when a rule's patterns may match it (``context``).
    """

    adoc: AnalysedDocument
    sentences: list[Sentence]  # body sentences in document order
    folded: list[str]  # prefilter.fold of each sentence's text, for literal prefilters
    next_start: dict[int, tuple[int, int]]  # sentence start -> span of the next sentence
    starts: list[int]  # sentence start offsets, ascending
    trust_categories: bool  # categories were declared by the caller, not guessed
    signed_at: int | None = None  # offset of the main signature block, if any
    policy: WordingPolicy = QUIET  # the playbook's floor for weak wording
    _contexts: dict[int, SentenceContext] = field(default_factory=dict)
    _stated: dict[int, bool] = field(default_factory=dict)  # id(patterns) -> found in body

    @cached_property
    def _folded_joined(self) -> tuple[str, list[int]]:
        return joined(self.folded)

    @cached_property
    def _literals(self) -> LiteralIndex:
        """The sentences holding each literal, found once and shared by every rule."""
        whole, starts = self._folded_joined
        return LiteralIndex(whole, starts)

    @property
    def folded_all(self) -> str:
        """The folded sentences joined: no literal absent here is in any one of them."""
        return self._folded_joined[0]

    def may_trigger(self, rule: Rule) -> bool:
        """``rule.may_trigger`` on every sentence at once, from the literal index."""
        return rule.may_trigger(self.folded_all, self._literals.holds_any)

    def candidates(self, rule: Rule) -> Iterable[int]:
        """Indexes of the sentences that hold one of the rule's trigger literals, in order."""
        only = self._literals.holders(rule.trigger_literals)
        return range(len(self.sentences)) if only is None else sorted(only)

    def _may_be_cued(self, slot: str) -> set[int] | None:
        """Indexes of the sentences that may hold a cue word of ``slot`` (None: any may),
        from the literal index: the rest hold no literal a cue needs."""
        spec = slot_specs().get(slot)
        if spec is None:
            return set()
        out: set[int] = set()
        for gate in spec.cue_gates:
            found = self._literals.holders(gate.required[0]) if gate.required else None
            if found is None:
                return None
            out |= found
        return out

    def context(self, index: int) -> SentenceContext:
        """The context of ``sentences[index]`` (worked out once)."""
        ctx = self._contexts.get(index)
        if ctx is None:
            ctx = sentence_context(self.sentences[index], self.folded[index])
            self._contexts[index] = ctx
        return ctx

    @cached_property
    def body_text(self) -> str:
        """The body sentences joined: where a contract's general terms are looked for."""
        return "\n".join(s.text for s in self.sentences)

    def states(self, patterns: tuple[re.Pattern[str], ...]) -> bool:
        """True when the body text matches one of ``patterns`` (searched once per document)."""
        key = id(patterns)
        found = self._stated.get(key)
        if found is None:
            found = self._stated[key] = _any(patterns, self.body_text)
        return found

    @cached_property
    def has_disclosure(self) -> bool:
        """The contract has a disclosure clause (D rules run only then).

        It does when some sentence's own words or heading say so (analysis categories
        alone are not enough), or, with ``trust_categories``, when the caller declared
        the text a disclosure clause.
        """
        cued = self._may_be_cued("ftc_disclosure")
        if any(
            own_slot(s, "ftc_disclosure", f, cues=cued is None or i in cued)
            for i, (s, f) in enumerate(zip(self.sentences, self.folded, strict=True))
        ):
            return True
        return self.trust_categories and any(
            "ftc_disclosure" in self.context(i).slots for i in range(len(self.sentences))
        )


def check_wording(
    adoc: AnalysedDocument,
    *,
    select: set[str] | None = None,
    ignore: set[str] | None = None,
    policy: WordingPolicy = QUIET,
) -> list[Finding]:
    """Run the wording rules on an analysed contract; findings in document order.

    ``policy`` is the playbook's floor for weak wording (``rules.policy``); the default
    keeps each rule's own severity table.
    """
    return _run(adoc, select, ignore, trust_categories=False, policy=policy)


def _run(
    adoc: AnalysedDocument,
    select: Iterable[str] | None,
    ignore: Iterable[str] | None,
    trust_categories: bool,
    policy: WordingPolicy = QUIET,
) -> list[Finding]:
    rules = selected_rules(select, ignore)
    prepared = _prepare(adoc, trust_categories)
    prepared.policy = policy
    hits: list[_Hit] = []
    for rule in rules:
        if rule.disclosure_only and not prepared.has_disclosure:
            continue
        if rule.check != "absence" and not prepared.may_trigger(rule):
            continue  # no sentence holds the rule's literals
        if rule.check == "existence":
            hits.extend(_existence(rule, prepared))
        elif rule.check == "completeness":
            hits.extend(_completeness(rule, prepared))
        else:
            hits.extend(_absence(rule, prepared))
    findings = [h.finding for h in _apply_supersedes(hits, rules)]
    marked = mark_unfilled_form(findings, adoc.document.text, prepared.signed_at)
    return fold_repeats(sort_findings(marked))


def check_text(
    text: str,
    category: str | None = None,
    *,
    heading: str | None = None,
    select: set[str] | None = None,
    ignore: set[str] | None = None,
    policy: WordingPolicy = QUIET,
) -> list[Finding]:
    """Run the wording rules on one clause's text, read as sitting in ``category``."""
    adoc = analyse_plain(text, category=category, heading=heading)
    return _run(adoc, select, ignore, trust_categories=True, policy=policy)


def _prepare(adoc: AnalysedDocument, trust_categories: bool = False) -> _Prepared:
    """The body sentences of ``adoc`` (no headings, no table of contents), in order."""
    sentences = [
        s
        for s in adoc.sentences
        if not (s.is_heading or s.in_toc or (s.section is not None and s.section.is_toc))
    ]
    sentences.sort(key=lambda s: s.start)
    following = {a.start: (b.start, b.end) for a, b in zip(sentences, sentences[1:], strict=False)}
    signed = _SIGNATURE.search(adoc.document.text)
    return _Prepared(
        adoc,
        sentences,
        [fold(s.text) for s in sentences],
        following,
        [s.start for s in sentences],
        trust_categories,
        signed.start() if signed else None,
    )


def _in_scope(rule: Rule, ctx: SentenceContext) -> bool:
    slots = ctx.slots
    if rule.disclosure_only and "ftc_disclosure" not in slots:
        return False
    if rule.slots and not (rule.slots & slots):
        return False
    if rule.skip_slots & slots:
        return False
    return not (rule.obligation == "only" and not ctx.is_obligation)


def _existence(rule: Rule, prep: _Prepared) -> list[_Hit]:
    out: list[_Hit] = []
    for index in prep.candidates(rule):
        sentence = prep.sentences[index]
        text = sentence.text
        # The rule's own patterns first (their literals, then the patterns): most
        # sentences match none, and their context and the suppressions (often long
        # alternations) then never need to be worked out. ``candidates`` has already
        # tested the trigger literals, so only the patterns' own literal sets are left.
        if not rule.may_match(prep.folded[index]):
            continue
        ctx = prep.context(index)
        if not _in_scope(rule, ctx) or not rule.trigger.search(text):
            continue
        if any(p.search(text) for p in rule.suppress_if):
            continue
        taken: list[tuple[int, int]] = []
        for pattern in rule.patterns:
            for m in pattern.finditer(text):
                if any(m.start() < e and s < m.end() for s, e in taken):
                    continue
                before = text[max(0, m.start() - _CONTEXT) : m.start()]
                after = text[m.end() : m.end() + _CONTEXT]
                if any(p.search(before) for p in rule.suppress_before):
                    continue
                if any(p.search(after) for p in rule.suppress_after):
                    continue
                if rule.require_near:
                    w = rule.near_window
                    near = text[max(0, m.start() - w) : m.end() + w]
                    if not _any(rule.require_near, near):
                        continue
                taken.append((m.start(), m.end()))
                message = rule.message.format(match=_phrase(m.group(0)), missing="")
                # Cue words in the phrase's own clause segment decide first.
                local = local_slots(text, m.start(), m.end(), _LOCAL)
                tiers = (local, *ctx.tiers) if local else ctx.tiers
                near = (1 if local else 0) + (ctx.near_tiers if rule.near == "sentence" else 0)
                here = SentenceContext(tiers, ctx.is_obligation, ctx.own, near)
                own = (1 if local else 0) + ctx.near_tiers
                declared = prep.trust_categories and bool(sentence.categories)
                capped = _capped(rule, text, m.start(), m.end())
                demote = _demoted(rule, text, m.start(), m.end(), declared)
                if demote is None and _in_attachment(rule, prep, sentence):
                    demote = "attachment"
                if demote is None and (
                    (not capped and _settled_in_scope(rule, prep, sentence, m.start(), m.end()))
                    or _settled_in_document(rule, prep, text, m.start(), m.end(), capped)
                ):
                    demote = "settled"
                out.append(
                    _hit(
                        rule, prep, sentence, here, m.start(), m.end(), message, demote, own, capped
                    )
                )
                break
            if taken:
                break  # one finding per rule and sentence
    return out


def _completeness(rule: Rule, prep: _Prepared) -> list[_Hit]:
    out: list[_Hit] = []
    done_scopes: set[tuple[int, int]] = set()
    pool: str | None = None
    in_pool: dict[str, bool] = {}  # requirement name -> stated in the document pool
    for index in prep.candidates(rule):
        sentence = prep.sentences[index]
        text = sentence.text
        folded = prep.folded[index]
        m = next((m for g in rule.pattern_gates if (m := g.search(text, folded))), None)
        if m is None:
            continue
        ctx = prep.context(index)
        if not _in_scope(rule, ctx) or any(p.search(text) for p in rule.trigger_unless):
            continue
        scope = _scope_span(rule, prep, sentence)
        if scope in done_scopes:
            continue
        scope_text = _body_text(prep, scope) or text
        missing = [
            name for name, pats in rule.requires if not any(p.search(scope_text) for p in pats)
        ]
        if not missing:
            continue
        done_scopes.add(scope)
        message = rule.message.format(match=_phrase(m.group(0)), missing=_join(missing))
        demote = "courtesy" if _any(rule.info_if, text) else None
        if rule.document_fallback and demote is None:
            if pool is None:
                pool = _document_pool(rule, prep)
            # Each requirement is searched in the pool once: the pool is the whole body.
            for name, pats in rule.requires:
                if name in missing and name not in in_pool:
                    in_pool[name] = _any(pats, pool)
            if all(in_pool[name] for name in missing):
                demote = "settled"
        out.append(_hit(rule, prep, sentence, ctx, m.start(), m.end(), message, demote))
    return out


def _document_pool(rule: Rule, prep: _Prepared) -> str:
    """Body sentences of the whole contract where a completeness rule's terms may be stated."""
    return "\n".join(
        s.text for s in prep.sentences if not rule.search_near or _any(rule.search_near, s.text)
    )


def _in_attachment(rule: Rule, prep: _Prepared, sentence: Sentence) -> bool:
    """True when the sentence sits after the signature block and is not firm for the rule."""
    if not rule.attachment_firm or prep.signed_at is None or sentence.start < prep.signed_at:
        return False
    return not _any(rule.attachment_firm, sentence.text)


def _demoted(rule: Rule, text: str, start: int, end: int, trusted: bool) -> str | None:
    """Why the context of a phrase says the finding should only be info, if it does.

    The reason is one of ``policy.DEMOTIONS``: "courtesy" (the rule's ``info_if`` or
    ``info_near`` words) or "unconfirmed" (none of its ``firm_near`` words). ``firm_near``
    is only asked for when the clause's category was guessed: a caller that declares the
    category (a library clause, a rule case) vouches for the slot.
    """
    if _any(rule.info_if, text):
        return "courtesy"
    w = rule.near_window
    near = text[max(0, start - w) : end + w]
    if _any(rule.info_near, near):
        return "courtesy"
    if rule.firm_near and not trusted and not _any(rule.firm_near, near):
        return "unconfirmed"
    return None


def _settled_in_scope(
    rule: Rule, prep: _Prepared, sentence: Sentence, start: int, end: int
) -> bool:
    """True when the rest of the phrase's section settles what the phrase leaves open.

    Not asked for ancillary duties (those ``_capped`` at warning): they have their own
    trigger, so a statement the section makes about the principal duty does not settle
    them. For a rule with ``firm_near`` words, the statement must name one of the terms
    found next to the phrase ("the price ... if the parties cannot agree on a price"), so
    that a fallback for another term in a long section does not count.
    """
    if not rule.info_in_scope:
        return False
    w = rule.near_window
    near = sentence.text[max(0, start - w) : end + w]
    if rule.info_in_scope_near and not _any(rule.info_in_scope_near, near):
        return False
    terms = {m.group(0).lower()[:5] for p in rule.firm_near for m in p.finditer(near)}
    scope_text = _body_text(prep, _scope_span(rule, prep, sentence)) or sentence.text
    for pattern in rule.info_in_scope:
        for m in pattern.finditer(scope_text):
            if not terms:
                return True
            about = scope_text[m.start() : m.end() + _SCOPE_TERM_WINDOW].lower()
            if any(t in about for t in terms):
                return True
    return False


def _settled_in_document(
    rule: Rule, prep: _Prepared, text: str, start: int, end: int, capped: bool
) -> bool:
    """True when a general term of the contract settles what the phrase leaves open.

    One of the rule's ``settled_elsewhere`` entries must have a ``near`` word around the
    phrase (a payment, not a takedown) and its ``document`` term in the contract's body
    ("invoices are payable within 30 days"). An ancillary duty (``capped``) is settled
    only by an entry marked ``ancillary`` ("all amounts are payable within 30 days").
    """
    if not rule.settled_elsewhere:
        return False
    w = rule.near_window
    near = text[max(0, start - w) : end + w]
    return any(
        (entry.ancillary or not capped) and _any(entry.near, near) and prep.states(entry.document)
        for entry in rule.settled_elsewhere
    )


def _capped(rule: Rule, text: str, start: int, end: int) -> bool:
    """True when the phrase's duty is ancillary, so its finding is a warning at most."""
    if _any(rule.warning_if, text):
        return True
    w = rule.near_window
    return _any(rule.warning_near, text[max(0, start - w) : end + w])


def _scope_span(rule: Rule, prep: _Prepared, sentence: Sentence) -> tuple[int, int]:
    """Where a completeness rule looks for the required elements."""
    if rule.scope == "sentence":
        return (sentence.start, sentence.end)
    if rule.scope == "sentence+next":
        following = prep.next_start.get(sentence.start)
        end = sentence.end
        if following is not None:
            end = max(end, following[1])
        return (sentence.start, end)
    section = sentence.section
    if section is not None and 0 < section.end - section.start <= _SECTION_SCOPE_LIMIT:
        return (section.start, section.end)
    blocks = prep.adoc.document.blocks
    if (
        0 <= sentence.block < len(blocks)
        and blocks[sentence.block].end > blocks[sentence.block].start
    ):
        block = blocks[sentence.block]
        if block.end - block.start <= _SECTION_SCOPE_LIMIT:
            return (block.start, block.end)
    return (sentence.start, sentence.end)


def _body_text(prep: _Prepared, span: tuple[int, int]) -> str:
    """The text of the body sentences (headings left out) that start inside ``span``."""
    lo = bisect.bisect_left(prep.starts, span[0])
    hi = bisect.bisect_left(prep.starts, span[1])
    return "\n".join(prep.sentences[i].text for i in range(lo, hi))


def _absence(rule: Rule, prep: _Prepared) -> list[_Hit]:
    """Document-level check: the clause in ``rule.slots`` lacks required wording."""
    wanted = rule.slots or frozenset({"ftc_disclosure"})
    clause = [(s, c) for i, s in enumerate(prep.sentences) if wanted & (c := prep.context(i)).slots]
    if not clause:
        return []
    firm = [(s, c) for s, c in clause if wanted & c.own] or clause
    if rule.when:
        triggers = [(s, c) for s, c in clause if any(p.search(s.text) for p in rule.when)]
        if not triggers:
            return []
        anchor, anchor_ctx = next((t for t in triggers if wanted & t[1].own), triggers[0])
    else:
        anchor, anchor_ctx = firm[0]
    if any(
        (presence := prep.adoc.clauses.get(c)) is not None and presence.present
        for c in rule.met_by_clauses
    ):
        return []
    if rule.search == "document":
        haystack = _document_pool(rule, prep)
    else:
        haystack = "\n".join(s.text for s, _ in clause)
    missing = [name for name, pats in rule.requires if not _any(pats, haystack)]
    if not missing:
        return []
    message = rule.message.format(match="", missing=_join(missing))
    start, end = anchor.start, anchor.end
    section = anchor.section
    if (
        section is not None
        and not rule.when
        and "ftc_disclosure"
        in (set(section.categories) | set(heading_slots(section.heading or "")))
    ):
        start, end = section.start, section.end
    return [_hit(rule, prep, anchor, anchor_ctx, start - anchor.start, end - anchor.start, message)]


def _hit(
    rule: Rule,
    prep: _Prepared,
    sentence: Sentence,
    ctx: SentenceContext,
    rel_start: int,
    rel_end: int,
    message: str,
    demote: str | None = None,
    own_tiers: int | None = None,
    capped: bool = False,
) -> _Hit:
    """A finding for the phrase at ``rel_start:rel_end`` of ``sentence``.

    ``demote`` (a reason from ``policy.DEMOTIONS``) caps the severity at info, ``capped``
    at warning; ``own_tiers`` counts the leading slot tiers read from the sentence's own
    words (for rules whose slot must come from them). The playbook's wording policy may
    then raise the finding to its floor (``policy.WordingPolicy.severity``).
    """
    document = prep.adoc.document
    blocks = document.blocks
    paragraph = blocks[sentence.block].paragraph if 0 <= sentence.block < len(blocks) else None
    severity = rule.severity_for(
        ctx.tiers,
        ctx.is_obligation,
        None if prep.trust_categories else ctx.near_tiers,
        dominant_slots(),
    )
    if rule.slot_from == "own" and not prep.trust_categories:
        own = ctx.near_tiers if own_tiers is None else own_tiers
        firm = rule.severity_for(ctx.tiers[:own], ctx.is_obligation, None, dominant_slots())
        if firm.rank < severity.rank:
            severity = firm
    if capped and severity.rank > Severity.WARNING.rank:
        severity = Severity.WARNING
    if demote:
        severity = Severity.INFO
    if (
        prep.policy.floor is not None
        and severity.rank < prep.policy.floor.rank
        and (ctx.is_obligation or rule.non_obligation is None)
    ):
        touched = _touched_slots(prep, sentence, ctx, rel_start, rel_end)
        severity = prep.policy.severity(rule.code, severity, touched, demote)
    suggestion, clause = rule.advice_for(slot for tier in ctx.tiers for slot in tier)
    finding = Finding(
        rule=rule.code,
        severity=severity,
        message=message,
        location=Location(
            file=document.path,
            page=sentence.page,
            paragraph=paragraph,
            start=sentence.start + rel_start,
            end=sentence.start + rel_end,
        ),
        text=_quote(sentence.text, max(0, rel_start)),
        suggestion=suggestion,
        category=ctx.category(),
        why=rule.why,
        clause_id=clause,
    )
    return _Hit(finding, sentence.start, sentence.end)


def _touched_slots(
    prep: _Prepared, sentence: Sentence, ctx: SentenceContext, rel_start: int, rel_end: int
) -> tuple[str, ...]:
    """The slots a phrase touches, for the wording policy (see ``rules.policy``).

    The slots of the duties it qualifies, the slots the words of its own clause segment
    name (a category the caller declares counts too) and, in a sentence that imposes a
    duty, the slots its section heading names. A category analysis guessed from a
    neighbouring clause does not count. A rule capped outside duties (``non_obligation``) is only raised in a
    sentence that imposes one.
    """
    text = sentence.text
    start, end = max(0, rel_start), max(0, min(len(text), rel_end))
    touched = [*duty_slots(text, start, end), *local_slots(text, start, end, _LOCAL)]
    if ctx.is_obligation and sentence.section is not None:
        touched.extend(heading_slots(sentence.section.heading or ""))
    if prep.trust_categories:
        touched.extend(slot for tier in ctx.tiers for slot in tier)
    return tuple(touched)


def _apply_supersedes(hits: list[_Hit], rules: list[Rule]) -> list[_Hit]:
    """Drop a finding when a more specific rule flagged the same sentence."""
    by_code = {r.code: r for r in rules}
    spans: dict[str, list[tuple[int, int]]] = {}
    for h in hits:
        rule = by_code.get(h.finding.rule)
        if rule is None:
            continue
        for code in rule.supersedes:
            spans.setdefault(code, []).append((h.sentence_start, h.sentence_end))
    if not spans:
        return hits
    return [
        h
        for h in hits
        if not any(
            s < h.sentence_end and h.sentence_start < e for s, e in spans.get(h.finding.rule, ())
        )
    ]


def _any(patterns: Iterable[re.Pattern[str]], text: str) -> bool:
    return any(p.search(text) for p in patterns)


def _phrase(text: str) -> str:
    return " ".join(text.split())


def _join(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " or " + names[-1]


def _quote(text: str, at: int) -> str:
    """The sentence, trimmed to about 300 characters around offset ``at``."""
    text = " ".join(text.split()) if len(text) <= _QUOTE_LIMIT else text
    if len(text) <= _QUOTE_LIMIT:
        return text
    start = max(0, min(at - 100, len(text) - _QUOTE_LIMIT))
    piece = " ".join(text[start : start + _QUOTE_LIMIT].split())
    return ("…" if start > 0 else "") + piece + ("…" if start + _QUOTE_LIMIT < len(text) else "")

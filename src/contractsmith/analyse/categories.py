"""Clause-category detection from operative sentences, with rules kept as YAML data.

Each file ``rules/categories/<category>.yaml`` holds one category's rule:

* ``cue``: a cheap regular expression; sentences without it are skipped at once;
* ``patterns``: operative-sentence expressions (obligations, grants, rights,
  conditions), each with an optional ``weight`` (default 1.0) and ``unless`` (an
  expression that stops this one pattern from counting in the sentence);
* ``negatives``: contexts that cancel a match ("exclusive jurisdiction" is not
  exclusivity); a negative is removed from the sentence before patterns run, or, with
  ``whole: true``, vetoes the sentence;
* ``hints``: words that mark a section heading as this category. A hint adds
  ``hint_boost`` to a matched sentence but never makes a sentence count on its own;
* ``threshold``: the score a sentence needs to be evidence (default 1.0);
* ``topic``: the words that show a contract speaks of the category at all (in a
  heading or a sentence), whether or not the rules read an operative clause there;
  it never makes the category present, it only lets the playbook say "not confirmed"
  instead of "missing" (``TopicIndex``). It defaults to the cue.

* ``frames``: readable operative frames, each ``all`` (slots that must appear in this
  order within one clause, at most ``gap`` characters apart, default 120) and ``none``
  (slots that cancel the frame in that clause); a frame compiles to a pattern;
* ``fields``: labelled terms ("Campaign Duration: 1 June to 31 August 2026", a table row
  "FEE | $8,000"), each a ``label`` and the ``value`` it must hold; a value still open
  ("TBC", "to be agreed", "N/A") is never evidence.

Expressions may use the macros and lexicons of ``_macros.yaml`` written as ``{NAME}``; a
lexicon is a YAML list of alternatives. They run on
the lower-cased sentence (much faster than case-insensitive matching), so they must be
written in lower case. Headings, table-of-contents lines and definition-only sentences are
never evidence.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache
from pathlib import Path

import yaml

from contractsmith.analyse.enumeration import inline_items
from contractsmith.analyse.model import CATEGORIES, ClausePresence, Sentence
from contractsmith.analyse.rule_schema import first_problem
from contractsmith.ingest.fields import line_label
from contractsmith.rules import yaml_data
from contractsmith.rules.prefilter import Gate, LiteralIndex, fold, joined

RULES_DIR = Path(__file__).resolve().parent.parent / "rules" / "categories"
DEFAULT_HINT_BOOST = 0.5

# "Section 12 (Termination)" and "Article 7 (Confidentiality)" are references, not clauses.
_CROSS_REF_RE = re.compile(
    r"\b(?:Sections?|Articles?|Clauses?|Paragraphs?|Exhibits?|Schedules?)\s+"
    r"[\dIVXLC]+(?:\.\d+)*(?:\s*\([a-z0-9]{1,4}\))*\s*\(([^()]{1,60})\)"
)
_DEFINITION_ONLY_RE = re.compile(
    r"^\s*(?:\(?[a-z0-9._]{1,6}\)?\s+)?[\"\u201c][^\"\u201d]{1,80}[\"\u201d]\s*"
    r"(?:,[^,]{0,40},\s*)?(?:shall\s+)?(?:means?|shall\s+have\s+the\s+meaning|has\s+the\s+meaning)\b"
)


# Words so common in contracts that a literal set holding one of them rules out few
# sentences; a gate scans a document for its other literal sets first.
_COMMON_WORDS = frozenset(
    {
        "agreement",
        "contract",
        "party",
        "parties",
        "shall",
        "will",
        "may",
        "must",
        "any",
        "all",
        "the",
        "this",
        "that",
        "each",
        "other",
        "not",
        "term",
        "terms",
        "content",
        "services",
        "products",
        "company",
        "notice",
        "control",
        "rights",
        "right",
        "before",
        "after",
        "days",
        "date",
        "use",
        "used",
        "brand",
        "creator",
        "client",
        "with",
        "from",
        "such",
    }
)


def _scan_set(required: tuple[frozenset[str], ...]) -> frozenset[str] | None:
    """The literal set of a gate to scan a document for: of its sets that hold no very
    common word and no string under four letters, the one whose shortest string is
    longest (else the same among all its sets); None when there is none."""
    usable = [r for r in required if "" not in r]
    if not usable:
        return None
    rare = [
        r for r in usable if not any(x.strip() in _COMMON_WORDS or len(x.strip()) < 4 for x in r)
    ]
    if rare:
        # longer strings are rarer; each string is one scan of the document
        return max(rare, key=lambda r: (min(len(x.strip()) for x in r), -len(r)))
    return max(usable, key=lambda r: min(len(x.strip()) for x in r))


@dataclass
class Pattern:
    """One operative expression and the weight a match adds."""

    regex: re.Pattern[str]
    weight: float = 1.0
    unless: re.Pattern[str] | None = None  # the pattern does not count when this matches
    # Frames and fields carry their own literal gate and run without the rule's cue.
    own_gate: bool = False
    is_field: bool = False  # a labelled field: only "Label: value" text can match it

    # Worked out on first use: a contract that never cues a rule never needs its
    # patterns' literals, which saves most of their cost in a one-file check.
    @cached_property
    def gate(self) -> Gate:
        """The pattern with its literal prefilter."""
        return Gate.of(self.regex)

    @cached_property
    def scan_set(self) -> frozenset[str] | None:
        """The literal set a document is scanned for (``_scan_set``)."""
        return _scan_set(self.gate.required)


@dataclass
class CategoryRule:
    """The detection rule of one category (loaded from YAML)."""

    category: str
    cue: re.Pattern[str]
    patterns: list[Pattern]
    negatives: list[re.Pattern[str]] = field(default_factory=list)
    vetoes: list[re.Pattern[str]] = field(default_factory=list)
    hints: list[re.Pattern[str]] = field(default_factory=list)
    hint_boost: float = DEFAULT_HINT_BOOST
    threshold: float = 1.0
    description: str = ""
    topic: re.Pattern[str] | None = None

    @property
    def topic_pattern(self) -> re.Pattern[str]:
        """The words that show a contract speaks of the category: ``topic``, else the cue."""
        return self.topic or self.cue

    def __post_init__(self) -> None:
        # Literal prefilters: most sentences hold none of a rule's words, and a substring
        # test is much cheaper than the regex search it saves.
        self._cue = Gate.of(self.cue)
        self._vetoes = [Gate.of(v) for v in self.vetoes]
        self._negatives = [Gate.of(n) for n in self.negatives]
        self._gated = [p for p in self.patterns if p.own_gate]
        self._plain = [p for p in self.patterns if not p.own_gate]
        self._topic = Gate.of(self.topic_pattern)

    def may_speak_of(self, folded: str) -> bool:
        """False only when no text whose ``prefilter.fold`` is (part of) ``folded`` holds
        one of this rule's topic words."""
        return self._topic.may_match_folded(folded)

    def may_be_cued(self, folded: str) -> bool:
        """False only when no text whose ``prefilter.fold`` is (part of) ``folded`` holds
        this rule's cue or may match one of its frames or fields."""
        return self._cue.may_match_folded(folded) or any(
            p.gate.may_match_folded(folded) for p in self._gated
        )

    @property
    def cue_strings(self) -> frozenset[str] | None:
        """Strings one of which is in ``prefilter.fold`` of every text the cue matches in;
        None when none is known."""
        return self._cue.required[0] if self._cue.required else None

    @property
    def gated(self) -> list[Pattern]:
        """The frames and fields: patterns with their own literal gate."""
        return self._gated

    def score(
        self,
        text: str,
        section_hinted: bool,
        folded: str | None = None,
        candidates: list[Pattern] | None = None,
    ) -> float:
        """Score of ``text`` as evidence for this category (0 when no pattern matches).

        ``folded`` is ``prefilter.fold(text)`` when the caller has it already;
        ``candidates`` the frames and fields that may match it, when the caller knows.
        """
        if folded is None:
            folded = fold(text)
        cued = self._cue.search(text, folded) is not None
        pool = self._gated if candidates is None else candidates
        gated = [p for p in pool if p.gate.may_match_folded(folded)]
        if not cued and not gated:
            return 0.0
        for veto in self._vetoes:
            if veto.search(text, folded):
                return 0.0
        for neg in self._negatives:
            if neg.may_match(text, folded):
                cut = neg.pattern.sub(" ", text)
                if cut != text:
                    text, folded = cut, fold(cut)
        best = 0.0
        # The best weight among the patterns that match, whatever their order: the cued
        # rule's plain patterns and the frames and fields whose literals the text has.
        for p in [*self._plain, *gated] if cued else gated:
            if (
                p.weight > best
                and p.gate.search(text, folded)
                and (p.unless is None or not p.unless.search(text))
            ):
                best = p.weight
        if best and section_hinted:
            best += self.hint_boost
        return best


class RuleError(ValueError):
    """A category rule file that cannot be used; the message names the file."""


def _expand(expr: str, macros: dict[str, str], where: str) -> re.Pattern[str]:
    """Compile ``expr`` after replacing ``{NAME}`` macros."""

    def sub(m: re.Match[str]) -> str:
        name = m.group(1)
        if name not in macros:
            raise RuleError(f"{where}: unknown macro {{{name}}}")
        return macros[name]

    for _ in range(5):  # macros may use macros
        expr = re.sub(r"\{([A-Z_]{2,})\}", sub, expr)
    if re.search(r"[A-Z]", re.sub(r"\\.", "", expr)):
        raise RuleError(f"{where}: write expressions in lower case (text is lower-cased): {expr}")
    try:
        return re.compile(expr)
    except re.error as exc:
        raise RuleError(f"{where}: bad regular expression: {exc}") from None


# A labelled field's value that is still open is no term at all.
_OPEN_VALUE = (
    r"(?:tbc|tbd|tba|n/?a|nil|none|not\s+applicable|-+|to\s+be\s+"
    r"(?:confirmed|agreed|advised|discussed|determined|decided|negotiated)|subject\s+to\s+"
    r"(?:agreement|negotiation|discussion))\W*$"
)


def _macro_value(value: object) -> str:
    """A macro's expression: a string as it is, a lexicon (list) as an alternation."""
    if isinstance(value, list):
        return "(?:" + "|".join(str(v) for v in value) + ")"
    return str(value)


def frame_expression(frame: dict) -> tuple[str, str | None]:
    """The pattern and ``unless`` expressions (before macro expansion) of one frame."""
    gap = int(frame.get("gap", 120))
    slots = [f"(?:{slot})" for slot in frame["all"]]
    regex = f"[^.;]{{0,{gap}}}?".join(slots)
    none = frame.get("none") or []
    return regex, ("|".join(f"(?:{n})" for n in none) if none else None)


def field_expression(field_rule: dict) -> str:
    """The pattern (before macro expansion) of one labelled-field rule."""
    value = field_rule.get("value", r"\w")
    return (
        rf"^[^a-z0-9]{{0,6}}(?:(?:\d{{1,2}}(?:[._]\d{{1,2}})*[._]?|\(?[a-z0-9]{{1,3}}\))\s+)?(?:{field_rule['label']})(?![a-z])[^:|.;]{{0,40}}?\s*[:|]\s*"
        rf"(?!{_OPEN_VALUE})(?=[^|]*?(?:{value}))"
    )


def load_rules_from(directory: Path) -> dict[str, CategoryRule]:
    """Load every ``<category>.yaml`` rule in ``directory`` (with its ``_macros.yaml``)."""
    macros_path = directory / "_macros.yaml"
    macros: dict[str, str] = {}
    if macros_path.is_file():
        macros = {
            str(k): _macro_value(v)
            for k, v in (yaml_data.parse(macros_path.read_text()) or {}).items()
        }
    rules: dict[str, CategoryRule] = {}
    for path in sorted(directory.glob("*.yaml")):
        if path.name.startswith("_"):
            continue
        try:
            data = yaml_data.parse(path.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as exc:
            raise RuleError(f"{path.name}: not valid YAML: {exc}") from None
        problem = first_problem(data)
        if problem is not None:
            raise RuleError(f"{path.name}: {problem}")
        category = data.get("category", path.stem)
        if category not in CATEGORIES:
            raise RuleError(f"{path.name}: unknown category {category!r}")
        where = path.name
        patterns = []
        for item in data.get("patterns") or []:
            if isinstance(item, str):
                item = {"regex": item}
            unless = item.get("unless")
            patterns.append(
                Pattern(
                    _expand(item["regex"], macros, where),
                    float(item.get("weight", 1.0)),
                    _expand(unless, macros, where) if unless else None,
                )
            )
        for n, frame in enumerate(data.get("frames") or [], start=1):
            regex, unless = frame_expression(frame)
            where_frame = f"{where} frame {n}"
            patterns.append(
                Pattern(
                    _expand(regex, macros, where_frame),
                    float(frame.get("weight", 1.0)),
                    _expand(unless, macros, where_frame) if unless else None,
                    own_gate=True,
                )
            )
        for n, field_rule in enumerate(data.get("fields") or [], start=1):
            regex = field_expression(field_rule)
            where_field = f"{where} field {n}"
            unless = field_rule.get("none")
            patterns.append(
                Pattern(
                    _expand(regex, macros, where_field),
                    float(field_rule.get("weight", 1.0)),
                    _expand("|".join(unless), macros, where_field) if unless else None,
                    own_gate=True,
                    is_field=True,
                )
            )
        negatives, vetoes = [], []
        for item in data.get("negatives") or []:
            if isinstance(item, str):
                item = {"regex": item}
            compiled = _expand(item["regex"], macros, where)
            (vetoes if item.get("whole") else negatives).append(compiled)
        if not patterns:
            raise RuleError(f"{path.name}: no patterns")
        rules[category] = CategoryRule(
            category=category,
            cue=_expand(
                data.get("cue")
                or "|".join(p.regex.pattern for p in patterns if not p.own_gate)
                or "(?!)",
                macros,
                where,
            ),
            patterns=patterns,
            negatives=negatives,
            vetoes=vetoes,
            hints=[_expand(h, macros, where) for h in data.get("hints") or []],
            hint_boost=float(data.get("hint_boost", DEFAULT_HINT_BOOST)),
            threshold=float(data.get("threshold", 1.0)),
            description=str(data.get("description", "")),
            topic=_expand(data["topic"], macros, where) if data.get("topic") else None,
        )
    missing = [c for c in CATEGORIES if c not in rules]
    if missing:
        raise RuleError(f"{directory.name}: no rule for categories {', '.join(missing)}")
    return rules


@cache
def load_rules() -> dict[str, CategoryRule]:
    """The shipped category rules (cached)."""
    return load_rules_from(RULES_DIR)


class TopicIndex:
    """Which of a document's texts speak of each category by its ``topic`` words.

    A text speaks of a category when it, or its section heading, holds a topic word, or
    when its heading hints the category. Each category's topic expression runs once over
    all the texts joined (and once over the distinct headings), not once per text, and
    only for the categories asked about.
    """

    def __init__(
        self,
        texts: Sequence[str],
        headings: Sequence[str] | None = None,
        hints: Sequence[Collection[str]] | None = None,
    ) -> None:
        flat = [" ".join(t.split()).lower() for t in texts]
        # ";" between texts stops the gaps of topic expressions ([^.;]) at a text's end
        self._joined = ";\n".join(flat)
        self._starts: list[int] = []
        pos = 0
        for t in flat:
            self._starts.append(pos)
            pos += len(t) + 2
        self._headings = list(headings) if headings is not None else [""] * len(flat)
        self._hints = list(hints) if hints is not None else [()] * len(flat)
        self._found: dict[str, set[int]] = {}

    @cached_property
    def _folded(self) -> str:
        return fold(self._joined)

    def holders(self, category: str) -> set[int]:
        """Indexes of the texts whose own words or heading speak of ``category``."""
        found = self._found.get(category)
        if found is None:
            rule = load_rules()[category]
            topic = rule.topic_pattern
            # About half the categories asked about are ones a contract never speaks of:
            # the topic's literals, absent from the whole text, spare the scan of it.
            found = (
                {bisect_right(self._starts, m.start()) - 1 for m in topic.finditer(self._joined)}
                if rule.may_speak_of(self._folded)
                else set()
            )
            heads_on = {h for h in set(self._headings) if h and topic.search(h.lower())}
            found |= {k for k, h in enumerate(self._headings) if h in heads_on}
            self._found[category] = found
        return found

    def speaks_of(self, category: str, k: int) -> bool:
        """Whether text ``k`` speaks of ``category`` (a hinting heading included)."""
        return category in self._hints[k] or k in self.holders(category)


def is_on_topic(category: str, text: str, heading: str, hinted: Collection[str] = ()) -> bool:
    """Whether a sentence speaks of ``category`` (``TopicIndex`` of that one sentence). A
    trained model that is gated by topic only adds evidence in such sentences, so that
    it decides whether a clause the contract speaks of is operative, never where to look
    in a long contract."""
    return TopicIndex([text], [heading], [hinted]).speaks_of(category, 0)


@lru_cache(maxsize=8192)  # headings repeat within and across contracts ("Term", "Fees")
def heading_categories(heading: str) -> tuple[str, ...]:
    """Categories a section heading suggests (a hint only, never evidence)."""
    if not heading:
        return ()
    low = heading.lower()
    return tuple(c for c, r in load_rules().items() if any(h.search(low) for h in r.hints))


def clean_for_matching(text: str) -> str:
    """Sentence text prepared for the rules: cross-reference titles removed, whitespace
    collapsed, inner periods replaced by "_"."""
    text = _CROSS_REF_RE.sub(lambda m: m.group(0)[: m.start(1) - m.start(0) - 1], text)
    text = " ".join(text.split())
    # Periods inside a sentence ("Section 13.3", "U.S.", "Inc.") become "_" so that rule
    # gaps such as [^.;] stop only at the sentence's own end.
    text = text[:-1].replace(".", "_") + text[-1:]
    # Commas around inserted phrases ("may, at its option, terminate") are dropped so
    # that word gaps in the rules bridge them.
    return text.replace(", ", " ")


def is_definition_only(text: str) -> bool:
    """Whether the sentence only defines a term ('"Exclusive Territory" means ...')."""
    return bool(_DEFINITION_ONLY_RE.match(text))


def score_sentence(text: str, hinted: frozenset[str] = frozenset()) -> dict[str, float]:
    """Scores of one sentence for every category it is evidence for (above threshold)."""
    return _scores(_matchable(text), hinted, list(load_rules().items()))


def _matchable(text: str) -> list[tuple[str, str]] | None:
    """The texts the rules run on, each with its ``prefilter.fold``; None for a definition.

    The first is the whole sentence; then each inline item joined to its lead-in.
    """
    clean = clean_for_matching(text)
    if is_definition_only(clean):
        return None
    # Each inline item is also matched on its own with its lead-in, so that the trigger
    # of one item ("(i) upon breach") does not cancel another ("(ii) on notice").
    texts = [clean.lower()] + [t.lower() for t in inline_items(clean) + row_cells(clean)]
    return [(t, fold(t)) for t in texts]


def row_cells(text: str) -> list[str]:
    """The "Header: cell" pieces of a row of a headed table, read as it is joined
    ("Tier: Gold; Content each month: 2 Reels; Monthly fee: 500 EUR"), so that each
    cell is matched as a labelled field of its own; [] unless the first piece and at
    least one other read "Label: value" (only those pieces are returned)."""
    if "; " not in text:
        return []
    pieces = [p for p in text.split("; ") if line_label(p) is not None]
    if len(pieces) < 2 or not text.startswith(pieces[0]):
        return []
    return pieces


def _scores(
    matchable: list[tuple[str, str]] | None,
    hinted: frozenset[str],
    rules: list[tuple[str, CategoryRule]],
    candidates: list[list[Pattern] | None] | None = None,
) -> dict[str, float]:
    if matchable is None or not rules:
        return {}
    (clean, folded), *items = matchable  # most sentences have no inline items
    out: dict[str, float] = {}
    for n, (category, rule) in enumerate(rules):
        hint = category in hinted
        pool = candidates[n] if candidates is not None else None
        s = rule.score(clean, hint, folded, pool)
        for item, item_folded in items:
            s = max(s, rule.score(item, hint, item_folded, pool))
        if s >= rule.threshold:
            out[category] = s
    return out


def _add_classifier_evidence(
    sentences: list[Sentence],
    context: list[str] | None,
    flags: dict[int, tuple[str, ...]],
    evidence: dict[str, list[tuple[float, Sentence]]],
) -> None:
    """Add the sentences the trained classifier finds for a category that has a blend
    threshold and no rule evidence (``analyse.classifier``); ``flags`` holds the rule
    categories of each sentence the rules read. The score of such evidence is the
    classifier's probability."""
    from contractsmith.analyse.classifier import active_models, added_evidence

    found = {c for c, items in evidence.items() if items}
    if all(found.issuperset(m.thresholds) for m in active_models()):
        return
    order = sorted(flags)
    texts = [
        context[i] + " " + sentences[i].text if context and context[i] else sentences[i].text
        for i in order
    ]
    headings = [sentences[i].section.heading if sentences[i].section else "" for i in order]
    hints = [sentences[i].section.categories if sentences[i].section else () for i in order]
    added = added_evidence(
        texts,
        headings,
        [flags[i] for i in order],
        hints,
        found,
        on_topic=TopicIndex(texts, headings, hints).speaks_of,
    )
    for c, hits in added.items():
        for k, p in hits:
            sent = sentences[order[k]]
            sent.categories = tuple(x for x in CATEGORIES if x == c or x in sent.categories)
            evidence[c].append((p, sent))


def _frame_pools(
    rule: CategoryRule,
    fieldish: set[int],
    holding: Callable[[frozenset[str] | None], set[int] | None],
) -> tuple[list[Pattern], dict[int, list[Pattern]]]:
    """The frames and fields of ``rule`` that may match a document's sentences: those
    that may match any sentence, and per sentence index those that may match it (in the
    rule's order). A field may only match a sentence in ``fieldish``; a frame only one
    that ``holding`` finds holding its scan literals."""
    anywhere: list[Pattern] = []
    by_sentence: dict[int, list[Pattern]] = {}
    for p in rule.gated:
        where = fieldish if p.is_field else holding(p.scan_set)
        if where is None:
            anywhere.append(p)
            for pool in by_sentence.values():
                pool.append(p)
            continue
        for i in where:
            by_sentence.setdefault(i, list(anywhere)).append(p)
    return anywhere, by_sentence


def detect(
    sentences: list[Sentence], context: list[str] | None = None
) -> dict[str, ClausePresence]:
    """Tag each sentence's ``categories`` and decide presence for every category.

    ``context`` optionally gives, per sentence, extra text to match with it (the lead-in
    of an enumerated item). Headings, TOC lines and definition-only sentences are skipped.
    """
    evidence: dict[str, list[tuple[float, Sentence]]] = {c: [] for c in CATEGORIES}
    texts: list[list[tuple[str, str]] | None] = []
    for i, sent in enumerate(sentences):
        if sent.is_heading or sent.in_toc:
            texts.append(None)
            continue
        text = sent.text
        if context and context[i]:
            text = context[i] + " " + text
        texts.append(_matchable(text))
    # A category whose cue words are in no sentence of the document is not tried on any,
    # and one whose cue strings a sentence lacks is not tried on that sentence.
    owner = [i for i, t in enumerate(texts) for _ in t or ()]  # sentence of each piece
    whole, starts = joined(folded for t in texts for _, folded in t or ())
    rules = [(c, r) for c, r in load_rules().items() if r.may_be_cued(whole)]
    # Pieces holding each literal are found once per document and shared by every gate.
    index = LiteralIndex(whole, starts)

    def holding(strings: frozenset[str] | None) -> set[int] | None:
        pieces = index.holders(strings)
        return None if pieces is None else {owner[k] for k in pieces}

    # A labelled field can only match a text with a colon or a bar near its start.
    fieldish = {
        i for i, t in enumerate(texts) if t and any(":" in f[:80] or "|" in f[:80] for _, f in t)
    }
    cued = [holding(r.cue_strings) for _, r in rules]
    frame_pools = [_frame_pools(r, fieldish, holding) for _, r in rules]
    flags: dict[int, tuple[str, ...]] = {}  # rule categories of each eligible sentence
    for i, (sent, matchable) in enumerate(zip(sentences, texts, strict=True)):
        if matchable is None:
            continue
        hinted = frozenset(sent.section.categories) if sent.section else frozenset()
        if sent.field_label:  # a field's label hints like a section heading
            hinted |= frozenset(heading_categories(sent.field_label))
        mine, pools = [], []
        for cr, only, (anywhere, by_sentence) in zip(rules, cued, frame_pools, strict=True):
            pool = by_sentence.get(i, anywhere)
            if pool or only is None or i in only:
                mine.append(cr)
                pools.append(pool)
        scores = _scores(matchable, hinted, mine, pools)
        flags[i] = tuple(scores)
        if scores:
            sent.categories = tuple(c for c in CATEGORIES if c in scores)
            for c, s in scores.items():
                evidence[c].append((s, sent))
    _add_classifier_evidence(sentences, context, flags, evidence)
    result: dict[str, ClausePresence] = {}
    for c in CATEGORIES:
        items = evidence[c]
        best = max((s for s, _ in items), default=0.0)
        result[c] = ClausePresence(
            category=c,
            present=bool(items),
            evidence=[s for _, s in items],
            score=round(best, 3),
        )
    return result

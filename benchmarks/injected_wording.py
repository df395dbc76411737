"""Weak wording injected into real obligations of CUAD contracts: how much the checker finds.

Issue 13 measures the wording rules by editing real obligations of professionally drafted
contracts so that they turn weak, and counting how many edits ``check`` reports. This
builds that measure on a CUAD folder of TXT contracts:

1. N contracts are drawn deterministically (sorted names, shuffled with ``--seed``; a
   smaller N is a prefix of a larger one).
2. Each contract is read and analysed as ``check`` does, and its obligation sentences
   are found: "shall", "will", "must" or "agrees to" directly before a verb of paying,
   delivering, performing or notifying, not already weak.
3. For each class of weak wording (``CLASSES``) one such sentence is edited once, at a
   grammatical place, with one of the class's surface variants: a deadline is replaced
   by the vague phrase, an amount by the open amount, "shall" by "should", or the phrase
   goes before the verb or after its object. The edit is made in the file itself (through
   the reader's source map), so the edited file is otherwise the same.
4. ``check_document`` runs on the edited file. A trial is FOUND when a V, O or D finding
   at warning or error overlaps the injected phrase, located in the edited document's
   normalised text; findings at info are counted apart.
5. The report gives the found rate per class, per verb and per place and overall, the
   info-only rate, how many found trials were found by a code the sentence did not carry
   before the edit ("new code"), the misses and, as a baseline, the warnings and errors
   per unedited contract (V/O/D, and all codes).

The wording rules were tuned on the CUAD development set, so figures on it are in-sample.

    python -m benchmarks.injected_wording [--cuad DIR] [--n 60] [--seed 7] [--out FILE.json]
                                          [--jobs 2]

DIR defaults to $CONTRACTSMITH_SHARED/data/cuad-dev/txt (CONTRACTSMITH_SHARED defaults
to ``../shared`` next to the repository); the run is skipped with a message when it is
absent. Contract text (CUAD v1, The Atticus Project, CC BY 4.0) appears only in the
``--out`` file, never in the repository.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from benchmarks.fatigue import percentile

REPO = Path(__file__).resolve().parent.parent
LOUD = ("warning", "error")
WORDING_FAMILIES = "VOD"
TARGET_FOUND = 0.97
TARGET_MEDIAN = 3
MAX_QUOTE = 300

# --- the classes of weak wording ------------------------------------------------------

CLASSES: tuple[str, ...] = (
    "vague_time",
    "open_amount",
    "discretion",
    "efforts",
    "should",
    "open_date",
)
VARIANTS: dict[str, tuple[str, ...]] = {
    "vague_time": (
        "promptly",
        "as soon as practicable",
        "in a timely manner",
        "without undue delay",
    ),
    "open_amount": (
        "an amount to be agreed",
        "a fee to be determined",
        "such compensation as the parties may agree",
    ),
    "discretion": ("at its sole discretion", "as it sees fit", "in its absolute discretion"),
    "efforts": (
        "use reasonable efforts to",
        "use commercially reasonable efforts to",
        "endeavour to",
    ),
    "should": ("should",),
    "open_date": ("on a date to be agreed", "at a later date", "on a date TBC"),
}
# Where each class may go: in place of a deadline or an amount, in place of the modal,
# between the modal and the verb, or after the verb's object.
PLACEMENTS: dict[str, tuple[str, ...]] = {
    "vague_time": ("deadline", "before_verb", "after_object"),
    "open_amount": ("amount",),
    "discretion": ("before_verb", "after_object"),
    "efforts": ("before_verb",),
    "should": ("modal",),
    "open_date": ("deadline", "after_object"),
}
# The same variants for a plural subject ("the Parties shall").
_PLURAL = {"its": "their", "it sees": "they see"}

# --- obligations ----------------------------------------------------------------------

_PAY = r"pay|reimburse|remit|refund|make\s+(?:all\s+)?payments?"
_DELIVER = (
    r"deliver|provide|furnish|supply|submit|send|ship|transfer|forward|return|render"
    r"|prepare|complete|install|perform|repair|replace"
)
_NOTICE = r"notify|inform|give\s+(?:prior\s+)?(?:written\s+)?notice|report|respond"
_FAMILIES = (("payment", _PAY), ("delivery", _DELIVER), ("notice", _NOTICE))
_OBLIGATION = re.compile(
    r"\b(?P<modal>shall|will|must|agrees?\s+to)\s+(?P<verb>"
    + "|".join(f for _, f in _FAMILIES)
    + r")\b",
    re.IGNORECASE,
)
_OBLIGATION_MODAL = re.compile(r"\b(?:shall|will|must|agrees?)\b", re.IGNORECASE)
# Wording of any class already there: such a sentence is weak before the edit.
_ALREADY_WEAK = re.compile(
    r"\b(promptly|forthwith|immediately|expeditiously|as\s+soon\s+as|without\s+(undue\s+)?delay"
    r"|timely|in\s+due\s+course|to\s+be\s+(agreed|determined|decided|discussed)|may\s+agree"
    r"|TBD|TBC|discretion|sees?\s+fit|efforts|endeavou?r|should|later\s+date)\b",
    re.IGNORECASE,
)
_PLURAL_SUBJECT = re.compile(r"\b(parties|they|both|members)\b[^,;.]{0,40}$", re.IGNORECASE)
# A modal inside a condition ("If it shall notify ...", ", and it shall notify") or a
# relative clause ("agents who shall perform") is not a duty of its own.
_CONDITION = r"(?:if|in\s+case|in\s+the\s+event|where|when|whenever|unless|should|until|provided|so\s+long\s+as|to\s+the\s+extent|and|or)\b"
_IN_CONDITION = re.compile(
    r"\b(?:who|which|that|whom)\s+$|^\W*(?:(?:section|article|clause)\s+)?(?:[\dA-Za-z]{1,4}[.)]?[\d.]*\s+)?"
    + _CONDITION
    + r"[^,;:]*$"
    r"|[,;:]\s*" + _CONDITION + r"[^,;:]*$",
    re.IGNORECASE,
)

# --- places to inject -----------------------------------------------------------------

_NUMBER = (
    r"(?:\d+|\[[.\s]*\*+[.\s]*\]|(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen"
    r"|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty"
    r"|seventy|eighty|ninety|one\s+hundred(?:\s+and)?)"
    r"(?:[- ](?:one|two|three|four|five|six|seven|eight|nine|twenty|thirty|forty|fifty"
    r"|sixty|seventy|eighty|ninety))?)"
)
_PERIOD = (
    _NUMBER + r"\s*(?:\(\s*\d+\s*\)\s*)?(?:business\s+|calendar\s+|working\s+)?"
    r"(?:days?|hours?|weeks?|months?)\b"
)
# "within thirty (30) days", "no later than 10 business days"; "of"/"from" after it
# becomes "after" so that "promptly after receipt" still reads.
_DEADLINE = re.compile(
    r"\b(?:within|no\s+later\s+than|not\s+later\s+than)\s+"
    + _PERIOD
    + r"(?P<of>\s+(?:of|from)\b)?",
    re.IGNORECASE,
)
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
)
_DATE = (
    r"(?:" + _MONTH + r"\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}"
    r"|\d{1,2}(?:st|nd|rd|th)?\s+(?:day\s+of\s+)?" + _MONTH + r",?\s+\d{4}"
    r"|\d{1,2}/\d{1,2}/\d{2,4})"
)
_DATED = re.compile(
    r"\b(?:on\s+or\s+before|no\s+later\s+than|not\s+later\s+than|by|before|prior\s+to)\s+"
    r"(?:the\s+)?" + _DATE,
    re.IGNORECASE,
)
# Anything left in the sentence that may still fix a time, so the edit would not be weak
# (on purpose wider than a deadline: "each month", "(30) days").
_STILL_TIMED = re.compile(
    r"\b(?:days?|hours?|weeks?|months?|quarters?|years?|quarterly|monthly|annually)\b"
    r"|\b(?:within|by|before)\s+\[[.\s]*\*+[.\s]*\]|" + _DATE,
    re.IGNORECASE,
)
_DOLLARS = (
    r"(?:U\.?S\.?\s?|USD\s?)?\$\s?(?:\d[\d,]*(?:\.\d+)?|\[[.\s]*\*+[.\s]*\])"
    r"(?:\s+(?:million|thousand|billion))?"
)
# A number in words as amounts are written ("Twenty-Nine Thousand and No/100").
_NUMBER_WORD = (
    r"(?i:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen"
    r"|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy"
    r"|eighty|ninety|hundred|thousand|million|billion|and|no/100)"
)
_DOLLAR_NAME = r"(?:United\s+States\s+|U\.S\.\s+|US\s+)?[Dd]ollars\b"
# "a royalty of five percent (5%) of Net Sales": the rate and what it is taken of.
_RATE = (
    r"(?:an?|the)\s+(?:(?!an?\s|the\s)[a-z]+\s+){0,2}?(?:fee|royalty|commission|amount|sum|payment)\s+"
    r"(?:of|equal\s+to)\s+(?:[a-z]+(?:[- ][a-z]+)?\s+)?(?:\(?\s*(?:\d+(?:\.\d+)?|\[[.\s]*\*+[.\s]*\])\s*"
    r"(?:%|percent)\s*\)?|percent\s*\(\s*(?:\d+(?:\.\d+)?|\[[.\s]*\*+[.\s]*\])\s*%\s*\))"
    r"(?:\s+of\s+(?:the\s+|all\s+)?(?:[A-Z][\w-]*\s+){0,3}[A-Z][\w-]*)?"
)
_MONEY = re.compile(
    r"(?:(?:(?:an?|the)\s+(?:(?!an?\s|the\s)[a-z]+\s+){0,3}?"
    r"(?:fees?|sums?|amounts?|prices?|payments?|charges?|rates?)|fees|in\s+the\s+amount)\s+"
    r"(?:of|equal\s+to)\s+)?"
    r"(?:(?:(?:"
    + _NUMBER_WORD
    + r")[\s-]+){1,10}"
    + _DOLLAR_NAME
    + r"\s*\(\s*"
    + _DOLLARS
    + r"\s*\)"
    r"|" + _DOLLARS + r"(?:\s*\([^()]{0,80}\b[Dd]ollars?\b[^()]{0,20}\))?"
    r"|\d[\d,]*(?:\.\d+)?\s+" + _DOLLAR_NAME + r"(?:\s*\(\s*" + _DOLLARS + r"\s*\))?"
    r"|(?:USD|EUR|GBP|€|£)\s?\d[\d,]*(?:\.\d+)?)"
    r"|" + _RATE
)
# Where the verb's object ends: a clause boundary after it.
# Only boundaries that end a clause: "and", "or" and commas may join two nouns (a list).
_BOUNDARY = re.compile(
    r";|:(?=\s)|\.\s*$"
    r"|,\s+(?:but|provided|which|unless|if|except|including|subject\s+to|so\s+that)\b"
    r"|\s(?:provided\s+that|unless|if|so\s+that|subject\s+to|in\s+accordance\s+with"
    r"|pursuant\s+to|as\s+set\s+forth|which)\b",
    re.IGNORECASE,
)
# A phrase after one of these words would cut a phrase in two ("copies of | promptly").
_OPEN_WORD = re.compile(
    r"(?:of|to|the|a|an|and|or|for|with|in|by|at|on|from|such|any|all|its|their|his|her|per"
    r"|than|as|into|under|upon|each|every|this|that|these|those|our|your)",
    re.IGNORECASE,
)
_MAX_OBJECT = 200


@dataclass(frozen=True)
class Obligation:
    """A modal-and-verb pair in a sentence ("shall deliver"), with offsets into it."""

    modal_start: int
    modal_end: int
    verb_start: int
    verb_end: int
    family: str  # payment, delivery or notice


@dataclass(frozen=True)
class Edit:
    """One injection: text[start:end] becomes ``replacement``.

    ``phrase_start``/``phrase_end`` are where the injected phrase sits in the edited text.
    """

    cls: str
    variant: str
    placement: str
    start: int
    end: int
    replacement: str
    phrase_start: int
    phrase_end: int

    def apply(self, text: str) -> str:
        """The edited text."""
        return text[: self.start] + self.replacement + text[self.end :]


def _family(verb: str) -> str:
    for name, pattern in _FAMILIES:
        if re.fullmatch(pattern, verb, re.IGNORECASE):
            return name
    return "delivery"


def find_obligations(text: str) -> list[Obligation]:
    """The obligations of a sentence that is not already weak, in order (none if it is)."""
    if _ALREADY_WEAK.search(text):
        return []
    return [
        Obligation(
            m.start("modal"), m.end("modal"), m.start("verb"), m.end("verb"), _family(m["verb"])
        )
        for m in _OBLIGATION.finditer(text)
        if m.start() > 0 and not _IN_CONDITION.search(text[: m.start()])
    ]


def _subject_phrase(text: str, obligation: Obligation, variant: str) -> str:
    """``variant`` with its pronoun agreeing with a plural subject before the modal."""
    if _PLURAL_SUBJECT.search(text[: obligation.modal_start]):
        for singular, plural in _PLURAL.items():
            variant = variant.replace(singular, plural)
    return variant


def _edit(
    cls: str,
    variant: str,
    placement: str,
    start: int,
    end: int,
    before: str,
    phrase: str,
    after: str,
) -> Edit:
    """An Edit whose replacement is ``before + phrase + after``, with the phrase's span."""
    at = start + len(before)
    return Edit(cls, variant, placement, start, end, before + phrase + after, at, at + len(phrase))


def _before_verb(text: str, ob: Obligation, cls: str, variant: str, phrase: str) -> Edit:
    """The phrase between the modal and the verb: "shall, as soon as practicable, deliver"."""
    modal, verb = text[ob.modal_start : ob.modal_end], text[ob.verb_start : ob.verb_end]
    if " " not in phrase:  # one adverb reads without commas: "shall promptly deliver"
        return _edit(
            cls,
            variant,
            "before_verb",
            ob.modal_start,
            ob.verb_end,
            modal + " ",
            phrase,
            " " + verb,
        )
    head, _, tail = modal.partition(" ")  # "agrees to" -> "agrees, X, to"
    after = f", {tail} {verb}" if tail else f", {verb}"
    return _edit(
        cls, variant, "before_verb", ob.modal_start, ob.verb_end, head + ", ", phrase, after
    )


def _after_object(text: str, ob: Obligation, cls: str, variant: str, phrase: str) -> Edit | None:
    """The phrase after the verb's object, before the next clause boundary."""
    rest = text[ob.verb_end :]
    m = _BOUNDARY.search(rest)
    end = ob.verb_end + (m.start() if m else len(rest.rstrip()))
    while end > ob.verb_end and text[end - 1].isspace():
        end -= 1
    if end <= ob.verb_end or end - ob.verb_end > _MAX_OBJECT:
        return None
    word = end
    while word > ob.verb_end and not text[word - 1].isspace():
        word -= 1
    if word <= ob.verb_end or _OPEN_WORD.fullmatch(text[word:end]):
        return None  # no object before the boundary, or it stops mid-phrase
    if _OBLIGATION_MODAL.search(text, ob.verb_end, end):
        return None  # the object runs into the next duty
    return _edit(cls, variant, "after_object", word, end, text[word:end] + " ", phrase, "")


def _replace_deadline(text: str, cls: str, variant: str, phrase: str) -> Edit | None:
    """A deadline ("within 30 days", "by June 1, 2010") replaced by the phrase."""
    m = _DEADLINE.search(text)
    if m:
        return _edit(
            cls, variant, "deadline", m.start(), m.end(), "", phrase, " after" if m["of"] else ""
        )
    m = _DATED.search(text)
    if m:
        return _edit(cls, variant, "deadline", m.start(), m.end(), "", phrase, "")
    return None


def _timing(text: str, ob: Obligation, cls: str, variant: str, placement: str) -> Edit | None:
    """A vague time or open date at ``placement``; None when a deadline would be left in
    the sentence beside it (the sentence would not be weak)."""
    if placement == "deadline":
        edit = _replace_deadline(text, cls, variant, variant)
    elif placement == "before_verb" and cls == "vague_time":
        edit = _before_verb(text, ob, cls, variant, variant)
    elif placement == "after_object":
        edit = _after_object(text, ob, cls, variant, variant)
    else:
        return None
    if edit is None or _STILL_TIMED.search(edit.apply(text)):
        return None
    return edit


def _open_amount(text: str, ob: Obligation, variant: str) -> Edit | None:
    """The first amount after a payment verb replaced by the open amount."""
    if ob.family != "payment":
        return None
    m = _MONEY.search(text, ob.verb_end)
    if m is None or m.start() - ob.verb_end > _MAX_OBJECT:
        return None
    edit = _edit("open_amount", variant, "amount", m.start(), m.end(), "", variant, "")
    return None if _MONEY.search(edit.apply(text)) else edit


def inject(text: str, ob: Obligation, cls: str, variant: str, placement: str) -> Edit | None:
    """One edit of class ``cls`` with ``variant`` at ``placement`` (one of
    ``PLACEMENTS[cls]``) into the obligation ``ob`` of ``text``, or None when that place
    is not there or not grammatical."""
    if placement not in PLACEMENTS[cls]:
        raise ValueError(f"class {cls!r} has no placement {placement!r}")
    if cls in ("vague_time", "open_date"):
        return _timing(text, ob, cls, variant, placement)
    if cls == "open_amount":
        return _open_amount(text, ob, variant)
    if cls == "should":
        return _edit(cls, variant, placement, ob.modal_start, ob.modal_end, "", variant, "")
    if cls == "efforts":
        verb = text[ob.verb_start : ob.verb_end]
        return _edit(cls, variant, placement, ob.verb_start, ob.verb_end, "", variant, " " + verb)
    phrase = _subject_phrase(text, ob, variant)  # discretion
    if placement == "before_verb":
        return _before_verb(text, ob, cls, variant, phrase)
    return _after_object(text, ob, cls, variant, phrase)


# --- one contract ---------------------------------------------------------------------


@dataclass(frozen=True)
class Trial:
    """One edited obligation and what the checker said about it."""

    contract: str
    cls: str
    variant: str
    placement: str
    family: str
    sentence: str  # the edited sentence, truncated
    status: str  # found, info, missed, unlocated or error
    codes: tuple[str, ...] = ()  # V/O/D codes at warning or error over the phrase
    info_codes: tuple[str, ...] = ()  # V/O/D codes at info over the phrase
    before_codes: tuple[str, ...] = ()  # loud V/O/D codes on the sentence before the edit
    text_identical: bool = True  # the edited read text is the original with the edit
    error: str | None = None


@dataclass(frozen=True)
class ContractResult:
    """The baseline and the trials of one contract."""

    contract: str
    loud_all: int  # warnings and errors of any code on the unedited contract
    loud_wording: int  # of them V/O/D
    trials: tuple[Trial, ...]
    error: str | None = None


def _overlapping(findings: list[Any], start: int, end: int) -> list[Any]:
    """V/O/D findings whose span overlaps [start, end)."""
    out = []
    for f in findings:
        a, b = f.location.start, f.location.end
        placed = a is not None and b is not None
        if placed and f.rule[:1] in WORDING_FAMILIES and a < end and max(b, a + 1) > start:
            out.append(f)
    return out


def _codes(findings: list[Any], loud: bool) -> tuple[str, ...]:
    return tuple(sorted({f.rule for f in findings if (f.severity.value in LOUD) == loud}))


def _locate(text: str, phrase: str, near: int) -> tuple[int, int] | None:
    """The occurrence of ``phrase`` (whitespace-insensitive) in ``text`` nearest ``near``."""
    pattern = r"\s+".join(re.escape(w) for w in phrase.split())
    spans = [(m.start(), m.end()) for m in re.finditer(pattern, text)]
    return min(spans, key=lambda s: abs(s[0] - near)) if spans else None


def _normal(text: str) -> str:
    return " ".join(text.split())


class _Source:
    """A TXT contract's file text with the reader's offsets mapped into it."""

    def __init__(self, document: Any) -> None:
        from contractsmith.ingest.source_map import SourceMap

        self.document = document
        self.map = SourceMap(document)

    def edited(self, start: int, end: int, replacement: str) -> str | None:
        """The file text with document text [start, end) replaced, or None if the span does
        not map onto the same visible text in the file."""
        a = self.map.source_offset(start)
        b = self.map.source_offset(end - 1)
        if a is None or b is None:
            return None
        src = self.map.source
        if _normal(src[a : b + 1]) != _normal(self.document.text[start:end]):
            return None
        return src[:a] + replacement + src[b + 1 :]


def _candidates(adoc: Any) -> list[tuple[Any, Obligation]]:
    """Every (sentence, obligation) of the body that may take an edit."""
    text = adoc.document.text
    out = []
    for s in adoc.sentences:
        if s.is_heading or s.in_toc or not 30 <= s.end - s.start <= 1500:
            continue
        out.extend((s, ob) for ob in find_obligations(text[s.start : s.end]))
    return out


def _plan(
    adoc: Any, source: _Source, cls: str, rng: random.Random
) -> tuple[Any, Obligation, Edit, str] | None:
    """A sentence, obligation, edit and edited file text for one trial of ``cls``."""
    pool = _candidates(adoc)
    rng.shuffle(pool)
    variant = rng.choice(VARIANTS[cls])
    placements = list(PLACEMENTS[cls])
    rng.shuffle(placements)  # the drawn placement first, the others if it has no place
    text = adoc.document.text
    for placement in placements:
        for sentence, ob in pool:
            edit = inject(text[sentence.start : sentence.end], ob, cls, variant, placement)
            if edit is None:
                continue
            start, end = sentence.start + edit.start, sentence.start + edit.end
            edited = source.edited(start, end, edit.replacement)
            if edited is not None:
                return sentence, ob, edit, edited
    return None


def _trial(
    name: str,
    adoc: Any,
    baseline: list[Any],
    source: _Source,
    cls: str,
    rng: random.Random,
    tmp: Path,
) -> Trial | None:
    """Inject one edit of ``cls``, check the edited file and score it; None if no place."""
    from contractsmith.analyse.check import check_document

    planned = _plan(adoc, source, cls, rng)
    if planned is None:
        return None
    sentence, ob, edit, edited = planned
    text = adoc.document.text
    offset = sentence.start
    expected = text[: offset + edit.start] + edit.replacement + text[offset + edit.end :]
    shown = edit.apply(text[sentence.start : sentence.end])[:MAX_QUOTE]
    before = _codes(_overlapping(baseline, sentence.start, sentence.end), loud=True)
    common = dict(contract=name, cls=cls, variant=edit.variant, placement=edit.placement)
    common.update(family=ob.family, sentence=shown, before_codes=before)
    path = tmp / name
    path.write_text(edited, encoding="utf-8")
    report = check_document(str(path))
    if report.error:
        return Trial(**common, status="error", error=report.error)
    identical = report.text == expected
    if identical:
        span: tuple[int, int] | None = (offset + edit.phrase_start, offset + edit.phrase_end)
    else:
        span = _locate(
            report.text,
            edit.replacement[edit.phrase_start - edit.start : edit.phrase_end - edit.start],
            offset + edit.phrase_start,
        )
    if span is None:
        return Trial(**common, status="unlocated", text_identical=False)
    hits = _overlapping(report.findings, *span)
    loud, info = _codes(hits, loud=True), _codes(hits, loud=False)
    status = "found" if loud else "info" if info else "missed"
    return Trial(**common, status=status, codes=loud, info_codes=info, text_identical=identical)


def run_contract(job: tuple[str, str, int]) -> ContractResult:
    """Baseline and one trial per class for the contract at ``path`` (seeded by name)."""
    from contractsmith.analyse.check import check_document
    from contractsmith.analyse.pipeline import analyse
    from contractsmith.ingest import read_document

    path, name, seed = job
    original = check_document(path)
    if original.error:
        return ContractResult(name, 0, 0, (), error=original.error)
    loud = [f for f in original.findings if f.severity.value in LOUD]
    wording = [f for f in loud if f.rule[:1] in WORDING_FAMILIES]
    document = read_document(path)
    if not document.source:
        return ContractResult(name, len(loud), len(wording), (), error="not a text file")
    adoc = analyse(document)
    source = _Source(document)
    rng = random.Random(f"{seed}:{name}")
    trials = []
    with tempfile.TemporaryDirectory(prefix="injected-") as tmp:
        for cls in CLASSES:
            trial = _trial(name, adoc, original.findings, source, cls, rng, Path(tmp))
            if trial is not None:
                trials.append(trial)
    return ContractResult(name, len(loud), len(wording), tuple(trials))


# --- the run --------------------------------------------------------------------------


def default_dir() -> Path:
    """$CONTRACTSMITH_SHARED/data/cuad-dev/txt, the shared folder defaulting to ../shared."""
    shared = Path(os.environ.get("CONTRACTSMITH_SHARED", REPO.parent / "shared"))
    return shared / "data" / "cuad-dev" / "txt"


def pick(folder: Path, n: int, seed: int) -> list[Path]:
    """N contracts of ``folder``: sorted names shuffled by ``seed``, the first N taken."""
    names = sorted(p for p in folder.iterdir() if p.suffix.lower() == ".txt" and p.is_file())
    random.Random(seed).shuffle(names)
    return names[:n]


def _map(
    fn: Callable[[tuple[str, str, int]], ContractResult],
    jobs: list[tuple[str, str, int]],
    workers: int,
) -> Iterator[ContractResult]:
    if workers <= 1:
        yield from map(fn, jobs)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(fn, jobs)


def _spread(values: list[int]) -> dict[str, float]:
    return {
        "median": statistics.median(values) if values else 0,
        "p90": percentile(values, 0.9),
        "max": max(values, default=0),
        "total": sum(values),
    }


def _rates(trials: list[Trial]) -> dict[str, Any]:
    counts = Counter(t.status for t in trials)
    n = len(trials)
    return {
        "trials": n,
        "found": counts["found"],
        "found_rate": round(counts["found"] / n, 4) if n else 0.0,
        "info_only": counts["info"],
        "info_only_rate": round(counts["info"] / n, 4) if n else 0.0,
        "missed": counts["missed"],
        "unlocated": counts["unlocated"],
        "error": counts["error"],
        # found by a code the sentence did not already carry before the edit
        "found_new": sum(1 for t in trials if set(t.codes) - set(t.before_codes)),
    }


def summarise(results: list[ContractResult], n: int, seed: int, folder: str) -> dict[str, Any]:
    """The figures of a run as plain data (the ``--out`` JSON)."""
    checked = [r for r in results if not r.error]
    trials = [t for r in checked for t in r.trials]
    by_class = {c: _rates([t for t in trials if t.cls == c]) for c in CLASSES}
    by_family = {
        fam: _rates([t for t in trials if t.family == fam])
        for fam in ("payment", "delivery", "notice")
    }
    by_placement = {
        p: _rates([t for t in trials if t.placement == p])
        for p in sorted({t.placement for t in trials})
    }
    return {
        "data": folder,
        "n": n,
        "seed": seed,
        "contracts": len(results),
        "unreadable": [{"contract": r.contract, "error": r.error} for r in results if r.error],
        "overall": _rates(trials),
        "by_class": by_class,
        "by_family": by_family,
        "by_placement": by_placement,
        "text_identical": sum(1 for t in trials if t.text_identical),
        "found_codes": dict(sorted(Counter(c for t in trials for c in t.codes).items())),
        "baseline": {
            "warnings_errors_all_codes": _spread([r.loud_all for r in checked]),
            "warnings_errors_wording": _spread([r.loud_wording for r in checked]),
        },
        "misses": [_miss(t) for t in trials if t.status != "found"],
        "trials": [asdict(t) for t in trials],
    }


def _miss(t: Trial) -> dict[str, Any]:
    return {
        "contract": t.contract,
        "class": t.cls,
        "variant": t.variant,
        "placement": t.placement,
        "family": t.family,
        "status": t.status,
        "info_codes": list(t.info_codes),
        "sentence": t.sentence,
    }


def _rate_line(label: str, r: dict[str, Any]) -> str:
    return (
        f"  {label:<14} {r['found']:>4} of {r['trials']:<4} {r['found_rate']:.2f}"
        f"   info only {r['info_only']:>3} ({r['info_only_rate']:.2f})"
        f"   missed {r['missed']:>3}   new code {r['found_new']:>4}"
    )


def format_report(s: dict[str, Any], seconds: float) -> str:
    """The summary printed on the terminal (misses are in the JSON)."""
    o = s["overall"]
    base_all, base_w = (
        s["baseline"]["warnings_errors_all_codes"],
        s["baseline"]["warnings_errors_wording"],
    )
    lines = [
        f"contracts: {s['contracts']} (n {s['n']}, seed {s['seed']}), unreadable {len(s['unreadable'])},"
        f" trials {o['trials']}, {seconds:.0f} s",
        f"injected weak wording found at warning or error (V/O/D over the phrase):"
        f" {o['found']} of {o['trials']} ({o['found_rate']:.2f}; target >= {TARGET_FOUND})",
        *(_rate_line(c, s["by_class"][c]) for c in CLASSES),
        "  by verb:",
        *(_rate_line(f, r) for f, r in s["by_family"].items()),
        "  by place:",
        *(_rate_line(p, r) for p, r in s["by_placement"].items()),
        f"found at info only: {o['info_only']} ({o['info_only_rate']:.2f}); unlocated {o['unlocated']},"
        f" errors {o['error']}; read text identical but for the edit: {s['text_identical']} of {o['trials']}",
        f"codes that found them: {', '.join(f'{k} {v}' for k, v in s['found_codes'].items()) or '-'}",
        f"baseline, unedited: V/O/D warnings+errors per contract median {base_w['median']:g},"
        f" p90 {base_w['p90']:g}, max {base_w['max']} (target median <= {TARGET_MEDIAN});"
        f" all codes median {base_all['median']:g}, p90 {base_all['p90']:g}, max {base_all['max']}",
    ]
    return "\n".join(lines) + "\n"


def run(folder: Path, n: int, seed: int, workers: int) -> dict[str, Any]:
    """Draw the contracts, run every trial and summarise."""
    jobs = [(str(p), p.name, seed) for p in pick(folder, n, seed)]
    results = list(_map(run_contract, jobs, workers))
    return summarise(results, n, seed, folder.name)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.injected_wording", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--cuad", type=Path, default=None, help="folder of CUAD .txt contracts")
    parser.add_argument("--n", type=int, default=60, help="contracts to draw (default 60)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--jobs", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument(
        "--out", type=Path, default=None, help="write the figures, misses and trials as JSON"
    )
    args = parser.parse_args(argv)
    folder = args.cuad or default_dir()
    if not folder.is_dir():
        print(
            f"injected_wording: skipped, data folder not found: {folder} (set --cuad or CONTRACTSMITH_SHARED)"
        )
        return 0
    started = time.perf_counter()
    summary = run(folder, args.n, args.seed, args.jobs)
    print(format_report(summary, time.perf_counter() - started), end="")
    if args.out:
        from contractsmith.atomic import write_text_atomic

        write_text_atomic(args.out, json.dumps(summary, indent=2, ensure_ascii=False) + "\n")
        print(f"written: {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

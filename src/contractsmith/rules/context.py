"""Sentence context for the wording rules: its slots and whether it imposes a duty.

The slot decides severity ("promptly" is an error in a payment clause and info in a
courtesy notice). It is read, most specific first, from cue words in the sentence,
from the categories analysis found the sentence to be evidence for, and from its
section heading. Slot data lives in ``wording/slots.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache
from pathlib import Path

from contractsmith.analyse.model import CATEGORIES, Sentence
from contractsmith.rules import yaml_data
from contractsmith.rules.prefilter import Gate, fold

WORDING_DIR = Path(__file__).resolve().parent / "wording"

# Language of obligation: a party must do (or refrain from) something.
_OBLIGATION = re.compile(
    r"\b(shall|must|will|(agrees?|undertakes?|covenants?)(\s*,[^,;]{1,60},)?\s+to|"
    r"(is|are)\s+(responsible|required|obligated|obliged)\s+(for|to)|"
    r"(is|are|shall\s+be|will\s+be|becomes?)\s+(due|payable)|"
    # informal drafting states duties in the present tense: "Sponsor pays", "Mia posts"
    r"(?<!\bwhich\s)(?<!\bthat\s)(?<!\bwho\s)(pays|posts|publishes|delivers|sends|submits|uploads|films|invoices|reimburses)|"
    # and in contractions and the imperative: "you'll post", "Please send us the draft"
    r"(you|we|they|he|she|it|i)['’]ll|"
    r"^\W*(\d+[.)]?\s+)?(please\s+(do\s+)?)?(post|send|deliver|submit|publish|upload|share|include|tag|pay|film|create|make\s+sure))\b",
    re.IGNORECASE,
)
# Modal uses that define, entitle or predict rather than oblige.
_NOT_OBLIGATION = re.compile(
    r"\b(shall|will)\s+(mean|means|have\s+the\s+(meaning|right)|be\s+entitled|"
    r"be\s+deemed|survive|be\s+governed|be\s+construed|not\s+be\s+(liable|obligated|required)|"
    r"include|be\s+effective|become\s+effective|commence|expire|continue|remain|terminate)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class SlotSpec:
    """One slot: its cue patterns, exceptions, heading patterns and reported category."""

    name: str
    category: str | None
    cues: tuple[re.Pattern[str], ...]
    unless: tuple[re.Pattern[str], ...]
    heading: tuple[re.Pattern[str], ...]
    dominant: bool = False  # wins over other slots cued in the same place (notices)

    @cached_property
    def cue_gates(self) -> tuple[Gate, ...]:
        return tuple(Gate.of(p) for p in self.cues)

    @cached_property
    def unless_gates(self) -> tuple[Gate, ...]:
        return tuple(Gate.of(p) for p in self.unless)

    def cued(self, text: str, folded: str) -> bool:
        """Whether ``text`` (with ``folded == fold(text)``) gets this slot from its cues."""
        return any(g.search(text, folded) for g in self.cue_gates) and not any(
            g.search(text, folded) for g in self.unless_gates
        )


@dataclass(frozen=True)
class SentenceContext:
    """Where a sentence sits: slot tiers (most specific first) and obligation flag.

    ``own`` holds the slots read from the sentence's own words and its heading, which
    (unlike analysis categories) are taken as firm evidence of a disclosure clause.
    """

    tiers: tuple[tuple[str, ...], ...]
    is_obligation: bool
    own: frozenset[str] = frozenset()
    # How many leading tiers come from the sentence's own words; only those may raise a
    # finding to error (analysis categories and headings raise it at most to warning).
    near_tiers: int = 0

    @cached_property
    def slots(self) -> frozenset[str]:
        return frozenset(s for tier in self.tiers for s in tier)

    def category(self) -> str | None:
        """The checker category to report: the most specific slot that is one."""
        specs = slot_specs()
        for tier in self.tiers:
            for slot in tier:
                if slot in CATEGORIES:
                    return slot
                spec = specs.get(slot)
                if spec is not None and spec.category:
                    return spec.category
        return None


@cache
def _slots_file() -> dict:
    """``wording/slots.yaml`` as data (read once: slots and duties both come from it)."""
    return yaml_data.parse((WORDING_DIR / "slots.yaml").read_text(encoding="utf-8"))


@cache
def slot_specs() -> dict[str, SlotSpec]:
    """Slot definitions from ``wording/slots.yaml`` (cached)."""
    data = _slots_file()
    out: dict[str, SlotSpec] = {}
    for name, raw in data["slots"].items():
        out[name] = SlotSpec(
            name=name,
            category=raw.get("category"),
            cues=_compile(raw.get("cues")),
            unless=_compile(raw.get("unless")),
            heading=_compile(raw.get("heading")),
            dominant=bool(raw.get("dominant", False)),
        )
    return out


def _compile(raw: list[str] | None) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.IGNORECASE) for p in raw or ())


def dominant_slots() -> frozenset[str]:
    """Slots that, when cued, decide severity over other slots cued beside them."""
    return frozenset(name for name, spec in slot_specs().items() if spec.dominant)


def is_obligation(text: str) -> bool:
    """True when the sentence uses the language of obligation for some party."""
    for match in _OBLIGATION.finditer(text):
        if not _NOT_OBLIGATION.match(text, match.start()):
            return True
    return False


def cue_slots(text: str, folded: str | None = None) -> tuple[str, ...]:
    """Slots named by cue words in ``text`` itself, in slots.yaml order.

    ``folded`` is ``prefilter.fold(text)`` when the caller has it already.
    """
    if folded is None:
        folded = fold(text)
    return tuple(spec.name for spec in slot_specs().values() if spec.cued(text, folded))


_SEGMENT_BREAK = re.compile(r"[,;:()\[\]]")


_CLAUSE_BREAK = re.compile(r"[;:]|\.\s")
_DUTY_SPAN = 8  # words at most between the modal and its verb ("shall, at its cost, pay")


@cache
def _duty_patterns() -> tuple[re.Pattern[str], tuple[tuple[str, re.Pattern[str]], ...]]:
    data = _slots_file()
    modal = re.compile(data["duty_modal"], re.IGNORECASE)
    duties = tuple(
        (slot, re.compile("|".join(f"(?:{v})" for v in verbs), re.IGNORECASE))
        for slot, verbs in data["duties"].items()
    )
    return modal, duties


_WORD = re.compile(r"[\w'’-]+")


def duty_slots(text: str, start: int, end: int, window: int = 160) -> tuple[str, ...]:
    """Slots of the duties that the phrase ``text[start:end]`` qualifies.

    The phrase's clause runs to the nearest ';', ':' or sentence end on either side (at
    most ``window`` characters away). Each modal of duty in that clause followed, within
    ``_DUTY_SPAN`` words, by a duty verb gives that verb's slot ("shall, promptly, pay",
    "shall pay ... promptly" and "promptly after receipt, the Brand shall pay" all give
    compensation).
    """
    lo = max(0, start - window)
    before = [m.end() for m in _CLAUSE_BREAK.finditer(text, lo, start)]
    seg_start = before[-1] if before else lo
    after = _CLAUSE_BREAK.search(text, end, min(len(text), end + window))
    seg_end = after.start() if after else min(len(text), end + window)
    modal, duties = _duty_patterns()
    found: list[str] = []
    for m in modal.finditer(text, seg_start, seg_end):
        for count, word in enumerate(_WORD.finditer(text, m.end(), seg_end)):
            if count > _DUTY_SPAN:
                break
            slot = next((s for s, verbs in duties if verbs.match(text, word.start())), None)
            if slot is not None:
                if slot not in found:
                    found.append(slot)
                break
    return tuple(found)


def local_slots(text: str, start: int, end: int, window: int) -> tuple[str, ...]:
    """Slots cued in the clause segment around ``text[start:end]``.

    The segment runs to the nearest comma, semicolon, colon or bracket on either side
    (at most ``window`` characters away), so "promptly so notify" in one limb of a list
    is read as a notice even when another limb speaks of payment.
    """
    lo = max(0, start - window)
    before = [m.end() for m in _SEGMENT_BREAK.finditer(text, lo, start)]
    seg_start = before[-1] if before else lo
    after = _SEGMENT_BREAK.search(text, end, min(len(text), end + window))
    seg_end = after.start() if after else min(len(text), end + window)
    return cue_slots(text[seg_start:seg_end])


@lru_cache(maxsize=4096)
def heading_slots(heading: str) -> tuple[str, ...]:
    """Slots a section heading names (cached: every sentence of a section asks)."""
    return tuple(
        spec.name for spec in slot_specs().values() if any(p.search(heading) for p in spec.heading)
    )


def sentence_context(sentence: Sentence, folded: str | None = None) -> SentenceContext:
    """The slots of ``sentence`` (cue words, then analysis categories, then heading).

    ``folded`` is ``prefilter.fold(sentence.text)`` when the caller has it already.
    """
    tiers: list[tuple[str, ...]] = []
    cues = cue_slots(sentence.text, folded)
    if cues:
        tiers.append(cues)
    if sentence.categories:
        tiers.append(tuple(sentence.categories))
    section = sentence.section
    from_heading: tuple[str, ...] = ()
    if section is not None:
        from_heading = heading_slots(section.heading or "")
        from_section = tuple(section.categories) + from_heading
        if from_section:
            tiers.append(tuple(dict.fromkeys(from_section)))
    return SentenceContext(
        tiers=tuple(tiers),
        is_obligation=is_obligation(sentence.text),
        own=frozenset(cues + from_heading),
        near_tiers=1 if cues else 0,
    )


def own_slot(
    sentence: Sentence, slot: str, folded: str | None = None, *, cues: bool = True
) -> bool:
    """Whether ``slot`` is in ``sentence_context(sentence).own``, without the full context.

    ``cues=False`` says the caller knows the sentence has none of the slot's cue words.
    """
    spec = slot_specs().get(slot)
    if spec is None:
        return False
    if cues and spec.cued(sentence.text, fold(sentence.text) if folded is None else folded):
        return True
    section = sentence.section
    return section is not None and slot in heading_slots(section.heading or "")

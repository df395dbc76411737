"""Literal prefilters for regular expressions: a cheap test that can rule a match out.

``required_literals(pattern)`` reads a compiled pattern's syntax tree and returns a set
of strings such that ``fold`` of every text the pattern matches in contains at least one
of them, or None when no such set can be derived (the pattern is then always run).
``Gate`` wraps a pattern with that set: ``gate.may_match(text)`` is False only when the
pattern cannot match ``text``, at the cost of a few substring tests instead of a search.

``fold(text)`` lower-cases the text, turns every character that the ``re`` module
matches case-insensitively against an ASCII character into that character (lower-cased)
and every run of whitespace into one space. So a literal character stands for itself
lower-cased whatever the pattern's case flags (a case-sensitive match is also a
case-insensitive one), and a whitespace item of the pattern (``\\s+``, a space) for one
space. Only ASCII literals are kept: anything else (a non-ASCII letter, a character class
too large to spell out, a back-reference) ends the literal run or makes the derivation
give up.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

try:  # Python 3.11+
    from re import _constants as _c
    from re import _parser as _p
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _p  # type: ignore[no-redef]

_LIMIT = 64  # most alternative strings a literal set may hold
_SMALL_CLASS = 8  # largest character class spelled out as alternatives
_MAX_COPIES = 4  # copies of a repeated item spelled out ("_{4,}" needs "____")

# Characters that ``re`` matches case-insensitively against an ASCII letter but whose
# ``str.lower()`` is not that letter (U+0130 even lowers to two characters). The Kelvin
# sign lowers to "k" by itself. tests/rules/test_prefilter.py checks this against every
# code point.
_FOLD_FIX_CHARS = "\u0130\u0131\u017f"
_FOLD_FIX = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s"})

_SPACES = re.compile(" {2,}")
_SPACE = frozenset({" "})

# (the strings an item can match if few, sets each of which has a member in every match)
Info = tuple[frozenset[str] | None, list[frozenset[str]]]


def fold(text: str) -> str:
    """``text`` lower-cased, with whitespace runs as one space, for literal tests."""
    if not text.isascii() and any(ch in text for ch in _FOLD_FIX_CHARS):
        text = text.translate(_FOLD_FIX)  # str.translate is slow: only when needed
    low = text.lower()
    # str.split() and re's \s agree on what whitespace is (both use str.isspace).
    out = " ".join(low.split())
    if low[:1].isspace():
        out = " " + out
    if low[-1:].isspace() and out != " ":
        out += " "
    return out


def required_literals(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Strings one of which occurs in ``fold`` of every text ``pattern`` matches in.

    The most selective such set, or None when none is known.
    """
    found = required_sets(pattern)
    return found[0] if found else None


def required_sets(pattern: re.Pattern[str], most: int = 3) -> tuple[frozenset[str], ...]:
    """Up to ``most`` sets of strings, each of which has a member in ``fold`` of every text
    that ``pattern`` matches in; most selective first; empty when none is known."""
    if not isinstance(pattern.pattern, str):
        return ()
    try:
        tree = _p.parse(pattern.pattern, pattern.flags)
    except Exception:  # pragma: no cover - the pattern compiled, so it parses
        return ()
    _, required = _sequence(list(tree))
    # Stronger sets first ("shall be" before "shall": every string of a set that implies
    # another is at least as long), so that a set implied by a kept one can be dropped.
    candidates = sorted(
        {_minimal(r) for r in required}, key=lambda r: (min(map(len, r)), -len(r), sorted(r))
    )
    kept: list[frozenset[str]] = []
    for strings in reversed(candidates):
        # A set met whenever a kept one is met adds nothing, unless it is cheaper: then
        # it is tested first and the stronger set only when it passes.
        if not any(
            len(strings) >= len(done) and all(any(x in k for x in strings) for k in done)
            for done in kept
        ):
            kept.append(strings)
    return tuple(sorted(kept, key=_selectivity, reverse=True)[:most])


def _minimal(strings: frozenset[str]) -> frozenset[str]:
    """Drop strings that contain another one of the set (the shorter one suffices)."""
    return frozenset(s for s in strings if not any(o != s and o in s for o in strings))


def _selectivity(strings: frozenset[str]) -> float:
    """How well a set rules texts out for its cost: a longer shortest string is rarer in
    text (up to about six characters, beyond which most words are rare enough), and each
    string is one more substring test."""
    return min(6, min(len(x.strip()) for x in strings)) - 0.5 * math.log2(len(strings))


def _usable(strings: frozenset[str] | None) -> bool:
    return bool(strings) and all(x.strip() for x in strings)


def _best(sets: list[frozenset[str]]) -> frozenset[str] | None:
    return max(sets, key=_selectivity, default=None)


def _product(a: frozenset[str], b: frozenset[str]) -> frozenset[str] | None:
    if len(a) * len(b) > _LIMIT:
        return None
    # Adjacent whitespace items cover one whitespace run, which folds to one space.
    return frozenset(_SPACES.sub(" ", x + y) for x in a for y in b)


def _power(a: frozenset[str], times: int) -> frozenset[str] | None:
    out: frozenset[str] | None = frozenset({""})
    for _ in range(min(times, _MAX_COPIES)):
        out = _product(out, a) if out is not None else None
    return out


def _char(code: int) -> frozenset[str] | None:
    """What one literal character of a pattern leaves in ``fold`` of the text."""
    ch = chr(code)
    if ch.isspace():
        return _SPACE
    # Only ASCII has a fold that agrees with re's case-insensitive matching.
    return frozenset({ch.lower()}) if ch.isascii() else None


def _char_class(items: list) -> frozenset[str] | None:
    chars: set[str] = set()
    for op, av in items:
        if op is _c.LITERAL:
            codes = [av]
        elif op is _c.RANGE and av[1] - av[0] < _SMALL_CLASS:
            codes = list(range(av[0], av[1] + 1))
        elif op is _c.CATEGORY and av in (_c.CATEGORY_SPACE, _c.CATEGORY_UNI_SPACE):
            chars.add(" ")
            continue
        else:  # NEGATE, other categories, big ranges
            return None
        for code in codes:
            one = _char(code)
            if one is None:
                return None
            chars |= one
        if len(chars) > _SMALL_CLASS:
            return None
    return frozenset(chars) or None


def _node(op, av) -> Info:
    """(the strings the item can match if few, sets each of which every match meets)."""
    if op is _c.LITERAL:
        return _char(av), []
    if op is _c.IN:
        return _char_class(av), []
    if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
        return frozenset({""}), []  # zero-width: adds nothing to the match
    if op is _c.SUBPATTERN:
        return _sequence(list(av[3]))  # case flags do not matter after folding
    if op is _c.ATOMIC_GROUP:
        return _sequence(list(av))
    if op is _c.BRANCH:
        return _branch(av[1])
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)):
        lo, hi, sub = av
        exact, required = _sequence(list(sub))
        if exact == _SPACE:  # whitespace repeated is still one run
            return (_SPACE if lo else _SPACE | {""}), []
        if lo == 0:
            return (exact | {""} if hi == 1 and exact is not None else None), []
        if lo == hi == 1:
            return exact, required
        copies = _power(exact, lo) if exact is not None else None
        return None, required + ([copies] if _usable(copies) else [])
    return None, []  # ANY, NOT_LITERAL, GROUPREF, GROUPREF_EXISTS, ...


def _branch(alternatives: list) -> Info:
    exacts: set[str] | None = set()
    union: set[str] | None = set()
    for alt in alternatives:
        exact, required = _sequence(list(alt))
        if exacts is not None:
            exacts = exacts | exact if exact is not None else None
            if exacts is not None and len(exacts) > _LIMIT:
                exacts = None
        best = _best(required)
        union = union | best if union is not None and best is not None else None
    return (
        frozenset(exacts) if exacts is not None else None,
        [frozenset(union)] if union else [],
    )


def _sequence(items: list) -> Info:
    """(the strings the sequence can match if few, sets each of which every match meets).

    Consecutive items that match few strings form a literal run; each run, and each
    set an item requires, is necessary for the whole sequence.
    """
    required: list[frozenset[str]] = []
    run: frozenset[str] = frozenset({""})  # strings the current literal run can match
    whole = True  # the run spans every item so far
    for op, av in items:
        exact, needs = _node(op, av)
        required.extend(needs)
        joined = _product(run, exact) if exact is not None else None
        if joined is not None:
            if len(joined) > len(run):
                required.append(run)  # the run so far: fewer strings, maybe cheaper
            run = joined
            continue
        whole = False
        required.append(run)
        run = exact if exact is not None else frozenset({""})
    required.append(run)
    return (run if whole else None), [r for r in required if _usable(r)]


@dataclass(frozen=True)
class Gate:
    """A pattern with literal sets each of which has a member in every match of it."""

    pattern: re.Pattern[str]
    required: tuple[frozenset[str], ...]

    @classmethod
    def of(cls, pattern: re.Pattern[str]) -> Gate:
        return cls(pattern, required_sets(pattern))

    def may_match(self, text: str, folded_text: str | None = None) -> bool:
        """False only when the pattern cannot match ``text``.

        ``folded_text`` is ``fold(text)``, passed in when several gates test one text.
        """
        if not self.required:
            return True
        return self.may_match_folded(fold(text) if folded_text is None else folded_text)

    def may_match_folded(self, folded_text: str) -> bool:
        """``may_match`` for a text of which only ``fold(text)`` is at hand.

        Also true of several texts at once: when a pattern may match none of them, it
        may not match them joined by a space either.
        """
        for strings in self.required:
            for lit in strings:
                if lit in folded_text:
                    break
            else:
                return False
        return True

    def search(self, text: str, folded_text: str | None = None) -> re.Match[str] | None:
        """``pattern.search(text)``, skipped when the literals rule a match out."""
        if self.required and not self.may_match_folded(
            fold(text) if folded_text is None else folded_text
        ):
            return None
        return self.pattern.search(text)


def joined(texts: Iterable[str]) -> tuple[str, list[int]]:
    """``texts`` joined by single spaces, and where each starts in the result: the input
    of ``holders``."""
    parts = list(texts)
    starts, at = [], 0
    for text in parts:
        starts.append(at)
        at += len(text) + 1
    return " ".join(parts), starts


def holders(whole: str, starts: list[int], strings: frozenset[str] | None) -> set[int] | None:
    """Indexes of the texts joined in ``whole`` (text ``i`` starting at ``starts[i]``, see
    ``joined``) that hold one of ``strings``; None when any text may (no strings are known).

    One scan of a document per rule replaces a substring test per sentence and rule. A
    string that spans the joint between two texts only adds a candidate, never drops one.
    """
    if strings is None or "" in strings:
        return None
    found: set[int] = set()
    for lit in strings:
        at = whole.find(lit)
        while at != -1:
            found.add(bisect.bisect_right(starts, at) - 1)
            at = whole.find(lit, at + 1)
    return found


class LiteralIndex:
    """``holders`` for many literal sets over one joined text, each literal looked up once.

    Many gates share literals ("shall not", "agreement"); the texts holding each literal
    are found on first use and kept. Most literals a document is asked about are in none
    of its texts, so they are looked up among the texts' distinct words (a quarter of
    their length, each word with the texts it is in) instead of scanning every text: a
    literal's whole words must each be a word of a text that holds it; a literal with
    none must be part of one word, or end one word and start the next. Only the texts
    found so are tested for the literal itself, so the answer is exact (a literal that
    spans the joint of two texts is in neither). The texts are ``fold``ed, so none holds
    a line break. ``find``, when given, is the scan used instead (``holders`` or a test's
    own).
    """

    def __init__(
        self,
        whole: str,
        starts: list[int],
        find: Callable[[str, list[int], frozenset[str] | None], set[int] | None] | None = None,
    ) -> None:
        self._whole = whole
        self._starts = starts
        self._find = find
        self._found: dict[str, set[int] | None] = {}
        ends = [*(at - 1 for at in starts[1:]), len(whole)] if starts else []
        self._texts = [whole[a:b] for a, b in zip(starts, ends, strict=True)]
        self._where: dict[str, set[int]] = {}  # distinct word -> the texts holding it
        for k, text in enumerate(self._texts):
            for word in set(text.split(" ")):
                found = self._where.get(word)
                if found is None:
                    self._where[word] = {k}
                else:
                    found.add(k)
        # Each distinct word on a line of its own (a folded text has no line breaks), so
        # that one scan finds every word holding a part of a literal.
        self._words = list(self._where)
        self._word_at: list[int] = []
        at = 1
        for word in self._words:
            self._word_at.append(at)
            at += len(word) + 1
        self._vocabulary = "\n" + "\n".join(self._words) + "\n"

    def _words_with(self, part: str) -> set[int]:
        """The texts holding a word that contains ``part`` (no space in it; a line break
        marks a word's start or end)."""
        out: set[int] = set()
        vocabulary, seen = self._vocabulary, -1
        at = vocabulary.find(part)
        while at != -1:
            word = bisect.bisect_right(self._word_at, at + (part[:1] == "\n")) - 1
            if word != seen:
                out |= self._where[self._words[word]]
                seen = word
            at = vocabulary.find(part, at + 1)
        return out

    def _holding(self, lit: str) -> set[int]:
        """The texts that hold ``lit``."""
        parts = lit.split(" ")
        if len(parts) == 1:  # part of one word
            return self._words_with(lit)
        first, *inner, last = parts
        if any(inner):  # the texts holding every whole word of it, fewest first
            sets = sorted((self._where.get(word, set()) for word in inner), key=len)
            candidates = sets[0].intersection(*sets[1:])
        elif first or last:  # the end of one word, the start of the next
            longer = first + "\n" if len(first) >= len(last) else "\n" + last
            candidates = self._words_with(longer)
        else:  # white space only
            candidates = set(range(len(self._texts)))
        return {k for k in candidates if lit in self._texts[k]}

    def holds_any(self, strings: Iterable[str]) -> bool:
        """Whether one of the texts may hold one of ``strings``."""
        return any(self.holders(frozenset((lit,))) != set() for lit in strings)

    def holders(self, strings: frozenset[str] | None) -> set[int] | None:
        """Indexes of the texts that hold one of ``strings``; None when any text may."""
        if strings is None or "" in strings:
            return None
        out: set[int] = set()
        for lit in strings:
            if lit not in self._found:
                self._found[lit] = (
                    self._holding(lit)
                    if self._find is None
                    else self._find(self._whole, self._starts, frozenset((lit,)))
                )
            found = self._found[lit]
            if found is None:
                return None
            out |= found
        return out

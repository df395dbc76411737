"""Literal prefilters for regular expressions: a cheap test that can rule a match out.

``required_literals(pattern)`` reads a compiled pattern's syntax tree and returns a set
of strings such that every match of the pattern contains at least one of them, or None
when no such set can be derived (the pattern is then always run). ``Gate`` wraps a
pattern with that set: ``gate.may_match(text, folded)`` is False only when the pattern
cannot match ``text``, at the cost of a few substring tests instead of a regex search.

For a case-insensitive pattern the literals are lower-case and are looked for in
``fold(text)``, a lower-cased copy of the text with the same length in which every
character that the ``re`` module matches case-insensitively against an ASCII character
has become that character, lower-cased. Literals are therefore kept only when they are
ASCII; anything else (a non-ASCII letter, a character class too large to spell out, a
back-reference) ends the literal run or makes the derivation give up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

try:  # Python 3.11+
    from re import _constants as _c
    from re import _parser as _p
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _p  # type: ignore[no-redef]

_LIMIT = 64  # most alternative strings a literal set may hold
_SMALL_CLASS = 8  # largest character class spelled out as alternatives

# Characters that ``re`` matches case-insensitively against an ASCII letter but whose
# ``str.lower()`` is not that letter (U+0130 even lowers to two characters). The Kelvin
# sign lowers to "k" by itself. tests/rules/test_prefilter.py checks this against every
# code point.
_FOLD_FIX = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s"})

Info = tuple[frozenset[str] | None, frozenset[str] | None]  # (exact strings, required set)


def fold(text: str) -> str:
    """``text`` lower-cased for case-insensitive literal tests (same length as ``text``)."""
    if text.isascii():
        return text.lower()
    return text.translate(_FOLD_FIX).lower()


def required_literals(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Strings one of which occurs in every match of ``pattern``; None if none are known.

    The strings are lower-case (to be looked for in ``fold(text)``) when the pattern is
    case-insensitive, and exact (to be looked for in the text itself) otherwise.
    """
    if not isinstance(pattern.pattern, str):
        return None
    folded = bool(pattern.flags & re.IGNORECASE)
    try:
        tree = _p.parse(pattern.pattern, pattern.flags)
    except Exception:  # pragma: no cover - the pattern compiled, so it parses
        return None
    _, required = _Deriver(folded).sequence(list(tree), bool(pattern.flags & re.IGNORECASE))
    if not required or "" in required:
        return None
    return _minimal(required)


def _minimal(strings: frozenset[str]) -> frozenset[str]:
    """Drop strings that contain another one of the set (the shorter one suffices)."""
    return frozenset(s for s in strings if not any(o != s and o in s for o in strings))


def _product(a: frozenset[str], b: frozenset[str]) -> frozenset[str] | None:
    if len(a) * len(b) > _LIMIT:
        return None
    return frozenset(x + y for x in a for y in b)


def _better(a: frozenset[str] | None, b: frozenset[str] | None) -> frozenset[str] | None:
    """The more selective of two required sets (longest shortest string, then fewest)."""
    usable = [s for s in (a, b) if s and "" not in s]
    if not usable:
        return None
    return max(usable, key=lambda s: (min(len(x) for x in s), -len(s)))


@dataclass(frozen=True)
class _Deriver:
    """Walks a parsed pattern; ``folded`` says literals are compared after ``fold``."""

    folded: bool

    def char(self, code: int, ignore: bool) -> frozenset[str] | None:
        ch = chr(code)
        if self.folded:
            # Only ASCII has a fold that agrees with re's case-insensitive matching.
            return frozenset({ch.lower()}) if ch.isascii() else None
        return None if ignore else frozenset({ch})

    def char_class(self, items: list, ignore: bool) -> frozenset[str] | None:
        chars: set[str] = set()
        for op, av in items:
            if op is _c.LITERAL:
                codes = [av]
            elif op is _c.RANGE and av[1] - av[0] < _SMALL_CLASS:
                codes = list(range(av[0], av[1] + 1))
            else:  # NEGATE, CATEGORY, big ranges
                return None
            for code in codes:
                one = self.char(code, ignore)
                if one is None:
                    return None
                chars |= one
            if len(chars) > _SMALL_CLASS:
                return None
        return frozenset(chars) or None

    def node(self, op, av, ignore: bool) -> Info:
        if op is _c.LITERAL:
            return self.char(av, ignore), None
        if op is _c.IN:
            return self.char_class(av, ignore), None
        if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
            return frozenset({""}), None  # zero-width: adds nothing to the match
        if op is _c.SUBPATTERN:
            _, add, remove, sub = av
            inner = (ignore or bool(add & re.IGNORECASE)) and not (remove & re.IGNORECASE)
            return self.sequence(list(sub), inner)
        if op is _c.ATOMIC_GROUP:
            return self.sequence(list(av), ignore)
        if op is _c.BRANCH:
            return self.branch(av[1], ignore)
        if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)):
            lo, hi, sub = av
            exact, required = self.sequence(list(sub), ignore)
            if lo == 0:
                if hi == 1 and exact is not None:
                    return exact | {""}, None
                return None, None
            if lo == hi == 1:
                return exact, required
            return None, _better(required, exact)
        return None, None  # ANY, NOT_LITERAL, GROUPREF, GROUPREF_EXISTS, ...

    def branch(self, alternatives: list, ignore: bool) -> Info:
        exacts: set[str] | None = set()
        required: set[str] | None = set()
        for alt in alternatives:
            exact, req = self.sequence(list(alt), ignore)
            if exacts is not None:
                exacts = exacts | exact if exact is not None else None
                if exacts is not None and len(exacts) > _LIMIT:
                    exacts = None
            need = _better(req, exact)
            required = required | need if required is not None and need else None
        return (
            frozenset(exacts) if exacts is not None else None,
            frozenset(required) if required else None,
        )

    def sequence(self, items: list, ignore: bool) -> Info:
        """(all strings the sequence matches if few, a set one of which every match holds)."""
        best: frozenset[str] | None = None
        run: frozenset[str] = frozenset({""})  # strings the current literal run can match
        whole = True  # the run spans every item so far
        for op, av in items:
            exact, required = self.node(op, av, ignore)
            best = _better(best, required)
            joined = _product(run, exact) if exact is not None else None
            if joined is not None:
                run = joined
                continue
            whole = False
            best = _better(best, run)
            run = exact if exact is not None else frozenset({""})
        best = _better(best, run)
        return (run if whole else None), best


@dataclass(frozen=True)
class Gate:
    """A pattern with the literals one of which every match of it contains."""

    pattern: re.Pattern[str]
    literals: frozenset[str] | None
    folded: bool

    @classmethod
    def of(cls, pattern: re.Pattern[str]) -> Gate:
        return cls(pattern, required_literals(pattern), bool(pattern.flags & re.IGNORECASE))

    def may_match(self, text: str, folded_text: str | None = None) -> bool:
        """False only when the pattern cannot match ``text``.

        ``folded_text`` is ``fold(text)``, passed in when several gates test one text.
        """
        if self.literals is None:
            return True
        if self.folded:
            haystack = folded_text if folded_text is not None else fold(text)
        else:
            haystack = text
        return any(lit in haystack for lit in self.literals)

    def search(self, text: str, folded_text: str | None = None) -> re.Match[str] | None:
        """``pattern.search(text)``, skipped when the literals rule a match out."""
        if not self.may_match(text, folded_text):
            return None
        return self.pattern.search(text)

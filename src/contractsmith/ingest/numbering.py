"""Word list numbering: compute the labels Word shows ("1.", "7.2", "(a)", "ARTICLE IV").

Word stores only the recipe: ``numbering.xml`` has abstract numbering definitions
(``w:abstractNum``, one ``w:lvl`` per level with ``w:numFmt``, ``w:lvlText`` such as
"%1.%2" and ``w:start``) and numbering instances (``w:num``) that point to them, possibly
overriding a level's start. Each numbered paragraph names an instance and a level; the
counters live per abstract definition and restart when an instance overrides its start.

Every number in the file that could decide the size of a label is bounded: start values
are clamped to Word's own range (0..32767), letter labels longer than four letters and
Roman numerals over 3999 fall back to decimal, and a level's text and the finished label
are capped at ``MAX_LABEL_CHARS``, so a hostile ``numbering.xml`` cannot make a label
longer than a normal one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MAX_LEVELS = 9
# Word's largest list start value (its user interface accepts 0..32767).
MAX_START = 32767
# "zzzz" (104) is the longest letter label; higher counters are shown in decimal.
MAX_LETTER_REPEAT = 4
# Longest level text ("%1.%2.%3" and its punctuation) and longest finished label.
MAX_LABEL_CHARS = 100
BULLET = "•"
_PLACEHOLDER = re.compile(r"%([1-9])")


def w(tag: str) -> str:
    """The Clark name of a WordprocessingML tag: w("p") -> "{...main}p"."""
    return f"{{{W_NS}}}{tag}"


_VAL = w("val")


def _val(el: etree._Element | None, default: str | None = None) -> str | None:
    if el is None:
        return default
    return el.get(_VAL, default)


def parse_decimal(value: str | None, default: int) -> int:
    """An integer attribute value, or ``default`` when it is absent or not a number."""
    try:
        return int(value) if value is not None else default
    except ValueError:  # also a number too long to convert (Python's digit limit)
        return default


def _start(value: str | None) -> int:
    """A list start value clamped to Word's range, so no counter can make a huge label."""
    return min(max(parse_decimal(value, 1), 0), MAX_START)


def to_roman(n: int) -> str:
    """Upper-case Roman numeral for 1..3999 (other values fall back to decimal)."""
    if not 0 < n < 4000:
        return str(n)
    out: list[str] = []
    for value, sym in (
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ):
        while n >= value:
            out.append(sym)
            n -= value
    return "".join(out)


def to_letters(n: int) -> str:
    """Word's letter numbering: a..z, then aa..zz, aaa.. (the letter repeats).

    Values below 1, or needing more than ``MAX_LETTER_REPEAT`` letters, fall back to
    decimal: the label's length must not grow with the counter.
    """
    if not 0 < n <= 26 * MAX_LETTER_REPEAT:
        return str(n)
    letter = chr(ord("a") + (n - 1) % 26)
    return letter * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    """Render counter ``n`` in Word number format ``fmt`` (unknown formats -> decimal)."""
    if fmt == "lowerLetter":
        return to_letters(n)
    if fmt == "upperLetter":
        return to_letters(n).upper()
    if fmt == "lowerRoman":
        return to_roman(n).lower()
    if fmt == "upperRoman":
        return to_roman(n)
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "ordinal":
        suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
        return f"{n}{suffix}"
    if fmt == "none":
        return ""
    return str(n)


@dataclass(frozen=True)
class Level:
    """One level of a list definition."""

    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1
    legal: bool = False  # w:isLgl: show every level's number as decimal


def _parse_level(lvl: etree._Element) -> tuple[int, Level]:
    ilvl = parse_decimal(lvl.get(w("ilvl")), 0)
    return ilvl, Level(
        fmt=_val(lvl.find(w("numFmt")), "decimal") or "decimal",
        text=(_val(lvl.find(w("lvlText")), "") or "")[:MAX_LABEL_CHARS],
        start=_start(_val(lvl.find(w("start")))),
        legal=lvl.find(w("isLgl")) is not None and _val(lvl.find(w("isLgl")), "1") != "0",
    )


@dataclass
class _Instance:
    abstract_id: str
    start_overrides: dict[int, int] = field(default_factory=dict)
    level_overrides: dict[int, Level] = field(default_factory=dict)
    used: bool = False


class Numbering:
    """The list definitions of one document, with running counters.

    Call ``label(num_id, ilvl)`` for each numbered paragraph in reading order; it
    advances the counters exactly as Word does and returns the visible label, or None.
    """

    def __init__(self, root: etree._Element | None) -> None:
        self._abstract: dict[str, dict[int, Level]] = {}
        self._instances: dict[str, _Instance] = {}
        self._counters: dict[str, list[int | None]] = {}
        if root is None:
            return
        for absn in root.iter(w("abstractNum")):
            levels = dict(_parse_level(lvl) for lvl in absn.findall(w("lvl")))
            levels = {ilvl: lv for ilvl, lv in levels.items() if 0 <= ilvl < MAX_LEVELS}
            self._abstract[absn.get(w("abstractNumId"), "")] = levels
        for num in root.iter(w("num")):
            inst = _Instance(_val(num.find(w("abstractNumId")), "") or "")
            for ov in num.findall(w("lvlOverride")):
                ilvl = parse_decimal(ov.get(w("ilvl")), 0)
                start = ov.find(w("startOverride"))
                if start is not None:
                    inst.start_overrides[ilvl] = _start(_val(start))
                lvl = ov.find(w("lvl"))
                if lvl is not None:
                    inst.level_overrides[ilvl] = _parse_level(lvl)[1]
            self._instances[num.get(w("numId"), "")] = inst

    def _level(self, inst: _Instance, ilvl: int) -> Level | None:
        if ilvl in inst.level_overrides:
            return inst.level_overrides[ilvl]
        return self._abstract.get(inst.abstract_id, {}).get(ilvl)

    def label(self, num_id: str, ilvl: int) -> str | None:
        """Advance the counters for a paragraph at (num_id, ilvl); return its label."""
        inst = self._instances.get(num_id)
        if inst is None or num_id == "0" or not 0 <= ilvl < MAX_LEVELS:
            return None
        level = self._level(inst, ilvl)
        if level is None:
            return None
        counters = self._counters.setdefault(inst.abstract_id, [None] * MAX_LEVELS)
        if not inst.used:
            inst.used = True
            for lv, start in inst.start_overrides.items():
                if 0 <= lv < MAX_LEVELS:
                    counters[lv] = start - 1
                    for deeper in range(lv + 1, MAX_LEVELS):
                        counters[deeper] = None
        current = counters[ilvl]
        counters[ilvl] = level.start if current is None else current + 1
        for deeper in range(ilvl + 1, MAX_LEVELS):
            counters[deeper] = None
        if level.fmt == "bullet":
            return BULLET

        def substitute(match: re.Match[str]) -> str:
            lv = int(match.group(1)) - 1
            lv_def = self._level(inst, lv) or Level()
            value = counters[lv]
            if value is None:  # a skipped outer level shows its start value
                value = lv_def.start
                counters[lv] = value
            fmt = "decimal" if level.legal else lv_def.fmt
            if lv_def.fmt == "bullet":
                return ""
            return format_number(value, fmt)

        text = _PLACEHOLDER.sub(substitute, level.text).strip()[:MAX_LABEL_CHARS]
        return text or None

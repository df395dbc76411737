"""Limits every spec value stays within, so that whatever validates also renders.

The JSON Schema states these limits field by field (``maximum``, ``maxLength``, the date
and text patterns); this module holds the ones code needs too: the loader, the validator's
checks that apply to every value, and the date arithmetic of the semantic rules.
"""

from __future__ import annotations

import re
from datetime import date

MIN_YEAR = 1900
"""Earliest year a spec date may have."""

MAX_YEAR = 2099
"""Latest year a spec date may have (Word's ZIP timestamps end in 2107)."""

MAX_INTEGER_DIGITS = 18
"""Most digits a whole number may have before it is treated as far out of range.

Every integer field of the schema has a maximum far below 10**18, so a longer number is
never valid. Keeping it as text spares the code from numbers too large to print (Python
refuses to convert integers of more than 4,300 digits to or from text).
"""

_NEVER = r"\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFDD0-\uFDEF\uFFFE\uFFFF"
"""Characters no spec text may hold: the C0 controls that XML (and so Word) cannot store,
lone surrogates (not encodable as UTF-8) and the BMP noncharacters."""

_NOT_IN_LINE = r"\u0000-\u001F\u007F-\u009F\uD800-\uDFFF\uFDD0-\uFDEF\uFFFE\uFFFF"
"""Characters names and titles may not hold: also tabs, line breaks and C1 controls."""

LINE_PATTERN = f"^[^{_NOT_IN_LINE}]*$"
"""The schema pattern of names and titles: one line, no C0/C1 control, no noncharacter."""

_BAD_CHARACTER = re.compile(f"[{_NEVER}]")
_BAD_LINE_CHARACTER = re.compile(f"[{_NOT_IN_LINE}]")


def is_huge(value: int) -> bool:
    """True when the whole number ``value`` has more than ``MAX_INTEGER_DIGITS`` digits."""
    return abs(value) >= 10**MAX_INTEGER_DIGITS


def approximate_digits(value: int) -> int:
    """The number of decimal digits of ``value``, computed without converting it to text."""
    return max(1, int(abs(value).bit_length() * 0.30103) + 1)


def year_in_range(day: date) -> bool:
    """True when ``day`` falls in the years a spec may use (``MIN_YEAR``-``MAX_YEAR``)."""
    return MIN_YEAR <= day.year <= MAX_YEAR


def bad_character(text: str, *, line: bool = False) -> str | None:
    """The first character of ``text`` that no spec text may hold, or None.

    With ``line`` the stricter rule of names and titles applies (``LINE_PATTERN``).
    """
    match = (_BAD_LINE_CHARACTER if line else _BAD_CHARACTER).search(text)
    return match.group() if match else None


def describe_character(char: str) -> str:
    """``char`` in words for a message: ``the control character U+0001``."""
    code = ord(char)
    if char in "\t\r\n":
        name = "a tab" if char == "\t" else "a line break"
        return f"{name} (U+{code:04X})"
    if 0xD800 <= code <= 0xDFFF:
        kind = "the lone surrogate"
    elif 0xFDD0 <= code <= 0xFDEF or code in (0xFFFE, 0xFFFF):
        kind = "the noncharacter"
    else:
        kind = "the control character"
    return f"{kind} U+{code:04X}"


def clip(text: str, limit: int = 60) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis, for echoing values in messages."""
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"

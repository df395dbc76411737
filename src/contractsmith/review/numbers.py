"""Reading the numbers people write in campaign logs: ``182K``, ``1,234``, ``1.234,5``.

A number is either read exactly (as a ``Decimal``) or refused with a reason; it is never
guessed. ``1,234`` and ``1.234`` are ambiguous (a thousands separator or a decimal
comma/point) unless the log states its ``number_format``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

NUMBER_FORMATS = ("1,234.5", "1.234,5")
"""The two ``number_format`` values a log may state: thousands then decimal separator."""

_SUFFIX = {"K": Decimal(1000), "M": Decimal(1_000_000), "B": Decimal(1_000_000_000)}
_PLAIN = re.compile(r"^[+-]?\d+(?:\.\d+)?$")
_GROUPED = re.compile(r"^[+-]?\d{1,3}(?:([,. \u00a0'])\d{3})(?:\1\d{3})*(?:([,.])\d+)?$")
_SUFFIXED = re.compile(r"^([+-]?\d+(?:[.,]\d+)?)\s*([KkMmBb])$")


@dataclass(frozen=True)
class NumberReading:
    """A number read from a log cell: ``value`` when it was read, else ``problem`` and ``ambiguous``."""

    value: Decimal | None
    problem: str | None = None
    ambiguous: bool = False


MAX_NUMBER_CHARS = 40
"""Longest number text read; every real count or amount is far shorter."""

MAX_VALUE = Decimal(10) ** 15
"""Largest value a log number may have (a quadrillion views or a trillion-euro payment is
a typing error, and the review's arithmetic stays exact below it)."""


def read_number(raw: object, number_format: str | None = None) -> NumberReading:
    """Read ``raw`` (an int, or text as written) exactly, or say why it cannot be read.

    Only numbers from 0 to ``MAX_VALUE`` are read: a count, a rate or an amount in a log
    is never negative.
    """
    if isinstance(raw, bool):
        return NumberReading(None, f"{raw!r} is not a number")
    if isinstance(raw, int):
        raw = str(raw) if raw.bit_length() < 64 else "9" * (MAX_NUMBER_CHARS + 1)
    text = str(raw).strip()
    if len(text) > MAX_NUMBER_CHARS:
        return NumberReading(None, f"{text[:20]!r}... is {len(text)} characters long, too "
                             "long for a number")  # fmt: skip
    reading = _read(text.removesuffix("%").strip(), number_format)
    if reading.value is None:
        return reading
    if reading.value < 0:
        return NumberReading(None, f"{text!r} is negative")
    if reading.value > MAX_VALUE:
        return NumberReading(None, f"{text!r} is out of range (more than 10^15)")
    return reading


def _read(text: str, number_format: str | None) -> NumberReading:
    """``text`` read as a number in ``number_format``, sign and size not yet judged."""
    if not text:
        return NumberReading(None, "empty number")
    if _PLAIN.match(text):
        if number_format == "1.234,5" and re.fullmatch(r"[+-]?[1-9]\d{0,2}\.\d{3}", text):
            return NumberReading(Decimal(text.replace(".", "")))
        if number_format is None and re.fullmatch(r"[+-]?[1-9]\d{0,2}\.\d{3}", text):
            return _ambiguous(text)
        return NumberReading(Decimal(text))
    if re.fullmatch(r"[+-]?\d+,\d+", text) and not re.fullmatch(r"[+-]?[1-9]\d{0,2},\d{3}", text):
        # "4,6" cannot be a thousands separator (that needs three digits): a decimal comma.
        if number_format == "1,234.5":
            return NumberReading(None, f"{text!r} has a decimal comma but number_format is 1,234.5")
        return NumberReading(Decimal(text.replace(",", ".")))
    m = _SUFFIXED.match(text)
    if m:
        mantissa = m.group(1)
        if "," in mantissa:
            if number_format == "1,234.5":
                return NumberReading(
                    None, f"{text!r} has a decimal comma but number_format is 1,234.5"
                )
            mantissa = mantissa.replace(",", ".")
        return NumberReading(Decimal(mantissa) * _SUFFIX[m.group(2).upper()])
    m = _GROUPED.match(text)
    if m:
        group, decimal_sep = m.group(1), m.group(2)
        if decimal_sep is not None and decimal_sep == group:
            return NumberReading(None, f"{text!r} uses {group!r} both for thousands and decimals")
        if decimal_sep is None and group in ",." and text.count(group) == 1:
            # "1,234" is 1234 in one convention and 1.234 in the other.
            expected = "1,234.5" if group == "," else "1.234,5"
            if number_format is None:
                return _ambiguous(text)
            if number_format != expected:
                return NumberReading(Decimal(text.replace(group, ".")))
        elif number_format is not None and group in ",." and number_format[1] != group:
            return NumberReading(
                None,
                f"{text!r} groups thousands with {group!r} but number_format is {number_format}",
            )
        digits = text.replace(group, "")
        if decimal_sep:
            digits = digits.replace(decimal_sep, ".")
        try:
            return NumberReading(Decimal(digits))
        except InvalidOperation:  # pragma: no cover - the pattern admits only digits
            return NumberReading(None, f"{text!r} is not a number")
    return NumberReading(None, f"{text!r} is not a number")


def _ambiguous(text: str) -> NumberReading:
    return NumberReading(
        None,
        f"{text!r} could be a whole number with a thousands separator or a decimal",
        ambiguous=True,
    )

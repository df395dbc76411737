"""Numbers as people write them in logs are read exactly or refused, never guessed."""

from decimal import Decimal

import pytest

from contractsmith.review.numbers import read_number


@pytest.mark.parametrize(
    ("raw", "fmt", "expected"),
    [
        ("1.2K", None, Decimal("1200")),
        ("78.4K", None, Decimal("78400")),
        ("2M", None, Decimal("2000000")),
        ("1,5K", None, Decimal("1500")),
        ("1,234,567", None, Decimal("1234567")),
        ("1,234.5", None, Decimal("1234.5")),
        ("1.234,5", None, Decimal("1234.5")),
        ("4,6", None, Decimal("4.6")),
        ("3.5", None, Decimal("3.5")),
        ("0.123", None, Decimal("0.123")),
        ("12%", None, Decimal("12")),
        (182000, None, Decimal("182000")),
        ("1,234", "1,234.5", Decimal("1234")),
        ("1,234", "1.234,5", Decimal("1.234")),
        ("1.234", "1.234,5", Decimal("1234")),
        ("41.200", "1.234,5", Decimal("41200")),
    ],
)
def test_numbers_are_read_exactly(raw, fmt, expected):
    assert read_number(raw, fmt).value == expected


@pytest.mark.parametrize("raw", ["1,234", "1.234", "999,000"])
def test_one_separator_and_three_digits_is_ambiguous_without_a_format(raw):
    reading = read_number(raw)
    assert reading.value is None and reading.ambiguous


@pytest.mark.parametrize(
    ("raw", "fmt"),
    [("lots", None), ("1.2.3", None), ("1,234.5", "1.234,5"), ("4,6", "1,234.5"), (True, None)],
)
def test_unreadable_or_contradicting_numbers_are_refused(raw, fmt):
    reading = read_number(raw, fmt)
    assert reading.value is None and reading.problem and not reading.ambiguous

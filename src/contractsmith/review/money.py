"""Exact money for the review: instalment amounts, late interest, currency formatting.

Every amount is a ``Decimal`` in the contract's currency, rounded once, at the end, to
the currency's minor unit (half up). Late interest follows the contract's clause: the
monthly rate from ``compensation.late_interest.percent_per_month``, simple interest from
the due date until payment, counted by day as rate x 12 / 365 (actual/365).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

# ISO 4217 currencies whose minor unit is not 2 digits (the common ones).
_MINOR_DIGITS = {
    "BIF": 0, "CLP": 0, "DJF": 0, "GNF": 0, "ISK": 0, "JPY": 0, "KMF": 0, "KRW": 0,
    "PYG": 0, "RWF": 0, "UGX": 0, "VND": 0, "VUV": 0, "XAF": 0, "XOF": 0, "XPF": 0,
    "BHD": 3, "IQD": 3, "JOD": 3, "KWD": 3, "LYD": 3, "OMR": 3, "TND": 3,
}  # fmt: skip

INTEREST_BASIS = "simple interest by day: monthly rate x 12 / 365 for each day late"
"""How late interest is counted, printed with every interest amount."""


def minor_unit(currency: str) -> Decimal:
    """The smallest amount of ``currency`` (``Decimal('0.01')`` for USD)."""
    digits = _MINOR_DIGITS.get(currency.upper(), 2)
    return Decimal(1).scaleb(-digits)


def round_money(amount: Decimal, currency: str) -> Decimal:
    """``amount`` rounded half up to the minor unit of ``currency``."""
    return amount.quantize(minor_unit(currency), rounding=ROUND_HALF_UP)


def late_interest(
    amount: Decimal, percent_per_month: Decimal, days_late: int, currency: str
) -> Decimal:
    """Interest on ``amount`` paid ``days_late`` days after its due date (0 when not late)."""
    if days_late <= 0 or amount <= 0 or percent_per_month <= 0:
        return round_money(Decimal(0), currency)
    exact = amount * percent_per_month / Decimal(100) * Decimal(12) * days_late / Decimal(365)
    return round_money(exact, currency)


def money(amount: Decimal, currency: str) -> str:
    """``USD 6,000.00``: the code, then the amount with thousands separators."""
    rounded = round_money(amount, currency)
    return f"{currency} {rounded:,}"

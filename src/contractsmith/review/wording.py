"""How the review words lengths of time and figures in evidence: ``2 days 5 hours``."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal


def duration_text(delta: dt.timedelta) -> str:
    """``2 days 5 hours`` (whole hours, rounded up; at least 1 hour)."""
    hours = max(1, -(-int(delta.total_seconds()) // 3600))
    days, hours = divmod(hours, 24)
    parts = []
    if days:
        parts.append(f"{days} day{'s' if days != 1 else ''}")
    if hours:
        parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
    return " ".join(parts)


def plain(value: Decimal) -> Decimal:
    """``value`` without trailing zeros after the point (``132300.0`` -> ``132300``)."""
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def days_text(days: int, unit: str = "day") -> str:
    """``1 day``, ``3 days``, ``2 business days``."""
    return f"{days} {unit}{'s' if days != 1 else ''}"

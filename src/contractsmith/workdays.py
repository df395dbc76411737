"""Business days as the clause library defines them: Monday to Friday.

The contracts count review windows and notice periods in Business Days; public holidays
differ by place and are not in the spec, so they are not skipped here. Used by the
consistency rules (on the spec) and by ``review`` (on the campaign log).
"""

from __future__ import annotations

import datetime as dt


def is_business_day(day: dt.date) -> bool:
    """True for Monday to Friday."""
    return day.weekday() < 5


def add_business_days(day: dt.date, count: int) -> dt.date:
    """The ``count``-th business day after ``day`` (before it when ``count`` is negative;
    ``day`` itself when ``count`` is 0)."""
    step = dt.timedelta(days=1 if count >= 0 else -1)
    current = day
    left = abs(count)
    while left > 0:
        current += step
        if is_business_day(current):
            left -= 1
    return current


def business_days_between(start: dt.date, end: dt.date) -> int:
    """How many business days fall after ``start`` up to and including ``end`` (0 if none)."""
    if end <= start:
        return 0
    whole_weeks, extra = divmod((end - start).days, 7)
    count = whole_weeks * 5
    for offset in range(1, extra + 1):
        if is_business_day(start + dt.timedelta(days=whole_weeks * 7 + offset)):
            count += 1
    return count

"""Numeric settings read from the environment (``CONTRACTSMITH_*`` limits).

One reader for every limit, so that each accepts the same spellings and none can be set to
a value that breaks the run: a value that is not a finite number, or is not above zero,
falls back to the default, and any other value is held between the limit's bounds.
"""

from __future__ import annotations

import math
import os


def env_number(name: str, default: float, *, low: float, high: float) -> float:
    """The number in environment variable ``name``, held to ``[low, high]``; ``default``
    when it is unset, not a finite number, or not above zero."""
    raw = os.environ.get(name, "").strip()
    try:
        value = float(raw) if raw else default
    except ValueError:
        return default
    if not math.isfinite(value) or value <= 0:
        return default
    return min(max(value, low), high)

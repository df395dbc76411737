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


def env_setting(name: str, default: float) -> float:
    """A ``CONTRACTSMITH_*`` limit held to the bounds of its kind, told by its name: a
    time (``*_TIMEOUT``, 0.1 s to a day), a size in megabytes (``*_MB``) or a count."""
    if name.endswith("TIMEOUT"):
        return env_number(name, default, low=0.1, high=86_400.0)
    if name.endswith("_MB"):
        return env_number(name, default, low=1e-6, high=1e6)
    return env_number(name, default, low=1.0, high=1e9)

"""Which rule codes a run reports: the one ``--select``/``--ignore`` rule of every command.

Codes and prefixes follow ruff: ``V`` is a family, ``V0`` part of one, ``V002`` a rule.
The most specific matching entry wins, and a tie goes to ``ignore``: ``--select V
--ignore V002`` drops V002 only, ``--select V002 --ignore V`` keeps V002. No selection
selects everything.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

_CODE_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")


def parse_codes(text: str | Iterable[str] | None) -> list[str] | None:
    """``"v,C0, D002"`` (or a list of such strings) as ``["V", "C0", "D002"]``; None for none."""
    if text is None:
        return None
    parts = [text] if isinstance(text, str) else list(text)
    codes = [c.strip().upper() for part in parts for c in part.split(",") if c.strip()]
    return codes or None


def _longest_match(code: str, prefixes: Iterable[str]) -> int:
    return max((len(p) for p in prefixes if code.startswith(p)), default=-1)


def code_selected(code: str, select: Sequence[str] | None, ignore: Sequence[str] | None) -> bool:
    """Whether ``code`` is reported: the most specific matching prefix wins, ties to ignore."""
    chosen = _longest_match(code, select) if select is not None else 0
    dropped = _longest_match(code, ignore or ())
    return chosen >= 0 and chosen > dropped


def code_problem(code: str, known: Iterable[str]) -> str | None:
    """Why ``code`` cannot be a selection entry (malformed, or no known code starts with
    it), or None when it is one."""
    if not code or not set(code) <= _CODE_CHARS or not code[0].isalpha():
        return f"{code!r} is not a rule code or prefix (e.g. V, V0, D002)"
    if not any(k.startswith(code) for k in known):
        return f"no rule code starts with {code!r} (see `contractsmith rules`)"
    return None

"""Where the contract states each obligation: its section number, or else its clause id.

A rendered DOCX/PDF lists its clauses in section order in its manifest, so section N is
the N-th clause there. For a spec, the current clause library's selection gives the same
order ``render`` would use. Without either, the clause id is the reference.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any


@dataclass(frozen=True)
class ClauseRef:
    """One clause of the contract: its id, its category and, when known, its section number."""

    clause_id: str
    section: int | None = None

    def describe(self) -> str:
        """``Section 5`` when numbered, else ``clause deliverables.published``."""
        return f"Section {self.section}" if self.section else f"clause {self.clause_id}"


class ClauseIndex:
    """Finds the section for a clause id, or for the first clause of a category."""

    def __init__(self, clause_ids: Sequence[str], numbered: bool = True) -> None:
        self._ids = list(clause_ids)
        self._numbered = numbered

    def ref(self, *targets: str) -> ClauseRef:
        """The first of ``targets`` (clause id or category) the contract has."""
        for target in targets:
            for number, cid in enumerate(self._ids, start=1):
                if cid == target or cid.split(".", 1)[0] == target:
                    return ClauseRef(cid, number if self._numbered else None)
        return ClauseRef(targets[0] if "." in targets[0] else f"{targets[0]}.*")


def index_from_manifest(manifest: dict[str, Any]) -> ClauseIndex:
    """The index of a rendered contract, from the clause list in its manifest."""
    listed = manifest.get("clauses")
    clauses = [c for c in listed if isinstance(c, dict)] if isinstance(listed, list) else []
    return ClauseIndex([str(c.get("id")) for c in clauses])


@cache
def _library() -> Any:
    """The clause library, read once per process (a portfolio reviews many specs)."""
    from contractsmith.library.load import load_library

    return load_library()


def index_from_library(spec: dict[str, Any]) -> ClauseIndex:
    """The index ``render`` would give ``spec`` with the current clause library."""
    try:
        selected = _library().select(spec)
    except Exception:  # a library that cannot be read: fall back to clause ids
        return ClauseIndex([], numbered=False)
    return ClauseIndex([c.id for c in selected])

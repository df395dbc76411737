"""Clause: one entry of the clause library, its front matter plus its Jinja body."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from contractsmith.analyse.model import CATEGORIES

# Checker categories (fixed ids shared with the analyser) plus generator-only ones.
CHECKER_CATEGORIES: tuple[str, ...] = CATEGORIES  # the fixed checker ids, defined once
GENERATOR_CATEGORIES: tuple[str, ...] = (
    "parties",
    "definitions",
    "warranties",
    "independent_contractor",
    "content_standards",
    "data_privacy",
    "notices",
    "general",
    "signature",
)
CLAUSE_CATEGORIES: frozenset[str] = frozenset(CHECKER_CATEGORIES + GENERATOR_CATEGORIES)

# Jurisdiction tags a clause may carry; "any" means the clause applies everywhere.
JURISDICTIONS: frozenset[str] = frozenset({"any", "US", "UK", "EU", "FR"})


@dataclass(frozen=True)
class Clause:
    """A clause of the library: ``clauses/<category>/<variant>.md``.

    ``body`` is the Jinja source after the front matter; ``body_start_line`` is the
    1-based line of the clause file on which the body starts, so that an error at body
    line ``n`` is at file line ``body_start_line + n - 1``.
    """

    id: str
    title: str
    category: str
    version: str
    order: int
    jurisdictions: tuple[str, ...]
    body: str
    path: Path
    body_start_line: int
    when: str | None = None
    needs: tuple[str, ...] = ()
    rationale: str = ""
    justifications: dict[str, str] = field(default_factory=dict)
    # The front matter exactly as parsed, for schema validation by lint (no second parse).
    front_matter: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def variant(self) -> str:
        """The part of the id after the category: ``milestones`` in ``compensation.milestones``."""
        return self.id.split(".", 1)[1] if "." in self.id else self.id

    @property
    def sort_key(self) -> tuple[int, str]:
        """Position in an assembled contract: by ``order``, ties broken by id."""
        return (self.order, self.id)

    def file_line(self, body_line: int) -> int:
        """The clause file's line number for 1-based line ``body_line`` of the body."""
        return self.body_start_line + max(body_line, 1) - 1

    def applies_to(self, jurisdictions: set[str] | frozenset[str]) -> bool:
        """True when the clause is for ``any`` jurisdiction or one of ``jurisdictions``."""
        return "any" in self.jurisdictions or bool(set(self.jurisdictions) & set(jurisdictions))

"""The clause library: clause model, front-matter parsing, loading and selection."""

from contractsmith.library.load import Library, SelectionError, load_clause, load_library
from contractsmith.library.model import CLAUSE_CATEGORIES, JURISDICTIONS, Clause

__all__ = [
    "CLAUSE_CATEGORIES",
    "JURISDICTIONS",
    "Clause",
    "Library",
    "SelectionError",
    "load_clause",
    "load_library",
]

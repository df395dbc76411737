"""Where the project's data folders are: clause library, schemas, examples, templates.

In a source checkout they sit at the repository root; in an installed wheel the build
copies them into ``contractsmith/_bundled``. Either way callers ask here.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

PACKAGE_DIR = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """Return the folder ``name`` (``clauses``, ``schemas`` or ``examples``)."""
    bundled = PACKAGE_DIR / "_bundled" / name
    if bundled.is_dir():
        return bundled
    repo = PACKAGE_DIR.parent.parent / name
    if repo.is_dir():
        return repo
    raise FileNotFoundError(f"contractsmith data folder {name!r} not found (broken install?)")


def clauses_dir() -> Path:
    return data_dir("clauses")


def schemas_dir() -> Path:
    return data_dir("schemas")


def examples_dir() -> Path:
    return data_dir("examples")


def templates_dir() -> Path:
    return PACKAGE_DIR / "templates"


@cache
def load_schema(name: str) -> dict[str, Any]:
    """Load ``schemas/<name>.schema.json`` (cached; treat the result as read-only)."""
    path = schemas_dir() / f"{name}.schema.json"
    return json.loads(path.read_text(encoding="utf-8"))

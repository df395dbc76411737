"""Fixtures for the generator tests: the fixture clause library and spec builders."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from contractsmith.library import Library, load_library
from contractsmith.spec.load import load_spec

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
FIXTURE_CLAUSES = HERE / "fixtures" / "clauses"
EXAMPLE = REPO / "examples" / "sponsorship.yaml"


@pytest.fixture(scope="session")
def fixture_library() -> Library:
    library = load_library(FIXTURE_CLAUSES)
    assert library.findings == []
    return library


@pytest.fixture
def example_data() -> dict[str, Any]:
    """A fresh, mutable copy of the canonical example spec's data."""
    return copy.deepcopy(load_spec(EXAMPLE).data)


def write_clause(root: Path, rel: str, front: str, body: str) -> Path:
    """Write ``root/rel`` with ``front`` (YAML lines) between ``---`` and ``body`` after."""
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\n{front.strip()}\n---\n{body}", encoding="utf-8")
    return path

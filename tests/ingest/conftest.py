"""Fixtures for ingest tests."""

from __future__ import annotations

from pathlib import Path

import pytest

CUAD_FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "ingest" / "cuad"


@pytest.fixture
def cuad_fixtures() -> Path:
    """Folder of a few CUAD v1 contracts (PDF + TXT) committed as test fixtures."""
    return CUAD_FIXTURES

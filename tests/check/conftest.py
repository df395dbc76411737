"""Fixtures for the checker tests: sample contracts and a stand-in wording engine."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from contractsmith.analyse.check import Engine

REPO = Path(__file__).resolve().parents[2]
CONTRACTS = REPO / "examples" / "contracts"

FAKE_ENGINE = Engine(wording="tests.check.fakes:fake_wording")
QUIET_ENGINE = Engine(wording="tests.check.fakes:no_wording")


@pytest.fixture
def contracts(tmp_path: Path) -> Path:
    """A private copy of the sample contracts (so tests may write beside them)."""
    target = tmp_path / "contracts"
    target.mkdir()
    for name in ("sponsorship-good.md", "quickpost-problems.txt", "ambassador-agreement.docx"):
        shutil.copy(CONTRACTS / name, target / name)
    return target


@pytest.fixture
def fake_engine() -> Engine:
    return FAKE_ENGINE

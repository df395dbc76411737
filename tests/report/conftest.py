"""The report tests use the checker tests' sample-contract fixture."""

from __future__ import annotations

from tests.check.conftest import contracts  # noqa: F401  (a pytest fixture)

"""Shared test configuration: markers for tests that need LibreOffice, Chromium or ../shared."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = Path(os.environ.get("CONTRACTSMITH_SHARED", REPO_ROOT.parent / "shared"))
IN_CI = bool(os.environ.get("CI"))


def _have_soffice() -> bool:
    env = os.environ.get("CONTRACTSMITH_SOFFICE")
    if env:
        return Path(env).exists()
    return any(shutil.which(n) for n in ("soffice", "libreoffice"))


def _have_chromium() -> bool:
    return any(shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome"))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip tests whose external tool is missing, with a visible reason; never in CI.

    In CI (``CI`` set) a missing LibreOffice or Chromium is a failure, not a skip:
    `.ci/run` installs them, so their absence means the install step broke.
    """
    have = {"soffice": _have_soffice(), "chromium": _have_chromium()}
    for item in items:
        for marker, present in have.items():
            if marker in item.keywords and not present:
                if IN_CI:
                    # The autouse fixture below turns this into a clear failure.
                    item.user_properties.append(("missing_tool", marker))
                else:
                    item.add_marker(pytest.mark.skip(reason=f"{marker} not installed"))
        if "shared" in item.keywords and not SHARED.is_dir():
            item.add_marker(pytest.mark.skip(reason=f"development data not found at {SHARED}"))


@pytest.fixture(autouse=True)
def _fail_when_tool_missing_in_ci(request: pytest.FixtureRequest) -> None:
    for key, marker in request.node.user_properties:
        if key == "missing_tool":
            pytest.fail(f"{marker} is required in CI but was not found; .ci/run should install it")


@pytest.fixture
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"development data not found at {SHARED}")
    return SHARED

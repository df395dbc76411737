"""Shared helpers for the review tests: the sponsorship example spec and small logs."""

from __future__ import annotations

import copy
import datetime as dt
import textwrap
from pathlib import Path
from typing import Any

from contractsmith.review.check import check_log
from contractsmith.review.clauses import ClauseIndex
from contractsmith.review.evaluate import review
from contractsmith.review.load import load_log
from contractsmith.review.outcome import Review
from contractsmith.spec.load import load_spec

ROOT = Path(__file__).resolve().parents[2]
SPONSORSHIP = ROOT / "examples" / "sponsorship.yaml"
_SPEC = load_spec(SPONSORSHIP).data


def spec(**changes: Any) -> dict[str, Any]:
    """A copy of the sponsorship example spec with top-level ``changes``."""
    data = copy.deepcopy(_SPEC)
    data.update(changes)
    return data


def write(tmp: Path, text: str, name: str = "log.yaml") -> Path:
    path = tmp / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def findings_for(tmp: Path, text: str, data: dict[str, Any] | None = None):
    """The P findings of a YAML log written from ``text``."""
    _, findings = check_log(load_log(write(tmp, text)), data or spec())
    return findings


def run(
    tmp: Path, text: str, as_of: str, data: dict[str, Any] | None = None, name: str = "log.yaml"
) -> Review:
    """Review a log written from ``text`` against ``data`` (default: the example spec)."""
    data = data or spec()
    log, findings = check_log(load_log(write(tmp, text, name)), data)
    assert not [f for f in findings if f.severity.value == "error"], findings
    index = ClauseIndex(
        [
            "deliverables.published",
            "compensation.fees",
            "reporting.makegood",
            "ftc_disclosure.general",
            "usage_rights.licence",
            "kpis.targets",
        ]
    )
    return review(data, log, as_of=dt.date.fromisoformat(as_of), clauses=index, contract="c.yaml")


def outcome(result: Review, key: str):
    """The outcome with ``key`` (fails the test with the known keys when absent)."""
    found = {o.key: o for o in result.outcomes}
    assert key in found, sorted(found)
    return found[key]

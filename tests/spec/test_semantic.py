"""Semantic rules on small hand-made specs: cases the fixture corpus does not pin down."""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from contractsmith.spec.codes import S_RULES
from contractsmith.spec.load import load_spec
from contractsmith.spec.semantic import add_months
from contractsmith.spec.validate import is_valid, validate

MINIMAL = Path(__file__).resolve().parent.parent / "fixtures" / "specs" / "valid" / "minimal.yaml"


@pytest.fixture
def spec() -> dict[str, Any]:
    return copy.deepcopy(load_spec(MINIMAL).data)


def codes(data: dict[str, Any]) -> set[tuple[str, str]]:
    return {(f.rule, f.location.pointer) for f in validate(data)}


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2026, 3, 1), 6, date(2026, 9, 1)),
        (date(2026, 11, 15), 3, date(2027, 2, 15)),
    ],
)
def test_add_months_clamps_to_month_end(start: date, months: int, end: date) -> None:
    assert add_months(start, months) == end


def test_mixed_percent_and_amount_schedule(spec: dict[str, Any]) -> None:
    spec["compensation"]["schedule"] = [
        {"label": "Deposit", "amount": "500.00", "trigger": "signature", "net_days": 15},
        {"label": "Balance", "percent": "75", "trigger": "each_publication", "net_days": 30},
    ]
    assert codes(spec) == set()
    spec["compensation"]["schedule"][0]["amount"] = "400.00"
    assert codes(spec) == {("S111", "/compensation/schedule")}


def test_recurring_monthly_instalments_count_every_month(spec: dict[str, Any]) -> None:
    spec["kind"] = "retainer"
    spec["retainer"] = {"months": 3, "monthly_fee": "700.00", "missed_deliverables": "forfeit"}
    d = spec["deliverables"][0]
    del d["draft_due"], d["posting_window"]
    d.update(per="month", monthly={"posting_window_days": {"start": 1, "end": 28}})
    spec["compensation"]["fee"] = "2100.00"
    spec["compensation"]["schedule"] = [
        {
            "label": "Monthly",
            "amount": "700.00",
            "trigger": "month_end",
            "net_days": 30,
            "recurs": "monthly",
        }
    ]
    assert codes(spec) == set()
    spec["compensation"]["schedule"][0]["recurs"] = "none"
    assert codes(spec) == {("S111", "/compensation/schedule")}


def test_term_by_duration_months(spec: dict[str, Any]) -> None:
    del spec["term"]["end_date"]
    spec["term"]["duration_months"] = 2  # 2026-02-01 .. 2026-03-31
    assert codes(spec) == set()
    spec["term"]["duration_months"] = 1  # ends 2026-02-28, before the posting window
    assert ("S105", "/deliverables/0/posting_window/start") in codes(spec)


@pytest.mark.parametrize(
    ("jurisdiction", "label", "ok"),
    [
        ("US", "Paid partnership", True),
        ("US", "Sponsored", True),
        ("UK", "Ad", True),
        ("UK", "Advert", True),
        ("UK", "Sponsored", False),
        ("FR", "collaboration commerciale", True),
        ("FR", "Publicite", False),
        ("EU", "Werbung", True),
        ("EU", "#collab", False),
    ],
)
def test_labels_by_jurisdiction(
    spec: dict[str, Any], jurisdiction: str, label: str, ok: bool
) -> None:
    spec["disclosure"]["jurisdictions"] = [jurisdiction]
    spec["disclosure"]["label"] = label
    if jurisdiction == "FR":
        spec["governing_law"]["law"] = "French law"
    assert (codes(spec) == set()) is ok
    if jurisdiction != "US":  # an unclear US label is only a warning
        assert is_valid(spec) is ok


def test_label_per_jurisdiction_overrides_the_default(spec: dict[str, Any]) -> None:
    spec["disclosure"]["jurisdictions"] = ["US", "FR"]
    spec["disclosure"]["labels_by_jurisdiction"] = {"FR": "Publicité"}
    spec["governing_law"]["law"] = "French law"
    assert codes(spec) == set()


def test_exclusivity_with_fee_may_outlast_the_term(spec: dict[str, Any]) -> None:
    spec["exclusivity"] = {"exclusive": True, "category": "snacks", "days_after": 90}
    assert codes(spec) == {("S131", "/exclusivity/days_after")}
    spec["exclusivity"]["fee"] = "300.00"
    assert codes(spec) == set()


def test_kill_fee_equal_steps_are_allowed(spec: dict[str, Any]) -> None:
    spec["compensation"]["kill_fee"] = [
        {"stage": "before_production", "percent": "25"},
        {"stage": "after_production_start", "percent": "25"},
        {"stage": "after_final_approval", "percent": "100"},
    ]
    assert codes(spec) == set()


def test_minor_with_guardian_is_valid(spec: dict[str, Any]) -> None:
    spec["parties"]["creator"]["is_minor"] = True
    spec["parties"]["creator"]["guardian"] = {"name": "Lin Chen", "relationship": "mother"}
    assert codes(spec) == set()


def test_wrongly_typed_sections_do_not_crash_semantic_rules(spec: dict[str, Any]) -> None:
    spec["deliverables"] = "one reel"
    spec["compensation"]["schedule"] = {"label": "x"}
    spec["disclosure"] = ["US"]
    spec["term"] = "six months"
    found = codes(spec)
    assert ("S002", "/deliverables") in found
    assert ("S002", "/compensation/schedule") in found
    assert all(code.startswith("S0") for code, _ in found)


def test_unknown_field_suggests_the_close_match(spec: dict[str, Any]) -> None:
    spec["deliverables"][0]["draft_deu"] = "2026-03-01"
    (finding,) = validate(spec)
    assert finding.rule == "S006" and "did you mean 'draft_due'" in finding.message


def test_json_spec_matches_yaml_spec(tmp_path: Path) -> None:
    import json

    yaml_spec = load_spec(MINIMAL)
    path = tmp_path / "minimal.json"
    path.write_text(json.dumps(yaml_spec.data, indent=2), encoding="utf-8")
    json_spec = load_spec(path)
    assert json_spec.sha256 == yaml_spec.sha256
    assert validate(json_spec) == []
    path.write_text(
        path.read_text(encoding="utf-8").replace('"2000.00"', "2000.5"), encoding="utf-8"
    )
    (finding,) = validate(load_spec(path))
    assert (finding.rule, finding.location.pointer) == ("S005", "/compensation/fee")
    assert (
        finding.location.line
        == path.read_text(encoding="utf-8")
        .splitlines()
        .index(
            next(line for line in path.read_text(encoding="utf-8").splitlines() if "2000.5" in line)
        )
        + 1
    )


JUNK: list[Any] = [None, "2026-13-01", -1, {}, [{"a": 1}]]


def test_any_value_anywhere_never_crashes(spec: dict[str, Any]) -> None:
    from contractsmith.spec.load import iter_pointers

    pointers = [p for p, _ in iter_pointers(spec) if p]
    for pointer in pointers:
        parts = pointer.split("/")[1:]
        for junk in JUNK:
            data = copy.deepcopy(spec)
            node = data
            for part in parts[:-1]:
                node = node[int(part)] if isinstance(node, list) else node[part]
            key = int(parts[-1]) if isinstance(node, list) else parts[-1]
            node[key] = junk
            findings = validate(data)  # must not raise
            assert all(f.rule in S_RULES and f.location.pointer is not None for f in findings)
            if junk is None:  # no field of the format accepts null
                assert findings, f"{pointer} = {junk!r} went unreported"

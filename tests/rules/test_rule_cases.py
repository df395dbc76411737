"""Every pass/fail case of every wording rule, run through the engine.

A fail case must produce a finding of its rule (at the pinned severity, if any, under the
wording policy of the playbook it names); a pass case must produce none. Each case runs
twice: on the clause alone with its category declared, and as a contract through the
real ``check`` pipeline. Cases live beside the rules in ``rules/wording/*.yaml``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from contractsmith.analyse.check import check_document
from contractsmith.analyse.playbook import category_label, load_playbook
from contractsmith.rules.engine import all_rules, check_text
from contractsmith.rules.model import Rule, RuleCase
from contractsmith.rules.policy import QUIET

CASES: list[tuple[Rule, RuleCase]] = [(rule, case) for rule in all_rules() for case in rule.cases]


def _case_id(item: tuple[Rule, RuleCase]) -> str:
    rule, case = item
    kind = "fail" if case.expect_finding else "pass"
    index = [c for c in rule.cases if c.expect_finding == case.expect_finding].index(case)
    return f"{rule.code}-{kind}{index}"


@pytest.mark.parametrize("item", CASES, ids=[_case_id(c) for c in CASES])
def test_rule_case(item: tuple[Rule, RuleCase]) -> None:
    rule, case = item
    policy = load_playbook(case.playbook).wording if case.playbook else QUIET
    findings = check_text(
        case.text, case.category, heading=case.heading, select={rule.code}, policy=policy
    )
    mine = [f for f in findings if f.rule == rule.code]
    if case.expect_finding:
        assert mine, f"{rule.code} should flag: {case.text!r}"
        if case.severity is not None:
            assert {f.severity for f in mine} == {case.severity}, (
                f"{rule.code} on {case.text!r}: got {[f.severity.value for f in mine]}, "
                f"want {case.severity.value}"
            )
    else:
        assert not mine, f"{rule.code} should not flag {case.text!r}: {[f.message for f in mine]}"


def test_every_rule_has_enough_cases() -> None:
    for rule in all_rules():
        fails = [c for c in rule.cases if c.expect_finding]
        passes = [c for c in rule.cases if not c.expect_finding]
        assert len(fails) >= 2 and len(passes) >= 2, rule.code


def test_families_present() -> None:
    codes = {r.code for r in all_rules()}
    for family in "VOD":
        assert any(c.startswith(family) for c in codes), family


@pytest.mark.parametrize("item", CASES, ids=[_case_id(c) for c in CASES])
def test_rule_case_through_check(item: tuple[Rule, RuleCase], tmp_path: Path) -> None:
    """The same case, as a one-section TXT contract read by ``check`` itself.

    Here the slot is guessed by the real reader and analyser (the case's heading, or its
    category named as a heading), so only whether the rule fires is compared.
    """
    rule, case = item
    heading = case.heading or (category_label(case.category) if case.category else "")
    path = tmp_path / "case.txt"
    path.write_text((f"{heading}\n\n" if heading else "") + case.text + "\n", encoding="utf-8")
    report = check_document(str(path), playbook=case.playbook or "commercial", select=[rule.code])
    assert report.error is None
    mine = [f for f in report.findings if f.rule == rule.code]
    if case.expect_finding:
        assert mine, f"{rule.code} should flag through check: {case.text!r}"
    else:
        assert not mine, f"{rule.code} flagged through check: {case.text!r}"

"""Every pass/fail case of every wording rule, run through the engine.

A fail case must produce a finding of its rule (at the pinned severity, if any); a pass
case must produce none. Cases live beside the rules in ``rules/wording/*.yaml``.
"""

from __future__ import annotations

import pytest

from contractsmith.rules.engine import all_rules, check_text
from contractsmith.rules.model import Rule, RuleCase

CASES: list[tuple[Rule, RuleCase]] = [(rule, case) for rule in all_rules() for case in rule.cases]


def _case_id(item: tuple[Rule, RuleCase]) -> str:
    rule, case = item
    kind = "fail" if case.expect_finding else "pass"
    index = [c for c in rule.cases if c.expect_finding == case.expect_finding].index(case)
    return f"{rule.code}-{kind}{index}"


@pytest.mark.parametrize("item", CASES, ids=[_case_id(c) for c in CASES])
def test_rule_case(item: tuple[Rule, RuleCase]) -> None:
    rule, case = item
    findings = check_text(case.text, case.category, heading=case.heading, select={rule.code})
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

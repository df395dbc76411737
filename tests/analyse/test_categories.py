"""Category rules: one pass and one fail case per category, run from category_cases.yaml."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from contractsmith.analyse.categories import (
    RuleError,
    clean_for_matching,
    heading_categories,
    load_rules,
    load_rules_from,
    score_sentence,
)
from contractsmith.analyse.model import CATEGORIES
from contractsmith.analyse.pipeline import analyse
from contractsmith.ingest.model import Block, Document

CASES = yaml.safe_load((Path(__file__).parent / "category_cases.yaml").read_text())


def _id(case: dict) -> str:
    return f"{case['category']}-{'pass' if case['present'] else 'fail'}-{case['text'][:30]}"


@pytest.mark.parametrize("case", CASES, ids=[_id(c) for c in CASES])
def test_category_case(case: dict) -> None:
    found = score_sentence(case["text"])
    assert (case["category"] in found) is case["present"], found


def test_every_category_has_a_pass_and_a_fail_case() -> None:
    for category in CATEGORIES:
        kinds = {c["present"] for c in CASES if c["category"] == category}
        assert kinds == {True, False}, category


def test_every_category_has_a_rule() -> None:
    assert set(load_rules()) == set(CATEGORIES)


def test_heading_is_a_hint_not_evidence() -> None:
    doc = Document.from_blocks(
        "t.txt",
        "txt",
        [
            Block("12. EXCLUSIVITY"),
            Block("The parties will meet quarterly to review the campaign."),
        ],
    )
    result = analyse(doc)
    assert not result.clauses["exclusivity"].present
    assert result.sections[0].categories == ("exclusivity",)


def test_cross_reference_title_is_not_evidence() -> None:
    text = "Any dispute is handled under Section 12 (Termination for Convenience) as agreed."
    assert "termination_for_convenience" not in score_sentence(text)
    assert "(Termination" not in clean_for_matching(text)


def test_heading_categories() -> None:
    assert "governing_law" in heading_categories("Governing Law")
    assert heading_categories("") == ()


def test_bad_rule_file_names_the_file(tmp_path: Path) -> None:
    (tmp_path / "exclusivity.yaml").write_text("patterns: ['(unclosed']\n")
    with pytest.raises(RuleError, match="exclusivity.yaml"):
        load_rules_from(tmp_path)


def test_upper_case_expression_is_rejected(tmp_path: Path) -> None:
    (tmp_path / "exclusivity.yaml").write_text("patterns: ['Exclusive']\n")
    with pytest.raises(RuleError, match="lower case"):
        load_rules_from(tmp_path)


def test_missing_category_rule_is_reported(tmp_path: Path) -> None:
    (tmp_path / "exclusivity.yaml").write_text("patterns: ['exclusive']\n")
    with pytest.raises(RuleError, match="no rule for categories"):
        load_rules_from(tmp_path)

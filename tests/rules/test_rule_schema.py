"""schemas/category-rule.schema.json and the loader's use of it."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from contractsmith.analyse.categories import RULES_DIR, RuleError, load_rules_from
from contractsmith.analyse.model import CATEGORIES
from contractsmith.analyse.rule_schema import first_problem, schema_errors
from contractsmith.resources import load_schema
from tests.rules.test_datalint import make_rules

SHIPPED = sorted(p for p in RULES_DIR.glob("*.yaml") if not p.name.startswith("_"))


def test_schema_lists_exactly_the_category_ids() -> None:
    schema = load_schema("category-rule")
    assert tuple(schema["$defs"]["category"]["enum"]) == CATEGORIES
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


@pytest.mark.parametrize("path", SHIPPED, ids=[p.stem for p in SHIPPED])
def test_shipped_rule_file_is_valid(path: Path) -> None:
    assert schema_errors(yaml.safe_load(path.read_text(encoding="utf-8"))) == []


@pytest.mark.parametrize(
    ("data", "pointer"),
    [
        ({"patterns": [{"regex": "x", "wieght": 2}]}, "/patterns/0/wieght"),
        ({"patterns": ["x"], "negatives": [{"regex": "y", "whole": "yes"}]}, "/negatives/0/whole"),
        ({"patterns": ["x"], "threshold": "high"}, "/threshold"),
        ({"patterns": ["x"], "colour": "red"}, "/colour"),
        ({"category": "sponsorship", "patterns": ["x"]}, "/category"),
        ({"patterns": [3]}, "/patterns/0"),
    ],
)
def test_schema_error_names_the_bad_key(data: dict, pointer: str) -> None:
    problem = first_problem(data)
    assert problem is not None and problem.pointer == pointer


def test_frames_and_fields_are_allowed_loosely() -> None:
    data = {"patterns": ["x"], "frames": [{"all": ["a", "b"]}], "fields": [{"label": "fee"}]}
    assert schema_errors(data) == []
    assert first_problem({"patterns": ["x"], "frames": "a"}) is not None


def test_loader_rejects_a_schema_error_in_one_line(tmp_path: Path) -> None:
    make_rules(tmp_path, term={"patterns": [{"regex": r"\bterm\b", "wieght": 2}]})
    with pytest.raises(RuleError) as info:
        load_rules_from(tmp_path)
    message = str(info.value)
    assert message.startswith("term.yaml: schema error at /patterns/0/wieght:")
    assert "\n" not in message

"""The bundled example specs and the schema: all examples validate clean."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from contractsmith.resources import examples_dir, schemas_dir
from contractsmith.spec.load import load_spec
from contractsmith.spec.validate import validate

EXAMPLES = sorted(examples_dir().glob("*.yaml"))
SCHEMA = schemas_dir() / "contract-spec.schema.json"


def test_all_four_kinds_have_an_example() -> None:
    kinds = {load_spec(p).data["kind"] for p in EXAMPLES}
    assert {"sponsorship", "retainer", "ambassador", "ugc"} <= kinds


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_example_validates_clean(path: Path) -> None:
    findings = validate(load_spec(path))
    assert findings == [], "\n".join(
        f"{f.rule} {f.location.describe()} {f.message}" for f in findings
    )


def test_schema_is_valid_2020_12_with_docs_on_every_property() -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    assert schema["$id"].endswith("contract-spec.schema.json")
    missing: list[str] = []

    def walk(node: object, where: str) -> None:
        if isinstance(node, dict):
            for name, sub in node.get("properties", {}).items():
                for key in ("title", "description", "examples"):
                    if key not in sub:
                        missing.append(f"{where}/properties/{name} lacks {key}")
            for key, value in node.items():
                if key not in ("if", "then"):
                    walk(value, f"{where}/{key}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, f"{where}/{i}")

    walk(schema, "#")
    assert missing == []


def test_schema_never_allows_numbers_for_money() -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert schema["$defs"]["amount"]["type"] == "string"
    assert schema["$defs"]["percent"]["type"] == "string"


def test_validate_accepts_plain_dicts_with_date_objects() -> None:
    import datetime

    import yaml

    data = yaml.safe_load((examples_dir() / "sponsorship.yaml").read_text(encoding="utf-8"))
    assert isinstance(data["term"]["effective_date"], datetime.date)
    assert validate(data, path="sponsorship.yaml") == []
    data["compensation"]["fee"] = 12000.5
    codes = {(f.rule, f.location.pointer) for f in validate(data)}
    assert codes == {("S005", "/compensation/fee")}


def test_all_problems_reported_in_one_pass() -> None:
    text = (examples_dir() / "sponsorship.yaml").read_text(encoding="utf-8")
    text = text.replace("currency: USD", "currency: usd").replace('fee: "12000.00"', "fee: 12000.5")
    text = text.replace("end_date: 2026-05-31", "end_date: 2026-01-31")
    findings = validate(load_spec(text, name="broken.yaml"))
    codes = {f.rule for f in findings}
    assert {"S009", "S005", "S103"} <= codes
    assert all(f.location.line for f in findings)

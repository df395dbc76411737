"""The rule data reader gives the values PyYAML's safe loader gives."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from contractsmith.rules import yaml_data

RULES = Path(yaml_data.__file__).resolve().parent


@pytest.mark.parametrize(
    "path", sorted(RULES.glob("*/*.yaml")), ids=lambda p: f"{p.parent.name}/{p.name}"
)
def test_shipped_rule_files_read_as_safe_load_reads_them(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert yaml_data.parse(text) == yaml.safe_load(text)


def test_only_plain_values_are_built() -> None:
    with pytest.raises(yaml.YAMLError):
        yaml_data.parse("!!python/object/apply:os.system ['true']")


def test_invalid_yaml_raises_the_yaml_error() -> None:
    with pytest.raises(yaml.YAMLError):
        yaml_data.parse("a: [unclosed")

"""The spec loader: YAML/JSON parsing, positions, floats, canonical JSON and load errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from contractsmith.spec.load import Spec, SpecLoadError, load_spec

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "sponsorship.yaml"


def test_example_loads_with_iso_dates_and_string_amounts() -> None:
    spec = load_spec(EXAMPLE)
    assert isinstance(spec, Spec)
    assert spec.data["term"]["effective_date"] == "2026-02-01"
    assert spec.data["compensation"]["fee"] == "12000.00"
    assert spec.data["deliverables"][0]["aspect_ratio"] == "9:16"
    assert spec.floats == {}
    assert spec.path == str(EXAMPLE)


def test_positions_point_at_keys_and_list_items() -> None:
    text = "kind: sponsorship\nterm:\n  effective_date: 2026-02-01\nlist:\n  - a\n  - {x: 1}\n"
    spec = load_spec(text)
    assert spec.position("/kind") == (1, 1)
    assert spec.position("/term/effective_date") == (3, 3)
    assert spec.position("/list/1") == (6, 5)
    assert spec.position("/list/1/x") == (6, 6)
    assert spec.position("/missing") is None
    assert spec.nearest_position("/term/missing/deeper") == (2, 1)


def test_yaml_12_scalars_are_not_coerced() -> None:
    spec = load_spec("a: NO\nb: yes\nc: 9:16\nd: 2026-02-01\ne: 012\nf: true\ng: ~\n")
    assert spec.data == {
        "a": "NO",
        "b": "yes",
        "c": "9:16",
        "d": "2026-02-01",
        "e": 12,
        "f": True,
        "g": None,
    }


def test_floats_are_kept_as_text_and_listed() -> None:
    spec = load_spec("fee: 12000.5\nsmall: 0.1\nn: 3\nq: '0.5'\n")
    assert spec.data["fee"] == "12000.5"
    assert spec.floats == {"/fee": "12000.5", "/small": "0.1"}
    assert b"." in spec.canonical_json()
    assert json.loads(spec.canonical_json()) == spec.data


def test_canonical_json_ignores_layout_and_key_order() -> None:
    a = load_spec("b: 1\na: {y: 'x', z: [1, 2]}\n")
    b = load_spec('{"a": {"z": [1, 2], "y": "x"}, "b": 1}', name="b.json")
    assert a.canonical_json() == b.canonical_json() == b'{"a":{"y":"x","z":[1,2]},"b":1}'
    assert a.sha256 == b.sha256 and len(a.sha256) == 64


def test_json_file_with_tabs_and_positions(tmp_path: Path) -> None:
    path = tmp_path / "spec.json"
    path.write_text('{\n\t"kind": "ugc",\n\t"fee": 10.5\n}\n', encoding="utf-8")
    spec = load_spec(path)
    assert spec.source_format == "json"
    assert spec.data == {"kind": "ugc", "fee": "10.5"}
    assert spec.position("/fee") == (3, 2)
    assert spec.floats == {"/fee": "10.5"}


def test_bad_yaml_reports_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("kind: sponsorship\nterm:\n  effective_date: [2026-02-01\n", encoding="utf-8")
    with pytest.raises(SpecLoadError) as err:
        load_spec(path)
    message = str(err.value)
    assert message.startswith(f"{path}:4:1: invalid YAML")
    assert "\n" not in message
    assert err.value.line == 4


def test_bad_json_reports_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{\n  "kind": "ugc",\n}\n', encoding="utf-8")
    with pytest.raises(SpecLoadError) as err:
        load_spec(path)
    assert str(err.value).startswith(f"{path}:3:1: invalid JSON")


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"- a\n- b\n", "top level must be a mapping"),
        (b"just a sentence\n", "top level must be a mapping"),
        (b"", "empty spec"),
        (b"# only a comment\n\n", "empty spec"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        (b"title: caf\xe9\n", "not UTF-8"),
        (b"a: 1\nb: 2\na: 3\n", "duplicate key 'a'"),
        (b"a: !!python/object:os.system x\n", "unsupported YAML tag"),
    ],
)
def test_unloadable_content(tmp_path: Path, content: bytes, problem: str) -> None:
    path = tmp_path / "spec.yaml"
    path.write_bytes(content)
    with pytest.raises(SpecLoadError) as err:
        load_spec(path)
    assert problem in str(err.value)
    assert str(err.value).startswith(str(path))
    assert "\n" not in str(err.value)


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(SpecLoadError, match="no such file"):
        load_spec(tmp_path / "absent.yaml")
    with pytest.raises(SpecLoadError, match="is a directory"):
        load_spec(tmp_path)


def test_alias_bomb_is_refused() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        prev = f"*a{i - 1}"
        lines.append(f"a{i}: &a{i} [{', '.join([prev] * 10)}]")
    with pytest.raises(SpecLoadError, match="too large"):
        load_spec("\n".join(lines) + "\n")


def test_bom_and_name_override() -> None:
    spec = load_spec("\ufeffkind: ugc\n".encode(), name="inline.yaml")
    assert spec.data == {"kind": "ugc"}
    assert spec.path == "inline.yaml"

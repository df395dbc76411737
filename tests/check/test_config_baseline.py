"""Project configuration files and baselines."""

from __future__ import annotations

from pathlib import Path

import pytest

from contractsmith.baseline import (
    BaselineError,
    fingerprint,
    load_baseline,
    write_baseline,
)
from contractsmith.config import ConfigError, load_config
from contractsmith.findings import Finding, Location, Severity


def test_no_config_gives_empty_settings(tmp_path: Path) -> None:
    config = load_config(tmp_path)
    assert config.path is None and config.values == {}


def test_config_found_upward_with_paths_resolved(tmp_path: Path) -> None:
    (tmp_path / "contractsmith.toml").write_text(
        'playbook = "books/mine.yaml"\nselect = "v, C0"\nfail_on = "warning"\njobs = 2\n'
        'baseline = "base.json"\n',
        encoding="utf-8",
    )
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    config = load_config(deep)
    assert config.path == tmp_path / "contractsmith.toml"
    assert config.values["select"] == ["V", "C0"]
    assert config.values["fail-on"] == "warning"
    assert config.values["jobs"] == 2
    assert config.values["playbook"] == str((tmp_path / "books" / "mine.yaml").resolve())
    assert config.values["baseline"] == str((tmp_path / "base.json").resolve())


def test_builtin_playbook_name_is_not_turned_into_a_path(tmp_path: Path) -> None:
    (tmp_path / "contractsmith.toml").write_text('playbook = "commercial"\n', encoding="utf-8")
    assert load_config(tmp_path).values["playbook"] == "commercial"


def test_pyproject_table_is_used(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.contractsmith]\nignore = ["V003"]\n', encoding="utf-8"
    )
    assert load_config(tmp_path).values == {"ignore": ["V003"]}


def test_pyproject_without_table_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "contractsmith.toml").write_text('format = "json"\n', encoding="utf-8")
    inner = tmp_path / "pkg"
    inner.mkdir()
    (inner / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    assert load_config(inner).values == {"format": "json"}


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("colour = true\n", "unknown key 'colour'"),
        ('fail-on = "sometimes"\n', "fail-on must be one of"),
        ("jobs = 0\n", "jobs must be a positive integer"),
        ('format = "pdf"\n', "format must be one of"),
        ("select = [1, 2]\n", "select must be a string or a list"),
        ("this is not toml\n", "not valid TOML"),
    ],
)
def test_bad_config_is_a_one_line_error_naming_the_file(tmp_path: Path, body, message) -> None:
    path = tmp_path / "contractsmith.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path)
    assert message in str(info.value)
    assert str(path) in str(info.value)


def _finding(rule: str, text: str, start: int) -> Finding:
    return Finding(
        rule=rule,
        severity=Severity.WARNING,
        message="m",
        location=Location(start=start, end=start + 5),
        text=text,
    )


def test_fingerprint_ignores_offsets_and_whitespace_but_not_rule_or_text(tmp_path: Path) -> None:
    a = fingerprint("c.txt", _finding("V001", "Payment  will be\nmade promptly.", 10), tmp_path)
    b = fingerprint("c.txt", _finding("V001", "payment will be made promptly.", 900), tmp_path)
    assert a == b
    assert a != fingerprint(
        "c.txt", _finding("V002", "payment will be made promptly.", 10), tmp_path
    )
    assert a != fingerprint("c.txt", _finding("V001", "payment will be made later.", 10), tmp_path)
    assert a != fingerprint(
        "d.txt", _finding("V001", "payment will be made promptly.", 10), tmp_path
    )


def test_baseline_round_trip_counts_copies(tmp_path: Path) -> None:
    doc = str(tmp_path / "c.txt")
    old = [_finding("V001", "promptly", 10), _finding("V001", "promptly", 50)]
    base = tmp_path / "base.json"
    assert write_baseline(base, [(doc, old)]) == 2
    text = base.read_text(encoding="utf-8")
    assert '"path": "c.txt"' in text
    assert write_baseline(tmp_path / "again.json", [(doc, old)]) == 2
    assert (tmp_path / "again.json").read_text(encoding="utf-8") == text

    loaded = load_baseline(base)
    moved = [_finding("V001", "promptly", 400), _finding("V001", "promptly", 600)]
    new = _finding("V001", "promptly", 900)  # a third copy is new
    other = _finding("D001", "comply with FTC guidelines", 5)
    kept, dropped = loaded.filter(doc, [*moved, new, other])
    assert dropped == 2
    assert kept == [new, other]


def test_bad_baseline_files(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(BaselineError, match="not valid JSON"):
        load_baseline(bad)
    bad.write_text('{"x": 1}', encoding="utf-8")
    with pytest.raises(BaselineError, match="not a contractsmith baseline"):
        load_baseline(bad)

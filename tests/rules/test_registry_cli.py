"""The rule registry and the ``contractsmith rules`` command."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from contractsmith.commands.rules import rules_cmd
from contractsmith.rules import registry


def test_registry_lists_wording_rules_with_details() -> None:
    entries = {e.code: e for e in registry.all_entries()}
    for code in ("V001", "O003", "D005"):
        entry = entries[code]
        assert entry.why and entry.suggestion and entry.cases["fail"] and entry.cases["pass"]
    codes = list(entries)
    assert codes == sorted(codes, key=registry._code_key)


def test_registry_includes_other_families_when_present() -> None:
    families = {e.code[0] for e in registry.all_entries()}
    for module, _attr, _family in registry.FOREIGN_TABLES:
        prefix = {"contractsmith.spec.codes": "S", "contractsmith.analyse.playbook": "C"}.get(
            module
        )
        if prefix is None:
            continue
        try:
            __import__(module)
        except ModuleNotFoundError:
            continue
        assert prefix in families


def test_registry_holds_every_family() -> None:
    prefixes = {e.code[0] for e in registry.all_entries()}
    assert prefixes >= set("SCLTKIRVOD")


def test_registry_fails_loudly_on_a_missing_table(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        registry, "FOREIGN_TABLES", (("contractsmith.spec.codes", "NO_SUCH_TABLE", "x"),)
    )
    with pytest.raises(AttributeError):
        registry.all_entries()


def test_rules_explains_a_render_code() -> None:
    result = CliRunner().invoke(rules_cmd, ["R001"])
    assert result.exit_code == 0, result.output
    assert "R001" in result.output and "Jinja" in result.output


def test_rules_meta_matches_report_writer_type() -> None:
    meta = registry.rules_meta(["V", "D"])
    assert meta and all(code[0] in "VD" for code in meta)
    one = registry.rule_meta("v001")
    assert one is not None and one.code == "V001" and one.severity == "info"
    assert "Adams" in one.help
    try:
        from contractsmith.report.findings_writers import RuleMeta
    except ModuleNotFoundError:
        return
    assert isinstance(one, RuleMeta)
    assert registry.rule_meta("Q123") is None


def test_cli_lists_every_rule() -> None:
    result = CliRunner().invoke(rules_cmd, [])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert any(line.startswith("V001 ") for line in lines)
    assert any(line.startswith("D008 ") for line in lines)


def test_cli_explains_one_rule() -> None:
    result = CliRunner().invoke(rules_cmd, ["v002"])
    assert result.exit_code == 0
    assert "Rhodia v Huntsman" in result.output
    assert "Flagged:" in result.output and "Not flagged:" in result.output


def test_cli_json() -> None:
    listing = json.loads(CliRunner().invoke(rules_cmd, ["--format", "json"]).output)
    assert {"code", "severity", "summary"} <= set(listing[0])
    one = json.loads(CliRunner().invoke(rules_cmd, ["O006", "--format", "json"]).output)
    assert one["code"] == "O006" and len(one["cases"]["fail"]) >= 2


def test_cli_prefix_lists_a_family() -> None:
    result = CliRunner().invoke(rules_cmd, ["D"])
    assert result.exit_code == 0
    assert all(line.startswith("D") for line in result.output.splitlines())


def test_cli_unknown_code_is_one_line_and_exit_2() -> None:
    result = CliRunner().invoke(rules_cmd, ["Z999"])
    assert result.exit_code == 2
    assert result.output.strip() == "contractsmith rules: unknown rule code 'Z999'"

"""Issue 14, case 21: one selector for every command, with ruff's semantics."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from contractsmith.cli import main
from contractsmith.rules.engine import selected_rules
from contractsmith.selection import code_problem, code_selected, parse_codes

CONTRACT = "The Creator shall deliver the videos promptly.\nThe Brand shall pay in good time.\n"


@pytest.mark.parametrize(
    ("code", "select", "ignore", "kept"),
    [
        ("V001", ["V001"], ["V"], True),  # the more specific selection wins
        ("V002", ["V"], ["V002"], False),
        ("V002", ["V"], ["V"], False),  # a tie goes to ignore
        ("C009", None, ["V"], True),
        ("C009", ["V"], None, False),
    ],
)
def test_most_specific_entry_wins(code, select, ignore, kept) -> None:
    assert code_selected(code, select, ignore) is kept


def test_the_wording_engine_selects_as_check_does() -> None:
    assert "V001" in {r.code for r in selected_rules(["V001"], ["V"])}
    assert {r.code for r in selected_rules(["V"], ["V001"])} == {
        r.code for r in selected_rules(["V"]) if r.code != "V001"
    }


def test_check_select_one_ignore_its_family_keeps_the_one(tmp_path: Path) -> None:
    path = tmp_path / "c.txt"
    path.write_text(CONTRACT, encoding="utf-8")
    args = ["check", str(path), "--format", "json", "--fail-on", "never"]
    result = CliRunner().invoke(main, [*args, "--select", "V001", "--ignore", "V"])
    assert result.exit_code == 0, result.output
    rules = {f["rule"] for f in json.loads(result.stdout)["documents"][0]["findings"]}
    assert rules == {"V001"}


@pytest.mark.parametrize("command", [["check", "."], ["lint", "."]])
def test_an_unknown_prefix_is_a_usage_error_in_every_command(command, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, [*command, "--select", "Q9"])
    assert result.exit_code == 2
    assert "no rule code starts with 'Q9'" in result.output


def test_codes_parse_and_explain_themselves() -> None:
    assert parse_codes("v, C0,,D002") == ["V", "C0", "D002"]
    assert parse_codes("") is None
    assert code_problem("V0", ["V001"]) is None
    assert "not a rule code" in (code_problem("1V", ["V001"]) or "")

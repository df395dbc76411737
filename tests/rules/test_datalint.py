"""The rule-data lint (``contractsmith rules lint``): K001/K002 limits and the baseline."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from contractsmith.analyse.model import CATEGORIES
from contractsmith.commands.rules import rules_cmd
from contractsmith.findings import Severity
from contractsmith.rules.datalint.baseline import BASELINE_NAME, load_baseline
from contractsmith.rules.datalint.measure import Limits
from contractsmith.rules.datalint.runner import RulesLintOptions, lint_rules

LONG = r"\bthe\s+influencer\s+(?:" + "|".join(f"word{i}" for i in range(80)) + r")\b"


def make_rules(folder: Path, **overrides: dict) -> Path:
    """A complete rules folder: one tiny rule per category, some replaced by ``overrides``."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "_macros.yaml").write_text("GAP: '[^.;]{0,120}?'\n")
    for category in CATEGORIES:
        data = overrides.get(category) or {"patterns": [rf"\b{category}\b"]}
        (folder / f"{category}.yaml").write_text(yaml.safe_dump(data))
    return folder


def run(folder: Path, *args: str):
    return CliRunner().invoke(rules_cmd, ["lint", "--rules-dir", str(folder), *args])


def codes(folder: Path, **kw) -> list[str]:
    outcome = lint_rules(RulesLintOptions(folder, **kw))
    return sorted(f.rule for r in outcome.results for f in r.findings)


def test_clean_rules_pass(tmp_path: Path) -> None:
    result = run(make_rules(tmp_path))
    assert result.exit_code == 0, result.output
    assert "0 error(s)" in result.output


def test_over_long_regex_fails(tmp_path: Path) -> None:
    folder = make_rules(tmp_path, term={"patterns": [LONG, r"\bterm\b"]})
    result = run(folder)
    assert result.exit_code == 1, result.output
    assert "term.yaml: error K001 patterns[0]" in result.output
    assert "(limit 400)" in result.output


def test_length_counts_expanded_macros(tmp_path: Path) -> None:
    folder = make_rules(tmp_path, term={"patterns": [r"{GAP}" * 40]})
    assert codes(folder) == ["K001"]
    assert codes(folder, limits=Limits(max_regex=2000)) == []


def test_limits_are_options(tmp_path: Path) -> None:
    folder = make_rules(tmp_path, term={"patterns": [LONG]})
    assert run(folder, "--max-regex", "5000").exit_code == 0


def test_too_many_negatives(tmp_path: Path) -> None:
    negatives = [rf"\bnot{i}\b" for i in range(13)]
    folder = make_rules(tmp_path, term={"patterns": [r"\bterm\b"], "negatives": negatives})
    assert codes(folder) == ["K002"]
    assert codes(folder, limits=Limits(max_carve_outs=13)) == []


def test_unless_shared_by_too_many_patterns(tmp_path: Path) -> None:
    shared = r"\bsurviv\w*"
    four = [{"regex": rf"\bterm{i}\b", "unless": shared} for i in range(4)]
    folder = make_rules(tmp_path, term={"patterns": four})
    outcome = lint_rules(RulesLintOptions(folder))
    (finding,) = [f for r in outcome.results for f in r.findings]
    assert finding.rule == "K002" and "shared by 4 patterns" in finding.message
    make_rules(tmp_path, term={"patterns": four[:3]})
    assert codes(folder) == []


def test_schema_error_is_reported_not_raised(tmp_path: Path) -> None:
    folder = make_rules(tmp_path, term={"patterns": [{"regex": r"\bterm\b", "wieght": 2}]})
    result = run(folder)
    assert result.exit_code == 1
    assert "K005" in result.output and "term.yaml" in result.output
    assert "/patterns/0/wieght" in result.output


# --- the baseline: a ratchet -----------------------------------------------------------


def test_baseline_accepts_todays_violations(tmp_path: Path) -> None:
    folder = make_rules(tmp_path, term={"patterns": [LONG]})
    assert run(folder, "--update-baseline").exit_code == 0
    data = yaml.safe_load((folder / BASELINE_NAME).read_text())
    assert data["counts"] == {"K001": 1}
    (entry,) = data["entries"]
    assert entry["file"] == "term.yaml" and entry["value"] == len(LONG)
    assert run(folder).exit_code == 0


def test_new_violation_beside_a_baseline_fails(tmp_path: Path) -> None:
    folder = make_rules(tmp_path, term={"patterns": [LONG]})
    run(folder, "--update-baseline")
    make_rules(tmp_path, term={"patterns": [LONG]}, renewal={"patterns": [LONG + "x"]})
    result = run(folder)
    assert result.exit_code == 1
    assert "renewal.yaml: error K001" in result.output and "[not in baseline]" in result.output


def test_grown_violation_fails(tmp_path: Path) -> None:
    folder = make_rules(tmp_path, term={"patterns": [{"regex": r"\bterm\b", "unless": "x"}] * 4})
    run(folder, "--update-baseline")
    make_rules(tmp_path, term={"patterns": [{"regex": r"\bterm\b", "unless": "x"}] * 5})
    result = run(folder)
    assert result.exit_code == 1
    assert "shared by 5 patterns" in result.output and "[baseline: 4]" in result.output


def test_baseline_is_keyed_by_text_not_index(tmp_path: Path) -> None:
    folder = make_rules(tmp_path, term={"patterns": [LONG]})
    run(folder, "--update-baseline")
    make_rules(tmp_path, term={"patterns": [r"\bnew\s+pattern\b", LONG]})
    assert run(folder).exit_code == 0


def test_fixed_entry_is_reported_for_removal(tmp_path: Path) -> None:
    folder = make_rules(tmp_path, term={"patterns": [LONG]})
    run(folder, "--update-baseline")
    make_rules(tmp_path)
    outcome = lint_rules(RulesLintOptions(folder))
    (finding,) = [f for r in outcome.results for f in r.findings]
    assert finding.rule == "K004" and finding.severity is Severity.INFO
    assert "is fixed" in finding.message
    assert run(folder).exit_code == 0
    assert run(folder, "--fail-on", "info").exit_code == 1


def test_baseline_counts_must_add_up(tmp_path: Path) -> None:
    folder = make_rules(tmp_path, term={"patterns": [LONG]})
    run(folder, "--update-baseline")
    path = folder / BASELINE_NAME
    path.write_text(path.read_text().replace("K001: 1", "K001: 2"))
    result = run(folder)
    assert result.exit_code == 1 and "K005" in result.output and "do not match" in result.output


def test_shipped_rules_keep_to_the_baseline() -> None:
    """The ratchet `make test` runs: no new or grown K001/K002 violation."""
    from contractsmith.analyse.categories import RULES_DIR

    outcome = lint_rules(RulesLintOptions(RULES_DIR))
    assert outcome.comparison is not None
    problems = [(v.file, v.where, v.message) for v in outcome.comparison.new]
    problems += [(v.file, v.where, v.message) for v, _ in outcome.comparison.worse]
    assert not problems, "new or grown rule-data violations (see contractsmith rules lint)"
    assert load_baseline(RULES_DIR / BASELINE_NAME).entries


# --- the registry ----------------------------------------------------------------------


@pytest.mark.parametrize("code", ["K001", "K002", "K003", "K004", "K005"])
def test_codes_are_explained_with_examples(code: str) -> None:
    result = CliRunner().invoke(rules_cmd, [code])
    assert result.exit_code == 0
    assert result.output.startswith(f"{code} ")
    assert "Flagged:" in result.output and "Not flagged:" in result.output


def test_rules_group_still_takes_a_code_after_options() -> None:
    result = CliRunner().invoke(rules_cmd, ["--format", "json", "K001"])
    assert result.exit_code == 0 and '"code": "K001"' in result.output

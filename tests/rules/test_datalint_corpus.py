"""K003: carve-outs counted by the development documents whose outcome they change."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from contractsmith.analyse.categories import RULES_DIR
from contractsmith.commands.rules import rules_cmd
from contractsmith.rules.datalint.inventory import rule_files
from contractsmith.rules.datalint.runner import RulesLintOptions, lint_rules
from contractsmith.rules.datalint.usage import carve_out_usage, corpus_files
from tests.conftest import REPO_ROOT
from tests.rules.test_datalint import make_rules

INFLUENCER_DEV = REPO_ROOT / "corpora" / "influencer" / "dev"

TERM_RULE = {
    "patterns": [r"\bterm\b", {"regex": r"\bperiod\b", "unless": r"\bgrace\b"}],
    "negatives": [
        r"\bterm\s+sheet\b",  # cancels a match in two documents
        r"\bterm\s+paper\b",  # in one
        {"regex": r"\bglossary\b", "whole": True},  # in none
    ],
}


def corpus(folder: Path, texts: dict[str, str]) -> Path:
    folder.mkdir()
    for name, text in texts.items():
        (folder / name).write_text(text + "\n")
    return folder


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    return corpus(
        tmp_path / "dev",
        {
            "a.txt": "The term sheet is attached to this letter.",
            "b.md": "The term sheet follows below.",
            "c.txt": "The term paper is due on Friday.",
            # the negative matches, but another match keeps the sentence evidence
            "d.txt": "The term paper sets the term of the deal.",
            "e.txt": "Payment follows after a grace period of ten days.",
            "notes.csv": "term paper, term paper",  # not a corpus file
        },
    )


def test_counts_documents_where_a_carve_out_changed_the_outcome(tmp_path: Path, docs: Path) -> None:
    rules = make_rules(tmp_path / "rules", term=TERM_RULE)
    files = rule_files(rules)
    usage = carve_out_usage(rules, files, corpus_files(docs))
    assert usage.documents == 5 and not usage.errors
    term = next(f for f in files if f.name == "term.yaml")
    counts = {e.where: len(usage.changed[("term.yaml", e.kind, e.hash)]) for e in term.carve_outs}
    assert counts == {
        "negatives[0]": 2,
        "negatives[1]": 1,
        "negatives[2]": 0,
        "patterns[1].unless": 1,
    }


def test_k003_names_file_carve_out_and_count(tmp_path: Path, docs: Path) -> None:
    rules = make_rules(tmp_path / "rules", term=TERM_RULE)
    result = CliRunner().invoke(
        rules_cmd, ["lint", "--rules-dir", str(rules), "--corpus", str(docs), "--no-baseline"]
    )
    assert result.exit_code == 0, result.output  # K003 is a warning
    k003 = [line for line in result.output.splitlines() if " K003 " in line]
    assert len(k003) == 3
    assert any("term.yaml: warning K003 negatives[1]:" in x and " 1 of 5 " in x for x in k003)
    assert any("negatives[2]" in x and " 0 of 5 " in x for x in k003)
    assert not any("negatives[0]" in x for x in k003)
    strict = CliRunner().invoke(
        rules_cmd,
        ["lint", "--rules-dir", str(rules), "--corpus", str(docs), "--no-baseline"]
        + ["--fail-on", "warning"],
    )
    assert strict.exit_code == 1


def test_k003_baseline_is_kept_per_corpus(tmp_path: Path, docs: Path) -> None:
    rules = make_rules(tmp_path / "rules", term=TERM_RULE)
    args = ["lint", "--rules-dir", str(rules), "--fail-on", "warning"]
    assert CliRunner().invoke(rules_cmd, [*args, "--update-baseline"]).exit_code == 0
    with_corpus = [*args, "--corpus", str(docs)]
    assert CliRunner().invoke(rules_cmd, [*with_corpus, "--update-baseline"]).exit_code == 0
    assert CliRunner().invoke(rules_cmd, with_corpus).exit_code == 0
    # fewer documents: negatives[0] now matters in one document only, which is worse
    (docs / "b.md").unlink()
    result = CliRunner().invoke(rules_cmd, with_corpus)
    assert result.exit_code == 1 and "[not in baseline]" in result.output
    # the corpus-free check is untouched by the corpus entries
    assert CliRunner().invoke(rules_cmd, args).exit_code == 0


@pytest.mark.skipif(
    not INFLUENCER_DEV.is_dir() or not corpus_files(INFLUENCER_DEV),
    reason="corpora/influencer/dev has no documents yet",
)
def test_influencer_dev_keeps_to_the_k003_baseline() -> None:
    """The K003 ratchet on the team's own development corpus."""
    outcome = lint_rules(RulesLintOptions(RULES_DIR, corpus=INFLUENCER_DEV))
    assert not outcome.corpus_errors
    assert outcome.comparison is not None
    problems = [f"{v.file} {v.message}" for v in outcome.comparison.new]
    problems += [f"{v.file} {v.message} (baseline {e.value})" for v, e in outcome.comparison.worse]
    assert not problems, (
        "carve-outs used in at most one corpora/influencer/dev document; fix them or run "
        "`contractsmith rules lint --corpus corpora/influencer/dev --update-baseline`:\n"
        + "\n".join(problems)
    )


@pytest.mark.shared
def test_k003_on_cuad_dev(shared_dir: Path, tmp_path: Path) -> None:
    """On real contracts some carve-outs matter in several documents; K003 spares those
    and flags the rest (six CUAD contracts, to stay quick)."""
    sample = tmp_path / "cuad"
    sample.mkdir()
    for path in corpus_files(shared_dir / "data" / "cuad-dev" / "txt")[:6]:
        (sample / path.name).write_bytes(path.read_bytes())
    outcome = lint_rules(RulesLintOptions(RULES_DIR, corpus=sample, use_baseline=False))
    assert outcome.usage is not None
    assert outcome.documents == 6 and not outcome.corpus_errors
    flagged = {(v.file, v.kind, v.hash) for v in outcome.violations}
    used = {k for k, docs in outcome.usage.changed.items() if len(docs) >= 2}
    assert used, "no carve-out changed an outcome in two CUAD contracts"
    assert flagged and not (flagged & used)
    assert flagged | used == set(outcome.usage.changed)

"""The checker agrees with the generator: every contract the project renders holds every
clause the influencer playbook requires, and every playbook suggestion, checked alone,
counts as its own category."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from contractsmith.analyse.categories import score_sentence
from contractsmith.analyse.playbook import load_playbook
from contractsmith.cli import main

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
KINDS = ["sponsorship", "retainer", "ambassador", "ugc"]


def _missing_findings(docx: Path) -> list[dict]:
    result = CliRunner().invoke(
        main, ["check", str(docx), "--format", "json", "--fail-on", "never"]
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    (document,) = report["documents"]
    assert document["error"] is None
    return [f for f in document["findings"] if f["rule"].startswith("C")]


def _render(spec: Path, out: Path) -> Path:
    result = CliRunner().invoke(
        main, ["render", str(spec), "-o", str(out), "--as-of", "2026-01-15"]
    )
    assert result.exit_code == 0, result.output
    (docx,) = sorted(out.glob("*.docx"))
    return docx


@pytest.mark.parametrize("spec", EXAMPLES, ids=lambda p: p.stem)
def test_rendered_example_has_every_required_clause(spec: Path, tmp_path: Path) -> None:
    assert _missing_findings(_render(spec, tmp_path)) == []


@pytest.mark.parametrize("kind", KINDS)
def test_init_spec_renders_to_a_contract_with_every_required_clause(
    kind: str, tmp_path: Path
) -> None:
    spec = tmp_path / f"{kind}.yaml"
    result = CliRunner().invoke(main, ["init", "--kind", kind, "-o", str(spec)])
    assert result.exit_code == 0, result.output
    assert _missing_findings(_render(spec, tmp_path / "out")) == []


@pytest.mark.parametrize(
    "requirement", load_playbook("influencer").required, ids=lambda r: r.category
)
def test_playbook_suggestion_counts_as_its_category(requirement) -> None:
    # The sentence a reviewer is told to add must satisfy the check that asked for it.
    text = requirement.suggestion.split(":", 1)[-1].strip().strip('"')
    if requirement.satisfied_by:
        import re

        if any(re.search(p, text, re.IGNORECASE) for p in requirement.satisfied_by):
            return
    assert requirement.category in score_sentence(text), text


@pytest.mark.parametrize("spec", EXAMPLES, ids=lambda p: p.stem)
def test_each_required_clause_has_evidence_in_the_body(spec: Path, tmp_path: Path) -> None:
    # The Key Terms table summarises the deal; each required clause must also be found in
    # the body section that states it, not only in its summary row.
    from contractsmith.analyse.pipeline import analyse
    from contractsmith.ingest import read_document

    analysed = analyse(read_document(_render(spec, tmp_path)))
    for requirement in load_playbook("influencer").required:
        evidence = analysed.clauses[requirement.category].evidence
        in_body = [
            s for s in evidence if not (s.section and s.section.heading.lower() == "key terms")
        ]
        assert in_body, f"{requirement.category}: evidence only in Key Terms"

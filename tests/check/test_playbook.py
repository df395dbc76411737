"""Playbooks: the shipped YAML validates, codes are stable, gaps become C findings."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator

from contractsmith.analyse.model import CATEGORIES, AnalysedDocument, ClausePresence
from contractsmith.analyse.playbook import (
    C_RULES,
    PLAYBOOKS_DIR,
    PlaybookError,
    builtin_playbooks,
    category_code,
    check_playbook,
    load_playbook,
)
from contractsmith.findings import Severity
from contractsmith.ingest.model import Block, Document
from contractsmith.resources import load_schema


def _adoc(text: str, present: set[str]) -> AnalysedDocument:
    doc = Document.from_blocks("x.txt", "txt", [Block(text=t) for t in text.split("\n\n")])
    clauses = {c: ClausePresence(c, c in present) for c in CATEGORIES}
    return AnalysedDocument(document=doc, clauses=clauses)


def test_builtin_playbooks_are_valid_against_the_schema() -> None:
    validator = Draft202012Validator(load_schema("playbook"))
    names = builtin_playbooks()
    assert names == ["commercial", "influencer"]
    for name in names:
        data = yaml.safe_load((PLAYBOOKS_DIR / f"{name}.yaml").read_text(encoding="utf-8"))
        assert list(validator.iter_errors(data)) == []
        book = load_playbook(name)
        assert book.name == name
        assert len({r.category for r in book.required}) == len(book.required)


def test_influencer_playbook_covers_the_accountability_clauses() -> None:
    cats = {r.category for r in load_playbook("influencer").required}
    for needed in (
        "deliverables",
        "compensation",
        "usage_rights",
        "ftc_disclosure",
        "term",
        "termination",
        "approval",
        "exclusivity",
        "ip_ownership",
        "governing_law",
        "confidentiality",
        "morality",
    ):
        assert needed in cats


def test_commercial_playbook_covers_the_boilerplate() -> None:
    cats = {r.category for r in load_playbook("commercial").required}
    assert {
        "term",
        "termination",
        "governing_law",
        "liability_cap",
        "indemnification",
        "assignment",
        "confidentiality",
    } <= cats


def test_codes_are_stable_and_follow_category_order() -> None:
    assert category_code("deliverables") == "C001"
    assert category_code("ftc_disclosure") == "C007"
    assert category_code("usage_rights") == "C008"
    assert category_code("audit_rights") == "C027"
    assert sorted(C_RULES) == [f"C{i:03d}" for i in range(1, 28)]
    assert C_RULES["C008"].summary == "Required clause missing: usage rights"


def test_missing_categories_become_findings_with_playbook_text() -> None:
    book = load_playbook("influencer")
    adoc = _adoc("A short agreement.", present={"deliverables", "compensation"})
    findings = check_playbook(adoc, book)
    cats = [f.category for f in findings]
    assert "deliverables" not in cats and "compensation" not in cats
    usage = next(f for f in findings if f.category == "usage_rights")
    assert usage.rule == "C008"
    assert usage.severity is Severity.ERROR
    assert usage.clause_id == "usage_rights.licence"
    assert usage.suggestion and usage.why
    assert usage.location.start is None


def test_express_non_exclusivity_satisfies_the_exclusivity_requirement() -> None:
    book = load_playbook("influencer")
    without = check_playbook(_adoc("Creator shall post.", set()), book)
    assert "exclusivity" in [f.category for f in without]
    stated = check_playbook(_adoc("This Agreement is non-exclusive.", set()), book)
    assert "exclusivity" not in [f.category for f in stated]
    free = check_playbook(_adoc("Creator remains free to work with other brands.", set()), book)
    assert "exclusivity" not in [f.category for f in free]
    # A non-exclusive licence says nothing about whether the creator is exclusive.
    licence = check_playbook(
        _adoc("Creator grants Brand a non-exclusive licence. The licence is non-exclusive.", set()),
        book,
    )
    assert "exclusivity" in [f.category for f in licence]


def test_unknown_playbook_is_a_one_line_error() -> None:
    with pytest.raises(PlaybookError) as info:
        load_playbook("nosuchbook")
    assert "unknown playbook 'nosuchbook'" in str(info.value)
    assert "influencer" in str(info.value)
    assert "\n" not in str(info.value)


def test_invalid_playbook_file_names_file_and_pointer(tmp_path: Path) -> None:
    bad = tmp_path / "mine.yaml"
    bad.write_text(
        "name: mine\ndescription: d\nversion: 1.0.0\nrequired:\n"
        "  - category: nonsense\n    severity: error\n    why: because it matters a lot\n"
        "    suggestion: write something specific\n",
        encoding="utf-8",
    )
    with pytest.raises(PlaybookError) as info:
        load_playbook(str(bad))
    assert str(bad) in str(info.value)
    assert "/required/0/category" in str(info.value)


def test_playbook_from_a_path(tmp_path: Path) -> None:
    mine = tmp_path / "mine.yaml"
    mine.write_text(
        "name: mine\ndescription: Only a governing law clause.\nversion: 0.1.0\nrequired:\n"
        "  - category: governing_law\n    severity: info\n"
        "    why: The forum decides how the rest is read.\n"
        "    suggestion: Add a governing law clause naming a state.\n",
        encoding="utf-8",
    )
    book = load_playbook(str(mine))
    findings = check_playbook(_adoc("Nothing here.", set()), book)
    assert [(f.rule, f.severity) for f in findings] == [("C023", Severity.INFO)]


def test_every_clause_id_exists_in_the_clause_library() -> None:
    from contractsmith.resources import clauses_dir

    ids = set()
    for path in clauses_dir().rglob("*.md"):
        for line in path.read_text(encoding="utf-8").splitlines()[:30]:
            if line.startswith("id:"):
                ids.add(line.split(":", 1)[1].strip().strip("'\""))
    assert ids, "clause library not found"
    for name in builtin_playbooks():
        for req in load_playbook(name).required:
            if req.clause_id is not None:
                assert req.clause_id in ids, f"{name}: {req.category} -> {req.clause_id}"


def _analysed(text: str) -> AnalysedDocument:
    from contractsmith.analyse.pipeline import analyse

    return analyse(
        Document.from_blocks("deal.txt", "txt", [Block(text=t) for t in text.split("\n\n")])
    )


def test_a_clause_the_contract_speaks_of_but_the_rules_cannot_read_is_not_confirmed() -> None:
    book = load_playbook("influencer")
    adoc = _analysed(
        "The Creator will post two reels.\n\n"
        "Insurance and the like: the parties have talked about termination and will "
        "come back to it."
    )
    assert not adoc.clauses["termination"].present
    gap = next(f for f in check_playbook(adoc, book) if f.category == "termination")
    assert gap.message.startswith("Required clause not confirmed: termination")
    assert gap.severity is Severity.WARNING  # one step below the playbook's error
    assert gap.text and "termination" in gap.text
    assert gap.location.start is not None and gap.location.paragraph == 1


def test_a_clause_the_contract_never_speaks_of_is_missing() -> None:
    book = load_playbook("influencer")
    adoc = _analysed("The Creator will post two reels.\n\nThe Brand will send the product.")
    gap = next(f for f in check_playbook(adoc, book) if f.category == "termination")
    assert gap.message.startswith("Required clause missing: termination")
    assert gap.severity is Severity.ERROR
    assert gap.location.start is None and gap.text is None


def test_express_non_exclusivity_wording_is_not_a_topic_of_exclusivity() -> None:
    from contractsmith.analyse.categories import TopicIndex

    adoc = _analysed("Fees are exclusive of GST.\n\nThe courts have non-exclusive jurisdiction.")
    assert TopicIndex([s.text for s in adoc.sentences]).holders("exclusivity") == set()

"""Assembly: numbering, cross-references, lists, defined terms, schedules, errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from contractsmith.generate.assemble import AssemblyError, assemble
from contractsmith.generate.body import BodyError, number_paragraphs, split_blocks
from contractsmith.library import load_library

from .conftest import write_clause

AS_OF = "2026-01-15"


def test_paragraphs_and_lists_are_numbered() -> None:
    body = "First para\ncontinues here.\n\n- one\n- two\n  wraps\n\nSecond para.\n- three\n"
    paragraphs = number_paragraphs(7, body)
    assert [(p.number, p.ref, p.level, p.text) for p in paragraphs] == [
        ("7.1", "7.1", 1, "First para continues here."),
        ("(a)", "7.1(a)", 2, "one"),
        ("(b)", "7.1(b)", 2, "two wraps"),
        ("7.2", "7.2", 1, "Second para."),
        ("(a)", "7.2(a)", 2, "three"),
    ]


def test_bold_runs_and_unbalanced_markers() -> None:
    (paragraph,) = number_paragraphs(1, 'the "**Fee**" is due &amp; payable')
    assert [(r.text, r.bold) for r in paragraph.runs] == [
        ('the "', False),
        ("Fee", True),
        ('" is due & payable', False),
    ]
    with pytest.raises(BodyError, match="unbalanced"):
        number_paragraphs(1, "a **broken term")


def test_blank_lines_only_give_no_blocks() -> None:
    assert split_blocks("\n  \n\n") == []


def test_sections_and_cross_references(fixture_library, example_data) -> None:
    contract = assemble(example_data, fixture_library, as_of=AS_OF)
    numbers = {s.clause_id: s.number for s in contract.sections}
    assert list(numbers) == [
        "definitions.basic",
        "deliverables.basic",
        "compensation.fixed",
        "exclusivity.exclusive",
        "ftc_disclosure.us",
        "ftc_disclosure.uk",
        "termination.basic",
    ]
    text = contract.text()
    # ref() by category and by clause id resolve to the real section numbers
    assert f"as set out in Section {numbers['compensation.fixed']}." in text
    assert f"subject of Section {numbers['deliverables.basic']}." in text
    assert (
        f"payable under Section {numbers['compensation.fixed']} for Deliverables" in text
        and f"restrictions in Section {numbers['exclusivity.exclusive']} end" in text
    )
    comp = contract.section_for("compensation")
    assert [p.number for p in comp.paragraphs] == ["3.1", "(a)", "(b)", "3.2"]


def test_refs_follow_renumbering(fixture_library, example_data) -> None:
    example_data["disclosure"]["jurisdictions"] = ["UK"]  # drops the US section
    contract = assemble(example_data, fixture_library, as_of=AS_OF)
    termination = contract.section_for("termination")
    assert termination.number == 6
    assert "restrictions in Section 4 end" in termination.paragraphs[1].text


def test_non_exclusive_statement(fixture_library, example_data) -> None:
    example_data["exclusivity"] = {"exclusive": False}
    contract = assemble(example_data, fixture_library, as_of=AS_OF)
    section = contract.section_for("exclusivity")
    assert section.clause_id == "exclusivity.none"
    assert section.paragraphs[0].text.startswith("This Agreement is non-exclusive.")
    del example_data["exclusivity"]
    contract = assemble(example_data, fixture_library, as_of=AS_OF)
    assert "This Agreement is non-exclusive." in contract.text()


def test_defined_terms_record_definitions_and_uses(fixture_library, example_data) -> None:
    contract = assemble(example_data, fixture_library, as_of=AS_OF)
    terms = contract.defined_terms
    assert terms["Fee"].defined_in == ["3.1"]
    assert terms["Fee"].clause_ids == ["compensation.fixed"]
    assert "3.1(a)" in terms["Fee"].uses and "7.2" in terms["Fee"].uses
    assert terms["Deliverables"].defined_in == ["1.1(a)"]
    assert terms["Business Day"].uses == []  # defined, never used: lint can flag it
    assert terms["Brand"].defined_in == ["parties"]
    assert terms["Agreement"].defined_in == ["preamble"]


def test_schedules_compute_amounts(fixture_library, example_data) -> None:
    example_data["compensation"]["fee"] = "1000.00"
    example_data["compensation"]["schedule"] = [
        {"label": "One", "percent": "33.33", "trigger": "signature", "net_days": 15},
        {"label": "Two", "percent": "33.33", "trigger": "signature", "net_days": 15},
        {"label": "Three", "percent": "33.34", "trigger": "campaign_end", "net_days": 30},
    ]
    contract = assemble(example_data, fixture_library, as_of=AS_OF)
    assert [r["amount"] for r in contract.payments] == ["USD 333.30", "USD 333.30", "USD 333.40"]
    assert contract.payments[2]["trigger"] == "The end of the campaign"
    assert contract.payments[0]["due"] == "15 days after invoice"
    rows = {r["id"]: r for r in contract.deliverables}
    assert rows["D1"]["posting_window"].startswith("9 March 2026 to 15 March 2026")
    assert rows["D2"]["live_for"] == "1 day"
    assert contract.usage_rights[1]["fee"] == "USD 2,400.00"
    assert contract.usage_rights[0]["fee"] == "Included in the Fee"


def test_rounding_remainder_goes_to_last_instalment(fixture_library, example_data) -> None:
    example_data["compensation"]["fee"] = "100.00"
    example_data["compensation"]["schedule"] = [
        {"label": f"P{i}", "percent": p, "trigger": "signature", "net_days": 10}
        for i, p in enumerate(["33.333", "33.333", "33.334"])
    ]
    contract = assemble(example_data, fixture_library, as_of=AS_OF)
    assert [r["amount"] for r in contract.payments] == ["USD 33.33", "USD 33.33", "USD 33.34"]


def test_missing_value_is_located_at_the_clause_line(fixture_library, example_data) -> None:
    del example_data["termination"]["cause"]
    with pytest.raises(AssemblyError) as info:
        assemble(example_data, fixture_library, as_of=AS_OF)
    (finding,) = info.value.findings
    assert finding.rule == "R002"
    assert finding.clause_id == "termination.basic"
    clause = fixture_library.get("termination.basic")
    assert finding.location.file == str(clause.path)
    line = clause.path.read_text().splitlines()[finding.location.line - 1]
    assert "termination.cause.cure_days" in line


def test_all_problems_are_reported_together(tmp_path: Path, example_data) -> None:
    front = """
id: {id}
title: {title}
category: {cat}
version: 1.0.0
order: {order}
jurisdictions: [any]
needs: []
rationale: Test clause.
"""
    write_clause(
        tmp_path,
        "general/refs.md",
        front.format(id="general.refs", title="General", cat="general", order=1),
        "See {{ ref('insurance') }}.\n",
    )
    write_clause(
        tmp_path,
        "notices/syntax.md",
        front.format(id="notices.syntax", title="Notices", cat="notices", order=2),
        "Line one.\n\n{% if %}\n",
    )
    write_clause(
        tmp_path,
        "assignment/empty.md",
        front.format(id="assignment.empty", title="Assignment", cat="assignment", order=3),
        "{% if false %}never{% endif %}\n",
    )
    library = load_library(tmp_path)
    with pytest.raises(AssemblyError) as info:
        assemble(example_data, library, as_of=AS_OF)
    found = {f.clause_id: f for f in info.value.findings}
    assert found["general.refs"].rule == "R002"
    assert "ref('insurance')" in found["general.refs"].message
    assert found["general.refs"].location.line == 11
    assert found["notices.syntax"].rule == "R001"
    assert found["notices.syntax"].location.line == 13
    assert found["assignment.empty"].rule == "R004"


def test_illegal_characters_are_reported_with_a_pointer(fixture_library, example_data) -> None:
    example_data["parties"]["brand"]["legal_name"] = "Bell\x07 Corp"
    with pytest.raises(AssemblyError) as info:
        assemble(example_data, fixture_library, as_of=AS_OF)
    (finding,) = info.value.findings
    assert finding.rule == "R003"
    assert finding.location.pointer == "/parties/brand/legal_name"


def test_a_parties_clause_replaces_the_built_in_opening(tmp_path: Path, example_data) -> None:
    write_clause(
        tmp_path,
        "parties/standard.md",
        "id: parties.standard\ntitle: Parties\ncategory: parties\nversion: 1.0.0\norder: 1\n"
        "jurisdictions: [any]\nneeds: []\nrationale: Test.",
        'This agreement (the "**Agreement**") is between {{ parties.brand.legal_name }}'
        ' ("**{{ party("brand") }}**") and the creator.\n',
    )
    contract = assemble(example_data, load_library(tmp_path), as_of=AS_OF)
    assert contract.intro is False
    assert contract.preamble == [] and contract.recitals == []
    assert contract.defined_terms["Agreement"].defined_in == ["1.1"]
    assert contract.defined_terms["Brand"].defined_in == ["1.1"]
    assert contract.text().count('(the "Agreement")') == 1


def test_bad_schedule_values_are_findings(fixture_library, example_data) -> None:
    example_data["deliverables"][0]["posting_window"]["start"] = "9 March"
    with pytest.raises(AssemblyError) as info:
        assemble(example_data, fixture_library, as_of=AS_OF)
    assert [f.rule for f in info.value.findings] == ["R007"]
    assert "9 March" in info.value.findings[0].message
    with pytest.raises(AssemblyError):
        assemble(example_data, fixture_library, as_of="someday")

"""Structure: headings and numbering, sections, the table of contents, definitions."""

from __future__ import annotations

from contractsmith.analyse.pipeline import analyse
from contractsmith.analyse.structure import defined_terms, find_toc, parse_heading
from contractsmith.ingest.model import Block, BlockKind, Document


def test_parse_heading_forms() -> None:
    h = parse_heading("12. TERMINATION")
    assert (h.number, h.title, h.level) == ("12", "TERMINATION", 1)
    h = parse_heading("12.1 Termination for Convenience.")
    assert (h.number, h.title, h.level) == ("12.1", "Termination for Convenience", 2)
    h = parse_heading("ARTICLE IV")
    assert h is None or h.kind == "article"
    assert parse_heading("ARTICLE IV", standalone=True).kind == "article"
    assert parse_heading("Section 5. Payment").title == "Payment"
    assert parse_heading("(a) Exclusivity").kind == "letter"
    assert parse_heading("# Usage Rights").title == "Usage Rights"
    assert parse_heading("GOVERNING LAW").kind == "caps"


def test_body_sentences_are_not_headings() -> None:
    assert parse_heading("1. The Brand shall pay the Creator within thirty days.") is None
    assert parse_heading("The Brand shall pay the Creator.") is None


def test_toc_with_page_numbers_is_found() -> None:
    text = (
        "TABLE OF CONTENTS\n1. Definitions ........ 1\n2. Services ........ 3\n"
        "3. Payment ........ 5\n\n1. Definitions\n\nIn this Agreement the words mean what they say."
    )
    regions = find_toc(text)
    assert len(regions) == 1
    a, b = regions[0]
    assert "Payment" in text[a:b]
    assert "In this Agreement" not in text[a:b]


def test_toc_without_title_needs_three_entries() -> None:
    assert find_toc("Scope of Work 2\nThe parties agree on much.") == []
    text = "Scope 2\nPayment 4\nTerm 6\n\nThe parties agree."
    assert len(find_toc(text)) == 1


def test_defined_terms() -> None:
    text = (
        'This agreement (the "Agreement") is between Acme Inc. ("Brand") and Jo. '
        '"Content" means the posts. \u201cDeliverables\u201d shall mean the items.'
    )
    terms = defined_terms(text)
    assert list(terms) == ["Agreement", "Brand", "Content", "Deliverables"]
    assert text[terms["Content"] :].startswith("Content")


def _doc() -> Document:
    return Document.from_blocks(
        "c.txt",
        "txt",
        [
            Block(
                "TABLE OF CONTENTS\n1. Definitions ..... 1\n2. Exclusivity ..... 2\n3. Term ..... 3"
            ),
            Block("1. DEFINITIONS"),
            Block('"Territory" means the United States.'),
            Block("2. EXCLUSIVITY"),
            Block(
                "2.1 Grant. The Brand appoints the Creator as its exclusive ambassador in the "
                "Territory.",
                page=2,
            ),
            Block("(a) The Creator shall not promote any competing brand during the Term."),
            Block("3. Term", kind=BlockKind.HEADING),
            Block("This Agreement shall continue for a period of twelve (12) months."),
        ],
    )


def test_sections_and_sentences() -> None:
    result = analyse(_doc())
    toc = [s for s in result.sections if s.is_toc]
    assert len(toc) == 1
    body = [s for s in result.sections if not s.is_toc]
    assert [(s.number, s.heading, s.level) for s in body] == [
        ("1", "DEFINITIONS", 1),
        ("2", "EXCLUSIVITY", 1),
        ("2.1", "Grant", 2),
        ("3", "Term", 1),
    ]
    assert body[0].is_definitions
    assert body[2].categories == ("exclusivity",)  # inherited from "2. EXCLUSIVITY"
    by_text = {s.text: s for s in result.sentences}
    assert by_text["2.1 Grant."].is_heading
    grant = next(s for s in result.sentences if s.text.startswith("The Brand appoints"))
    assert grant.section.number == "2.1"
    assert grant.page == 2
    assert "exclusivity" in grant.categories
    item = next(s for s in result.sentences if s.text.startswith("(a)"))
    assert item.section.number == "2.1"
    assert all(s.in_toc for s in result.sentences if s.block == 0)
    assert result.defined_terms == {"Territory": result.document.text.index("Territory")}


def test_toc_lines_are_not_evidence() -> None:
    result = analyse(_doc())
    for presence in result.clauses.values():
        assert all(not s.in_toc and not s.is_heading for s in presence.evidence)


def test_every_category_is_reported() -> None:
    from contractsmith.analyse.model import CATEGORIES

    result = analyse(_doc())
    assert list(result.clauses) == list(CATEGORIES)
    assert result.clauses["exclusivity"].present
    assert result.clauses["term"].present
    assert not result.clauses["insurance"].present


def test_sentence_broken_across_blocks_is_joined() -> None:
    doc = Document.from_blocks(
        "c.txt",
        "txt",
        [
            Block("This Agreement shall be governed by the"),
            Block("laws of the State of Georgia."),
        ],
    )
    result = analyse(doc)
    assert len(result.sentences) == 1
    assert result.clauses["governing_law"].present


def test_empty_document() -> None:
    result = analyse(Document.from_blocks("e.txt", "txt", []))
    assert result.sentences == [] and not any(c.present for c in result.clauses.values())

"""Enumerated items: labels, their order, and inline item lists joined to their lead-in."""

from __future__ import annotations

from contractsmith.analyse.enumeration import follows, inline_items, is_first, item_label
from contractsmith.analyse.pipeline import analyse
from contractsmith.ingest.model import Block, Document


def test_item_label() -> None:
    assert item_label("(c) at any time") == "c"
    assert item_label("ii) thereafter") == "ii"
    assert item_label("The Licensee shall pay") is None


def test_follows_and_is_first() -> None:
    assert follows("a", "b") and follows("i", "ii") and follows("h", "i")
    assert follows("9", "10") and follows("A", "B")
    assert not follows("a", "c") and not follows("b", "a")
    assert is_first("a") and is_first("i") and is_first("1") and not is_first("b")


def test_inline_items_join_each_item_to_its_lead_in() -> None:
    text = (
        "The Licensor may terminate this Agreement (i) if the Licensee fails to pay, or "
        "(ii) upon ninety (90) days' notice."
    )
    assert inline_items(text) == [
        "The Licensor may terminate this Agreement if the Licensee fails to pay, or",
        "The Licensor may terminate this Agreement upon ninety (90) days' notice.",
    ]


def test_inline_items_nest() -> None:
    text = "This Agreement is terminable (a) by A (i) on breach or (ii) on notice or (b) by B."
    items = inline_items(text)
    assert "This Agreement is terminable by A on notice or" in items
    assert "This Agreement is terminable by B." in items


def test_references_and_single_markers_are_not_lists() -> None:
    assert inline_items("Under Section 2.1 (a) and (b) the Product(s) shall be sold.") == []
    assert inline_items("The fee (a) is due.") == []


def test_item_keeps_its_lead_in_across_sentences_between_items() -> None:
    doc = Document.from_blocks(
        "t.txt",
        "txt",
        [
            Block("The Distributor may terminate this Agreement:"),
            Block("(a) if the Supplier breaches this Agreement. The breach must be material."),
            Block("(b) if the Supplier becomes insolvent; or"),
            Block("(c) for any reason upon sixty (60) days' written notice."),
        ],
    )
    assert analyse(doc).clauses["termination_for_convenience"].present


def test_numbered_paragraph_ends_the_list() -> None:
    doc = Document.from_blocks(
        "t.txt",
        "txt",
        [
            Block("12.1 The Distributor may terminate this Agreement for any reason if:"),
            Block("(a) the Supplier breaches this Agreement;"),
            Block("12.2 The Supplier shall notify the Distributor of any defects."),
            Block("(b) upon sixty (60) days' written notice."),
        ],
    )
    result = analyse(doc)
    item_b = [s for s in result.sentences if s.text.startswith("(b)")][0]
    assert "termination_for_convenience" not in item_b.categories

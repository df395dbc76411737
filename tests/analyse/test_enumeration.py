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


def _contexts(blocks: list[str]) -> dict[str, str]:
    from contractsmith.analyse.pipeline import segment

    doc = Document.from_blocks("t.txt", "txt", [Block(b) for b in blocks])
    sentences, contexts, _ = segment(doc)
    return {s.text[:6]: c for s, c in zip(sentences, contexts, strict=True)}


def test_item_ending_in_a_colon_leads_in_its_nested_list() -> None:
    items = [f"({r}) do thing {r};" for r in ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii")]
    ctx = _contexts(
        [
            "The Licensee agrees that:",
            "(a) it shall pay the Fee; and",
            "(b) it shall not:",
            *items,
            "(ix) disparage the Licensor or its products; or",
            "(x) assign this Agreement.",
            "(c) it shall keep records.",
        ]
    )
    nested = "The Licensee agrees that: (b) it shall not:"
    assert ctx["(i) do"] == nested and ctx["(viii)"] == nested and ctx["(ix) d"] == nested
    assert ctx["(c) it"] == "The Licensee agrees that:"


def test_sentence_cut_off_before_its_list_is_the_lead_in() -> None:
    ctx = _contexts(
        [
            "The Creator shall not, directly or indirectly",
            "(a) disparage the Brand; or",
            "(b) endorse a competing product.",
        ]
    )
    assert ctx["(a) di"] == ctx["(b) en"] == "The Creator shall not, directly or indirectly"
    # An item that ends "; and" is followed by its sibling, not by a list it leads into.
    assert _contexts(["(a) pay the Fee; and", "(i) keep records."])["(i) ke"] == ""


def test_list_opened_inline_reads_with_the_text_before_its_first_item() -> None:
    ctx = _contexts(
        ["The Distributor shall (a) keep the Products in stock;", "(b) insure the Products."]
    )
    assert ctx["(b) in"] == "The Distributor shall"


def test_rest_of_an_item_cut_by_a_page_break_is_not_a_lead_in() -> None:
    blocks = [
        "(i) form any group with any persons who are not its",
        "affiliates with respect to the securities;",
        "(ii) disparage the Company.",
    ]
    assert _contexts(blocks)["(ii) d"] == ""
    assert _contexts(["The Holder shall not:", *blocks])["(ii) d"] == "The Holder shall not:"


def test_long_roman_item_labels_continue_the_list() -> None:
    ctx = _contexts(
        [
            "The Agent shall:",
            "(xxxii) file the reports;",
            "(xxxiii) pay the taxes;",
            "(xxxiv) sell.",
        ]
    )
    assert ctx["(xxxiv"] == "The Agent shall:"

"""Reflow rules on their own: hyphens, labels, headings, sentence ends, indents."""

from __future__ import annotations

import pytest

from contractsmith.ingest.model import BlockKind
from contractsmith.ingest.reflow import Line, is_heading_line, leading_label, reflow


def lines(*texts: str) -> list[Line]:
    out, pos = [], 0
    for t in texts:
        out.append(Line(t, 1, pos))
        pos += len(t) + 1
    return out


FULL = "x" * 60


def test_hyphen_joined_only_before_lowercase():
    paras = reflow(lines(f"{FULL} obli-", f"gation {FULL} Non-", "Compete clause."))
    assert paras[0].text == f"{FULL} obligation {FULL} Non-Compete clause."


def test_compound_prefix_keeps_hyphen():
    paras = reflow(lines(f"{FULL} a non-", "exclusive licence."))
    assert paras[0].text == f"{FULL} a non-exclusive licence."


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("7.2 Brand shall pay", "7.2"),
        ("7.2.1 Sub clause", "7.2.1"),
        ("3. Term", "3."),
        ("(a) first", "(a)"),
        ("(iv) fourth", "(iv)"),
        ("b) second", "b)"),
        ("ARTICLE IV DEFINITIONS", "ARTICLE IV"),
        ("Section 5.1 Fees", "Section 5.1"),
        ("The Brand", None),
        ("2026 was a year", None),
        ("2.1, the terms", None),
    ],
)
def test_leading_label(text, label):
    assert leading_label(text) == label


def test_cross_reference_at_line_start_does_not_split():
    paras = reflow(lines(f"{FULL} as set out in", "Section 5 of this Agreement."))
    assert len(paras) == 1


def test_numbered_start_splits_even_mid_sentence():
    paras = reflow(lines(f"{FULL} the following", "(a) one thing;", "(b) another."))
    assert [p.label for p in paras] == [None, "(a)", "(b)"]


def test_headings_alone_and_caps_paragraphs_kept_whole():
    caps = "THE BRAND SHALL NOT BE LIABLE FOR ANY INDIRECT OR CONSEQUENTIAL LOSS AND"
    paras = reflow(lines("LIMITATION OF LIABILITY", caps, caps, "IN NO EVENT FOR LOST PROFITS."))
    assert [p.kind for p in paras] == [BlockKind.HEADING, BlockKind.PARAGRAPH]
    assert paras[1].text.endswith("LOST PROFITS.")


def test_first_line_indent_opens_paragraph():
    source = lines(
        "     The Creator shall produce the content and deliver the drafts by",
        "the agreed dates, and shall make the changes the Brand reasonably asks",
        "     The Brand shall review each draft within five business days and",
        "either approve it or explain in writing what must change before it",
    )
    paras = reflow(source)
    assert len(paras) == 2
    assert paras[1].offset == source[2].offset + 5


def test_hanging_indent_does_not_split():
    paras = reflow(
        lines(
            "(a)  The Creator shall produce the content and deliver the drafts by",
            "     the agreed dates, and shall make the changes the Brand reasonably",
            "     asks for within the review period",
        )
    )
    assert len(paras) == 1


def test_unwrapped_mode_one_paragraph_per_line():
    assert len(reflow(lines("One line", "Two line"), wrapped=False)) == 2


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("GOVERNING LAW", True),
        ("7. FEES", True),
        ("1. DEFINITIONS.", True),
        ("Governing Law", False),
        ("THE BRAND SHALL NOT BE LIABLE FOR ANY LOSS.", False),
        ("10.1 EXCEPT FOR EITHER PARTY'S CONFIDENTIALITY OBLIGATIONS AND", False),
        ("EXHIBIT A", True),
    ],
)
def test_is_heading_line(text, expected):
    assert is_heading_line(text) is expected


def test_figures_after_number_word_continue_the_sentence():
    paras = reflow(
        lines(f"{FULL} for an initial term of two", "(2) years from the Effective Date.")
    )
    assert len(paras) == 1
    assert paras[0].text.endswith("term of two (2) years from the Effective Date.")


def test_figures_after_other_words_still_open_an_item():
    paras = reflow(lines(f"{FULL} the following events:", "(2) a change of control."))
    assert [p.label for p in paras] == [None, "(2)"]


def test_capitals_paragraph_whose_first_line_runs_on_is_not_split():
    paras = reflow(
        lines(
            "10.1 EXCEPT FOR EITHER PARTY'S CONFIDENTIALITY OBLIGATIONS AND",
            "FOR ITS INDEMNITIES, NEITHER PARTY SHALL BE LIABLE UNDER ANY CONTRACT, NEGLIGENCE OR",
            "OTHER LEGAL THEORY FOR ANY AMOUNT IN EXCESS OF THE FEES PAID UNDER THIS AGREEMENT.",
        )
    )
    assert len(paras) == 1
    assert paras[0].kind == BlockKind.PARAGRAPH


def test_lower_case_letter_label_opens_an_item_after_an_ended_line():
    paras = reflow(
        lines(
            f"{FULL} shall have the right to take the following action instead:",
            f"a. The Brand may terminate the exclusive rights in the Territory {FULL}",
            f"{FULL} on ten days' notice to the Creator as set out in Section 1.1 above.",
            f"b. The Brand may reduce the Territory {FULL}",
        )
    )
    assert [p.label for p in paras] == [None, "a.", "b."]


def test_lower_case_letter_at_line_start_mid_sentence_does_not_split():
    paras = reflow(lines(f"{FULL} as decided in Smith", f"v. Jones and in later cases {FULL}"))
    assert len(paras) == 1


def test_defined_term_set_apart_joins_its_definition():
    paras = reflow(
        lines(
            "1.30 \u201cPrincipal Supplier\u201d",
            "",
            f"shall mean the supplier of at least half of the annual demand {FULL}",
            "for the calendar year.",
            "",
            "\u201cTerm\u201d",
            "",
            "The Brand shall pay the fees.",
        )
    )
    assert paras[0].text.startswith("1.30 \u201cPrincipal Supplier\u201d shall mean the supplier")
    assert paras[0].kind == BlockKind.PARAGRAPH
    assert [p.text for p in paras[1:]] == ["\u201cTerm\u201d", "The Brand shall pay the fees."]

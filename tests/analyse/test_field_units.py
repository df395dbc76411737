"""Table rows and "Label: value" lines reach the rules as one sentence with its label."""

from __future__ import annotations

import docx

from contractsmith.analyse.categories import clean_for_matching, heading_categories
from contractsmith.analyse.pipeline import analyse
from contractsmith.ingest import read_document

MARKDOWN = """# Creator Agreement

This agreement is between Acme Pty Ltd (the Brand) and Jo Smith (the Creator).

Campaign Duration: 1 June 2026 to 31 August 2026

The Creator shall deliver the following:

1. three Instagram Reels.
"""


def _unit(analysed, label: str):
    return next(s for s in analysed.sentences if s.field_label == label)


def test_markdown_label_line_is_one_sentence_with_its_label(tmp_path) -> None:
    path = tmp_path / "creator.md"
    path.write_text(MARKDOWN, encoding="utf-8")
    analysed = analyse(read_document(path))
    unit = _unit(analysed, "Campaign Duration")
    assert unit.text == "Campaign Duration: 1 June 2026 to 31 August 2026"
    assert not unit.is_heading  # a short Title Case line, but a term, not a heading
    assert analysed.document.text[unit.start : unit.end] == unit.text
    seen = clean_for_matching(unit.text).lower()
    assert "campaign duration" in seen and "31 august 2026" in seen
    lead_in = next(s for s in analysed.sentences if s.text.endswith("the following:"))
    assert lead_in.field_label is None


def test_docx_table_row_is_one_sentence_with_its_label(tmp_path) -> None:
    d = docx.Document()
    d.add_paragraph("This agreement is between Acme Agency Pty Ltd and Client Co.")
    table = d.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "ENGAGEMENT TERM"
    table.cell(0, 1).text = "3 months (1 March – 31 May 2026)"
    path = tmp_path / "agency.docx"
    d.save(path)
    analysed = analyse(read_document(path))
    unit = _unit(analysed, "ENGAGEMENT TERM")
    assert unit.text == "ENGAGEMENT TERM: 3 months (1 March – 31 May 2026)"
    assert not unit.is_heading
    seen = clean_for_matching(unit.text).lower()
    assert "engagement term" in seen and "3 months" in seen


def test_field_label_hints_like_a_heading(tmp_path, monkeypatch) -> None:
    """The label's hinted categories reach the scorer as a section heading's would."""
    import contractsmith.analyse.categories as categories

    seen: list[frozenset[str]] = []
    real = categories._scores

    def spy(matchable, hinted, rules, candidates=None):
        seen.append(hinted)
        return real(matchable, hinted, rules, candidates)

    monkeypatch.setattr(categories, "_scores", spy)
    path = tmp_path / "creator.md"
    path.write_text("Term: 1 June 2026 to 31 August 2026\n", encoding="utf-8")
    analyse(read_document(path))
    assert heading_categories("Term")  # the shipped rules hint at least one category
    assert set(heading_categories("Term")) <= set(seen[0])

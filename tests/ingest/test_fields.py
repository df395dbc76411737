"""Labelled fields: table rows and "Label: value" lines are one clause unit in every reader."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from contractsmith.ingest import BlockKind, read_document
from contractsmith.ingest.fields import is_label, line_label
from contractsmith.ingest.source_map import SourceMap


@pytest.mark.parametrize(
    ("line", "label"),
    [
        ("Campaign Duration: 1 June 2026 to 31 August 2026", "Campaign Duration"),
        ("ENGAGEMENT TERM: 3 months (1 March – 31 May 2026)", "ENGAGEMENT TERM"),
        ("FEE: $8,000 + GST within 30 days of posting", "FEE"),
        ("Payment terms: net 30 from invoice", "Payment terms"),
        ("Usage Rights (Paid): 12 months from first posting", "Usage Rights (Paid)"),
        ("Posting time: 10:30 AEST", "Posting time"),
    ],
)
def test_label_value_lines_pass(line: str, label: str) -> None:
    assert line_label(line) == label


@pytest.mark.parametrize(
    "line",
    [
        "The Creator shall deliver the following:",  # a lead-in: verb, no value
        "The Creator will deliver the following: three Reels and two Stories.",  # a verb
        "Posts go live at 10:30 AEST on launch day.",  # a time, not a label
        "See https://example.com/brief for the brief.",  # a URL
        "https://example.com: the brief",  # a URL is not a label
        "Section 5: Term",  # a heading number
        "In consideration of the fees set out below and the mutual promises in this "
        "agreement, the parties agree as follows: the Creator posts.",  # a long sentence
        "Note that payment is due: within 30 days.",  # a clause before the colon
        'The term "Content": all posts.',  # quotes
        "Fee:$8,000",  # no space after the colon
    ],
)
def test_near_misses_are_not_fields(line: str) -> None:
    assert line_label(line) is None


def test_table_cell_labels() -> None:
    assert is_label("ENGAGEMENT TERM")
    assert is_label("Fee:")
    assert not is_label("the agency will")
    assert not is_label("The Brand shall pay the fee")
    assert not is_label("A label with far too many words in it")


def _fields(doc) -> list[tuple[str, str | None]]:
    return [(b.text, b.field_label) for b in doc.blocks]


def test_docx_two_column_rows_are_label_value_units(tmp_path) -> None:
    d = docx.Document()
    d.add_paragraph("Commercial terms")
    table = d.add_table(rows=3, cols=2)
    rows = [
        ("ENGAGEMENT TERM", "3 months (1 March – 31 May 2026)"),
        ("ROLLOVER", "Client may extend by 3 months"),
        ("the agency will", "not a label"),
    ]
    for i, (label, value) in enumerate(rows):
        table.cell(i, 0).text = label
        table.cell(i, 1).text = value
    table.cell(1, 1).add_paragraph("Notice in writing.")
    d.add_paragraph("Campaign Duration: 1 June 2026 to 31 August 2026")
    path = tmp_path / "terms.docx"
    d.save(path)
    doc = read_document(path)
    assert _fields(doc) == [
        ("Commercial terms", None),
        ("ENGAGEMENT TERM: 3 months (1 March – 31 May 2026)", "ENGAGEMENT TERM"),
        ("ROLLOVER: Client may extend by 3 months\nNotice in writing.", "ROLLOVER"),
        ("the agency will", None),
        ("not a label", None),
        ("Campaign Duration: 1 June 2026 to 31 August 2026", "Campaign Duration"),
    ]
    assert doc.blocks[1].kind is BlockKind.TABLE_ROW
    assert doc.blocks[3].kind is BlockKind.TABLE_CELL
    for block in doc.blocks:
        assert doc.text[block.start : block.end] == block.text


def test_docx_headed_table_rows_join_cells_with_their_headers(tmp_path) -> None:
    d = docx.Document()
    table = d.add_table(rows=2, cols=3)
    for i, row in enumerate([("Milestone", "Amount", "Due"), ("Signing", "$4,000", "14 days")]):
        for j, value in enumerate(row):
            table.cell(i, j).text = value
    path = tmp_path / "fees.docx"
    d.save(path)
    assert _fields(read_document(path)) == [
        ("Milestone | Amount | Due", None),
        ("Milestone: Signing; Amount: $4,000; Due: 14 days", "Milestone / Amount / Due"),
    ]


MARKDOWN = """# Creator Agreement

| ENGAGEMENT TERM | 3 months (1 March – 31 May 2026) |
| **ROLLOVER** | Client may extend by 3 months |

| Item | Detail |
|------|--------|
| Fee  | $8,000 + GST within 30 days of posting |

| Milestone | Amount | Due |
| --- | ---: | --- |
| Signing | $4,000 | within 14 days |
| posting of all content | $4,000 | within 30 days |

**Campaign Duration:** 1 June 2026 to 31 August 2026
Payment terms: net 30 from invoice,
payable by bank transfer.
The Creator shall deliver the following:

- Deliverables: 3 Instagram Reels
"""


def test_markdown_tables_and_label_lines(tmp_path) -> None:
    path = tmp_path / "agreement.md"
    path.write_text(MARKDOWN, encoding="utf-8")
    doc = read_document(path)
    assert _fields(doc) == [
        ("Creator Agreement", None),
        ("ENGAGEMENT TERM: 3 months (1 March – 31 May 2026)", "ENGAGEMENT TERM"),
        ("ROLLOVER: Client may extend by 3 months", "ROLLOVER"),
        ("Item | Detail", None),
        ("Fee: $8,000 + GST within 30 days of posting", "Fee"),
        ("Milestone | Amount | Due", None),
        (
            "Milestone: Signing; Amount: $4,000; Due: within 14 days",
            "Milestone / Amount / Due",
        ),
        (
            "Milestone: posting of all content; Amount: $4,000; Due: within 30 days",
            "Milestone / Amount / Due",
        ),
        ("Campaign Duration: 1 June 2026 to 31 August 2026", "Campaign Duration"),
        ("Payment terms: net 30 from invoice, payable by bank transfer.", "Payment terms"),
        ("The Creator shall deliver the following:", None),
        ("Deliverables: 3 Instagram Reels", "Deliverables"),
    ]
    assert doc.blocks[1].kind is BlockKind.TABLE_ROW


@pytest.mark.parametrize(
    ("phrase", "source_line", "found"),
    [
        ("3 months", 3, "3 months"),
        ("Client may", 4, "Client may"),
        ("Fee: $8,000", 8, "Fee"),
        ("$8,000 + GST", 8, "$8,000 + GST"),
        ("Due: within 14", 10, "Due"),  # a column header copied into a row: the header
        ("within 14 days", 12, "within 14 days"),
        ("$4,000; Due: within 30", 13, "$4,000"),
        ("net 30", 16, "net 30"),
        ("payable by", 17, "payable by"),
    ],
)
def test_markdown_units_map_back_to_the_file(tmp_path, phrase, source_line, found) -> None:
    path = tmp_path / "agreement.md"
    path.write_text(MARKDOWN, encoding="utf-8")
    doc = read_document(path)
    lines = SourceMap(doc)
    pos = lines.source_offset(doc.text.index(phrase))
    assert MARKDOWN[pos : pos + len(found)] == found
    assert lines.line_col(doc.text.index(phrase))[0] == source_line


def test_plain_text_label_lines_are_their_own_units(tmp_path) -> None:
    text = (
        "This Creator Agreement is made between the Brand and the Creator and sets out the\n"
        "terms on which the Creator will make content for the campaign described below.\n"
        "Campaign Duration: 1 June 2026 to 31 August 2026\n"
        "Fee: $5,000 payable within 30 days of each post going live on the Creator's feed\n"
        "Posts go live at 10:30 AEST and stay up for at least 90 days after the campaign.\n"
    )
    path = tmp_path / "agreement.txt"
    path.write_text(text, encoding="utf-8")
    doc = read_document(path)
    assert [b.field_label for b in doc.blocks] == [None, "Campaign Duration", "Fee"]
    assert doc.blocks[1].text == "Campaign Duration: 1 June 2026 to 31 August 2026"
    assert doc.blocks[2].text.endswith("at least 90 days after the campaign.")


def test_pdf_label_lines_are_their_own_units(tmp_path) -> None:
    from tests.ingest.builders import make_pdf

    path = tmp_path / "agreement.pdf"
    path.write_bytes(
        make_pdf(
            [
                [
                    "The Creator will make content for the campaign described below.",
                    "Campaign Duration: 1 June 2026 to 31 August 2026",
                    "Fee: $5,000 payable within 30 days of posting",
                ]
            ]
        )
    )
    doc = read_document(path)
    assert [(b.text, b.field_label) for b in doc.blocks][1:] == [
        ("Campaign Duration: 1 June 2026 to 31 August 2026", "Campaign Duration"),
        ("Fee: $5,000 payable within 30 days of posting", "Fee"),
    ]


def test_capitalised_label_value_line_in_plain_text_is_a_field_not_a_heading(
    tmp_path: Path,
) -> None:
    # A short capitalised line is guessed to be a heading in plain text; with a label and
    # a value it states a term ("POSTING DATES: TBC") and must be read as one.
    path = tmp_path / "memo.txt"
    path.write_text(
        "The Brand and the Creator agree as follows.\n\nPOSTING DATES: TBC\n\nSECTION 5: TERM\n",
        encoding="utf-8",
    )
    blocks = read_document(str(path)).blocks
    field = next(b for b in blocks if b.text.startswith("POSTING"))
    assert field.kind is BlockKind.PARAGRAPH and field.field_label == "POSTING DATES"
    heading = next(b for b in blocks if b.text.startswith("SECTION"))
    assert heading.kind is BlockKind.HEADING and heading.field_label is None

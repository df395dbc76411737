"""TXT and Markdown ingest: encodings, newlines, paragraphs, Markdown structure."""

from __future__ import annotations

import pytest

from contractsmith.ingest import BlockKind, IngestError, read_document
from contractsmith.ingest.text import decode_text

CLAUSES = "1. The Creator shall post.\n\n2. The Brand shall pay – within 30 days.\n"


@pytest.mark.parametrize(
    ("encoded", "encoding"),
    [
        (CLAUSES.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + CLAUSES.encode("utf-8"), "utf-8-sig"),
        (CLAUSES.encode("utf-16"), "utf-16-le"),
        (b"\xfe\xff" + CLAUSES.encode("utf-16-be"), "utf-16-be"),
    ],
)
def test_unicode_encodings(tmp_path, encoded, encoding):
    path = tmp_path / "c.txt"
    path.write_bytes(encoded)
    doc = read_document(path)
    assert [b.text for b in doc.blocks] == [
        "1. The Creator shall post.",
        "2. The Brand shall pay – within 30 days.",
    ]
    assert doc.metadata["encoding"] == encoding
    assert "encoding_note" not in doc.metadata


def test_cp1252_text_is_read_with_a_note(tmp_path):
    path = tmp_path / "legacy.txt"
    path.write_bytes("The Brand shall pay €500 – “net 30”.\r\n".encode("cp1252"))
    doc = read_document(path)
    assert doc.text == "The Brand shall pay €500 – “net 30”."
    assert doc.metadata["encoding"] == "cp1252"
    assert "not valid UTF-8" in doc.metadata["encoding_note"]


def test_latin1_fallback_when_cp1252_cannot_decode():
    text, encoding, note = decode_text(b"Caf\xe9 \x81 clause")
    assert encoding == "latin-1" and note and text.startswith("Café")


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_newlines_normalised(tmp_path, newline):
    path = tmp_path / "nl.txt"
    path.write_bytes(newline.join(["First para.", "", "Second para."]).encode())
    doc = read_document(path)
    assert doc.text == "First para.\n\nSecond para."


def test_hard_wrapped_text_is_reflowed(tmp_path):
    path = tmp_path / "wrapped.txt"
    path.write_text(
        "5. TERMINATION\n"
        "5.1 Either party may terminate this Agreement on thirty days written notice\n"
        "to the other party. The Brand may terminate at once if the Creator breaches\n"
        "clause 4 (disclosure) and fails to remedy the breach within five days.\n"
        "5.2 On termination the Brand shall pay for every Deliverable already pub-\n"
        "lished.\n"
    )
    doc = read_document(path)
    assert [b.text for b in doc.blocks] == [
        "5. TERMINATION",
        "5.1 Either party may terminate this Agreement on thirty days written notice to the"
        " other party. The Brand may terminate at once if the Creator breaches clause 4"
        " (disclosure) and fails to remedy the breach within five days.",
        "5.2 On termination the Brand shall pay for every Deliverable already published.",
    ]
    assert doc.blocks[0].kind is BlockKind.HEADING
    assert doc.blocks[2].label == "5.2"


def test_long_unwrapped_lines_are_paragraphs(tmp_path):
    long_a = "The Creator shall " + "publish the agreed content " * 12 + "on time."
    long_b = "The Brand shall " + "approve or reject drafts promptly " * 12 + "in writing."
    path = tmp_path / "lines.txt"
    path.write_text(f"{long_a}\n{long_b}\n")
    doc = read_document(path)
    assert [b.text for b in doc.blocks] == [long_a, long_b]


def test_source_offsets_point_into_decoded_text(tmp_path):
    raw = "Title\n\n  Indented first clause.\n\nSecond clause.\n"
    path = tmp_path / "o.txt"
    path.write_text(raw)
    doc = read_document(path)
    for block in doc.blocks:
        assert raw[block.source_offset :].startswith(block.text)


def test_markdown_structure(tmp_path):
    path = tmp_path / "contract.md"
    path.write_text(
        "# Influencer Agreement\n\n"
        "Between **Acme Ltd** and Jane Creator.\n\n"
        "## 1. Deliverables\n\n"
        "1. One Instagram Reel\n"
        "2. Two Stories, each\n"
        "   tagged #ad\n"
        "- usage rights: 12 months\n\n"
        "Payment\n=======\n\n"
        "The Brand pays `USD 5,000`.\n"
    )
    doc = read_document(path)
    assert doc.format == "md"
    got = [(b.kind, b.label, b.text) for b in doc.blocks]
    assert got == [
        (BlockKind.HEADING, None, "Influencer Agreement"),
        (BlockKind.PARAGRAPH, None, "Between Acme Ltd and Jane Creator."),
        (BlockKind.HEADING, None, "1. Deliverables"),
        (BlockKind.LIST_ITEM, "1.", "1. One Instagram Reel"),
        (BlockKind.LIST_ITEM, "2.", "2. Two Stories, each tagged #ad"),
        (BlockKind.LIST_ITEM, "•", "usage rights: 12 months"),
        (BlockKind.HEADING, None, "Payment"),
        (BlockKind.PARAGRAPH, None, "The Brand pays USD 5,000."),
    ]
    assert doc.blocks[0].style == "Heading 1"


def test_nul_bytes_refused(tmp_path):
    path = tmp_path / "x.txt"
    path.write_bytes(b"Clause one.\x00\x00\x01\x02binary")
    with pytest.raises(IngestError, match="binary data"):
        read_document(path)


def test_unknown_extension_read_as_text(tmp_path):
    path = tmp_path / "contract.text"
    path.write_text("The Creator shall post.")
    assert read_document(path).format == "txt"


def test_cuad_text_fixture(cuad_fixtures):
    """CUAD v1 text (The Atticus Project, CC BY 4.0): headings, numbered clauses."""
    doc = read_document(cuad_fixtures / "adianutrition-reseller.txt")
    assert doc.format == "txt"
    labels = [b.label for b in doc.blocks if b.label]
    assert "1.1" in labels and "2.1" in labels
    assert any(b.kind is BlockKind.HEADING and b.text == "RESELLER AGREEMENT" for b in doc.blocks)


def test_page_markers_dropped_from_text(tmp_path):
    path = tmp_path / "filed.txt"
    path.write_text(
        "1. The Creator shall post.\n\n- 1 -\n\n2. The Brand shall pay.\n\n2\n\n"
        "3. Fees:\n\n5\n\nUnits per month.\n\nPage 4 of 9\n\n4. Term.\n"
    )
    doc = read_document(path)
    assert [b.text for b in doc.blocks] == [
        "1. The Creator shall post.",
        "2. The Brand shall pay.",
        "3. Fees:",
        "5",  # out of sequence (after 2 comes 3 or 4): kept as content
        "Units per month.",
        "4. Term.",
    ]


def test_runs_of_spaces_collapsed(tmp_path):
    path = tmp_path / "spaces.txt"
    path.write_text("Section 1.     SERVICES.  The Creator   shall post.\n")
    assert read_document(path).text == "Section 1. SERVICES. The Creator shall post."


def _filed(pages: list[str], footer: str) -> str:
    """Text of a filed contract: each page's text, its footer and a page break."""
    return "".join(f"{page}\n\n{footer}\n\n\n\n\n" for page in pages)


def test_running_footer_and_page_numbers_dropped(tmp_path):
    pages = [
        "1. The Creator shall post the Content on Instagram. 1",
        "2. The Brand shall pay the Fee within thirty days of the invoice, including all 2",
        "taxes. 3. The Creator shall not, during the Term, promote any brand that 3",
        "competes with the Brand. 4. This Agreement is governed by the laws of Texas. 4",
    ]
    path = tmp_path / "filed.txt"
    path.write_text(_filed(pages, "Source: BRAND CO, 10-K, 3/1/2019"))
    text = read_document(path).text
    assert "Source:" not in text
    assert "including all\n\ntaxes." in text  # no footer between the halves of the sentence
    assert "promote any brand that\n\ncompetes" in text
    assert "Texas." in text and "Texas. 4" not in text


def test_repeated_body_lines_and_lone_numbers_are_kept(tmp_path):
    para = "This Agreement is made in two copies.\n\n\n\n"
    body = "The Fee is payable in 3\n\n\n\nThe Creator shall post once.\n\n"
    path = tmp_path / "body.txt"
    path.write_text(para * 4 + body)
    text = read_document(path).text
    assert text.count("This Agreement is made in two copies.") == 4
    assert "payable in 3" in text  # one number at a paragraph end is content


def test_repeated_operative_line_at_page_breaks_is_kept(tmp_path):
    # A schedule whose payment line comes back on every page, right before the break,
    # differing only in its numbers: it binds the Brand, so it is body text.
    pages = []
    for month in range(1, 6):
        pages.append(
            f"{month}. The Creator shall publish {month} posts on Instagram in month {month}."
            f"\n\nThe Brand shall pay the fee for month {month} within thirty days of invoice"
            f"\n\n\n\nPage {month} of 5\n\n\n\n"
        )
    path = tmp_path / "schedule.txt"
    path.write_text("\n\n".join(pages))
    text = read_document(path).text
    assert text.count("The Brand shall pay the fee for month") == 5
    assert "Page 3 of 5" not in text

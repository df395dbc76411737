"""PDF ingest: running heads and page numbers dropped, hyphenation joined, locations kept."""

from __future__ import annotations

import io

import pytest

from contractsmith.ingest import BlockKind, read_document
from contractsmith.ingest.pagenum import is_page_number
from contractsmith.ingest.pdf import compact_content, find_running_lines, pdf_blocks
from tests.ingest.builders import make_pdf

BODY = [
    [
        "1. SERVICES",
        "1.1 The Creator shall produce and publish the Deliverables described in",
        "Schedule A on the Platforms, and shall comply with every disclosure obli-",
        "gation set out in clause 4.",
    ],
    [
        "1.2 The Brand shall supply the products at least ten days before the",
        "first posting date.",
        "2. FEES",
        "2.1 The Brand shall pay the Fee of USD 5,000 within thirty days of",
    ],
    [
        "receipt of a valid invoice.",
        "3. TERM",
        "This Agreement runs from the Effective Date until the last Deliverable",
        "is published.",
    ],
]


def contract_pages() -> list[list[str]]:
    pages = []
    for i, body in enumerate(BODY, start=1):
        pages.append(
            [
                "ACME BRAND x JANE CREATOR - INFLUENCER AGREEMENT",
                *body,
                f"Agreement 2026-17 | Page {i} of {len(BODY)}",
                f"- {i} -",
            ]
        )
    return pages


@pytest.fixture
def contract_pdf(tmp_path):
    path = tmp_path / "contract.pdf"
    path.write_bytes(make_pdf(contract_pages()))
    return path


def test_paragraphs_reflowed_across_lines_and_pages(contract_pdf):
    doc = read_document(contract_pdf)
    assert doc.format == "pdf" and doc.pages == 3
    assert [b.text for b in doc.blocks] == [
        "1. SERVICES",
        "1.1 The Creator shall produce and publish the Deliverables described in Schedule A"
        " on the Platforms, and shall comply with every disclosure obligation set out in"
        " clause 4.",
        "1.2 The Brand shall supply the products at least ten days before the first posting date.",
        "2. FEES",
        "2.1 The Brand shall pay the Fee of USD 5,000 within thirty days of receipt of a"
        " valid invoice.",
        "3. TERM",
        "This Agreement runs from the Effective Date until the last Deliverable is published.",
    ]
    assert [b.label for b in doc.blocks[:3]] == ["1.", "1.1", "1.2"]
    assert doc.blocks[0].kind is BlockKind.HEADING


def test_running_heads_and_feet_kept_apart(contract_pdf):
    doc = read_document(contract_pdf)
    assert [b.text for b in doc.headers] == ["ACME BRAND x JANE CREATOR - INFLUENCER AGREEMENT"]
    assert [b.text for b in doc.footers] == ["Agreement 2026-17 | Page 1 of 3"]
    assert "INFLUENCER AGREEMENT" not in doc.text
    assert "Page" not in doc.text and "- 2 -" not in doc.text


def test_page_and_source_offset_map_back(contract_pdf):
    import io

    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(contract_pdf.read_bytes()))
    page_texts = [p.extract_text() for p in reader.pages]
    doc = read_document(contract_pdf)
    pages = [b.page for b in doc.blocks]
    assert pages == [1, 1, 2, 2, 2, 3, 3]
    for block in doc.blocks:
        source = page_texts[block.page - 1]
        assert source[block.source_offset :].startswith(block.text[:20])
        assert doc.text[block.start : block.end] == block.text


def test_short_pdf_keeps_all_lines():
    """Fewer than three pages: nothing counts as a running head (except bare numbers)."""
    body, heads, feet = pdf_blocks(["TITLE LINE\nThe Brand shall pay.\n1", "TITLE LINE\nEnd.\n2"])
    assert heads == [] and feet == []
    assert [b.text for b in body] == ["TITLE LINE", "The Brand shall pay.", "TITLE LINE", "End."]


@pytest.mark.parametrize(
    "line", ["3", " 12 ", "- 3 -", "Page 3", "page 3 of 12", "PAGE 4 OF 9", "iv", "3/12", "— 7 —"]
)
def test_page_numbers_recognised(line):
    assert is_page_number(line)


@pytest.mark.parametrize("line", ["3. Term", "USD 5,000", "Page Three", "Section 3", ""])
def test_not_page_numbers(line):
    assert not is_page_number(line)


def test_running_lines_need_most_pages():
    pages = [["Header 1", "body one"], ["Header 2", "body two"], ["Other", "x"], ["Header 4", "y"]]
    heads, _ = find_running_lines(pages)
    assert heads == {"header #"}
    pages = [["Header A", "x"], ["B", "y"], ["C", "z"], ["D", "w"], ["E", "v"]]
    assert find_running_lines(pages) == (set(), set())


def test_mid_page_page_number_run_dropped():
    """Source page numbers printed mid-page are dropped when they run in sequence."""
    texts = [
        "First clause ends here.\n3\n4. FEES\nThe Brand pays within\n4\nthirty days.",
        "Second page text.\nMore.\nEven more.\n5\nMiddle one.\n17\nTwo.\nThree.\nFour.",
    ]
    body, _, _ = pdf_blocks(texts)
    got = [b.text for b in body]
    assert "3" not in got and "5" not in got
    assert "17" in got  # out of sequence: kept
    assert "The Brand pays within thirty days." in got


def test_pdf_cuad_fixture(cuad_fixtures):
    """A real filed contract (CUAD v1, The Atticus Project, CC BY 4.0)."""
    pdfs = sorted(cuad_fixtures.glob("*.pdf"))
    assert pdfs
    for path in pdfs:
        doc = read_document(path)
        assert doc.pages and doc.pages >= 2
        assert len(doc.blocks) > 10
        assert all(b.page is not None and b.source_offset is not None for b in doc.blocks)
        # No bare page numbers survive as blocks.
        assert not any(is_page_number(b.text) for b in doc.blocks)


def test_compact_content_drops_drawing_only_operators():
    stream = (
        b"q q Q q Q Q 0 0 612 792 re W n q 1 1 1 rg 10 10 m 20 20 l h f Q "
        b"BT /F1 11 Tf 72 700 Td (q Q 10 20 m text) Tj ET "
        b"q 10 10 m 50 50 l S Q"
    )
    compacted = compact_content(stream)
    assert b"BT /F1 11 Tf 72 700 Td (q Q 10 20 m text) Tj ET" in compacted
    outside = compacted.replace(b"BT /F1 11 Tf 72 700 Td (q Q 10 20 m text) Tj ET", b"")
    assert outside.split() == [b"q", b"1", b"1", b"1", b"rg", b"Q"]


def test_compacted_page_gives_the_same_text(tmp_path):
    """A page padded with 40,000 empty q/Q pairs and clip paths reads the same."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import DecodedStreamObject, NameObject

    reader = PdfReader(io.BytesIO(make_pdf(contract_pages())))
    writer = PdfWriter()
    for page in reader.pages:
        data = page.get_contents().get_data()
        padded = b"q Q\r" * 40000 + b"0 0 612 792 re W n\r" * 500 + data
        stream = DecodedStreamObject()
        stream.set_data(padded)
        page[NameObject("/Contents")] = writer._add_object(stream)
        writer.add_page(page)
    path = tmp_path / "padded.pdf"
    with open(path, "wb") as fh:
        writer.write(fh)
    plain = tmp_path / "plain.pdf"
    plain.write_bytes(make_pdf(contract_pages()))
    assert read_document(path).text == read_document(plain).text


def test_look_alike_semicolons_and_hyphens_read_as_ascii():
    page = "The Brand may terminate on notice\u037e or for non\u2011payment\u037e and"
    body, _, _ = pdf_blocks([page])
    assert body[0].text == "The Brand may terminate on notice; or for non-payment; and"
    assert len(body[0].text) == len(page)  # one character for one: offsets still hold


LEGEND = [
    "CERTAIN PORTIONS OF THIS EXHIBIT HAVE BEEN OMITTED PURSUANT TO A REQUEST FOR",
    "CONFIDENTIAL TREATMENT UNDER RULE 24B-2 UNDER THE SECURITIES EXCHANGE ACT OF",
    "1934. OMISSIONS ARE DESIGNATED [***]. A COMPLETE VERSION OF THIS EXHIBIT HAS BEEN",
    "FILED SEPARATELY WITH THE SECURITIES AND EXCHANGE COMMISSION.",
]
WORDS = ["alpha", "bravo", "charlie", "delta"]


def _page_body(word: str) -> list[str]:
    return [
        f"The {word} clause says that the Brand shall pay the fees set out in the Schedule",
        f"within thirty days of each {word} invoice that the Creator sends under the",
        f"Agreement, and the {word} fees shall be paid by bank transfer to the account of",
    ]


def test_multi_line_legend_above_the_page_number_is_a_running_foot():
    pages = ["\n".join([*_page_body(w), *LEGEND, str(n)]) for n, w in enumerate(WORDS, 1)]
    body, _, feet = pdf_blocks(pages)
    text = " ".join(b.text for b in body)
    assert "OMITTED" not in text and "COMMISSION" not in text
    assert "to the account of The bravo clause" in text
    assert {f.text for f in feet} == set(LEGEND)


def test_line_met_twice_near_a_page_foot_is_not_taken_deeper_in():
    # The last three lines repeat on every page and go; the fourth from the foot is also
    # on every page but twice on each, as a signature block's lines are: it stays.
    sign = ["By: /s/ Jane Doe", "Name: Jane Doe", "By: /s/ Jane Doe", "Title: Director"]
    pages = ["\n".join([*_page_body(w), *sign]) for w in WORDS]
    body, _, _ = pdf_blocks(pages)
    assert " ".join(b.text for b in body).count("By: /s/ Jane Doe") == len(WORDS)

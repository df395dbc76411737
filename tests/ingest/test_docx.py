"""DOCX ingest: reading order, numbering labels, tables, tracked changes, headers/footers."""

from __future__ import annotations

import docx
import pytest
from docx.enum.section import WD_SECTION
from docx.oxml import parse_xml

from contractsmith.ingest import BlockKind, read_document
from tests.ingest.builders import NS, docx_bytes, insert_body_xml, rewrite_zip

NUMBERING_XML = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering {NS}>
  <w:abstractNum w:abstractNumId="1">
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
    <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2"/></w:lvl>
    <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="(%3)"/></w:lvl>
    <w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="lowerRoman"/><w:lvlText w:val="(%4)"/></w:lvl>
  </w:abstractNum>
  <w:abstractNum w:abstractNumId="2">
    <w:lvl w:ilvl="0"><w:start w:val="4"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="ARTICLE %1"/></w:lvl>
  </w:abstractNum>
  <w:abstractNum w:abstractNumId="3">
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="\uf0b7"/></w:lvl>
  </w:abstractNum>
  <w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>
  <w:num w:numId="2"><w:abstractNumId w:val="2"/></w:num>
  <w:num w:numId="3"><w:abstractNumId w:val="1"/>
    <w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
  <w:num w:numId="4"><w:abstractNumId w:val="3"/></w:num>
</w:numbering>""".encode()


def numbered(document: docx.document.Document, text: str, num_id: int, ilvl: int = 0) -> None:
    """Add a paragraph that uses list ``num_id`` at level ``ilvl``."""
    paragraph = document.add_paragraph(text)
    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(
        parse_xml(f'<w:numPr {NS}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>')
    )


def with_numbering(document: docx.document.Document) -> bytes:
    return rewrite_zip(docx_bytes(document), {"word/numbering.xml": NUMBERING_XML})


@pytest.fixture
def numbered_docx(tmp_path):
    d = docx.Document()
    d.add_heading("Influencer Marketing Agreement", 0)
    numbered(d, "Definitions", 2)
    numbered(d, "Services", 1)
    numbered(d, "Creator shall publish three posts.", 1, 1)
    numbered(d, "one Instagram post;", 1, 2)
    numbered(d, "two TikTok videos.", 1, 2)
    numbered(d, "first sub-item", 1, 3)
    numbered(d, "Brand shall supply the product.", 1, 1)
    numbered(d, "Payment", 1)
    numbered(d, "Brand shall pay within 30 days.", 1, 1)
    numbered(d, "Schedule item restarts", 3)
    numbered(d, "a bullet point", 4)
    d.add_paragraph("A plain closing paragraph.")
    path = tmp_path / "numbered.docx"
    path.write_bytes(with_numbering(d))
    return path


def test_numbering_labels_are_computed_and_prefixed(numbered_docx):
    doc = read_document(numbered_docx)
    got = [(b.label, b.text) for b in doc.blocks]
    assert got == [
        (None, "Influencer Marketing Agreement"),
        ("ARTICLE IV", "ARTICLE IV Definitions"),
        ("1.", "1. Services"),
        ("1.1", "1.1 Creator shall publish three posts."),
        ("(a)", "(a) one Instagram post;"),
        ("(b)", "(b) two TikTok videos."),
        ("(i)", "(i) first sub-item"),
        ("1.2", "1.2 Brand shall supply the product."),
        ("2.", "2. Payment"),
        ("2.1", "2.1 Brand shall pay within 30 days."),
        ("1.", "1. Schedule item restarts"),
        ("•", "a bullet point"),
        (None, "A plain closing paragraph."),
    ]
    assert doc.blocks[0].kind is BlockKind.HEADING
    assert doc.blocks[3].kind is BlockKind.LIST_ITEM
    assert doc.blocks[-1].kind is BlockKind.PARAGRAPH
    assert doc.format == "docx"


def test_offsets_point_into_text(numbered_docx):
    doc = read_document(numbered_docx)
    for i, block in enumerate(doc.blocks):
        assert block.paragraph == i
        assert doc.text[block.start : block.end] == block.text
        assert doc.block_at(block.start) is block


def test_headings_by_style_and_builtin_list_styles(tmp_path):
    d = docx.Document()
    d.add_heading("Term and Termination", 1)
    d.add_paragraph("Either party may terminate on 30 days notice.")
    d.add_paragraph("first", style="List Number")
    d.add_paragraph("second", style="List Number")
    path = tmp_path / "h.docx"
    d.save(path)
    doc = read_document(path)
    assert doc.blocks[0].kind is BlockKind.HEADING
    assert doc.blocks[0].style == "Heading 1"
    assert [b.text for b in doc.blocks[2:]] == ["1. first", "2. second"]


def test_tables_in_reading_order_nested_and_merged(tmp_path):
    d = docx.Document()
    d.add_paragraph("Before the table.")
    table = d.add_table(rows=3, cols=2)
    table.cell(0, 0).text = "Deliverable"
    table.cell(0, 1).text = "Due date"
    merged = table.cell(1, 0).merge(table.cell(2, 0))  # vertical merge
    merged.text = "Instagram Reel"
    table.cell(1, 1).text = "1 March"
    table.cell(2, 1).text = "15 March"
    inner = table.cell(2, 1).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "inner A"
    inner.cell(0, 1).text = "inner B"
    wide = d.add_table(rows=1, cols=3)
    wide.cell(0, 0).merge(wide.cell(0, 2)).text = "Spanning cell"
    d.add_paragraph("After the table.")
    path = tmp_path / "t.docx"
    d.save(path)
    doc = read_document(path)
    texts = [b.text for b in doc.blocks]
    assert texts == [
        "Before the table.",
        "Deliverable: Due date",  # two-cell rows opened by a label read as one unit
        "Instagram Reel: 1 March",
        "15 March",
        "inner A",
        "inner B",
        "Spanning cell",
        "After the table.",
    ]
    assert {b.kind for b in doc.blocks[1:3]} == {BlockKind.TABLE_ROW}
    assert {b.kind for b in doc.blocks[3:-1]} == {BlockKind.TABLE_CELL}


def test_tracked_changes_fields_hidden_text_and_controls(tmp_path):
    d = docx.Document()
    insert_body_xml(
        d,
        '<w:p {NS}><w:r><w:t xml:space="preserve">Brand shall pay within </w:t></w:r>'
        '<w:del w:id="1" w:author="A"><w:r><w:delText>30</w:delText></w:r></w:del>'
        '<w:ins w:id="2" w:author="A"><w:r><w:t>60</w:t></w:r></w:ins>'
        '<w:r><w:t xml:space="preserve"> days</w:t></w:r>'
        "<w:r><w:rPr><w:vanish/></w:rPr><w:t> SECRET NOTE</w:t></w:r>"
        "<w:r><w:t>.</w:t></w:r></w:p>",
    )
    insert_body_xml(
        d,
        '<w:p {NS}><w:r><w:t xml:space="preserve">See </w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> REF _Ref1 \\h </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        "<w:r><w:t>Schedule 1</w:t></w:r>"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        '<w:r><w:t xml:space="preserve"> and page </w:t></w:r>'
        '<w:fldSimple w:instr=" PAGE "><w:r><w:t>4</w:t></w:r></w:fldSimple>'
        "<w:r><w:t>; a</w:t></w:r><w:r><w:noBreakHyphen/><w:t>b.</w:t></w:r></w:p>",
    )
    insert_body_xml(
        d,
        '<w:sdt {NS}><w:sdtPr><w:alias w:val="Fee"/></w:sdtPr><w:sdtContent>'
        "<w:p><w:r><w:t>The fee is USD 5,000.</w:t></w:r></w:p></w:sdtContent></w:sdt>",
    )
    insert_body_xml(
        d,
        "<w:p {NS}><w:r><w:t>Creator: </w:t></w:r><w:sdt><w:sdtPr/><w:sdtContent>"
        "<w:r><w:t>Jane Doe</w:t></w:r></w:sdtContent></w:sdt></w:p>",
    )
    insert_body_xml(
        d,
        '<w:p {NS}><w:del w:id="3" w:author="A"><w:r><w:delText>Deleted clause.</w:delText>'
        "</w:r></w:del></w:p>",
    )
    path = tmp_path / "tracked.docx"
    d.save(path)
    doc = read_document(path)
    assert [b.text for b in doc.blocks] == [
        "Brand shall pay within 60 days.",
        "See Schedule 1 and page 4; a-b.",
        "The fee is USD 5,000.",
        "Creator: Jane Doe",
    ]
    assert "30" not in doc.text and "REF" not in doc.text and "SECRET" not in doc.text


def test_text_boxes_included_once(tmp_path):
    d = docx.Document()
    box = "<w:txbxContent><w:p><w:r><w:t>Text box clause.</w:t></w:r></w:p></w:txbxContent>"
    insert_body_xml(
        d,
        "<w:p {NS}><w:r><w:t>Anchor paragraph.</w:t></w:r><w:r><mc:AlternateContent>"
        '<mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic><a:graphicData>'
        f"<wps:wsp><wps:txbx>{box}</wps:txbx></wps:wsp></a:graphicData></a:graphic>"
        "</wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape>"
        f"<v:textbox>{box}</v:textbox></v:shape></w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r></w:p>",
    )
    path = tmp_path / "box.docx"
    d.save(path)
    doc = read_document(path)
    assert [b.text for b in doc.blocks] == ["Anchor paragraph.", "Text box clause."]


def test_headers_and_footers_kept_apart_once_each(tmp_path):
    d = docx.Document()
    d.sections[0].header.paragraphs[0].text = "CONFIDENTIAL - Brand x Creator"
    d.sections[0].footer.paragraphs[0].text = "Influencer Agreement v2"
    d.add_paragraph("Body text of section one.")
    second = d.add_section(WD_SECTION.NEW_PAGE)
    second.header.is_linked_to_previous = False
    second.header.paragraphs[0].text = "Schedule A header"
    d.add_paragraph("Body text of section two.")
    path = tmp_path / "hf.docx"
    d.save(path)
    doc = read_document(path)
    assert [b.text for b in doc.blocks] == [
        "Body text of section one.",
        "Body text of section two.",
    ]
    assert [b.text for b in doc.headers] == [
        "CONFIDENTIAL - Brand x Creator",
        "Schedule A header",
    ]
    assert [b.text for b in doc.footers] == ["Influencer Agreement v2"]
    assert all(b.kind is BlockKind.HEADER and b.start == -1 for b in doc.headers)
    assert "CONFIDENTIAL" not in doc.text


def test_docx_core_title_in_metadata(tmp_path):
    d = docx.Document()
    d.core_properties.title = "Sponsorship Agreement"
    d.add_paragraph("Text.")
    path = tmp_path / "m.docx"
    d.save(path)
    assert read_document(path).metadata["title"] == "Sponsorship Agreement"


def test_numbering_inherited_from_heading_style(tmp_path):
    d = docx.Document()
    style = d.styles["Heading 1"].element
    style.get_or_add_pPr().append(
        parse_xml(f'<w:numPr {NS}><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>')
    )
    d.add_heading("Services", 1)
    d.add_paragraph("The Creator shall post.")
    d.add_heading("Payment", 1)
    numbered(d, "The Brand shall pay.", 1, 1)
    path = tmp_path / "styled.docx"
    path.write_bytes(with_numbering(d))
    doc = read_document(path)
    assert [(b.kind, b.text) for b in doc.blocks] == [
        (BlockKind.HEADING, "1. Services"),
        (BlockKind.PARAGRAPH, "The Creator shall post."),
        (BlockKind.HEADING, "2. Payment"),
        (BlockKind.LIST_ITEM, "2.1 The Brand shall pay."),
    ]


def test_numbering_removed_with_num_id_zero(tmp_path):
    d = docx.Document()
    d.add_paragraph("first", style="List Number")
    p = d.add_paragraph("not numbered", style="List Number")
    p._p.get_or_add_pPr().append(
        parse_xml(f'<w:numPr {NS}><w:ilvl w:val="0"/><w:numId w:val="0"/></w:numPr>')
    )
    path = tmp_path / "zero.docx"
    d.save(path)
    assert [b.text for b in read_document(path).blocks] == ["1. first", "not numbered"]

"""Hostile contract files: every number in a file has a bounded effect, every character a
report can write, every DOCTYPE refused, every decoding said (issue cases 4, 17, 19, 23)."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml as docx_parse_xml
from lxml import etree

from contractsmith.analyse import nlp
from contractsmith.analyse.check import Engine, check_document
from contractsmith.ingest import IngestError, Limits, read_document
from contractsmith.ingest.codes import I_RULES, reading_notes
from contractsmith.ingest.numbering import (
    MAX_LABEL_CHARS,
    MAX_START,
    Numbering,
    format_number,
    to_letters,
)
from contractsmith.ingest.pdf import clean_surrogates
from contractsmith.safexml import UnsafeXMLError, parse_xml
from tests.ingest.builders import docx_bytes, make_pdf, pdf_objects_to_bytes, rewrite_zip

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NO_WORDING = Engine(wording="tests.check.fakes:no_wording")


def refused(path: Path, limits: Limits | None = None) -> str:
    """The one-line IngestError message for ``path``."""
    with pytest.raises(IngestError) as info:
        read_document(path, limits)
    message = str(info.value)
    assert message and "\n" not in message
    return message


# --- case 4: numbers in numbering.xml decide no string's size --------------------------


def _numbering(xml: str) -> Numbering:
    return Numbering(etree.fromstring(f'<w:numbering xmlns:w="{W}">{xml}</w:numbering>'))


def _list(start: str, fmt: str, text: str = "%1.") -> str:
    return (
        f'<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="{start}"/>'
        f'<w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl></w:abstractNum>'
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
    )


@pytest.mark.parametrize("fmt", ["lowerLetter", "upperLetter", "lowerRoman", "decimal"])
def test_a_huge_list_start_gives_a_short_label(fmt):
    numbering = _numbering(_list("1000000000", fmt))
    labels = [numbering.label("1", 0) for _ in range(3)]
    assert all(label is not None and len(label) <= 8 for label in labels)
    assert labels[0] == f"{MAX_START}." or fmt != "decimal"


def test_a_start_override_is_clamped_too():
    numbering = _numbering(
        _list("1", "lowerLetter").replace(
            '<w:abstractNumId w:val="0"/></w:num>',
            '<w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0">'
            '<w:startOverride w:val="999999999"/></w:lvlOverride></w:num>',
        )
    )
    assert numbering.label("1", 0) == f"{MAX_START}."


def test_letter_labels_longer_than_four_letters_fall_back_to_decimal():
    assert to_letters(104) == "zzzz" and format_number(104, "upperLetter") == "ZZZZ"
    assert to_letters(105) == "105" and to_letters(10**9) == "1000000000"
    assert format_number(4000, "upperRoman") == "4000"


def test_a_long_level_text_is_capped():
    numbering = _numbering(_list("1", "decimal", text="%1" * 5000))
    label = numbering.label("1", 0)
    assert label is not None and len(label) <= MAX_LABEL_CHARS


def test_levels_outside_word_range_are_ignored():
    xml = _list("1", "decimal").replace('w:ilvl="0"', 'w:ilvl="99999999999"')
    assert _numbering(xml).label("1", 0) is None


def _numbered_docx(paragraphs: int, numbering_xml: bytes) -> bytes:
    document = docx.Document()
    for _ in range(paragraphs):
        p = document.add_paragraph("The Creator shall post one video.")
        p._p.get_or_add_pPr().append(
            docx_parse_xml(
                f'<w:numPr xmlns:w="{W}"><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>'
            )
        )
    return rewrite_zip(docx_bytes(document), {"word/numbering.xml": numbering_xml})


def test_numbering_bomb_docx_reads_at_normal_size(tmp_path):
    xml = f'<w:numbering xmlns:w="{W}">{_list("1000000000", "lowerLetter")}</w:numbering>'
    path = tmp_path / "bomb.docx"
    path.write_bytes(_numbered_docx(200, xml.encode()))
    doc = read_document(path)
    assert len(doc.blocks) == 200
    assert len(doc.text) < 200 * 60
    assert doc.blocks[0].text == f"{MAX_START}. The Creator shall post one video."


def test_a_non_numeric_level_or_outline_does_not_lose_the_document(tmp_path, monkeypatch):
    xml = f'<w:numbering xmlns:w="{W}">{_list("1", "decimal")}</w:numbering>'
    data = _numbered_docx(2, xml.encode())
    data = rewrite_zip(
        data,
        {
            "word/document.xml": lambda raw: raw.replace(
                b'<w:ilvl w:val="0"/>', b'<w:ilvl w:val="x"/>', 1
            ),
            "word/styles.xml": lambda raw: raw.replace(
                b'<w:outlineLvl w:val="0"/>', '<w:outlineLvl w:val="²"/>'.encode(), 1
            ),
        },
    )
    path = tmp_path / "odd.docx"
    path.write_bytes(data)
    doc = read_document(path)
    assert [b.label for b in doc.blocks] == ["1.", "2."]


# --- other unbounded counts: pages, paragraphs ----------------------------------------


def test_a_docx_with_too_many_paragraphs_is_refused(tmp_path):
    document = docx.Document()
    for _ in range(30):
        document.add_paragraph("")
    document.add_paragraph("The Creator shall post one video.")
    path = tmp_path / "many.docx"
    path.write_bytes(docx_bytes(document))
    message = refused(path, Limits(max_paragraphs=20))
    assert message.startswith("too many paragraphs") and "CONTRACTSMITH_MAX_PARAGRAPHS" in message
    assert read_document(path, Limits(max_paragraphs=40)).blocks


def test_table_cells_count_towards_the_paragraph_limit(tmp_path):
    document = docx.Document()
    document.add_paragraph("The Creator shall post one video.")
    document.add_table(rows=10, cols=5)
    path = tmp_path / "cells.docx"
    path.write_bytes(docx_bytes(document))
    assert refused(path, Limits(max_paragraphs=30)).startswith("too many paragraphs")


def test_a_text_file_with_too_many_paragraphs_is_refused(tmp_path):
    path = tmp_path / "many.txt"
    path.write_text("Clause.\n\n" * 50)
    message = refused(path, Limits(max_paragraphs=10))
    assert message.startswith("too many paragraphs: more than 10")


def test_a_pdf_with_too_many_pages_is_refused(tmp_path):
    path = tmp_path / "pages.pdf"
    path.write_bytes(make_pdf([[f"Clause {i}. The Creator shall post."] for i in range(4)]))
    message = refused(path, Limits(max_pages=3))
    assert message == "too many pages: 4 (limit 3; set CONTRACTSMITH_MAX_PAGES to raise it)"


def test_count_limits_have_environment_overrides(monkeypatch):
    monkeypatch.setenv("CONTRACTSMITH_MAX_PAGES", "7")
    monkeypatch.setenv("CONTRACTSMITH_MAX_PARAGRAPHS", "8")
    monkeypatch.setenv("CONTRACTSMITH_MAX_TEXT_CHARS", "9")
    limits = Limits()
    assert (limits.max_pages, limits.max_paragraphs, limits.max_text_chars) == (7, 8, 9)


# --- case 17: lone surrogates and over-long text --------------------------------------

_CMAP = b"""/CIDInit /ProcSet findresource begin 12 dict begin begincmap
/CMapName /T def 1 begincodespacerange <00> <FF> endcodespacerange
1 beginbfchar <41> <D800> endbfchar endcmap CMapName currentdict /CMap defineresource pop
end end"""


def _surrogate_pdf() -> bytes:
    """A PDF whose font maps "A" to the lone surrogate U+D800."""
    stream = b"BT /F1 11 Tf 14 TL 72 760 Td (An Agreement.) Tj T* (The Creator shall post.) Tj ET"
    return pdf_objects_to_bytes(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R >>",
            f"<< /Length {len(stream)} >>\nstream\n".encode() + stream + b"\nendstream",
            f"<< /Length {len(_CMAP)} >>\nstream\n".encode() + _CMAP + b"\nendstream",
        ]
    )


def test_a_glyph_mapped_to_a_lone_surrogate_becomes_a_replacement_character(tmp_path):
    path = tmp_path / "surrogate.pdf"
    path.write_bytes(_surrogate_pdf())
    doc = read_document(path)
    assert "\ufffd" in doc.text and "The Creator shall post." in doc.text
    doc.text.encode("utf-8")  # every report writer can write it
    assert not any(re.search("[\ud800-\udfff]", b.text) for b in doc.blocks)


def test_clean_surrogates_keeps_pairs_and_lengths_of_lone_ones():
    assert clean_surrogates("a\ud800b") == "a\ufffdb"
    assert clean_surrogates("\ud83d\ude00") == "\U0001f600"
    assert clean_surrogates("plain") == "plain"


def test_a_surrogate_pdf_is_checked_not_an_error_row(tmp_path):
    path = tmp_path / "surrogate.pdf"
    path.write_bytes(_surrogate_pdf())
    report = check_document(str(path), engine=NO_WORDING)
    assert report.error is None
    json.dumps([f.to_dict() for f in report.findings], ensure_ascii=False).encode("utf-8")


def test_an_over_long_text_is_truncated_with_a_note(tmp_path):
    path = tmp_path / "long.txt"
    path.write_text("The Creator shall post one video.\n\n" * 20)
    doc = read_document(path, Limits(max_text_chars=100))
    assert len(doc.text) <= 100
    assert doc.metadata["text_truncated"].startswith("text truncated at 100 characters")
    assert all(doc.text[b.start : b.end] == b.text for b in doc.blocks)
    assert read_document(path).metadata.get("text_truncated") is None


def test_an_over_long_docx_is_cut_inside_its_last_block(tmp_path):
    document = docx.Document()
    document.add_paragraph("The Creator shall post one video.")
    document.add_paragraph("The Brand shall pay the fee within thirty days of the invoice.")
    path = tmp_path / "long.docx"
    path.write_bytes(docx_bytes(document))
    doc = read_document(path, Limits(max_text_chars=50))
    assert doc.text == "The Creator shall post one video.\n\nThe Brand shall"
    assert "CONTRACTSMITH_MAX_TEXT_CHARS" in doc.metadata["text_truncated"]


def test_pdf_extraction_stops_at_the_text_limit(tmp_path):
    path = tmp_path / "long.pdf"
    path.write_bytes(make_pdf([[f"Clause {i}. The Creator shall post."] for i in range(6)]))
    doc = read_document(path, Limits(max_text_chars=60))
    assert len(doc.text) <= 60 and "text_truncated" in doc.metadata
    assert doc.pages == 6


def test_sentences_of_a_text_longer_than_spacy_max_length(monkeypatch):
    monkeypatch.setattr(nlp.get_nlp(), "max_length", 1000)
    monkeypatch.setattr(nlp, "MAX_PIECE", 300)
    text = "The Creator shall post. The Brand shall pay. " * 100
    spans = next(nlp.sentence_spans([text]))
    assert len(spans) == 200
    assert [text[a:b] for a, b in spans[:2]] == ["The Creator shall post.", "The Brand shall pay."]
    assert spans[-1][1] == len(text.rstrip())
    found = nlp.entities("The fee is USD 5,000. " * 100)
    assert len(found) == 100 and found[-1][1] == "USD 5,000"


def test_pieces_cut_at_spaces_and_cover_the_text():
    text = "word " * 50
    parts = list(nlp.pieces(text, 42))
    assert "".join(p for _, p in parts) == text
    assert all(len(p) <= 42 and p.endswith(" ") for _, p in parts[:-1])
    assert [p for _, p in nlp.pieces("One. Two three. Four", 17)] == ["One. Two three. ", "Four"]
    assert [o for o, _ in parts] == [sum(len(p) for _, p in parts[:i]) for i in range(len(parts))]


def test_truncation_is_reported_as_i002(tmp_path, monkeypatch):
    monkeypatch.setenv("CONTRACTSMITH_MAX_TEXT_CHARS", "60")
    path = tmp_path / "long.txt"
    path.write_text("The Creator shall post one video.\n\n" * 5)
    report = check_document(str(path), engine=NO_WORDING)
    notes = [f for f in report.findings if f.rule == "I002"]
    assert len(notes) == 1 and notes[0].severity.value == "warning"
    assert notes[0].message.startswith("text truncated at 60 characters")


# --- case 19: DOCTYPE refused by the parser, whatever the encoding or part name -----------

_DOCTYPE = '<!DOCTYPE w:document [<!ENTITY x "boom">]>'


def _with_doctype(raw: bytes) -> str:
    text = raw.decode("utf-8")
    return re.sub(r"(<\?xml[^>]*\?>)", r"\1" + _DOCTYPE, text, count=1)


def _plain_docx() -> bytes:
    document = docx.Document()
    document.add_paragraph("The Creator shall post one video.")
    return docx_bytes(document)


def test_a_doctype_in_utf16_without_bom_is_refused(tmp_path):
    def utf16(raw: bytes) -> bytes:
        return (
            _with_doctype(raw).replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16-le")
        )

    path = tmp_path / "utf16.docx"
    path.write_bytes(rewrite_zip(_plain_docx(), {"word/document.xml": utf16}))
    assert refused(path) == (
        "unsafe XML in word/document.xml: DOCTYPE declaration (entity expansion refused)"
    )


def test_a_doctype_in_a_main_part_with_another_name_is_refused(tmp_path):
    data = _plain_docx()
    zf = zipfile.ZipFile(io.BytesIO(data))
    edits = {
        "_rels/.rels": zf.read("_rels/.rels").replace(b"word/document.xml", b"word/main.dat"),
        "[Content_Types].xml": zf.read("[Content_Types].xml").replace(
            b'"/word/document.xml"', b'"/word/main.dat"'
        ),
        "word/main.dat": _with_doctype(zf.read("word/document.xml")).encode(),
        "word/_rels/main.dat.rels": zf.read("word/_rels/document.xml.rels"),
    }
    path = tmp_path / "renamed.docx"
    path.write_bytes(rewrite_zip(data, edits))
    assert refused(path).startswith("unsafe XML in word/main.dat: DOCTYPE")


@pytest.mark.parametrize(
    "xml",
    [
        b"<!DOCTYPE a><a/>",
        b'<!DOCTYPE a [<!ENTITY b "c">]>junk that makes the rest malformed<a/>',
        b'<!DOCTYPE a SYSTEM "http://example.invalid/a.dtd"><a/>',
        '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE a><a/>'.encode("utf-16-le"),
        b'<!DOCTYPE a [<!ENTITY b "bb"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">'
        b'<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">'
        b'<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">]><a>&e;</a>',
    ],
)
def test_the_safe_parser_refuses_any_doctype(xml):
    with pytest.raises(UnsafeXMLError):
        parse_xml(xml)


def test_the_safe_parser_reads_ordinary_xml():
    assert parse_xml(b'<?xml version="1.0"?><a><b>&amp;</b></a>').findtext("b") == "&"
    with pytest.raises(etree.XMLSyntaxError):
        parse_xml(b"<a>")


def test_annotating_a_docx_with_a_doctype_is_refused(tmp_path):
    from contractsmith.report.annotate_docx import annotate_docx

    source = tmp_path / "in.docx"
    source.write_bytes(
        rewrite_zip(_plain_docx(), {"word/styles.xml": lambda raw: _with_doctype(raw).encode()})
    )
    with pytest.raises(IngestError, match="DOCTYPE"):
        annotate_docx(source, tmp_path / "out.docx", [])
    assert not (tmp_path / "out.docx").exists()


def test_a_word_shell_with_a_doctype_is_refused(tmp_path):
    from contractsmith.generate.docx_writer import ShellError, load_shell

    shell = tmp_path / "shell.docx"
    shell.write_bytes(
        rewrite_zip(_plain_docx(), {"word/document.xml": lambda raw: _with_doctype(raw).encode()})
    )
    with pytest.raises(ShellError, match="DOCTYPE"):
        load_shell(shell)


# --- case 23: a text file that is not UTF-8 says how it was read ------------------------


def test_a_latin1_text_file_is_checked_with_an_info_note(tmp_path):
    path = tmp_path / "legacy.txt"
    path.write_bytes("The Creator shall post one video at the café for £500.\n".encode("latin-1"))
    report = check_document(str(path), engine=NO_WORDING)
    assert report.error is None and "café for £500" in report.text
    notes = [f for f in report.findings if f.rule == "I001"]
    assert len(notes) == 1
    assert notes[0].severity.value == "info"
    assert notes[0].message == "read as Windows-1252: not valid UTF-8"
    assert notes[0].location.file == str(path) and notes[0].location.start is None
    only = check_document(str(path), engine=NO_WORDING, select=["I"])
    assert [f.rule for f in only.findings] == ["I001"]
    ignored = check_document(str(path), engine=NO_WORDING, ignore=["I001"])
    assert "I001" not in {f.rule for f in ignored.findings}


def test_a_utf8_text_file_has_no_note(tmp_path):
    path = tmp_path / "modern.txt"
    path.write_text("The Creator shall post one video at the café.\n", encoding="utf-8")
    report = check_document(str(path), engine=NO_WORDING)
    assert not [f for f in report.findings if f.rule.startswith("I")]


def test_a_binary_text_file_stays_an_error_row(tmp_path):
    path = tmp_path / "binary.txt"
    path.write_bytes(b"The Creator\x00\x01\x02 shall post.")
    report = check_document(str(path), engine=NO_WORDING)
    assert report.error == "binary data, not text (contains NUL bytes)"


def test_reading_codes_are_registered_and_notes_map_to_them():
    from contractsmith.rules.registry import find_entry

    entry = find_entry("I001")
    assert entry is not None and entry.family == "reading the contract"
    assert set(I_RULES) == {"I001", "I002", "I003", "I004"}
    from contractsmith.report.rule_meta import all_rules_meta

    assert set(I_RULES) <= set(all_rules_meta())  # so --select I / --ignore I001 work

    class _Doc:
        metadata = {"encoding_note": "read as Latin-1: not valid UTF-8"}

    (finding,) = reading_notes(_Doc(), "x.txt")
    assert finding.rule == "I001" and finding.location.file == "x.txt"

"""Bad inputs: every one gives IngestError with a one-line message, never another error."""

from __future__ import annotations

import io
import os
import time
import zipfile

import docx
import pytest
from pypdf import PdfWriter

from contractsmith.ingest import IngestError, Limits, read_document
from contractsmith.ingest.safety import check_xml_parts
from tests.ingest.builders import (
    docx_bytes,
    make_pdf,
    pdf_objects_to_bytes,
    rewrite_zip,
)

MB = 1024 * 1024


def refused(path, limits: Limits | None = None) -> str:
    """The IngestError message for ``path``; fails if it is read or raises otherwise."""
    with pytest.raises(IngestError) as info:
        read_document(path, limits)
    message = str(info.value)
    assert "\n" not in message and message
    assert "Traceback" not in message
    return message


@pytest.fixture
def small_docx() -> bytes:
    d = docx.Document()
    d.add_paragraph("The Creator shall disclose the partnership with #ad.")
    return docx_bytes(d)


# -- ZIP / DOCX -------------------------------------------------------------------------


def test_corrupt_zip(tmp_path, small_docx):
    path = tmp_path / "broken.docx"
    path.write_bytes(small_docx[: len(small_docx) // 2])
    assert "corrupt ZIP" in refused(path)


def test_docx_that_is_really_text(tmp_path):
    path = tmp_path / "letter.docx"
    path.write_text("Dear Creator, please find the agreement attached.\n")
    message = refused(path)
    assert "not a DOCX" in message and "plain text" in message


def test_docx_that_is_really_a_pdf_is_read_as_pdf(tmp_path):
    path = tmp_path / "contract.docx"
    path.write_bytes(make_pdf([["The Brand shall pay the Fee."]]))
    doc = read_document(path)
    assert doc.format == "pdf"
    assert doc.text == "The Brand shall pay the Fee."
    assert doc.metadata["extension_mismatch"].startswith("named .docx but the content is PDF")


def test_docx_that_is_really_an_xlsx(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook/>")
    path = tmp_path / "fees.docx"
    path.write_bytes(buf.getvalue())
    assert "Excel workbook" in refused(path)


def test_docx_that_is_really_a_pptx(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("ppt/presentation.xml", "<presentation/>")
    path = tmp_path / "deck.docx"
    path.write_bytes(buf.getvalue())
    assert "PowerPoint" in refused(path)


def test_legacy_doc_ole_file(tmp_path):
    path = tmp_path / "old.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    assert "OLE2" in refused(path)


def test_zip_bomb_total_size(tmp_path, small_docx):
    """A 300 MB member of zeros compresses to ~1 MB: refused from the directory alone."""
    path = tmp_path / "bomb.docx"
    buf = io.BytesIO(small_docx)
    with (
        zipfile.ZipFile(buf, "a", zipfile.ZIP_DEFLATED, compresslevel=1) as zf,
        zf.open("word/media/zeros.bin", "w") as fh,
    ):
        chunk = b"\x00" * MB
        for _ in range(300):
            fh.write(chunk)
    path.write_bytes(buf.getvalue())
    assert path.stat().st_size < 2 * MB
    started = time.perf_counter()
    message = refused(path)
    assert "ZIP bomb" in message and "200 MB" in message
    assert time.perf_counter() - started < 2


def test_zip_bomb_ratio(tmp_path, small_docx):
    path = tmp_path / "ratio.docx"
    buf = io.BytesIO(small_docx)
    with zipfile.ZipFile(buf, "a", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/media/zeros.bin", b"\x00" * (20 * MB))
    path.write_bytes(buf.getvalue())
    message = refused(path)
    assert "ZIP bomb" in message and "word/media/zeros.bin" in message and ":1" in message


def test_too_many_members(tmp_path, small_docx):
    path = tmp_path / "many.docx"
    buf = io.BytesIO(small_docx)
    with zipfile.ZipFile(buf, "a") as zf:
        for i in range(40):
            zf.writestr(f"customXml/item{i}.bin", b"x")
    path.write_bytes(buf.getvalue())
    assert "members" in refused(path, Limits(max_zip_members=30))


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"""


def test_billion_laughs_never_expanded(tmp_path, small_docx):
    path = tmp_path / "laughs.docx"
    path.write_bytes(rewrite_zip(small_docx, {"word/document.xml": BILLION_LAUGHS}))
    started = time.perf_counter()
    message = refused(path)
    assert "DOCTYPE" in message and "word/document.xml" in message
    assert time.perf_counter() - started < 2


def test_external_entity_in_styles_refused(tmp_path, small_docx):
    xxe = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        b'<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"&e;</w:styles>"
    )
    path = tmp_path / "xxe.docx"
    path.write_bytes(rewrite_zip(small_docx, {"word/styles.xml": xxe}))
    assert "word/styles.xml" in refused(path)


def test_utf16_xml_part_with_doctype_refused(small_docx):
    part = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x [<!ENTITY a "b">]><x/>'
    data = rewrite_zip(small_docx, {"word/footnotes.xml": part.encode("utf-16")})
    with pytest.raises(IngestError, match="DOCTYPE"):
        check_xml_parts(zipfile.ZipFile(io.BytesIO(data)))


def test_docx_without_document_part(tmp_path, small_docx):
    path = tmp_path / "nodoc.docx"
    path.write_bytes(rewrite_zip(small_docx, {"word/document.xml": None}))
    refused(path)


def test_docx_with_malformed_xml(tmp_path, small_docx):
    path = tmp_path / "malformed.docx"
    path.write_bytes(rewrite_zip(small_docx, {"word/document.xml": b"<w:document><w:body>"}))
    refused(path)


def test_docx_with_no_text(tmp_path):
    path = tmp_path / "blank.docx"
    docx.Document().save(path)
    assert "empty" in refused(path)


# -- PDF --------------------------------------------------------------------------------


def test_pdf_with_broken_xref_is_recovered(tmp_path):
    data = make_pdf([["Clause 1. The Creator shall post twice."]])
    start = data.rindex(b"startxref")
    broken = data[:start] + b"startxref\n999999\n%%EOF\n"
    path = tmp_path / "xref.pdf"
    path.write_bytes(broken)
    doc = read_document(path)
    assert "The Creator shall post twice." in doc.text


def test_pdf_without_xref_or_garbage_objects(tmp_path):
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [9 0 R] /Count 1 >>"]
    path = tmp_path / "garbage.pdf"
    path.write_bytes(pdf_objects_to_bytes(objects, xref=False))
    refused(path)


def test_pdf_with_endless_page_tree_loop(tmp_path):
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",  # the tree contains itself
        b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R] /Count 1 >>",
    ]
    path = tmp_path / "loop.pdf"
    path.write_bytes(pdf_objects_to_bytes(objects))
    started = time.perf_counter()
    refused(path, Limits(timeout_s=10))
    assert time.perf_counter() - started < 10


def test_pdf_with_self_referencing_content_object(tmp_path):
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        b"4 0 R",  # the content stream is a reference to itself
    ]
    path = tmp_path / "selfref.pdf"
    path.write_bytes(pdf_objects_to_bytes(objects))
    refused(path, Limits(timeout_s=10))


def _encrypted(user_password: str, algorithm: str = "RC4-128") -> bytes:
    writer = PdfWriter()
    from pypdf import PdfReader

    writer.append(PdfReader(io.BytesIO(make_pdf([["Secret fee: USD 9,000."]]))))
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm=algorithm)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def test_encrypted_pdf_needs_password(tmp_path):
    path = tmp_path / "locked.pdf"
    path.write_bytes(_encrypted("secret"))
    assert refused(path) == "encrypted PDF: needs a password"


@pytest.mark.parametrize("algorithm", ["RC4-128", "AES-128", "AES-256"])
def test_encrypted_pdf_with_empty_user_password_is_read(tmp_path, algorithm):
    path = tmp_path / "owner-only.pdf"
    path.write_bytes(_encrypted("", algorithm))
    doc = read_document(path)
    assert doc.text == "Secret fee: USD 9,000."
    assert doc.metadata["encrypted"] == "opened with the empty password"


def test_pdf_without_text_layer(tmp_path):
    writer = PdfWriter()
    writer.add_blank_page(612, 792)
    writer.add_blank_page(612, 792)
    path = tmp_path / "scan.pdf"
    with open(path, "wb") as fh:
        writer.write(fh)
    assert refused(path) == "no text layer: scanned PDF, needs OCR"


def test_truncated_pdf(tmp_path):
    data = make_pdf([["Some text that will be cut."]] * 3)
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[:200])
    refused(path)


def test_named_pdf_but_text(tmp_path):
    path = tmp_path / "fake.pdf"
    path.write_text("This is not a PDF.")
    assert "not a PDF" in refused(path)


# -- sizes, empties, binaries -----------------------------------------------------------


@pytest.mark.parametrize("name", ["empty.txt", "empty.docx", "empty.pdf", "empty.md"])
def test_zero_byte_files(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"")
    assert refused(path).startswith("empty file: no text")


@pytest.mark.parametrize("content", [b"   \n\n\t  \r\n", b"\xef\xbb\xbf \n", "\n".encode("utf-16")])
def test_whitespace_only_text(tmp_path, content):
    path = tmp_path / "blank.txt"
    path.write_bytes(content)
    assert refused(path) == "empty file: no text"


def test_binary_garbage_as_txt(tmp_path):
    path = tmp_path / "garbage.txt"
    path.write_bytes(bytes(range(256)) * 40)
    assert "binary data" in refused(path)


def test_huge_file_refused_without_reading(tmp_path):
    path = tmp_path / "huge.pdf"
    with open(path, "wb") as fh:
        fh.truncate(200 * MB)  # sparse: no disk space used
    started = time.perf_counter()
    message = refused(path)
    assert "file too large" in message and "200.0 MB" in message
    assert time.perf_counter() - started < 1


def test_input_limit_from_environment(tmp_path, monkeypatch):
    path = tmp_path / "two-mb.txt"
    path.write_bytes(b"The Creator shall post.\n" * (2 * MB // 24 + 1))
    monkeypatch.setenv("CONTRACTSMITH_MAX_INPUT_MB", "1")
    assert "limit" in refused(path)
    monkeypatch.setenv("CONTRACTSMITH_MAX_INPUT_MB", "5")
    assert read_document(path).format == "txt"


def test_missing_file_and_directory(tmp_path):
    assert refused(tmp_path / "nope.pdf") == "no such file"
    assert refused(tmp_path) == "not a regular file"


def test_image_named_pdf(tmp_path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(64))
    assert "PNG image" in refused(path)


@pytest.mark.parametrize("seed", range(20))
def test_random_mutations_only_raise_ingest_error(tmp_path, small_docx, seed):
    """Flip bytes in valid DOCX and PDF files: the result is a Document or an IngestError."""
    import random

    rng = random.Random(seed)
    pdf = make_pdf([["Clause one is here."], ["Clause two is there."]])
    for name, original in (("m.docx", small_docx), ("m.pdf", pdf)):
        data = bytearray(original)
        for _ in range(rng.randint(1, 30)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        path = tmp_path / name
        path.write_bytes(bytes(data))
        try:
            read_document(path, Limits(timeout_s=10))
        except IngestError as exc:
            assert "\n" not in str(exc)

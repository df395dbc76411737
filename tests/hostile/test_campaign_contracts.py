"""A hostile-input campaign against ``check``: generated malformed TXT, Markdown, DOCX and PDF.

Each property writes one generated file and runs it through the public API
(``check_document``); a few fixed malformed files also go through the CLI. Whatever the
bytes, a file is either checked (findings point inside its text, and the text is one
any report can write) or it is one error row whose message is a single short line that
names the problem, never a Python crash. Runs are derandomized, so every run of the
suite tries the same inputs.
"""

from __future__ import annotations

import builtins
import io
import json
import os
import re
import subprocess
import sys
import warnings
import zipfile
import zlib
from collections.abc import Callable
from functools import cache
from pathlib import Path

import docx
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from contractsmith.analyse.check import DocumentReport, check_document
from tests.ingest.builders import docx_bytes, make_pdf, pdf_objects_to_bytes, rewrite_zip

# The per-file time limit of every check here: generated files are small, so a file that
# needs it has hit unbounded work.
FILE_TIMEOUT = "20"

# Crash types whose name in an error row means an exception escaped as a message instead
# of being turned into one: these and every built-in subclass (UnicodeDecodeError, ...).
_CRASH_BASES = (
    KeyError,
    IndexError,
    AttributeError,
    TypeError,
    ValueError,
    UnicodeError,
    RecursionError,
    AssertionError,
    ZeroDivisionError,
    OverflowError,
    NameError,
    StopIteration,
)
CRASH_NAMES = sorted(
    name
    for name, obj in vars(builtins).items()
    if isinstance(obj, type) and issubclass(obj, _CRASH_BASES)
)
_CRASH = re.compile(r"\b(" + "|".join(CRASH_NAMES) + r")\b")
_SURROGATE = re.compile("[\ud800-\udfff]")

CAMPAIGN = settings(
    derandomize=True,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
        HealthCheck.large_base_example,
    ],
)


@pytest.fixture(autouse=True)
def _small_time_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONTRACTSMITH_FILE_TIMEOUT", FILE_TIMEOUT)


def assert_sound(report: DocumentReport) -> None:
    """The campaign's invariants for one checked file."""
    if report.error is None:
        text = report.text
        assert isinstance(text, str)
        assert _SURROGATE.search(text) is None, "lone surrogate in the document text"
        text.encode("utf-8")
        for finding in report.findings:
            loc = finding.location
            if loc.start is None and loc.end is None:
                continue
            assert loc.start is not None and loc.end is not None, finding
            assert 0 <= loc.start <= loc.end <= len(text), finding
        for clause in report.clauses:
            for ev in clause.evidence:
                assert 0 <= ev.start <= ev.end <= len(text), ev
        return
    error = report.error
    assert "\n" not in error and "\r" not in error, error
    assert "Traceback" not in error, error
    assert len(error) < 300, error
    assert _CRASH.search(error) is None, f"a crash became an error row: {error}"
    assert "timed out" not in error, f"a small file hit the time limit: {error}"


def check_bytes(tmp_path: Path, name: str, data: bytes) -> DocumentReport:
    """Write ``data`` to ``tmp_path/name``, check it, assert the invariants."""
    path = tmp_path / name
    path.write_bytes(data)
    report = check_document(str(path))
    assert_sound(report)
    return report


# --- TXT and Markdown ---------------------------------------------------------------

BOMS = [
    b"",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\xfe\xff",
    b"\xff\xfe\x00\x00",
    b"\x00\x00\xfe\xff",
    b"\x2b\x2f\x76\x38",  # UTF-7
    b"\xf7\x64\x4c",  # UTF-1
    b"\xdd\x73\x66\x73",  # UTF-EBCDIC
    b"\x0e\xfe\xff",  # SCSU
    b"\xfb\xee\x28",  # BOCU-1
    b"\x84\x31\x95\x33",  # GB-18030
]
ENCODINGS = ["utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be", "cp1252", "latin-1"]
EXTENSIONS = [".txt", ".md", ".markdown", ".TXT", ".docx", ".pdf"]

VOCABULARY = (
    "the Influencer shall pay Brand Fee within thirty (30) days of invoice "
    "exclusivity term terminate confidential Agreement USD $5,000 net 45 "
    "may must not Section 1.2 hereof § ¶ — … “quoted” ‘x’ ﬁ Ⅻ ٣ 𝟘"
)
WORDS = st.sampled_from(VOCABULARY.split())


def _sentence(words: list[str]) -> str:
    return " ".join(words) + "."


sentences = st.lists(WORDS, min_size=1, max_size=25).map(_sentence)
unicode_junk = st.text(alphabet=st.characters(codec=None, exclude_categories=("Cs",)), max_size=400)
controls = st.text(alphabet=st.characters(max_codepoint=0x9F, categories=("Cc",)), max_size=40)
# Lone surrogates as Python's surrogateescape writes undecodable bytes (U+DC80..U+DCFF).
escaped_bytes = st.text(
    alphabet=st.characters(min_codepoint=0xDC80, max_codepoint=0xDCFF), min_size=1, max_size=20
)


@st.composite
def nesting(draw: st.DrawFn) -> str:
    """Deeply nested enumerations: "(a)(b)(i)" runs, indented outlines, "1.1.1.1" labels."""
    depth = draw(st.integers(1, 300))
    labels = ["(a)", "(b)", "(i)", "(ii)", "(A)", "(1)", "1.", "1.1", "a)", "(iv)"]
    style = draw(st.sampled_from(["run", "outline", "dotted"]))
    if style == "run":
        return "".join(labels[i % len(labels)] for i in range(depth)) + " text\n"
    if style == "outline":
        return "".join(
            "  " * i + labels[i % len(labels)] + f" item {i};\n" for i in range(min(depth, 80))
        )
    return ".".join("1" for _ in range(depth)) + " Heading\n"


@st.composite
def md_tables(draw: st.DrawFn) -> str:
    """Many small Markdown tables, some with odd delimiters and escaped pipes."""
    count = draw(st.integers(1, 60))
    cols = draw(st.integers(1, 6))
    row = "|" + "|".join(f" c{j} \\| x " for j in range(cols)) + "|\n"
    delim = draw(st.sampled_from(["|" + "---|" * cols, ":---:|" * cols, "|-|", ""]))
    return ("| Fee | Due |\n" + delim + "\n" + row * draw(st.integers(0, 5)) + "\n") * count


huge_line = st.builds(lambda word, n: (word + " ") * n + "\n", WORDS, st.integers(1_000, 40_000))
text_piece = st.one_of(
    sentences,
    unicode_junk,
    controls,
    escaped_bytes,
    nesting(),
    md_tables(),
    huge_line,
    st.just("Fee\x00due"),
    st.just("\r\n\r\n"),
    st.just("\u2028\u2029\f"),
    st.sampled_from(["# Heading\n", "Title\n=====\n", "```\n", "- item\n", "Fee: USD 5\n"]),
)


def _encode(text: str, encoding: str) -> bytes:
    """``text`` in ``encoding``; escaped bytes stay raw, unencodable characters become '?'."""
    errors = "surrogateescape" if encoding == "utf-8" else "replace"
    try:
        return text.encode(encoding, errors)
    except UnicodeEncodeError:  # surrogateescape cannot write U+DC00..U+DC7F in UTF-8
        return text.encode(encoding, "replace")


# The byte-order mark each encoding is written with when a file is in one encoding.
OWN_BOM = {
    "utf-8": b"\xef\xbb\xbf",
    "utf-16-le": b"\xff\xfe",
    "utf-16-be": b"\xfe\xff",
    "utf-32-le": b"\xff\xfe\x00\x00",
    "utf-32-be": b"\x00\x00\xfe\xff",
}


@st.composite
def text_files(draw: st.DrawFn) -> tuple[str, bytes]:
    """A text file: all in one encoding (with its BOM, or none), pieces in mixed encodings
    after any BOM, or random bytes."""
    ext = draw(st.sampled_from(EXTENSIONS[:4]))
    mode = draw(st.sampled_from(["one", "one", "mixed", "bytes"]))
    if mode == "bytes":
        return "random" + ext, draw(st.binary(min_size=1, max_size=3000))
    pieces = draw(st.lists(text_piece, min_size=1, max_size=8))
    if mode == "one":
        encoding = draw(st.sampled_from(ENCODINGS))
        bom = OWN_BOM.get(encoding, b"") if draw(st.booleans()) else b""
        return "text" + ext, bom + _encode("".join(pieces), encoding)
    bom = draw(st.sampled_from(BOMS))
    encodings = draw(
        st.lists(st.sampled_from(ENCODINGS), min_size=len(pieces), max_size=len(pieces))
    )
    return "mixed" + ext, bom + b"".join(map(_encode, pieces, encodings))


@settings(CAMPAIGN, max_examples=300)
@pytest.mark.filterwarnings("ignore::hypothesis.errors.HypothesisWarning")
@given(case=text_files())
@example(case=("bom.txt", "\ufeffPayment\n\n(a)(b)(i) text".encode("utf-16")))
@example(case=("escaped.txt", "Fee \udcff\udc80 due.".encode("utf-8", "surrogateescape")))
def test_any_text_file_is_checked_or_one_clean_error(
    tmp_path: Path, case: tuple[str, bytes]
) -> None:
    name, data = case
    check_bytes(tmp_path, name, data)


# --- DOCX ---------------------------------------------------------------------------

DOCUMENT_XML = "word/document.xml"
W_MAIN = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


@cache
def base_docx() -> bytes:
    """A small valid contract: headings, numbered and bulleted lists, a table."""
    d = docx.Document()
    d.add_heading("Sponsorship Agreement", 0)
    d.add_heading("1. Fees", 1)
    d.add_paragraph("The Brand shall pay the Influencer USD 5,000 within 30 days.")
    d.add_paragraph("first deliverable", style="List Number")
    d.add_paragraph("second deliverable", style="List Number")
    d.add_paragraph("a bullet", style="List Bullet")
    table = d.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Fee:"
    table.cell(0, 1).text = "USD 5,000"
    inner = table.cell(1, 1).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "nested"
    d.sections[0].header.paragraphs[0].text = "Confidential"
    return docx_bytes(d)


_ZIP_ERRORS = (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError)


def _members(data: bytes) -> list[str] | None:
    """The member names of a ZIP, or None when an earlier mutation broke the archive."""
    try:
        return zipfile.ZipFile(io.BytesIO(data)).namelist()
    except _ZIP_ERRORS:
        return None


def _rewrite(data: bytes, edits: dict) -> bytes:
    """``rewrite_zip``, or ``data`` unchanged when an earlier mutation broke a member."""
    try:
        return rewrite_zip(data, edits)
    except (*_ZIP_ERRORS, zlib.error):
        return data


def _nested_tables(depth: int) -> bytes:
    """A document.xml body holding tables nested ``depth`` deep."""
    inner = "<w:p><w:r><w:t>deep</w:t></w:r></w:p>"
    for _ in range(depth):
        inner = f"<w:tbl><w:tr><w:tc>{inner}</w:tc></w:tr></w:tbl><w:p/>"
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W_MAIN}"><w:body>'
        f"{inner}</w:body></w:document>"
    ).encode()


_ABSURD = st.sampled_from(
    ["-1", "0", "99999999999999999999", "x", "", "1e9", "-2147483649", "32768", "7" * 5000, "NaN"]
)


@st.composite
def numbering_xml(draw: st.DrawFn) -> bytes:
    """A numbering part with absurd starts, levels, formats, texts and references."""
    levels = []
    for _ in range(draw(st.integers(0, 12))):
        fmt = draw(
            st.sampled_from(
                ["decimal", "lowerLetter", "upperRoman", "bullet", "none", "ordinal", "??", ""]
            )
        )
        text = draw(st.sampled_from(["%1.", "%1.%2.%3.%9", "%0%%", "(%1)" * 200, "", "%10"]))
        levels.append(
            f'<w:lvl w:ilvl="{draw(_ABSURD)}"><w:start w:val="{draw(_ABSURD)}"/>'
            f'<w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl>'
        )
    abstract = draw(_ABSURD)
    override = draw(_ABSURD)
    return (
        f'<?xml version="1.0"?><w:numbering xmlns:w="{W_MAIN}">'
        f'<w:abstractNum w:abstractNumId="{abstract}">{"".join(levels)}</w:abstractNum>'
        f'<w:num w:numId="1"><w:abstractNumId w:val="{abstract}"/>'
        f'<w:lvlOverride w:ilvl="{override}"><w:startOverride w:val="{draw(_ABSURD)}"/>'
        f"</w:lvlOverride></w:num>"
        f'<w:num w:numId="{draw(_ABSURD)}"><w:abstractNumId w:val="{draw(_ABSURD)}"/></w:num>'
        "</w:numbering>"
    ).encode()


def _numbered_paragraphs(ilvl: str, num_id: str) -> bytes:
    """document.xml whose paragraphs name a numbering level and instance (maybe absurd)."""
    para = (
        f'<w:p><w:pPr><w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'
        f"</w:pPr><w:r><w:t>numbered clause</w:t></w:r></w:p>"
    )
    return (
        f'<?xml version="1.0"?><w:document xmlns:w="{W_MAIN}"><w:body>'
        f"{para * 5}</w:body></w:document>"
    ).encode()


def _flip(data: bytes, positions: list[int]) -> bytes:
    out = bytearray(data)
    for pos in positions:
        if out:
            out[pos % len(out)] ^= 0xFF
    return bytes(out)


def _duplicate(data: bytes, name: str, payload: bytes) -> bytes:
    """``data`` with a second ZIP entry called ``name`` appended."""
    out = io.BytesIO(data)
    try:
        with warnings.catch_warnings(), zipfile.ZipFile(out, "a") as zf:
            warnings.simplefilter("ignore")  # "Duplicate name": the point of this mutation
            zf.writestr(name, payload)
    except _ZIP_ERRORS:
        return data
    return out.getvalue()


@st.composite
def docx_mutation(draw: st.DrawFn, data: bytes) -> bytes:
    """One mutation of a DOCX package."""
    names = _members(data)
    kind = draw(
        st.sampled_from(
            [
                "truncate",
                "flip-zip",
                "flip-xml",
                "remove",
                "add",
                "duplicate",
                "invalid-xml",
                "huge-attribute",
                "numbering",
                "numbered-paragraphs",
                "content-types",
                "nested-tables",
            ]
        )
    )
    if kind == "truncate":
        return data[: draw(st.integers(0, max(len(data) - 1, 0)))]
    if kind == "flip-zip":
        return _flip(data, draw(st.lists(st.integers(0, 10**6), min_size=1, max_size=8)))
    if not names:
        return data
    name = draw(st.sampled_from(names))
    if kind == "flip-xml":
        spots = draw(st.lists(st.integers(0, 10**6), min_size=1, max_size=8))
        return _rewrite(data, {name: lambda raw: _flip(raw, spots)})
    if kind == "remove":
        return _rewrite(data, {name: None})
    if kind == "add":
        extra = draw(
            st.sampled_from(["word/unknown.xml", "customXml/item9.xml", "x/../y", "ü.bin"])
        )
        return _rewrite(data, {extra: draw(st.binary(max_size=200))})
    if kind == "duplicate":
        return _duplicate(data, name, draw(st.sampled_from([b"", b"<w:document/>", b"\x00" * 9])))
    if kind == "invalid-xml":
        cut = draw(st.integers(1, 400))
        return _rewrite(data, {name: lambda raw: raw[:cut] + b"<<&;</w:p>"})
    if kind == "huge-attribute":
        size = draw(st.integers(10_000, 300_000))
        return _rewrite(
            data,
            {DOCUMENT_XML: lambda raw: raw.replace(b"<w:t>", b'<w:t x="' + b"A" * size + b'">', 1)},
        )
    if kind == "numbering":
        return _rewrite(data, {"word/numbering.xml": draw(numbering_xml())})
    if kind == "numbered-paragraphs":
        return _rewrite(data, {DOCUMENT_XML: _numbered_paragraphs(draw(_ABSURD), draw(_ABSURD))})
    if kind == "content-types":
        wrong = draw(
            st.sampled_from(
                [
                    b"application/vnd.ms-excel.sheet.main+xml",
                    b"text/plain",
                    b"",
                    b"application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml",
                ]
            )
        )
        return _rewrite(
            data,
            {
                "[Content_Types].xml": lambda raw: re.sub(
                    rb'(PartName="/word/document.xml" ContentType=")[^"]*', rb"\1" + wrong, raw
                )
            },
        )
    return _rewrite(data, {DOCUMENT_XML: _nested_tables(draw(st.integers(1, 400)))})


@st.composite
def docx_files(draw: st.DrawFn) -> bytes:
    data = base_docx()
    for _ in range(draw(st.integers(1, 3))):
        data = draw(docx_mutation(data))
    return data


@settings(CAMPAIGN, max_examples=400)
@pytest.mark.filterwarnings("ignore::hypothesis.errors.HypothesisWarning")
@pytest.mark.filterwarnings("ignore:Duplicate name:UserWarning")
@given(data=docx_files(), ext=st.sampled_from([".docx", ".txt", ".pdf"]))
def test_any_mutated_docx_is_checked_or_one_clean_error(
    tmp_path: Path, data: bytes, ext: str
) -> None:
    check_bytes(tmp_path, "contract" + ext, data)


def test_the_unmutated_docx_is_checked(tmp_path: Path) -> None:
    report = check_bytes(tmp_path, "contract.docx", base_docx())
    assert report.error is None
    assert "USD 5,000" in report.text


# Bugs the campaign found: each damaged package below lost the whole document, with an
# error row naming a Python exception (KeyError, ValueError, AttributeError).

WML = "application/vnd.openxmlformats-officedocument.wordprocessingml."


def _main_type(content_type: bytes) -> Callable[[bytes], bytes]:
    """An edit of [Content_Types].xml that labels the main part ``content_type``."""

    def edit(raw: bytes) -> bytes:
        return re.sub(
            rb'(PartName="/word/document.xml" ContentType=")[^"]*', rb"\1" + content_type, raw
        )

    return edit


REPAIRABLE = {
    "part-removed": {"docProps/app.xml": None},
    "styles-removed": {"word/styles.xml": None},
    "content-types-removed": {"[Content_Types].xml": None},
    "content-types-malformed": {"[Content_Types].xml": b"<Types"},
    "core-malformed": {"docProps/core.xml": b"<cp:coreProperties"},
    "settings-not-xml": {"word/settings.xml": b"\x89PNG"},
    "document-rels-malformed": {"word/_rels/document.xml.rels": b"<Relationships><"},
    "macro-enabled-main": {
        "[Content_Types].xml": _main_type(b"application/vnd.ms-word.document.macroEnabled.main+xml")
    },
    "template-main": {"[Content_Types].xml": _main_type(WML.encode() + b"template.main+xml")},
    "main-labelled-text": {"[Content_Types].xml": _main_type(b"text/plain")},
    "core-labelled-xml": {
        "[Content_Types].xml": lambda raw: raw.replace(
            b"application/vnd.openxmlformats-package.core-properties+xml", b"application/xml"
        )
    },
}


@pytest.mark.parametrize("damage", sorted(REPAIRABLE))
def test_a_damaged_docx_package_is_read_with_a_repair_note(tmp_path: Path, damage: str) -> None:
    data = rewrite_zip(base_docx(), REPAIRABLE[damage])
    report = check_bytes(tmp_path, "damaged.docx", data)
    assert report.error is None
    assert "USD 5,000 within 30 days" in report.text
    (note,) = [f for f in report.findings if f.rule == "I004"]
    assert note.message.startswith("damaged DOCX package read after repairs")
    assert "\n" not in note.message and len(note.message) < 300


def test_an_intact_docx_has_no_repair_note(tmp_path: Path) -> None:
    report = check_bytes(tmp_path, "intact.docx", base_docx())
    assert not [f for f in report.findings if f.rule == "I004"]


@pytest.mark.parametrize(
    ("edits", "expected"),
    [
        (
            {"_rels/.rels": lambda raw: raw.replace(b"officeDocument", b"nothing")},
            "no main document part",
        ),
        ({DOCUMENT_XML: b"<w:document"}, "damaged DOCX: malformed XML"),
        (
            {DOCUMENT_XML: f'<w:numbering xmlns:w="{W_MAIN}"/>'.encode()},
            "damaged DOCX: the document has no body",
        ),
    ],
    ids=["no-main-relationship", "main-malformed", "main-not-a-document"],
)
def test_a_docx_without_a_usable_main_part_is_one_clean_error(
    tmp_path: Path, edits: dict, expected: str
) -> None:
    report = check_bytes(tmp_path, "broken.docx", rewrite_zip(base_docx(), edits))
    assert report.error is not None and expected in report.error


# --- PDF ----------------------------------------------------------------------------


@cache
def base_pdfs() -> tuple[bytes, ...]:
    """Small valid PDFs: a hand-written one, and pypdf's rewrite of it (compressed streams,
    its own xref)."""
    import pypdf

    lines = ["1. Fees", "The Brand shall pay the Influencer USD 5,000 within 30 days."]
    plain = make_pdf([lines, ["2. Term", "This Agreement lasts twelve (12) months."]] * 2)
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(plain))
    for page in writer.pages:
        page.compress_content_streams()
    out = io.BytesIO()
    writer.write(out)
    return plain, out.getvalue()


def _cut_stream(data: bytes, index: int, keep: int) -> bytes:
    """``data`` with the ``index``-th stream cut after ``keep`` bytes (endstream kept)."""
    starts = [m.end() for m in re.finditer(rb"stream\r?\n", data)]
    if not starts:
        return data
    start = starts[index % len(starts)]
    end = data.find(b"endstream", start)
    if end < 0:
        return data[: start + keep]
    return data[: start + min(keep, end - start)] + data[end:]


@st.composite
def pdf_mutation(draw: st.DrawFn, data: bytes) -> bytes:
    """One mutation of a PDF file."""
    kind = draw(st.sampled_from(["truncate", "flip", "xref", "cut-stream", "length", "splice"]))
    if kind == "truncate":
        return data[: draw(st.integers(0, max(len(data) - 1, 0)))]
    if kind == "flip":
        return _flip(data, draw(st.lists(st.integers(0, 10**5), min_size=1, max_size=8)))
    if kind == "xref":
        junk = draw(st.sampled_from([b"", b"9999999999", b"-1", b"xref", b"0 0 obj"]))
        data = re.sub(rb"startxref\s+\d+", b"startxref\n" + junk, data)
        return re.sub(rb"\d{10} \d{5} n", lambda m: draw(st.binary(min_size=18, max_size=18)), data)
    if kind == "cut-stream":
        return _cut_stream(data, draw(st.integers(0, 20)), draw(st.integers(0, 200)))
    if kind == "length":
        value = draw(st.sampled_from([b"0", b"-5", b"99999999", b"3 0 R", b"1.5"]))
        return re.sub(rb"/Length \d+", b"/Length " + value, data, count=1)
    piece = draw(
        st.sampled_from(
            [b"<< /Kids [2 0 R] >>", b"1 0 R " * 100, b"(" * 500, b"[" * 2000, b"BT ET " * 50]
        )
    )
    at = draw(st.integers(0, len(data)))
    return data[:at] + piece + data[at:]


@st.composite
def pdf_files(draw: st.DrawFn) -> bytes:
    data = draw(st.sampled_from(base_pdfs()))
    for _ in range(draw(st.integers(1, 3))):
        data = draw(pdf_mutation(data))
    return data


@settings(CAMPAIGN, max_examples=600)
@pytest.mark.filterwarnings("ignore::hypothesis.errors.HypothesisWarning")
@given(data=pdf_files(), ext=st.sampled_from([".pdf", ".docx", ".txt"]))
def test_any_mutated_pdf_is_checked_or_one_clean_error(
    tmp_path: Path, data: bytes, ext: str
) -> None:
    check_bytes(tmp_path, "contract" + ext, data)


def test_the_unmutated_pdfs_are_checked(tmp_path: Path) -> None:
    for i, data in enumerate(base_pdfs()):
        report = check_bytes(tmp_path, f"contract{i}.pdf", data)
        assert report.error is None
        assert "twelve (12) months" in report.text


# Bugs the campaign found: pypdf failing inside one page (a bare assert on an indirect
# reference in a content stream, an unsupported filter) lost every page, and failures
# outside its PdfReadError (LimitReachedError, AttributeError) became crash messages.


def _pdf_with_contents(streams: list[tuple[bytes, str]]) -> bytes:
    """A PDF with one page per ``(content stream, extra stream dictionary entries)``."""
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(len(streams)))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {len(streams)} >>".encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    for i, (stream, extra) in enumerate(streams):
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            f"/Resources << /Font << /F1 3 0 R >> >> /Contents {5 + 2 * i} 0 R >>".encode()
        )
        objects.append(
            f"<< /Length {len(stream)} {extra} >>\nstream\n".encode() + stream + b"\nendstream"
        )
    return pdf_objects_to_bytes(objects)


GOOD_PAGE = (b"BT /F1 11 Tf 72 760 Td (The Brand shall pay the fee.) Tj ET", "")
BAD_PAGES = {
    "reference-in-content": (b"BT /F1 11 Tf 72 760 Td 1 0 R (x) Tj ET", ""),
    "unsupported-filter": (b"xx", "/Filter /Bogus"),
}


@pytest.mark.parametrize("bad", sorted(BAD_PAGES))
def test_a_pdf_page_pypdf_fails_on_costs_only_that_page(tmp_path: Path, bad: str) -> None:
    data = _pdf_with_contents([GOOD_PAGE, BAD_PAGES[bad], GOOD_PAGE])
    report = check_bytes(tmp_path, "damaged.pdf", data)
    assert report.error is None
    assert report.text.count("The Brand shall pay the fee.") == 2
    (note,) = [f for f in report.findings if f.rule == "I003"]
    assert note.message.startswith("page 2 of 3 could not be read")


@pytest.mark.parametrize("bad", sorted(BAD_PAGES))
def test_a_pdf_whose_only_page_fails_is_one_clean_error(tmp_path: Path, bad: str) -> None:
    report = check_bytes(tmp_path, "damaged.pdf", _pdf_with_contents([BAD_PAGES[bad]]))
    assert report.error is not None and report.error.startswith("unreadable PDF: page 1: ")


def test_a_pdf_whose_root_refers_to_itself_is_one_clean_error(tmp_path: Path) -> None:
    report = check_bytes(tmp_path, "loop.pdf", pdf_objects_to_bytes([b"1 0 R"]))
    assert report.error is not None and report.error.startswith("unreadable PDF: ")


# --- the CLI on fixed malformed files -----------------------------------------------


def _fixed_malformed() -> dict[str, bytes]:
    docx_data, pdf_data = base_docx(), base_pdfs()[1]
    return {
        "truncated.docx": docx_data[: len(docx_data) // 2],
        "no-document.docx": rewrite_zip(docx_data, {DOCUMENT_XML: None}),
        "deep-tables.docx": rewrite_zip(docx_data, {DOCUMENT_XML: _nested_tables(300)}),
        "truncated.pdf": pdf_data[: len(pdf_data) // 2],
        "no-xref.pdf": re.sub(rb"startxref\s+\d+", b"startxref\n0", pdf_data),
        "mixed.txt": "Fee €5\n".encode("utf-16") + "Fee €5\n".encode("cp1252") + b"\x00",
        "escaped.md": "| a | b |\n|---|---|\n| \udcff | x |\n".encode("utf-8", "surrogateescape"),
        "random.txt": bytes(range(256)) * 4,
    }


def test_the_cli_checks_malformed_files_without_a_traceback(tmp_path: Path) -> None:
    files = _fixed_malformed()
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    args = [sys.executable, "-m", "contractsmith", "check", *sorted(files), "--format", "json"]
    env = {**os.environ, "CONTRACTSMITH_FILE_TIMEOUT": FILE_TIMEOUT}
    done = subprocess.run(
        args, cwd=tmp_path, capture_output=True, text=True, timeout=120, env=env, check=False
    )
    assert done.returncode in (0, 1), done.stderr
    assert "Traceback" not in done.stderr
    report = json.loads(done.stdout)
    assert len(report["documents"]) == len(files)
    for document in report["documents"]:
        error = document.get("error")
        if error:
            assert "\n" not in error and _CRASH.search(error) is None, error

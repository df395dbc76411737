"""PDF contracts -> Document, via pypdf's text layer.

Steps, each linear in the extracted text: extract each page's text; find running heads
and feet (lines at the top or bottom of most pages that are the same once digits are
masked, and, further in, multi-line legends repeated word for word between the page's
edge and the body) and bare page numbers ("3", "- 3 -", "Page 3 of 12"); drop them from the body
(heads and feet are kept once in ``Document.headers``/``footers``); reflow the remaining
lines into paragraphs, joining hyphenated line breaks. Each block records the page of
its first character and the offset of that character in the page's extracted text.

A glyph that a font maps to a lone UTF-16 surrogate (which no text encoding can write)
becomes U+FFFD, so the rest of the page is still read. A PDF of more pages than
``limits.max_pages`` is refused; extraction stops once the pages read hold more text
than ``limits.max_text_chars`` (the text is then truncated with a note).

Encrypted files are opened with the empty password when that works. A PDF whose pages
give no text is refused as scanned. Broken cross-reference tables are left to pypdf's
non-strict recovery; the caller bounds the time spent (``limits.time_limit``). A page
pypdf fails on (however it fails) is read as empty and the document notes it (finding
I003); only when no page gives text is the file an error.
"""

from __future__ import annotations

import io
import logging
import re
import warnings
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from contractsmith.ingest.fields import mark_fields
from contractsmith.ingest.limits import (
    TRUNCATED,
    UNREADABLE_PAGES,
    Limits,
    too_many,
    truncation_note,
)
from contractsmith.ingest.model import Block, BlockKind, Document, IngestError
from contractsmith.ingest.pagenum import drop_page_number_run, is_page_number
from contractsmith.ingest.reflow import SPACE_TABLE, Line, reflow
from contractsmith.ingest.running import running_key

# How many non-blank lines at each end of a page are candidates for running heads/feet.
EDGE_LINES = 3
# Deeper lines are too when every line between them and the page's edge is one: the
# confidentiality legends of many filings run to four or more lines above the page number.
DEEP_EDGE_LINES = 8
# Look-alike punctuation some PDF fonts map their glyphs to: the Greek question mark
# (U+037E, canonically equivalent to ";") stands for every semicolon in many filings, and
# rules, sentence ends and list lead-ins look for ";". One character for one, so offsets
# into the page text hold.
PDF_TABLE = {**SPACE_TABLE, 0x037E: ";", 0x2010: "-", 0x2011: "-"}
_SURROGATE = re.compile("[\ud800-\udfff]")


def clean_surrogates(text: str) -> str:
    """``text`` with each lone surrogate replaced by U+FFFD (a valid pair is joined).

    A ToUnicode map may send a glyph to a surrogate code point; such a string cannot be
    encoded, which would make every report of the file fail.
    """
    if _SURROGATE.search(text) is None:
        return text
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def _edges(lines: list[str], depth: int = EDGE_LINES) -> tuple[list[int], list[int]]:
    """Indices of the first and last ``depth`` non-blank lines of a page, each list in
    order from the page's edge inwards."""
    nonblank = [i for i, ln in enumerate(lines) if ln.strip()]
    return nonblank[:depth], nonblank[::-1][:depth]


def _exact_key(line: str) -> str:
    """A key that keeps digits: lines equal but for their numbers ("ARTICLE 5") differ."""
    return " ".join(line.split()).casefold()


def _edge_counts(
    pages: list[list[str]], depth: int, key: Callable[[str], str]
) -> tuple[Counter[str], Counter[str], set[str]]:
    """On how many pages each key is among the first / last ``depth`` non-blank lines,
    and the keys that some page has twice in one zone."""
    top: Counter[str] = Counter()
    bottom: Counter[str] = Counter()
    twice: set[str] = set()
    for lines in pages:
        for zone, counts in zip(_edges(lines, depth), (top, bottom), strict=True):
            keys = [key(lines[i]) for i in zone]
            unique = set(keys)
            if len(unique) < len(keys):
                twice.update(k for k in unique if keys.count(k) > 1)
            counts.update(unique)
    return top, bottom, twice


def _frequent(counts: Counter[str], need: int) -> set[str]:
    return {k for k, n in counts.items() if n >= need and k and k != "#"}


def find_running_lines(
    pages: list[list[str]], depth: int = EDGE_LINES, key: Callable[[str], str] = running_key
) -> tuple[set[str], set[str]]:
    """Keys of lines that repeat among the first / last ``depth`` lines of most pages.

    A key counts when it appears in the edge zone of at least half the pages (and at
    least 3 pages); documents of fewer than 3 pages have no running lines.
    """
    if len(pages) < 3:
        return set(), set()
    top, bottom, twice = _edge_counts(pages, depth, key)
    need = max(3, (len(pages) + 1) // 2)
    heads, feet = _frequent(top, need), _frequent(bottom, need)
    if depth > EDGE_LINES:
        # A line met twice near one page's edge is a repeated body line (a signature
        # block's "By:"), not a running head or foot.
        heads -= twice
        feet -= twice
    return heads, feet


def _failure(exc: Exception) -> str:
    """What went wrong inside pypdf, in words: its own message for its errors and for an
    unsupported filter, a phrase for an internal error (a bare assert, a missing key)."""
    from pypdf.errors import PyPdfError

    text = " ".join(str(exc).split())
    if isinstance(exc, PyPdfError | NotImplementedError) and text:
        return text
    return "damaged structure"


def _open(data: bytes):
    """Open the PDF, decrypting with the empty password when needed."""
    import pypdf
    from pypdf.errors import DependencyError, FileNotDecryptedError

    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
    except FileNotDecryptedError:
        raise IngestError("encrypted PDF: needs a password") from None
    except DependencyError as exc:
        raise IngestError(f"encrypted PDF: cannot decrypt ({exc})") from None
    except MemoryError:
        raise
    except Exception as exc:  # pypdf fails in many ways on a damaged file
        raise IngestError(f"unreadable PDF: {_failure(exc)}") from None
    if reader.is_encrypted:
        try:
            ok = reader.decrypt("")
        except DependencyError:
            raise IngestError(
                "encrypted PDF: AES encryption needs the 'cryptography' package to open"
            ) from None
        except MemoryError:
            raise
        except Exception as exc:
            raise IngestError(f"encrypted PDF: {_failure(exc)}") from None
        if not ok:
            raise IngestError("encrypted PDF: needs a password")
    return reader


# Content streams above this size are compacted before extraction (see _compact).
COMPACT_ABOVE = 64 * 1024
# Path construction, painting and clipping operators, with their operand counts.
_PATH_ARITY = {
    b"m": 2,
    b"l": 2,
    b"re": 4,
    b"v": 4,
    b"y": 4,
    b"c": 6,
    **{op: 0 for op in (b"h", b"n", b"W", b"W*", b"f", b"F", b"f*", b"S", b"s")},
    **{op: 0 for op in (b"B", b"B*", b"b", b"b*")},
}
_NUMBER_START = frozenset(b"0123456789.-+")
_EMPTY_PAIR = re.compile(rb"(?<![^\s])q\s+Q(?![^\s])")
_TEXT_OBJECT = re.compile(rb"(?s)(?<=\s)BT\s.*?\sET(?=\s)")
_INLINE_IMAGE = re.compile(rb"\sBI\s")


def _strip_graphics(segment: bytes) -> bytes:
    """Remove path, clipping and empty save/restore operators from non-text content.

    One linear pass over whitespace-separated tokens: a path operator takes its numeric
    operands with it, and a "Q" right after a "q" cancels it (so "q q Q Q" goes too).
    """
    # Two C-speed passes take out the bulk of flat empty pairs before the token loop.
    segment = _EMPTY_PAIR.sub(b"", _EMPTY_PAIR.sub(b"", segment))
    out: list[bytes] = []
    for token in segment.split():
        arity = _PATH_ARITY.get(token)
        if arity is not None:
            operands = out[len(out) - arity :] if arity else []
            if len(operands) == arity and all(t[0] in _NUMBER_START for t in operands):
                if arity:
                    del out[-arity:]
                continue
        elif token == b"Q" and out and out[-1] == b"q":
            out.pop()
            continue
        out.append(token)
    return b" " + b" ".join(out) + b" "


def compact_content(data: bytes) -> bytes:
    """A content stream with the same text but without drawing-only operators.

    Only the parts outside text objects (BT ... ET) are touched, so no string operand
    can be altered. Streams with inline images are returned unchanged.
    """
    if _INLINE_IMAGE.search(data):
        return data
    data = b" " + data + b" "
    pieces: list[bytes] = []
    pos = 0
    for m in _TEXT_OBJECT.finditer(data):
        pieces.append(_strip_graphics(data[pos : m.start()]))
        pieces.append(m.group())
        pos = m.end()
    pieces.append(_strip_graphics(data[pos:]))
    return b"".join(pieces)


def _compact(page) -> None:
    """Replace a large content stream by its compacted form (see ``compact_content``).

    Some generators write tens of thousands of empty "q Q" pairs and clipping paths per
    page, which makes pypdf's operator parser ten or more times slower; none of them
    affects the text.
    """
    from pypdf.generic import DecodedStreamObject, NameObject

    contents = page.get_contents()
    if contents is None:
        return
    data = contents.get_data()
    if len(data) < COMPACT_ABOVE:
        return
    stream = DecodedStreamObject()
    stream.set_data(compact_content(data))
    page[NameObject("/Contents")] = stream


@dataclass
class PdfText:
    """What extraction got from a PDF: each page's text plus notes for the metadata."""

    pages: list[str] = field(default_factory=list)
    unreadable: list[int] = field(default_factory=list)  # 1-based page numbers
    failures: list[str] = field(default_factory=list)  # why, one per unreadable page
    title: str = ""
    encrypted: bool = False
    truncated: bool = False  # extraction stopped at the text limit
    page_count: int = 0  # pages in the file (more than ``pages`` when truncated)


def _page_text(pages, i: int) -> str:
    """The text of page ``i`` (0-based), its content compacted first when large."""
    page = pages[i]
    try:
        _compact(page)
    except MemoryError:
        raise
    except Exception:
        pass  # extraction below works on the original stream
    return clean_surrogates(page.extract_text() or "")


def _page_count(reader) -> int:
    try:
        return len(reader.pages)
    except RecursionError:
        raise IngestError("unreadable PDF: page tree loops back on itself") from None
    except MemoryError:
        raise
    except Exception as exc:
        raise IngestError(f"unreadable PDF: {_failure(exc)}") from None


def _title(reader) -> str:
    try:
        info = reader.metadata
        return clean_surrogates(str(info.title or "").strip()) if info is not None else ""
    except MemoryError:
        raise
    except Exception:  # a damaged information dictionary costs only the title
        return ""


def extract_pages(
    data: bytes, check: Callable[[], None] | None = None, limits: Limits | None = None
) -> PdfText:
    """Each page's text as pypdf extracts it (plain mode); ``check`` runs between pages.

    A page pypdf fails on is read as empty and listed in ``unreadable`` (with the reason
    in ``failures``), so one damaged page does not lose the rest. Raises IngestError when
    the PDF has more pages than ``limits.max_pages``; stops (setting ``truncated``) once
    more than ``limits.max_text_chars`` have been read.
    """
    limits = limits or Limits()
    reader = _open(data)
    result = PdfText(encrypted=bool(reader.is_encrypted))
    count = _page_count(reader)
    if count > limits.max_pages:
        raise too_many("pages", limits.max_pages, "CONTRACTSMITH_MAX_PAGES", count)
    result.page_count = count
    pages = reader.pages
    chars = 0
    for i in range(count):
        if check:
            check()
        if chars > limits.max_text_chars:
            result.truncated = True
            break
        try:
            result.pages.append(_page_text(pages, i))
        except MemoryError:
            raise
        except RecursionError:
            result.failures.append("refers back to itself")
        except Exception as exc:  # pypdf fails in many ways on a damaged page
            result.failures.append(_failure(exc))
        else:
            chars += len(result.pages[-1])
            continue
        result.pages.append("")
        result.unreadable.append(i + 1)
    result.title = _title(reader)
    return result


def pdf_blocks(texts: list[str]) -> tuple[list[Block], list[Block], list[Block]]:
    """Body, header and footer blocks from each page's extracted text."""
    pages = [t.translate(PDF_TABLE).split("\n") for t in texts]
    heads, feet = find_running_lines(pages)
    # Deeper in, only lines repeated word for word count: headings such as "ARTICLE 5"
    # open many pages and differ only in their numbers.
    deep_heads, deep_feet = find_running_lines(pages, DEEP_EDGE_LINES, _exact_key)
    header_blocks: dict[str, Block] = {}
    footer_blocks: dict[str, Block] = {}
    drops: list[set[int]] = []
    for page_no, page_lines in enumerate(pages, start=1):
        head, foot = _edges(page_lines, DEEP_EDGE_LINES)
        drop: set[int] = set()
        for zone, keys, deep, found, kind in (
            (head, heads, deep_heads, header_blocks, BlockKind.HEADER),
            (foot, feet, deep_feet, footer_blocks, BlockKind.FOOTER),
        ):
            edge_run = True  # every line so far, from the edge in, was dropped
            for depth, idx in enumerate(zone):
                line = page_lines[idx]
                near = depth < EDGE_LINES
                if (near or edge_run) and is_page_number(line):
                    drop.add(idx)
                    continue
                key = running_key(line)
                if (near and key in keys) or (edge_run and _exact_key(line) in deep):
                    drop.add(idx)
                    found.setdefault(key, Block(line.strip(), kind, page=page_no))
                    continue
                edge_run = False
                if not near:
                    break
        drops.append(drop)
    drop_page_number_run(pages, drops)
    lines: list[Line] = []
    for page_no, (page_lines, drop) in enumerate(zip(pages, drops, strict=True), start=1):
        # Blank lines at a page's edges are layout, not paragraph breaks.
        nonblank = [i for i, ln in enumerate(page_lines) if ln.strip() and i not in drop]
        first, last = (nonblank[0], nonblank[-1]) if nonblank else (0, -1)
        pos = 0
        for idx, raw in enumerate(page_lines):
            if first <= idx <= last and idx not in drop:
                lines.append(Line(raw, page_no, pos))
            pos += len(raw) + 1
    body = [
        Block(p.text, p.kind, page=p.page, label=p.label, source_offset=p.offset)
        for p in reflow(lines)
    ]
    return (
        mark_fields(body, guessed_headings=True),
        list(header_blocks.values()),
        list(footer_blocks.values()),
    )


def unreadable_pages_note(extracted: PdfText) -> str:
    """The note recorded when some pages could not be read and the others were checked."""
    pages = extracted.unreadable
    which = f"page {pages[0]}" if len(pages) == 1 else "pages " + ", ".join(map(str, pages[:20]))
    if len(pages) > 20:
        which += f" and {len(pages) - 20} more"
    return (
        f"{which} of {extracted.page_count} could not be read"
        f" (page {pages[0]}: {extracted.failures[0][:80]}); the other pages were checked"
    )


def read_pdf(
    path: str,
    data: bytes,
    check: Callable[[], None] | None = None,
    limits: Limits | None = None,
) -> Document:
    """Read PDF bytes into a Document (raises IngestError for unreadable/scanned files)."""
    limits = limits or Limits()
    pypdf_log = logging.getLogger("pypdf")
    level = pypdf_log.level
    pypdf_log.setLevel(logging.CRITICAL)  # recovery chatter would flood a batch run
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            extracted = extract_pages(data, check, limits)
    finally:
        pypdf_log.setLevel(level)
    texts = extracted.pages
    if not texts:
        raise IngestError("PDF has no pages")
    if not any(t.strip() for t in texts):
        if extracted.unreadable:
            first = extracted.unreadable[0]
            raise IngestError(f"unreadable PDF: page {first}: {extracted.failures[0]}")
        raise IngestError("no text layer: scanned PDF, needs OCR")
    body, headers, footers = pdf_blocks(texts)
    if not body:
        raise IngestError("no text layer: scanned PDF, needs OCR")
    metadata: dict[str, str] = {}
    if extracted.title:
        metadata["title"] = extracted.title
    if extracted.encrypted:
        metadata["encrypted"] = "opened with the empty password"
    if extracted.unreadable:
        metadata[UNREADABLE_PAGES] = unreadable_pages_note(extracted)
    if extracted.truncated:
        metadata[TRUNCATED] = truncation_note(limits.max_text_chars)
    return Document.from_blocks(
        path,
        "pdf",
        body,
        headers=headers,
        footers=footers,
        pages=extracted.page_count or len(texts),
        metadata=metadata,
    )

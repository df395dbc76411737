"""Plain text and Markdown contracts -> Document.

Decoding: UTF-8 (with or without BOM), UTF-16/32 with BOM; bytes that are not valid UTF-8
are read as Windows-1252 (Latin-1 when a byte is undefined there) with a note in
``Document.metadata["encoding_note"]`` ("read as Windows-1252: not valid UTF-8"), which
the checker reports as finding I001. Binary data (NUL bytes, many control characters) is
an IngestError.

Newlines are normalised; paragraphs are split on blank lines, and hard-wrapped text
(lines of a fixed width, as in many filed contracts) is reflowed like PDF text. Markdown
headings become HEADING blocks and list items LIST_ITEM blocks with their label ("1.",
"-").
"""

from __future__ import annotations

import itertools
import re

from contractsmith.ingest.fields import Cell, line_label, mark_fields, row_block
from contractsmith.ingest.limits import TRUNCATED, Limits, too_many, truncation_note
from contractsmith.ingest.model import Block, BlockKind, Document, IngestError
from contractsmith.ingest.pagenum import text_page_markers
from contractsmith.ingest.reflow import SPACE_TABLE, Line, looks_hard_wrapped, reflow
from contractsmith.ingest.running import running_lines, trailing_page_numbers

_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
_ENCODING_NAMES = {"cp1252": "Windows-1252", "latin-1": "Latin-1"}
_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_SETEXT = re.compile(r"^(=+|-+)\s*$")
_MD_LIST = re.compile(r"^(\s*)([-*+]|\d{1,3}[.)]|\(?[a-z]\))\s+(.*)$")
_MD_FENCE = re.compile(r"^\s*(```|~~~)")
_MD_INLINE = re.compile(r"(\*\*|__|`)")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def decode_text(data: bytes) -> tuple[str, str, str | None]:
    """Decode ``data``; return (text, encoding used, note or None when it was not UTF-8).

    Raises IngestError for binary data (NUL bytes or many control characters).
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding).lstrip("\ufeff"), encoding, None
            except UnicodeDecodeError as exc:
                msg = f"invalid {encoding} text after a byte-order mark: {exc.reason}"
                raise IngestError(msg) from None
    if b"\x00" in data:
        raise IngestError("binary data, not text (contains NUL bytes)")
    try:
        text, encoding, note = data.decode("utf-8"), "utf-8", None
    except UnicodeDecodeError:
        try:
            text, encoding = data.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:  # a byte cp1252 leaves undefined (0x81, 0x8d, ...)
            text, encoding = data.decode("latin-1"), "latin-1"
        note = f"read as {_ENCODING_NAMES[encoding]}: not valid UTF-8"
    sample = text[:65536]
    if sample and len(_CONTROL.findall(sample)) > max(8, len(sample) // 100):
        raise IngestError("binary data, not text (too many control characters)")
    return text, encoding, note


def normalise_newlines(text: str) -> str:
    """CRLF / CR / form feed / Unicode line separators -> "\\n"; drop other controls."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\f", "\n\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    return _CONTROL.sub("", text).translate(SPACE_TABLE)


def _lines(text: str) -> list[Line]:
    """Split ``text`` into Line records carrying each line's offset."""
    out: list[Line] = []
    pos = 0
    for raw in text.split("\n"):
        out.append(Line(raw, None, pos))
        pos += len(raw) + 1
    return out


def plain_blocks(text: str) -> list[Block]:
    """Blocks of plain text: blank-line paragraphs, reflowed when hard-wrapped.

    Page-number lines left by conversion ("- 2 -", "Page 2 of 9", a lone "2" in a run),
    running heads and feet, and page numbers at the end of a page's last line are dropped
    (see ``running``).
    """
    lines = _lines(text)
    raw = [ln.text for ln in lines]
    drop = text_page_markers(raw) | running_lines(raw)
    if drop:
        raw = ["" if i in drop else t for i, t in enumerate(raw)]
    cuts = trailing_page_numbers(raw)
    if drop or cuts:
        lines = [
            Line(raw[i][: cuts[i]] if i in cuts else raw[i], None, ln.offset)
            for i, ln in enumerate(lines)
        ]
    paragraphs = reflow(lines, wrapped=looks_hard_wrapped(lines))
    return [
        Block(text=p.text, kind=p.kind, label=p.label, source_offset=p.offset) for p in paragraphs
    ]


def _md_clean(text: str) -> str:
    return _MD_INLINE.sub("", text).strip()


def markdown_blocks(text: str) -> list[Block]:
    """Blocks of Markdown: ATX/setext headings, list items, paragraphs (code kept as text)."""
    blocks: list[Block] = []
    para: list[str] = []
    para_start = 0
    pos = 0
    in_fence = False

    def flush() -> None:
        nonlocal para
        if para:
            joined = " ".join(s.strip() for s in para if s.strip())
            if joined:
                blocks.append(Block(text=_md_clean(joined), source_offset=para_start))
        para = []

    lines = text.split("\n")
    header: list[Cell] | None = None  # the open table's header row, if it has one
    in_table = False
    field_line = -2  # index of the last "Label: value" line read as a block
    for i, raw in enumerate(lines):
        offset = pos
        pos += len(raw) + 1
        if in_table:
            if _table_row(raw) and _MD_DELIMITER.match(raw):
                continue  # a delimiter row ("|---|---|") carries no text
            if _table_row(raw):
                _append_row(blocks, table_cells(raw, offset), header)
                continue
            in_table, header = False, None
        if not in_fence and _table_row(raw):
            nxt = lines[i + 1] if i + 1 < len(lines) else ""
            has_header = bool(_MD_DELIMITER.match(nxt)) and "|" in nxt
            if has_header or raw.lstrip().startswith("|"):
                flush()
                in_table = True
                cells = table_cells(raw, offset)
                if has_header:
                    header = cells
                    _append_row(blocks, cells, None, heading_row=True)
                else:
                    _append_row(blocks, cells, None)
                continue
        if _MD_FENCE.match(raw):
            flush()
            in_fence = not in_fence
            continue
        if in_fence:
            if raw.strip():
                blocks.append(Block(text=raw.rstrip(), source_offset=offset))
            continue
        if not raw.strip():
            flush()
            continue
        m = _MD_HEADING.match(raw)
        if m:
            flush()
            blocks.append(
                Block(
                    text=_md_clean(m.group(2)),
                    kind=BlockKind.HEADING,
                    style=f"Heading {len(m.group(1))}",
                    source_offset=offset,
                )
            )
            continue
        if para and len(para) == 1 and _MD_SETEXT.match(raw) and not _MD_LIST.match(para[0]):
            level = 1 if raw.strip().startswith("=") else 2
            blocks.append(
                Block(
                    text=_md_clean(para[0]),
                    kind=BlockKind.HEADING,
                    style=f"Heading {level}",
                    source_offset=para_start,
                )
            )
            para = []
            continue
        m = _MD_LIST.match(raw)
        if m:
            flush()
            marker = m.group(2)
            label = marker if marker[0].isdigit() or marker[0] == "(" or marker[-1] == ")" else "•"
            body = _md_clean(m.group(3))
            text_out = f"{label} {body}" if label != "•" else body
            blocks.append(
                Block(text=text_out, kind=BlockKind.LIST_ITEM, label=label, source_offset=offset)
            )
            continue
        if blocks and blocks[-1].kind is BlockKind.LIST_ITEM and not para and raw[:1] in " \t":
            blocks[-1].text += " " + _md_clean(raw)  # continuation of a list item
            continue
        cleaned = _md_clean(raw)
        if field_line == i - 1 and not para and cleaned[:1].islower():
            blocks[-1].text += " " + cleaned  # the field's value goes on
            field_line = i
            continue
        label = line_label(cleaned)
        if label is not None:
            flush()
            lead = len(raw) - len(raw.lstrip())
            blocks.append(Block(text=cleaned, field_label=label, source_offset=offset + lead))
            field_line = i
            continue
        if not para:
            para_start = offset
        para.append(raw)
    flush()
    return [b for b in blocks if b.text]


# A table row: text with a pipe in it; a delimiter row: "|---|:---:|" (pipes optional).
_MD_DELIMITER = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
_PIPE = re.compile(r"(?<!\\)\|")


def _table_row(raw: str) -> bool:
    return "|" in raw and bool(raw.strip())


def table_cells(raw: str, offset: int) -> list[Cell]:
    """The cells of a Markdown table row, each with its source offset.

    Leading and trailing pipes are optional; an escaped pipe ("\\|") stays in its cell.
    """
    bounds = [0] + [m.start() for m in _PIPE.finditer(raw)] + [len(raw)]
    spans = [(a + (k > 0), b) for k, (a, b) in enumerate(itertools.pairwise(bounds))]
    if raw.lstrip().startswith("|"):
        spans = spans[1:]
    if raw.rstrip().endswith("|") and spans and not raw[spans[-1][0] :].strip():
        spans = spans[:-1]
    cells = []
    for a, b in spans:
        seg = raw[a:b]
        lead = len(seg) - len(seg.lstrip())
        cells.append(Cell(_md_clean(seg.replace("\\|", "|")), offset + a + lead))
    return cells


def _append_row(
    blocks: list[Block], cells: list[Cell], header: list[Cell] | None, *, heading_row=False
) -> None:
    block = row_block(cells, header, heading_row=heading_row)
    if block is not None:
        blocks.append(block)


# A blank line followed by more text: each one starts at least one more block.
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*(?=\S)")


def _check_paragraphs(text: str, limit: int) -> None:
    """Refuse a text with more blank-line paragraphs than ``limit``, before any is built."""
    count = 1
    for _ in _PARAGRAPH_BREAK.finditer(text):
        count += 1
        if count > limit:
            raise too_many("paragraphs", limit, "CONTRACTSMITH_MAX_PARAGRAPHS")


def read_text(
    path: str, data: bytes, *, markdown: bool = False, limits: Limits | None = None
) -> Document:
    """Read plain text or Markdown bytes into a Document.

    Only the first ``limits.max_text_chars`` characters of the decoded text are read (a
    cut is noted in ``Document.metadata["text_truncated"]``); more blank-line paragraphs
    than ``limits.max_paragraphs`` is an IngestError.
    """
    limits = limits or Limits()
    if not data.strip():
        raise IngestError("empty file: no text")
    text, encoding, note = decode_text(data)
    truncated = len(text) > limits.max_text_chars
    if truncated:
        text = text[: limits.max_text_chars]
    text = normalise_newlines(text)
    _check_paragraphs(text, limits.max_paragraphs)
    if not text.strip():
        raise IngestError("empty file: no text")
    if markdown:
        blocks = mark_fields(markdown_blocks(text))
    else:
        blocks = mark_fields(plain_blocks(text), guessed_headings=True)
    if not blocks:
        raise IngestError("empty file: no text")
    metadata = {"encoding": encoding}
    if note:
        metadata["encoding_note"] = note
    if truncated:
        metadata[TRUNCATED] = truncation_note(limits.max_text_chars)
    return Document.from_blocks(
        path, "md" if markdown else "txt", blocks, metadata=metadata, source=text
    )

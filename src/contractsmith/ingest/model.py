"""Document and Block: a contract's text as the checker reads it, whatever the format.

Every ingester (DOCX, PDF, TXT/Markdown) produces a ``Document``. Its ``text`` is the
normalised full text; each ``Block`` is a paragraph, heading, table cell, header or
footer with its character span in ``text`` and where it came from (page, paragraph
index), so that every finding can say where it is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class BlockKind(str, Enum):
    """What a block is in the source document."""

    PARAGRAPH = "paragraph"
    HEADING = "heading"
    LIST_ITEM = "list_item"
    TABLE_CELL = "table_cell"
    TABLE_ROW = "table_row"  # a table row read as one unit (see ``ingest.fields``)
    HEADER = "header"  # running header (kept apart from the body)
    FOOTER = "footer"  # running footer (kept apart from the body)


@dataclass
class Block:
    """One unit of text with its location.

    ``start``/``end`` are offsets into ``Document.text`` (body blocks only; header and
    footer blocks are not part of the body text and have start == end == -1).
    ``paragraph`` is the 0-based index of the block in reading order; ``page`` is
    1-based for PDFs and None where the format has no pages. ``label`` holds a list or
    heading number recovered from the source ("1.2", "(a)") when the format computes it.
    ``field_label`` is set when the block is a labelled field, a table row or a
    "Label: value" line whose text reads "Label: value" ("ENGAGEMENT TERM"; see
    ``ingest.fields``).
    """

    text: str
    kind: BlockKind = BlockKind.PARAGRAPH
    paragraph: int = 0
    page: int | None = None
    start: int = -1
    end: int = -1
    label: str | None = None
    style: str | None = None
    # For PDFs: (page, offset in that page's extracted text) for the block's first char.
    source_offset: int | None = None
    field_label: str | None = None
    # TXT/MD table rows: (offset in ``text``, source offset) where each piece copied from
    # the source starts; the text between pieces (": ", "; ") was added by the reader.
    anchors: tuple[tuple[int, int], ...] = ()


@dataclass
class Document:
    """A contract ready for analysis.

    ``text`` joins the body blocks with blank lines ("\\n\\n"), so offsets in findings
    point into it. ``headers``/``footers`` hold running heads kept apart from the body.
    """

    path: str
    format: str  # "docx" | "pdf" | "txt" | "md"
    blocks: list[Block] = field(default_factory=list)
    headers: list[Block] = field(default_factory=list)
    footers: list[Block] = field(default_factory=list)
    text: str = ""
    pages: int | None = None
    metadata: dict[str, str] = field(default_factory=dict)
    # TXT/MD only: the decoded file text with newlines normalised, which the blocks'
    # ``source_offset`` values index (see ``ingest.source_map``).
    source: str | None = None

    @classmethod
    def from_blocks(cls, path: str, fmt: str, blocks: list[Block], **kwargs) -> Document:
        """Build a Document, assigning each body block its span in the joined text."""
        parts: list[str] = []
        pos = 0
        for i, block in enumerate(blocks):
            if parts:
                parts.append("\n\n")
                pos += 2
            block.paragraph = i
            block.start = pos
            block.end = pos + len(block.text)
            parts.append(block.text)
            pos = block.end
        return cls(path=path, format=fmt, blocks=blocks, text="".join(parts), **kwargs)

    def block_at(self, offset: int) -> Block | None:
        """The body block containing character ``offset`` of ``text`` (binary search)."""
        lo, hi = 0, len(self.blocks) - 1
        while lo <= hi:
            mid = (lo + hi) // 2
            b = self.blocks[mid]
            if offset < b.start:
                hi = mid - 1
            elif offset > b.end:
                lo = mid + 1
            else:
                return b
        return None


class IngestError(Exception):
    """A file that cannot be read as a contract; the message is one line for the user."""

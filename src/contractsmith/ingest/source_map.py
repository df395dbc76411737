"""Where a place in a text or Markdown contract's normalised text sits in the file itself.

Findings point into ``Document.text``: blocks joined by blank lines, hard-wrapped lines
reflowed, whitespace runs collapsed, Markdown emphasis marks dropped. Editors, GitHub
code scanning and ``file:line`` annotations need the file's own line and column, so this
module walks a block's text and the source side by side from the block's
``source_offset``, matching the visible characters and skipping what normalisation
removed (whitespace, Markdown marks such as ``*``, ``_``, ``#`` and backticks, a list
bullet, a hyphen joined across a line break) and a few visible characters the reader
moves or drops (a list label kept apart, a page-number line).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import replace

from contractsmith.findings import Finding
from contractsmith.ingest.model import Document

_DROPPED = frozenset("*_`-#>")
_NEWLINE = re.compile("\n")
_MAX_SKIP = 12  # visible source characters skipped in a row before giving up on alignment


class SourceMap:
    """Maps offsets in a TXT/MD ``Document.text`` to 1-based (line, column) in its source.

    The source is ``Document.source``: the file's text after decoding and newline
    normalisation, which the blocks' ``source_offset`` values index. Line numbers are the
    same as the file's, since normalisation only turns CRLF/CR into LF.
    """

    def __init__(self, document: Document) -> None:
        self.document = document
        self.source = source = document.source or ""
        self.line_starts = [0] + [m.end() for m in _NEWLINE.finditer(source)]
        # Per block: (characters of the block walked, source position after them, the
        # last matched position), so findings in one paragraph share one walk.
        self._walked: dict[int, tuple[int, int, int]] = {}

    def source_offset(self, offset: int) -> int | None:
        """The source offset of character ``offset`` of the document's text, or None."""
        block = self.document.block_at(offset)
        if block is None or block.source_offset is None:
            return None
        src = self.source
        rel = max(0, offset - block.start)
        # A table row's text is pieces copied from several places ("Header: cell");
        # walk from the start of the piece that holds the offset.
        here, floor = 0, block.source_offset
        for at, source_at in block.anchors:
            if at <= rel:
                here, floor = at, source_at
        done, pos, target = self._walked.get(block.start, (0, block.source_offset, -1))
        if rel < done or done <= here:  # not reachable from where the last walk stopped
            done, pos, target = here, floor, -1
        # Walk the visible characters up to and including the target one; the target's
        # match is its place in the source.
        for ch in block.text[done : rel + 1]:
            if ch.isspace():
                continue
            skipped = 0
            while pos < len(src) and src[pos] != ch:
                if not (src[pos].isspace() or src[pos] in _DROPPED):
                    skipped += 1  # a list label or page number the reader moved or dropped
                    if skipped > _MAX_SKIP:
                        return self._nearest_visible(block.source_offset)
                pos += 1
            target = pos
            pos += 1
        self._walked[block.start] = (rel + 1, pos, target)
        return min(max(target, floor), len(src))

    def _nearest_visible(self, pos: int) -> int:
        """Fallback when the texts disagree: the block's first visible character."""
        while pos < len(self.source) and self.source[pos].isspace():
            pos += 1
        return pos

    def line_col(self, offset: int) -> tuple[int, int] | None:
        """1-based (line, column) in the source file of ``offset`` in the document's text."""
        pos = self.source_offset(offset)
        if pos is None:
            return None
        line = bisect_right(self.line_starts, pos)
        return line, pos - self.line_starts[line - 1] + 1


def with_file_lines(findings: list[Finding], document: Document) -> list[Finding]:
    """``findings`` with ``line``/``column`` set to their place in the TXT/MD file itself.

    Findings without a position, and every finding of a document read from another
    format (no ``Document.source``), are returned unchanged.
    """
    if not document.source:
        return findings
    lines = SourceMap(document)
    out = []
    for f in findings:
        loc = f.location
        where = lines.line_col(loc.start) if loc.start is not None and loc.start >= 0 else None
        out.append(
            f
            if where is None
            else replace(f, location=replace(loc, line=where[0], column=where[1]))
        )
    return out

"""Labelled fields: table rows and "Label: value" lines read as one clause unit.

Influencer agreements state operative terms as a commercial-terms table
("ENGAGEMENT TERM | 3 months") or as labelled lines ("Campaign Duration: 1 June 2026 to
31 August 2026"). Every reader turns such a row or line into one block whose text reads
"Label: value" and whose ``Block.field_label`` keeps the label.

**A label** (``is_label``) is short wording that names a term rather than states one:

* 1-6 words and at most 50 characters, no quotes, no colon, no sentence end;
* the first word starts with a capital or a digit, and most other words are capitalised
  ("ENGAGEMENT TERM", "Campaign Duration") or it is at most three words ("Payment
  terms"); small words ("of", "and", "&") do not count either way;
* no verb that makes it a clause ("shall", "will", "may", "is", "agrees" ...);
* not a heading number ("Section 5", "Schedule 1", "Article IV").

**A "Label: value" line** (``line_label``) is a label, a colon, whitespace, then a value
on the same line. These pass: "Campaign Duration: 1 June 2026 to 31 August 2026",
"FEE: $8,000 + GST", "Payment terms: net 30", "- **Usage Rights:** 12 months organic".
These fail: "The Creator shall deliver the following:" (a lead-in: a verb and no
value), "Posts go live at 10:30 AEST" and "See https://example.com" (no space after the
colon), "Section 5: Term" (a heading number), "Note that payment is due: within 30 days"
(lower-case words before the colon) and a long sentence that happens to hold a colon.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from contractsmith.ingest.model import Block, BlockKind

MAX_LABEL_WORDS = 6
MAX_LABEL_CHARS = 50

# "Label: value": the first colon followed by whitespace and something to read.
_LINE = re.compile(r"^(?P<label>[^:\n]{1,60}?)\s*:[ \t]+(?P<value>\S)")
_SMALL = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "by",
        "for",
        "from",
        "in",
        "of",
        "on",
        "or",
        "per",
        "the",
        "to",
        "with",
        "&",
        "/",
        "-",
        "+",
        "–",
        "—",
    ]
)
_VERBS = frozenset(
    [
        "shall",
        "will",
        "may",
        "must",
        "should",
        "can",
        "could",
        "would",
        "might",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "has",
        "have",
        "had",
        "do",
        "does",
        "did",
        "agree",
        "agrees",
        "agreed",
        "means",
        "mean",
        "includes",
        "include",
        "including",
        "following",
        "hereby",
    ]
)
_HEADING_NUMBER = re.compile(
    r"^(?:article|section|clause|schedule|exhibit|annex|appendix|part|chapter|attachment)"
    r"\s+[\w.]{1,8}$",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\s]+")


def is_label(text: str) -> bool:
    """Whether ``text`` (a table cell or the part before a colon) reads as a field label."""
    label = text.strip().rstrip(":").strip()
    if not label or len(label) > MAX_LABEL_CHARS or "\n" in label:
        return False
    if any(c in label for c in '"\u201c\u201d:;?!') or label.endswith("."):
        return False
    words = _WORD.findall(label)
    if not 1 <= len(words) <= MAX_LABEL_WORDS or _HEADING_NUMBER.match(label):
        return False
    bare = [w.strip("()[]*_`,'’") for w in words]
    if not bare[0][:1].isupper() and not bare[0][:1].isdigit():
        return False
    if any(w.lower() in _VERBS for w in bare):
        return False
    content = [w for w in bare if w and w.lower() not in _SMALL]
    if not content:
        return False
    capitalised = sum(1 for w in content if w[0].isupper() or w[0].isdigit())
    return capitalised * 2 >= len(content) or len(words) <= 3


def line_label(text: str) -> str | None:
    """The label of a "Label: value" line (see the module docstring), or None."""
    m = _LINE.match(text)
    if m is None:
        return None
    label = m.group("label").strip()
    return label if is_label(label) else None


def mark_fields(blocks: list[Block], *, guessed_headings: bool = False) -> list[Block]:
    """Set ``field_label`` on each body paragraph, list item or cell that is a
    "Label: value" line (after its list label, if any); return ``blocks``.

    With ``guessed_headings`` (plain text and PDF, where a heading is only a guess from a
    short or capitalised line), a heading that is a "Label: value" line is a field too:
    "POSTING DATES: TBC" states a term, it does not open a section.
    """
    for block in blocks:
        if block.field_label is not None:
            continue
        guessed = guessed_headings and block.kind is BlockKind.HEADING
        if block.kind not in _LINE_KINDS and not guessed:
            continue
        text = block.text
        if block.label and text.startswith(block.label):
            text = text[len(block.label) :].lstrip()
        block.field_label = line_label(text)
        if guessed and block.field_label is not None:
            block.kind = BlockKind.PARAGRAPH
    return blocks


_LINE_KINDS = frozenset({BlockKind.PARAGRAPH, BlockKind.LIST_ITEM, BlockKind.TABLE_CELL})


@dataclass(frozen=True)
class Cell:
    """One table cell's text and where that text starts in the source (None if unknown)."""

    text: str
    offset: int | None = None


def _clean_label(text: str) -> str:
    return text.strip().rstrip(":").strip()


def row_block(
    cells: list[Cell], header: list[Cell] | None = None, *, heading_row: bool = False
) -> Block | None:
    """One TABLE_ROW block for a table row, or None when no cell has text.

    * a table's header row (``heading_row``): its cells joined with " | ", no label;
    * a row of two cells whose first is a label: "Label: value", labelled by the cell;
    * a row of a table with a header (and a first cell that is not a label): each cell
      after its column header, "Header: cell; Header: cell", labelled by the headers;
    * any other row: its cells joined with "; ", without a label.

    ``Block.anchors`` records where each copied piece starts in the source, so that
    offsets into the joined text still map back to the file.
    """
    filled = [(i, c) for i, c in enumerate(cells) if c.text.strip()]
    if not filled:
        return None
    pieces: list[tuple[str, int | None]] = []
    label: str | None = None
    if heading_row:
        for k, (_, cell) in enumerate(filled):
            pieces += [(" | ", None)] if k else []
            pieces.append((cell.text.strip(), cell.offset))
    elif len(filled) == 2 and filled[0][0] == 0 and is_label(filled[0][1].text):
        first, second = filled[0][1], filled[1][1]
        label = _clean_label(first.text)
        pieces = [(label, first.offset), (": ", None), (second.text.strip(), second.offset)]
    elif header is not None and len(header) >= len(cells) and len(filled) >= 2:
        names = [_clean_label(h.text) for h in header]
        label = " / ".join(n for n in names if n) or None
        for k, (i, cell) in enumerate(filled):
            if k:
                pieces.append(("; ", None))
            if names[i]:
                pieces += [(names[i], header[i].offset), (": ", None)]
            pieces.append((cell.text.strip(), cell.offset))
    else:
        for k, (_, cell) in enumerate(filled):
            if k:
                pieces.append(("; ", None))
            pieces.append((cell.text.strip(), cell.offset))
    text_parts: list[str] = []
    anchors: list[tuple[int, int]] = []
    pos = 0
    for piece, offset in pieces:
        if offset is not None:
            anchors.append((pos, offset))
        text_parts.append(piece)
        pos += len(piece)
    return Block(
        text="".join(text_parts),
        kind=BlockKind.TABLE_ROW,
        field_label=label,
        source_offset=anchors[0][1] if anchors else None,
        anchors=tuple(anchors),
    )

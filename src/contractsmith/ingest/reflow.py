"""Reflow hard-wrapped lines (PDF text, wrapped plain text) into paragraphs.

Input is a sequence of ``Line`` records (text without its newline, where it came from);
output is a list of ``Paragraph`` records. A paragraph ends at a blank line, before a
numbered or lettered start ("7.2", "(a)", "ARTICLE IV"), before a "Label: value"
line (``fields.line_label``), around a short all-capitals heading line, and after a line
that ends a sentence well short of the usual line width.
Words hyphenated across a line break are joined ("obli-" + "gation" -> "obligation")
and runs of spaces inside a paragraph become one space.

Everything here is linear in the number of characters: lines are collected in lists and
joined once per paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from contractsmith.ingest.fields import line_label
from contractsmith.ingest.model import BlockKind

# A numbered or lettered start: "1.", "7.2", "7.2.1", "(a)", "(iv)", "a)", "A.", bullets.
_NUMBER_LABEL = re.compile(
    r"""^(?P<label>
        \d{1,3}(?:\.\d{1,3})+\.?(?=\s|$)     # 7.2 / 7.2.1 / 7.2.
      | \d{1,3}\.(?=\s)                     # 7.
      | \d{1,3}\)(?=\s)                     # 7)
      | \((?:\d{1,3}|[a-zA-Z]{1,2}|[ivxlcIVXLC]{1,6})\)   # (a) (12) (iv)
      | (?:[a-z]|[ivxl]{1,5})\)(?=\s)        # a) iv)
      | [A-Z]\.(?=\s)                       # A.
      | [•▪◦●‣∙·]                           # bullets
    )""",
    re.VERBOSE,
)
# A worded start: "ARTICLE IV", "Section 5", "SCHEDULE A". Cross-references wrap onto
# line starts too ("...set out in / Section 5"), so these only open a paragraph after a
# line that ended one.
_WORD_LABEL = re.compile(
    r"""^(?P<label>
        (?:ARTICLE|Article|SECTION|Section|SCHEDULE|Schedule|EXHIBIT|Exhibit|ANNEX|Annex)
        \s+(?:\d{1,3}(?:\.\d{1,3})*|[IVXLC]{1,7}|[A-Z])\b\.?
    )""",
    re.VERBOSE,
)
# A lower-case letter or roman label with a full stop: "a. Developer shall ...", "iv. the".
# Like worded starts, these open a paragraph only after a line that ended one.
_LETTER_LABEL = re.compile(r"^(?P<label>(?:[a-z]|[ivx]{2,5})\.)(?=\s)")
# A number written out in words at a line's end: a "(2)" opening the next line repeats it
# in figures ("two / (2) years") and is not a list label.
_NUMBER_WORD_END = re.compile(
    r"(?:^|[\s-])(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen"
    r"|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty"
    r"|seventy|eighty|ninety|hundred|thousand)$",
    re.IGNORECASE,
)
_FIGURES = re.compile(r"^\(\d{1,3}\)")
_SENTENCE_END = re.compile(r"[.!?:;][\"'”’)\]]*$")
_HYPHEN_END = re.compile(r"(?<=[A-Za-z])-$")
_KEEP_HYPHEN_PREFIX = re.compile(
    r"(?:^|[\s(\"'])(?:non|self|cross|third|quasi|semi|well|co|ex|anti|multi)-$", re.IGNORECASE
)
# Unicode spaces that extraction leaves in text -> plain space; soft hyphens dropped.
SPACE_TABLE = str.maketrans(
    {
        c: " "
        for c in "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
    }
    | {"\u00ad": None, "\u200b": None, "\ufeff": None}
)
# A capitals line ending in one of these words runs on into the next line: it is the
# first line of a paragraph in capitals ("EXCEPT FOR ... OBLIGATIONS AND"), not a heading.
_RUNS_ON = re.compile(
    r"\b(?:AND|OR|NOR|OF|THE|TO|FOR|BY|WITH|IN|ON|AN|ANY|NOT|BE|FROM|THAT|AS|AT|IS|ARE"
    r"|SHALL|WILL|ITS|THIS|SUCH)$"
)
# A paragraph that is only a quoted term, maybe numbered, and the start of its definition.
_TERM_ALONE = re.compile(r"^(?:\S{1,8}\s+)?[\"\u201c][^\"\u201d]{1,80}[\"\u201d]$")
_DEFINES = re.compile(r"^(?:means?|shall\s+(?:mean|have\s+the\s+meaning)|has\s+the\s+meaning)\b")
_MULTI_SPACE = re.compile(r"[ \t]{2,}")
_HAS_LOWER = re.compile(r"[a-z]")
_HAS_LETTER = re.compile(r"[A-Za-z]")


class Line(NamedTuple):
    """One source line: its text (no newline), page (or None) and source offset."""

    text: str
    page: int | None
    offset: int


@dataclass
class Paragraph:
    """A reflowed paragraph with the location of its first character."""

    text: str
    page: int | None
    offset: int
    kind: BlockKind = BlockKind.PARAGRAPH
    label: str | None = None


def leading_label(text: str) -> str | None:
    """The list or section label at the start of ``text`` ("7.2", "(a)"), if any."""
    m = _NUMBER_LABEL.match(text) or _WORD_LABEL.match(text) or _LETTER_LABEL.match(text)
    if not m:
        return None
    label = m.group("label")
    if label in "•▪◦●‣∙·":
        return label
    return label.rstrip()


def is_heading_line(text: str) -> bool:
    """A short line in capitals, e.g. "7. GOVERNING LAW" or "1. DEFINITIONS."."""
    stripped = text.strip()
    if not stripped or len(stripped) > 80 or stripped.endswith((",", ";")):
        return False
    # A closing full stop is allowed on a short caption ("1. DEFINITIONS.").
    if stripped.endswith(".") and (len(stripped) > 50 or len(stripped.split()) > 6):
        return False
    if _HAS_LOWER.search(stripped) or not _HAS_LETTER.search(stripped):
        return False
    if _RUNS_ON.search(stripped):
        return False
    letters = sum(c.isalpha() for c in stripped)
    return letters >= 3


def _typical_width(lines: Sequence[Line]) -> int:
    """The usual full-line width: the 80th percentile of non-blank line lengths."""
    lengths = sorted(len(s) for s in (ln.text.strip() for ln in lines) if s)
    if not lengths:
        return 0
    return lengths[min(len(lengths) - 1, int(len(lengths) * 0.8))]


def _joins(prev: str, nxt: str) -> tuple[str, bool]:
    """How ``nxt`` attaches to ``prev``: the separator and whether to drop prev's hyphen."""
    if _HYPHEN_END.search(prev) and nxt[:1].islower() and not _KEEP_HYPHEN_PREFIX.search(prev):
        return "", True
    if prev.endswith("-") or prev.endswith("/"):
        return "", False
    return " ", False


def _opens_item(prev: str, text: str) -> bool:
    """Whether a line opening with a list label starts a new paragraph after ``prev``.

    "(2)" after a line ending in a number word ("... for a term of two") is the figure
    repeating that number, cut off by the line break, not an item.
    """
    if _NUMBER_LABEL.match(text) is None:
        return False
    return not (_FIGURES.match(text) and _NUMBER_WORD_END.search(prev))


def looks_hard_wrapped(lines: Sequence[Line], max_width: int = 130) -> bool:
    """True when lines look wrapped at a fixed width (so a newline is not a paragraph end)."""
    width = _typical_width(lines)
    return 0 < width <= max_width


def reflow(lines: Iterable[Line], *, wrapped: bool = True) -> list[Paragraph]:
    """Group wrapped ``lines`` into paragraphs (see the module docstring for the rules).

    With ``wrapped=False`` every non-blank line is a paragraph of its own.
    """
    lines = list(lines)
    width = _typical_width(lines)
    short = width * 0.8
    out: list[Paragraph] = []
    parts: list[str] = []
    first: Line | None = None
    prev_text = ""
    prev_heading = False
    prev_indent = 0
    in_field = False  # the paragraph being read opened with a "Label: value" line

    def flush() -> None:
        nonlocal parts, first
        if first is not None and parts:
            text = _MULTI_SPACE.sub(" ", "".join(parts)).strip()
            if text:
                label = leading_label(text)
                kind = BlockKind.PARAGRAPH
                if len(parts) == 1 and is_heading_line(text):
                    kind = BlockKind.HEADING
                out.append(Paragraph(text, first.page, first.offset, kind, label))
        parts = []
        first = None

    for line in lines:
        text = line.text.strip()
        if not text:
            flush()
            prev_text = ""
            prev_heading = False
            continue
        indent = len(line.text) - len(line.text.lstrip())
        # A first-line indent after two or more body lines opens a paragraph; a hanging
        # indent (second line deeper than the first) does not.
        indented = len(parts) >= 3 and indent > prev_indent + 1
        # A line break ends a paragraph after a sentence end or an early-ended line.
        ended = (
            not prev_text
            or _SENTENCE_END.search(prev_text) is not None
            or len(prev_text) < width * 0.6
        )
        heading = is_heading_line(text) and len(text) < short and (ended or prev_heading)
        # A "Label: value" line opens a paragraph after one that ended or was a field too.
        field = (ended or in_field or first is None) and line_label(text) is not None
        if first is not None and (
            not wrapped
            or heading
            or prev_heading
            or _opens_item(prev_text, text)
            or (ended and (_WORD_LABEL.match(text) or _LETTER_LABEL.match(text)) is not None)
            or (ended and len(prev_text) < short)
            or indented
            or field
        ):
            flush()
        if first is None:
            in_field = field
            lead = len(line.text) - len(line.text.lstrip())
            first = Line(text, line.page, line.offset + lead)
            parts.append(text)
        else:
            sep, drop = _joins(prev_text, text)
            if drop:
                parts[-1] = parts[-1][:-1]
            parts.append(sep)
            parts.append(text)
        prev_text = text
        prev_heading = heading
        prev_indent = indent
    flush()
    return _join_definitions(out)


def _join_definitions(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """Join a defined term set apart on its own ('1.30 "Supplier"') to the definition that
    follows it after a blank line ('shall mean ...'), as tables of definitions lay out."""
    out: list[Paragraph] = []
    for para in paragraphs:
        prev = out[-1] if out else None
        if (
            prev is not None
            and para.text[:1].islower()
            and _TERM_ALONE.match(prev.text) is not None
            and _DEFINES.match(para.text) is not None
        ):
            prev.text = f"{prev.text} {para.text}"
            prev.kind = BlockKind.PARAGRAPH
            continue
        out.append(para)
    return out

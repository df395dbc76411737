"""Contract structure: headings, numbering, sections, the table of contents, definitions.

Works on sentence spans (from ``nlp.sentence_spans``) so that a run-in heading such as
"12.1 Termination." is told apart from the body sentence that follows it.

* ``parse_heading(text)`` reads one line or sentence as a heading: number, title, level.
* ``find_toc(text)`` finds a table of contents (character ranges) before the body.
* ``build_sections(...)`` turns the heading sentences into nested ``Section`` spans.
* ``defined_terms(text)`` collects terms defined by '"X" means' or '(the "X")'.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from contractsmith.analyse.model import Section

_NUMBER_RE = re.compile(
    r"^\s*(?P<num>"
    r"(?:ARTICLE|Article|SECTION|Section|CLAUSE|Clause|PART|Part|SCHEDULE|Schedule)\s+"
    r"(?:[0-9]{1,3}(?:\.[0-9]{1,3})*|[IVXLC]{1,6})\b[.:]?"
    r"|\d{1,3}(?:\.\d{1,3}){0,4}\.?(?=\s)"
    r"|\((?:[a-z]{1,2}|[ivx]{1,5}|\d{1,2}|[A-Z])\)"
    r"|[a-z]\)(?=\s)"
    r"|[A-Z]\.(?=\s)"
    r"|#{1,6}(?=\s)"
    r")\s*(?P<title>.*?)\s*$",
    re.S,
)
_SMALL_WORDS = {
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
    "the",
    "to",
    "with",
    "without",
    "upon",
    "under",
    "its",
    "into",
    "&",
    "-",
    "/",
}
_TOC_TITLE_RE = re.compile(
    r"^\s*(?:TABLE\s+OF\s+CONTENTS|Table\s+of\s+Contents|CONTENTS|INDEX)\s*$"
)
_PAGE_REF_RE = re.compile(r"(?:\.{3,}|\u2026+|\s{2,}|\t)\s*(?:Page\s*)?\d{1,3}\s*$|\s\d{1,3}\s*$")
_DEFINITIONS_RE = re.compile(r"\b(?:definitions?|defined\s+terms|interpretation|glossary)\b", re.I)
_DEFINED_TERM_RES = (
    re.compile(
        r"[\"\u201c]([A-Z][^\"\u201d\n]{0,60}?)[\"\u201d]\s*(?:,[^,]{0,40},\s*)?"
        r"(?:shall\s+)?(?:means?|shall\s+have\s+the\s+meaning|has\s+the\s+meaning|"
        r"refers?\s+to|includes?|is\s+defined)"
    ),
    re.compile(
        r"\((?:hereinafter\s+|collectively,?\s+|each,?\s+|individually,?\s+)*"
        r"(?:referred\s+to\s+as\s+)?(?:the\s+|a\s+|an\s+|each\s+a\s+)?"
        r"[\"\u201c]([A-Z][^\"\u201d\n]{0,60}?)[\"\u201d]"
    ),
)


@dataclass
class Heading:
    """A heading read from one line or sentence."""

    number: str | None
    title: str
    level: int
    kind: str  # "article", "numeric", "letter", "roman", "markdown", "caps"


def _titleish(title: str) -> bool:
    """Whether ``title`` reads like a heading title (all caps or Title Case, short)."""
    words = re.findall(r"[A-Za-z][A-Za-z'\-]*", title)
    if not words or len(words) > 12 or len(title) > 100:
        return False
    if title.isupper():
        return True
    caps = sum(1 for w in words if w[0].isupper() or w.lower() in _SMALL_WORDS)
    return caps == len(words)


def _level_of(number: str) -> tuple[int, str]:
    """The nesting level and kind a heading number implies."""
    upper = number.upper()
    if upper.startswith(("ARTICLE", "PART", "SCHEDULE")):
        return 1, "article"
    if upper.startswith(("SECTION", "CLAUSE")):
        digits = re.findall(r"\d+", number)
        return max(1, len(digits)), "numeric"
    if number.startswith("#"):
        return len(number), "markdown"
    if number[0].isdigit():
        parts = [p for p in number.rstrip(".").split(".") if p]
        return len(parts), "numeric"
    inner = number.strip("().")
    if re.fullmatch(r"[ivx]{1,5}", inner) and inner not in {"v", "x"}:
        return 4, "roman"
    if re.fullmatch(r"[A-Z]", inner):
        return 2, "letter"
    return 3, "letter"


def parse_heading(text: str, standalone: bool = False) -> Heading | None:
    """Read ``text`` (one line or sentence) as a heading, or return None.

    ``standalone`` says the text is a whole block (a heading paragraph) rather than the
    first sentence of a body paragraph; standalone text may be an untitled number.
    """
    text = text.strip()
    if not text or len(text) > 120 or "\n" in text.strip():
        return None
    m = _NUMBER_RE.match(text)
    if m:
        number = m.group("num").strip()
        title = m.group("title").strip().rstrip(".:").strip()
        level, kind = _level_of(number)
        if kind == "markdown":
            return Heading(None, title, level, kind) if title else None
        if not title:
            if kind in {"article", "numeric"} and standalone:
                return Heading(number.rstrip(".:"), "", level, kind)
            return None
        if _titleish(title) and not title.endswith((",", ";")):
            return Heading(
                number.rstrip(".:") if kind != "article" else number.rstrip(".:"),
                title,
                level,
                kind,
            )
        return None
    bare = text.rstrip(".:").strip()
    letters = re.sub(r"[^A-Za-z]", "", bare)
    if len(letters) >= 4 and bare.isupper() and len(bare.split()) <= 12:
        return Heading(None, bare, 1, "caps")
    if standalone and _titleish(bare) and len(bare.split()) <= 8 and not text.endswith("."):
        return Heading(None, bare, 1, "caps")
    return None


def find_toc(text: str) -> list[tuple[int, int]]:
    """Character ranges of table-of-contents regions in ``text``.

    A TOC is either introduced by a "TABLE OF CONTENTS" line and runs over the short
    heading-like lines after it, or is a run of three or more heading lines that end in
    page numbers or dotted leaders. Only the first third of the document is searched.
    """
    limit = max(len(text) // 3, 4000)
    regions: list[tuple[int, int]] = []
    lines: list[tuple[int, int, str]] = []
    pos = 0
    for raw in text[:limit].split("\n"):
        lines.append((pos, pos + len(raw), raw))
        pos += len(raw) + 1
    i = 0
    while i < len(lines):
        start, _, line = lines[i]
        if _TOC_TITLE_RE.match(line):
            end = _consume_toc(lines, i + 1, need_page=False)
            regions.append((start, end))
            i = next((k for k, ln in enumerate(lines) if ln[0] >= end), len(lines))
            continue
        if _is_toc_entry(line):
            run_end = _consume_toc(lines, i, need_page=True)
            entries = sum(1 for s, e, ln in lines if start <= s < run_end and _is_toc_entry(ln))
            if entries >= 3:
                regions.append((start, run_end))
                i = next((k for k, ln in enumerate(lines) if ln[0] >= run_end), len(lines))
                continue
        i += 1
    return regions


def _is_toc_entry(line: str) -> bool:
    """A heading-like line that ends in a page number or dotted leader."""
    s = line.strip()
    if not s or len(s) > 120 or not _PAGE_REF_RE.search(s):
        return False
    body = _PAGE_REF_RE.sub("", s).strip().rstrip(".")
    return bool(body) and (parse_heading(body, standalone=True) is not None or _titleish(body))


def _consume_toc(lines: list[tuple[int, int, str]], i: int, need_page: bool) -> int:
    """End offset of the TOC run starting at line ``i``."""
    end = lines[i - 1][1] if i > 0 else 0
    blanks = 0
    seen_first: str | None = None
    while i < len(lines):
        _, e, line = lines[i]
        s = line.strip()
        if not s:
            blanks += 1
            if blanks > 3:
                break
            i += 1
            continue
        blanks = 0
        if need_page:
            if not _is_toc_entry(s):
                break
        else:
            key = _PAGE_REF_RE.sub("", s).strip().lower()
            if len(s) > 120 or s.endswith((",", ";")) or (s.endswith(".") and len(s.split()) > 12):
                break
            if seen_first is None:
                seen_first = key
            elif key == seen_first:
                break  # the body starts with the first heading again
        end = e
        i += 1
    return end


def defined_terms(text: str) -> dict[str, int]:
    """Terms defined in ``text`` mapped to the offset of their first definition."""
    found: dict[str, int] = {}
    for pattern in _DEFINED_TERM_RES:
        for m in pattern.finditer(text):
            term = m.group(1).strip()
            if term and (term not in found or m.start(1) < found[term]):
                found[term] = m.start(1)
    return dict(sorted(found.items(), key=lambda kv: kv[1]))


def build_sections(
    headings: list[tuple[int, Heading]],
    text_length: int,
    toc: list[tuple[int, int]],
) -> list[Section]:
    """Nested sections from heading offsets; TOC regions become ``is_toc`` sections.

    A section runs from its heading to the next heading of the same or a higher level.
    Letter and roman items nest under the last numeric heading.
    """
    sections: list[Section] = []
    open_stack: list[tuple[int, Section]] = []  # (effective level, section)
    article_seen = False
    last_numeric = 0
    for offset, h in headings:
        if any(a <= offset < b for a, b in toc):
            continue
        if h.kind == "article":
            article_seen = True
            level = 1
        elif h.kind == "numeric":
            level = h.level + (1 if article_seen else 0)
            last_numeric = level
        elif h.kind in {"letter", "roman"}:
            level = last_numeric + (1 if h.kind == "letter" else 2)
        elif h.kind == "markdown":
            level = h.level
        else:  # unnumbered caps or title heading
            level = 1 if not article_seen else 2
        while open_stack and open_stack[-1][0] >= level:
            open_stack.pop()[1].end = offset
        section = Section(
            number=h.number,
            heading=h.title,
            level=level,
            start=offset,
            end=text_length,
            is_definitions=bool(_DEFINITIONS_RE.search(h.title)),
        )
        sections.append(section)
        open_stack.append((level, section))
    for a, b in toc:
        sections.append(
            Section(number=None, heading="Table of Contents", level=1, start=a, end=b, is_toc=True)
        )
    sections.sort(key=lambda s: (s.start, s.level))
    return sections

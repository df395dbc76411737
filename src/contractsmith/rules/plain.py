"""A light analyser for plain clause text: paragraphs, headings and sentences by rule.

``check_text`` uses it to run the wording rules on one clause without spaCy, and the
rule cases use it to build small documents. It is deliberately simple: blank lines
separate paragraphs, a short unpunctuated line is a heading, and sentences end at
``.``, ``;``, ``!`` or ``?`` followed by a capital, a bracket or a list marker (common
legal abbreviations excepted).
"""

from __future__ import annotations

import re

from contractsmith.analyse.model import CATEGORIES, AnalysedDocument, ClausePresence, Section
from contractsmith.analyse.model import Sentence as Sent
from contractsmith.ingest.model import Block, BlockKind, Document

_ABBREVIATIONS = {
    "inc",
    "ltd",
    "llc",
    "co",
    "corp",
    "no",
    "nos",
    "sec",
    "art",
    "arts",
    "para",
    "e.g",
    "i.e",
    "etc",
    "vs",
    "v",
    "u.s",
    "mr",
    "mrs",
    "ms",
    "dr",
    "st",
    "approx",
    "cf",
    "viz",
    "seq",
    "et al",
}
_BOUNDARY = re.compile(r"[.;!?](?:[\"')\]]*)\s+(?=[\"'(\[]?[A-Z0-9(•●\-])")
_HEADING = re.compile(
    r"^\s*(?:(?:article|section)\s+)?(?P<num>\d+(?:\.\d+)*\.?|(?-i:[IVXLC]+)\.|\([a-z0-9]+\))?\s*"
    r"(?P<title>[A-Z][^.;:!?]{1,80})$",
    re.IGNORECASE,
)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Spans of the sentences in ``text`` (a paragraph), trimmed of outer whitespace."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        head = text[start : m.start()]
        last = re.search(r"([A-Za-z][A-Za-z.]*)$", head)
        if text[m.start()] == "." and last and last.group(1).lower().rstrip(".") in _ABBREVIATIONS:
            continue
        if text[m.start()] == "." and last and len(last.group(1)) == 1:
            continue  # an initial: "J. Smith"
        end = m.start() + 1
        spans.append((start, end))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    out: list[tuple[int, int]] = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def _is_heading(line: str) -> re.Match[str] | None:
    if len(line) > 90 or "\n" in line.strip():
        return None
    m = _HEADING.match(line.strip())
    if m is None:
        return None
    title = m.group("title").strip()
    words = title.split()
    if len(words) > 10:
        return None
    # Title Case or ALL CAPS: most words start with a capital.
    caps = sum(1 for w in words if w[:1].isupper() or not w[:1].isalpha())
    return m if caps >= max(1, int(len(words) * 0.6)) else None


def analyse_plain(
    text: str,
    *,
    category: str | None = None,
    heading: str | None = None,
    path: str = "<text>",
) -> AnalysedDocument:
    """Build an AnalysedDocument from plain text.

    ``category`` (a checker category id) marks every sentence as evidence for it and
    the clause as present; ``heading`` puts all text under one section of that name.
    """
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text.replace("\r\n", "\n"))]
    blocks: list[Block] = []
    if heading:
        blocks.append(Block(text=heading, kind=BlockKind.HEADING))
    for para in paragraphs:
        if not para:
            continue
        kind = BlockKind.HEADING if _is_heading(para) else BlockKind.PARAGRAPH
        blocks.append(Block(text=" ".join(para.split()), kind=kind))
    document = Document.from_blocks(path, "txt", blocks)
    cats = (category,) if category in CATEGORIES else ()

    sections: list[Section] = []
    sentences: list[Sent] = []
    current: Section | None = None
    for block in blocks:
        if block.kind is BlockKind.HEADING:
            m = _is_heading(block.text)
            number = m.group("num") if m else None
            title = m.group("title").strip() if m else block.text
            if current is not None:
                current.end = block.start
            current = Section(
                number=number.rstrip(".") if number else None,
                heading=title,
                level=1,
                start=block.start,
                end=len(document.text),
                categories=cats,
            )
            sections.append(current)
            sentences.append(
                Sent(
                    text=block.text,
                    start=block.start,
                    end=block.end,
                    block=block.paragraph,
                    section=current,
                    is_heading=True,
                )
            )
            continue
        for s, e in split_sentences(block.text):
            sentences.append(
                Sent(
                    text=block.text[s:e],
                    start=block.start + s,
                    end=block.start + e,
                    block=block.paragraph,
                    section=current,
                    categories=cats,
                )
            )
    clauses: dict[str, ClausePresence] = {}
    if category in CATEGORIES:
        evidence = [s for s in sentences if not s.is_heading]
        clauses[category] = ClausePresence(category, bool(evidence), evidence, 1.0)
    return AnalysedDocument(
        document=document, sections=sections, sentences=sentences, clauses=clauses
    )

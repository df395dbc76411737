"""Build small AnalysedDocuments by hand: paragraphs, headings and per-sentence categories."""

from __future__ import annotations

import re

from contractsmith.analyse.model import AnalysedDocument, ClausePresence, Section, Sentence
from contractsmith.ingest.model import Block, BlockKind, Document

_SPLIT = re.compile(r"(?<=[.;])\s+(?=[A-Z])")


def build(
    parts: list[tuple[str | None, str, tuple[str, ...]]], path: str = "contract.txt"
) -> AnalysedDocument:
    """``parts``: (heading or None, paragraph text, categories of its sentences)."""
    blocks: list[Block] = []
    plan: list[tuple[str | None, tuple[str, ...]]] = []
    for heading, text, cats in parts:
        if heading:
            blocks.append(Block(text=heading, kind=BlockKind.HEADING, page=1))
            plan.append((heading, ()))
        blocks.append(Block(text=text, page=2 if "page two" in text else 1))
        plan.append((None, cats))
    document = Document.from_blocks(path, "txt", blocks)
    sections: list[Section] = []
    sentences: list[Sentence] = []
    current: Section | None = None
    for block, (heading, cats) in zip(blocks, plan, strict=True):
        if heading:
            if current is not None:
                current.end = block.start
            current = Section(None, heading, 1, block.start, len(document.text))
            sections.append(current)
            sentences.append(
                Sentence(
                    heading, block.start, block.end, block.paragraph, block.page, current, True
                )
            )
            continue
        pos = 0
        for piece in _SPLIT.split(block.text):
            at = block.text.index(piece, pos)
            pos = at + len(piece)
            sentences.append(
                Sentence(
                    text=piece,
                    start=block.start + at,
                    end=block.start + pos,
                    block=block.paragraph,
                    page=block.page,
                    section=current,
                    categories=cats,
                )
            )
    clauses = {}
    for cat in {c for _, _, cats in parts for c in cats}:
        evidence = [s for s in sentences if cat in s.categories]
        clauses[cat] = ClausePresence(cat, True, evidence, 1.0)
    return AnalysedDocument(document, sections, sentences, clauses)

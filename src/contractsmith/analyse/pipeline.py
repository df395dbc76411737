"""``analyse(document)``: sentences, structure and clause presence of one Document."""

from __future__ import annotations

import re

from contractsmith.analyse.categories import detect, heading_categories
from contractsmith.analyse.enumeration import continue_list, is_first, item_label
from contractsmith.analyse.model import AnalysedDocument, Section, Sentence
from contractsmith.analyse.nlp import sentence_spans
from contractsmith.analyse.structure import (
    Heading,
    build_sections,
    defined_terms,
    find_toc,
    parse_heading,
)
from contractsmith.ingest.model import BlockKind, Document

_ENUM_START_RE = re.compile(
    r"^\s*(?:\((?:[a-z]{1,2}|[ivx]{1,5}|\d{1,2}|[A-Z])\)|[a-z]\)|\d{1,2}\))\s"
)
_NUMBERED_PARA_RE = re.compile(
    r"^\s*((?:ARTICLE|Article|SECTION|Section)\s+[\dIVXLC]+(?:\.\d+)*|\d{1,3}(?:\.\d{1,3}){0,4})\.?\s"
)


def _heading_for(
    text: str, first_in_block: bool, whole_block: bool, kind: BlockKind, label: str | None
) -> Heading | None:
    """The heading this sentence is, if any."""
    if not first_in_block and not whole_block:
        return None
    h = parse_heading(text, standalone=whole_block)
    if h is None and kind == BlockKind.HEADING and len(text) <= 150:
        h = Heading(label, text.strip().rstrip(".:"), 1, "caps")
    elif h is not None and label and h.number is None:
        h.number = label
    return h


def _numbered_paragraph(text: str) -> Heading | None:
    """An untitled section opened by a numbered body paragraph ("7.2 The Brand shall ...")."""
    m = _NUMBERED_PARA_RE.match(text)
    if not m:
        return None
    number = m.group(1)
    parse = parse_heading(number, standalone=True)
    return Heading(number, "", parse.level if parse else 1, parse.kind if parse else "numeric")


_TERMINAL = (".", ";", ":", "!", "?", '"', "\u201d", ")", "]")


def _join_broken(
    text: str, sentences: list[Sentence], contexts: list[str]
) -> tuple[list[Sentence], list[str]]:
    """Join a sentence cut by a page or paragraph break: a block's last sentence that
    ends without punctuation and a next block's first sentence that starts in lower case."""
    out: list[Sentence] = []
    out_ctx: list[str] = []
    for sent, ctx in zip(sentences, contexts, strict=True):
        prev = out[-1] if out else None
        if prev is not None and sent.block != prev.block and _continues(prev, sent, text):
            prev.end = sent.end
            prev.text = text[prev.start : prev.end]
            continue
        out.append(sent)
        out_ctx.append(ctx)
    return out, out_ctx


def _continues(prev: Sentence, sent: Sentence, text: str) -> bool:
    """Whether ``sent`` (first of its block) continues ``prev`` (last of the block before)."""
    if prev.is_heading or sent.is_heading or prev.in_toc or sent.in_toc:
        return False
    if prev.text.rstrip().endswith(_TERMINAL):
        return False
    first = sent.text.lstrip()[:1]
    return first.islower() and "\n\n" in text[prev.end : sent.start]


class _LeadIns:
    """Tracks the lead-in of the enumerated list being read ("X may terminate: (a) ...").

    An item keeps the lead-in while it is the next item of the list or of a list nested
    in it, even after sentences in between (a second sentence of item (a), a page
    footer), so that item (c) still reads with its lead-in. A numbered paragraph, a long
    gap or an item that continues no open list ends it.
    """

    MAX_GAP = 8  # sentences between two items of one list

    def __init__(self) -> None:
        self.lead_in = ""
        self.lists: list[list[str]] = []  # item labels of each open list, outermost first
        self.gap = 0

    def _continues(self, label: str) -> bool:
        """Whether item ``label`` continues an open list or opens one (nested in them)."""
        if continue_list(self.lists, label) is not None:
            return True
        if self.lists and not is_first(label):
            return False
        self.lists.append([label])
        return True

    def context_for(self, sent: Sentence, text: str) -> str:
        """The lead-in ``sent`` reads with ("" if none), updating the list state."""
        label = None if sent.in_toc or sent.is_heading else item_label(text)
        if label is not None and _ENUM_START_RE.match(text):
            if self.lead_in and self._continues(label):
                self.gap = 0
                return self.lead_in
            self.lead_in = ""
            return ""
        self.gap += 1
        stripped = text.rstrip()
        if not sent.is_heading and (
            stripped.endswith((":", "\u2014", "-"))
            or (stripped.endswith(";") and (not self.lead_in or self.gap > 1))
        ):
            self.lead_in, self.lists, self.gap = text, [], 0
        elif sent.in_toc or self.gap > self.MAX_GAP or _NUMBERED_PARA_RE.match(text):
            self.lead_in = ""
        return ""


def _assign_sections(sentences: list[Sentence], sections: list[Section]) -> None:
    """Give each sentence its innermost section and pass heading hints down to children."""
    body = [s for s in sections if not s.is_toc]
    stack: list[Section] = []
    k = 0
    for sec in body:  # inherit category hints from enclosing sections
        while stack and stack[-1].end <= sec.start:
            stack.pop()
        own = heading_categories(sec.heading)
        inherited = stack[-1].categories if stack else ()
        sec.categories = tuple(dict.fromkeys(own + inherited))
        stack.append(sec)
    stack = []
    for sent in sentences:
        while k < len(body) and body[k].start <= sent.start:
            while stack and stack[-1].end <= body[k].start:
                stack.pop()
            stack.append(body[k])
            k += 1
        while stack and stack[-1].end <= sent.start:
            stack.pop()
        sent.section = stack[-1] if stack else None


def segment(document: Document) -> tuple[list[Sentence], list[str], list[Section]]:
    """Sentences (with section, heading, TOC and page set), the lead-in text of each
    enumerated item ("" for other sentences) and the sections of ``document``."""
    blocks = document.blocks
    toc = find_toc(document.text)
    sentences: list[Sentence] = []
    contexts: list[str] = []
    headings: list[tuple[int, Heading]] = []
    lists = _LeadIns()
    for bi, (block, spans) in enumerate(
        zip(blocks, sentence_spans(b.text for b in blocks), strict=True)
    ):
        for k, (a, b) in enumerate(spans):
            text = block.text[a:b]
            start = block.start + a
            in_toc = any(x <= start < y for x, y in toc)
            line_start = a == 0 or block.text[a - 1] == "\n"
            whole_line = line_start and (b == len(block.text) or block.text[b] == "\n")
            heading = None
            if not in_toc and line_start:
                heading = _heading_for(
                    text, k == 0, len(spans) == 1 or whole_line, block.kind, block.label
                )
            sent = Sentence(
                text=text,
                start=start,
                end=block.start + b,
                block=bi,
                page=block.page,
                is_heading=heading is not None,
                in_toc=in_toc,
            )
            if heading is not None:
                headings.append((start, heading))
            elif k == 0 and not in_toc:
                numbered = _numbered_paragraph(text)
                if numbered is not None:
                    headings.append((start, numbered))
            contexts.append(lists.context_for(sent, text))
            sentences.append(sent)
    sentences, contexts = _join_broken(document.text, sentences, contexts)
    sections = build_sections(headings, len(document.text), toc)
    _assign_sections(sentences, sections)
    return sentences, contexts, sections


def analyse(document: Document) -> AnalysedDocument:
    """Analyse ``document``: sentences with their sections, the TOC, defined terms and
    the presence of every category in ``CATEGORIES`` (present or not)."""
    sentences, contexts, sections = segment(document)
    clauses = detect(sentences, contexts)
    terms = defined_terms(document.text)
    return AnalysedDocument(
        document=document,
        sections=sections,
        sentences=sentences,
        clauses=clauses,
        defined_terms=terms,
    )

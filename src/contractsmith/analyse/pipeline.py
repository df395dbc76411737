"""``analyse(document)``: sentences, structure and clause presence of one Document."""

from __future__ import annotations

import re

from contractsmith.analyse.categories import detect, heading_categories
from contractsmith.analyse.enumeration import (
    continue_list,
    follows,
    inline_lead_in,
    is_first,
    item_label,
    open_nested,
)
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
    r"^\s*(?:\((?:[a-z]{1,2}|[ivxl]{1,7}|\d{1,2}|[A-Z])\)|[a-z]\)|\d{1,2}\))\s"
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


def _join_broken(text: str, sentences: list[Sentence]) -> list[Sentence]:
    """Join a sentence cut by a page or paragraph break: a block's last sentence that
    ends without punctuation and a next block's first sentence that starts in lower case."""
    out: list[Sentence] = []
    for sent in sentences:
        prev = out[-1] if out else None
        if prev is not None and sent.block != prev.block and _continues(prev, sent, text):
            prev.end = sent.end
            prev.text = text[prev.start : prev.end]
            continue
        out.append(sent)
    return out


def _continues(prev: Sentence, sent: Sentence, text: str) -> bool:
    """Whether ``sent`` (first of its block) continues ``prev`` (last of the block before)."""
    if prev.is_heading or sent.is_heading or prev.in_toc or sent.in_toc:
        return False
    if prev.text.rstrip().endswith(_TERMINAL):
        return False
    first = sent.text.lstrip()[:1]
    return first.islower() and "\n\n" in text[prev.end : sent.start]


# A line that ends a lead-in to the list after it ("X shall:", "X shall --").
_STRONG_END = (":", "\u2014", "-")


def _weak_end(stripped: str) -> bool:
    """Whether a right-stripped sentence ends in a comma or a lower-case letter, as one
    cut off before its list does ("X shall not, directly or indirectly")."""
    last = stripped[-1:]
    return last == "," or "a" <= last <= "z"


# An item ending "; and" / ", or" ends an item before its sibling, not a lead-in.
_SIBLING_END_RE = re.compile(r"[;,]\s*(?:and|or|and/or)\s*$")


# Lead-ins of real nested lists are a few hundred characters; a longer one is a run of
# items that each open a list, and reading it with every item would cost quadratic time.
MAX_LEAD_IN_CHARS = 1000


def _nested_lead_in(outer: str, item: str) -> str:
    """The lead-in of a list nested in ``item`` ("(b) Licensee shall not:"): the outer
    lead-in, cut to ``MAX_LEAD_IN_CHARS`` from its start, then the item."""
    if len(outer) > MAX_LEAD_IN_CHARS:
        outer = outer[:MAX_LEAD_IN_CHARS].rsplit(" ", 1)[0]
    return f"{outer} {item}".strip()


class _LeadIns:
    """Tracks the lead-ins of the enumerated lists being read ("X may terminate: (a) ...").

    Each open list keeps its item labels and its lead-in, outermost first. An item keeps
    its list's lead-in while it is the next item of that list or of a list nested in it,
    even after sentences in between (a second sentence of item (a), a page footer), so
    that item (c) still reads with its lead-in. An item that ends in a colon ("(b) Licensee
    shall not:") is the lead-in of the list nested in it, read after its own list's
    lead-in. A sentence that stops without punctuation right before a first item ("X
    shall not, directly or indirectly" / "(a) ...") is that list's lead-in too. A
    numbered paragraph, a long gap or an item that continues no open list ends them.
    """

    MAX_GAP = 8  # sentences between two items of one list

    def __init__(self) -> None:
        self.lists: list[list[str]] = []  # item labels of each open list, outermost first
        self.lead_ins: list[str] = []  # the lead-in of each open list
        self.pending = ""  # lead-in offered to the next list that opens
        self.pending_labels: list[str] = []  # items of that list already inline in it
        self.pending_nested = False  # the pending lead-in is an item's (nest the list)
        self.pending_weak = False  # only the very next sentence may take it
        self.gap = 0

    def _offer(self, lead_in: str, labels: list[str], *, nested: bool, weak: bool) -> None:
        self.pending, self.pending_labels = lead_in, labels
        self.pending_nested, self.pending_weak = nested, weak

    def _withdraw(self) -> None:
        self._offer("", [], nested=False, weak=False)

    def _close_all(self) -> None:
        self.lists, self.lead_ins = [], []

    def _open(self, labels: list[str], lead_in: str, *, keep: bool) -> str:
        if not keep:
            self._close_all()
        self._nest(labels, lead_in)
        self._withdraw()
        return lead_in

    def _nest(self, labels: list[str], lead_in: str) -> None:
        open_nested(self.lists, labels)
        del self.lead_ins[len(self.lists) - 1 :]
        self.lead_ins.append(lead_in)

    def _item(self, label: str) -> str:
        """The lead-in of item ``label``, updating the open lists."""
        pending, before = self.pending, self.pending_labels
        if pending and before and follows(before[-1], label):
            return self._open([*before, label], pending, keep=False)
        if pending and is_first(label) and not before:
            return self._open([label], pending, keep=self.pending_nested or self.gap <= 1)
        if continue_list(self.lists, label) is not None:
            del self.lead_ins[len(self.lists) :]
            return self.lead_ins[-1]
        if pending and not self.pending_weak and not before:
            return self._open([label], pending, keep=False)
        if self.lists and is_first(label):  # a nested list with no lead-in of its own
            self._nest([label], self.lead_ins[-1])
            return self.lead_ins[-1]
        self._close_all()
        self._withdraw()
        return ""

    def context_for(self, sent: Sentence, text: str) -> str:
        """The lead-in ``sent`` reads with ("" if none), updating the list state."""
        label = None if sent.in_toc or sent.is_heading else item_label(text)
        stripped = text.rstrip()
        if label is not None and _ENUM_START_RE.match(text):
            context = self._item(label)
            self.gap = 0
            if stripped.endswith(_STRONG_END):
                self._offer(_nested_lead_in(context, stripped), [], nested=True, weak=False)
            return context
        self.gap += 1
        if self.pending_weak:
            self._withdraw()
        if not sent.is_heading:
            if stripped.endswith(_STRONG_END) or (
                stripped.endswith(";") and (not (self.lists or self.pending) or self.gap > 1)
            ):
                lead_in, labels = inline_lead_in(text) if stripped.endswith(";") else (text, [])
                self._offer(lead_in, labels, nested=False, weak=False)
                if self.gap > 1:
                    self._close_all()
                return ""
            if not sent.in_toc and _weak_end(stripped) and not _SIBLING_END_RE.search(stripped):
                self._offer(text, [], nested=False, weak=True)
                return ""
        if sent.in_toc or self.gap > self.MAX_GAP or _NUMBERED_PARA_RE.match(text):
            self._close_all()
            self._withdraw()
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
    headings: list[tuple[int, Heading]] = []
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
            # A labelled field or table row states a term; it is never a heading.
            unit = block.field_label is not None or block.kind is BlockKind.TABLE_ROW
            if not in_toc and line_start and not unit:
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
                field_label=block.field_label,
            )
            if heading is not None:
                headings.append((start, heading))
            elif k == 0 and not in_toc and block.kind is not BlockKind.TABLE_ROW:
                numbered = _numbered_paragraph(text)
                if numbered is not None:
                    headings.append((start, numbered))
            sentences.append(sent)
    # Join first, so that the rest of a sentence cut by a page break is not read as a
    # sentence (or a lead-in) of its own.
    sentences = _join_broken(document.text, sentences)
    lists = _LeadIns()
    contexts = [lists.context_for(sent, sent.text) for sent in sentences]
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

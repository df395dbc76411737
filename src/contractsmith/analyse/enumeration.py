"""Enumerated items in contract text: item labels, their order, and inline item lists.

Contracts list alternatives as items, either one item per sentence after a lead-in
("X may terminate this Agreement: (a) ...; (b) ...") or inline in one sentence ("X may
terminate (i) if Y breaches, or (ii) upon ninety days' notice"). Each item only makes
sense with its lead-in, and the other items are not part of it: a breach trigger in
item (i) says nothing about item (ii).

* ``item_label(text)``: the label of the item a sentence opens with ("b" for "(b) ...").
* ``follows(prev, label)``: whether ``label`` is the next item after ``prev``.
* ``continue_list(open_lists, label)``: the open (nested) list that ``label`` continues.
* ``inline_items(text)``: a sentence's inline items, each joined to its lead-in.
* ``inline_lead_in(text)``: the lead-in of a list that starts inside a sentence.
"""

from __future__ import annotations

import itertools
import re

_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
_START_LABEL_RE = re.compile(r"^\s*\(?([a-z]{1,2}|[ivxlc]{1,6}|\d{1,2}|[A-Z]|[IVX]{1,5})[).]\s")
# An inline item marker: "(b)" after a space, colon or semicolon, not a reference such as
# "Section 2.1 (b)" and not a plural marker such as "Product(s)" (no space before it).
_INLINE_RE = re.compile(
    r"(?<=[\s:;,])\(([a-z]{1,2}|[ivxlc]{1,6}|\d{1,2}|[A-Z]|[IVX]{1,5})\)\s", re.I
)
_REF_BEFORE_RE = re.compile(
    r"\b(?:sections?|clauses?|articles?|paragraphs?|subsections?|exhibits?|schedules?)\s+"
    r"[\dIVXLC]+(?:\.\d+)*(?:\s*\([a-z0-9]{1,4}\))*\s*$",
    re.I,
)
MAX_INLINE_ITEMS = 12
# Markers read per sentence: enough for any real inline list, and a bound on the work
# a run-on "sentence" (a reflowed list of thousands of items) can cause.
MAX_INLINE_MARKERS = 64
_REF_WINDOW = 80  # a cross-reference ("Section 12.3(b)(ii)") ends within this many chars
# Real contracts nest lists four or five deep; a deeper "nesting" is a run of first items
# ("(a) ... (a) ... (a)"), and keeping every one open would make each item cost more.
MAX_LIST_DEPTH = 8


def _roman(s: str) -> int | None:
    s = s.lower()
    if not s or any(ch not in _ROMAN for ch in s):
        return None
    total = 0
    for a, b in zip(s, s[1:] + " ", strict=True):
        v = _ROMAN[a]
        total += -v if b != " " and _ROMAN[b] > v else v
    return total


def _orders(label: str) -> list[tuple[str, int]]:
    """Every (style, position) a label can stand for ("i" is roman 1 or letter 9)."""
    out: list[tuple[str, int]] = []
    if label.isdigit():
        return [("digit", int(label))]
    case = "upper" if label.isupper() else "lower"
    if len(label) == 1:
        out.append((f"letter-{case}", ord(label.lower()) - ord("a") + 1))
    elif len(set(label)) == 1:  # "aa" after "z"
        out.append((f"letter-{case}", 26 * (len(label) - 1) + ord(label[0].lower()) - 96))
    r = _roman(label)
    if r:
        out.append((f"roman-{case}", r))
    return out


def item_label(text: str) -> str | None:
    """The label of the enumerated item ``text`` opens with, or None."""
    m = _START_LABEL_RE.match(text)
    return m.group(1) if m else None


def is_first(label: str) -> bool:
    """Whether ``label`` opens a list ("a", "i", "1", "A", "I")."""
    return any(pos == 1 for _, pos in _orders(label))


def follows(prev: str, label: str) -> bool:
    """Whether item ``label`` comes right after item ``prev`` in the same list."""
    before = dict(_orders(prev))
    return any(before.get(style) == pos - 1 for style, pos in _orders(label))


def continue_list(open_lists: list[list[str]], label: str) -> list[str] | None:
    """Add ``label`` to the innermost open list it is the next item of and close the lists
    nested deeper; that list, or None (and no change) when ``label`` continues none.

    ``open_lists`` holds the labels of each open list, outermost first.
    """
    for depth in range(len(open_lists) - 1, -1, -1):
        items = open_lists[depth]
        if follows(items[-1], label):
            del open_lists[depth + 1 :]
            items.append(label)
            return items
    return None


def open_nested(open_lists: list[list[str]], labels: list[str]) -> None:
    """Open a list of ``labels`` nested in the innermost open list.

    At ``MAX_LIST_DEPTH`` the new list takes the place of the innermost one, so that the
    work per item stays bounded whatever the text.
    """
    del open_lists[MAX_LIST_DEPTH - 1 :]
    open_lists.append(labels)


def _chain_markers(text: str) -> list[tuple[int, int, int]]:
    """(start, end, depth) of inline markers that form ordered lists ("(i) ... (ii)").

    A marker continues the innermost open list it follows (closing deeper lists) or, if
    it is a first label, opens a nested list. Lists of a single item are dropped.
    """
    found = [
        m
        for m in itertools.islice(_INLINE_RE.finditer(text), MAX_INLINE_MARKERS)
        if not _REF_BEFORE_RE.search(text[max(0, m.start() - _REF_WINDOW) : m.start()].rstrip())
    ]
    if len(found) < 2:
        return []
    open_lists: list[list[str]] = []
    marks: list[tuple[re.Match[str], int, list[str]]] = []  # (marker, depth, its list)
    for m in found:
        label = m.group(1)
        items = continue_list(open_lists, label)
        if items is None:
            if not is_first(label):
                continue
            items = [label]
            open_nested(open_lists, items)
        # The list just continued or opened is the innermost one still open.
        marks.append((m, len(open_lists) - 1, items))
    return [(m.start(), m.end(), depth) for m, depth, items in marks if len(items) >= 2]


def inline_items(text: str) -> list[str]:
    """Each inline item of ``text`` joined to its lead-in and enclosing items.

    "X may terminate (i) if Y breaches, or (ii) on notice" gives "X may terminate if Y
    breaches," and "X may terminate on notice". A sentence without an ordered inline list
    (two or more markers such as "(a) ... (b)") gives no items.
    """
    if text.count(")") < 2:  # every marker closes a parenthesis; most sentences have none
        return []
    marks = _chain_markers(text)
    if len(marks) < 2:
        return []
    prefix = text[: marks[0][0]]
    out: list[str] = []
    path: list[str] = []  # text of the open item at each depth
    for k, (_start, end, depth) in enumerate(marks[:MAX_INLINE_ITEMS]):
        stop = marks[k + 1][0] if k + 1 < len(marks) else len(text)
        body = text[end:stop]
        del path[depth:]
        out.append(" ".join([prefix.rstrip(), *path, body.strip()]))
        path.append(body.strip())
    return out


def inline_lead_in(text: str) -> tuple[str, list[str]]:
    """The lead-in of a list whose first items are inline in ``text`` and the labels of
    those items: "The Agency shall (a) ensure X;" gives ("The Agency shall", ["a"]), so that item
    (b) in the next sentence reads with "The Agency shall" and not with item (a).

    Returns (text, []) when ``text`` has no inline marker opening a list.
    """
    if ")" not in text:
        return text, []
    first: re.Match[str] | None = None
    labels: list[str] = []
    for m in _INLINE_RE.finditer(text):
        label = m.group(1)
        if first is None:
            if is_first(label) and not _REF_BEFORE_RE.search(text[: m.start()].rstrip()):
                first, labels = m, [label]
        elif follows(labels[-1], label):
            labels.append(label)
    if first is None or not text[: first.start()].strip():
        return text, []
    return text[: first.start()].rstrip(), labels

"""Enumerated items in contract text: item labels, their order, and inline item lists.

Contracts list alternatives as items, either one item per sentence after a lead-in
("X may terminate this Agreement: (a) ...; (b) ...") or inline in one sentence ("X may
terminate (i) if Y breaches, or (ii) upon ninety days' notice"). Each item only makes
sense with its lead-in, and the other items are not part of it: a breach trigger in
item (i) says nothing about item (ii).

* ``item_label(text)``: the label of the item a sentence opens with ("b" for "(b) ...").
* ``follows(prev, label)``: whether ``label`` is the next item after ``prev``.
* ``inline_items(text)``: a sentence's inline items, each joined to its lead-in.
"""

from __future__ import annotations

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


def _chain_markers(text: str) -> list[tuple[int, int, int]]:
    """(start, end, depth) of inline markers that form ordered lists ("(i) ... (ii)").

    A marker continues the innermost open list it follows (closing deeper lists) or, if
    it is a first label, opens a nested list. Lists of a single item are dropped.
    """
    found = [
        m
        for m in _INLINE_RE.finditer(text)
        if not _REF_BEFORE_RE.search(text[: m.start()].rstrip())
    ]
    if len(found) < 2:
        return []
    chains: list[list[int]] = []  # open lists, outermost first: indexes into marks
    marks: list[tuple[re.Match[str], int, int]] = []  # (marker, depth, list id)
    sizes: list[int] = []
    ids: list[int] = []
    for m in found:
        label = m.group(1)
        for depth in range(len(chains) - 1, -1, -1):
            if follows(marks[chains[depth][-1]][0].group(1), label):
                del chains[depth + 1 :]
                del ids[depth + 1 :]
                chains[depth].append(len(marks))
                marks.append((m, depth, ids[depth]))
                sizes[ids[depth]] += 1
                break
        else:
            if is_first(label):
                chains.append([len(marks)])
                ids.append(len(sizes))
                marks.append((m, len(chains) - 1, len(sizes)))
                sizes.append(1)
    return [(m.start(), m.end(), depth) for m, depth, lid in marks if sizes[lid] >= 2]


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

"""Running heads and feet in plain text, and page numbers left at the end of a page's text.

Contracts filed as text keep what was printed on every page: a footer such as
"Source: COMPANY INC, 10-K, 3/1/2019", a running title, "Page 3 of 12". Left in place they
cut the sentence that runs over the page break in two. A text file has no pages, so a line
counts as running only on strong evidence:

* it stands alone (blank lines around it), is short, has letters, and is neither a
  numbered or lettered start, nor a sentence ("This Agreement is made in two copies."),
  nor a line with an operative word ("shall", "will", "may", "agrees", "hereby");
* the same line (digits aside) comes back at least ``MIN_REPEATS`` times, spread over at
  least half of the document;
* most of its occurrences border a page break (a run of ``PAGE_BREAK_BLANKS`` blank
  lines), or the numbers in it rise from one occurrence to the next (a page number).

A page number printed at the end of a page's last line ("... evaluate the overall 9")
is cut off when the page ends at a page break and a neighbouring page ends with the
next or previous number: one number at a paragraph end is content, a sequence is not.
"""

from __future__ import annotations

import re
from collections import defaultdict

MIN_REPEATS = 3
MAX_LENGTH = 120
PAGE_BREAK_BLANKS = 3
_DIGITS = re.compile(r"\d+")
_SPACES = re.compile(r"\s+")
# Numbered or lettered starts and worded section starts are structure, never running.
_LABEL = re.compile(
    r"^(?:\(?[A-Za-z0-9]{1,4}[.)]\s|(?:article|section|schedule|exhibit|annex|appendix)\b)",
    re.IGNORECASE,
)
# A line that binds someone is contract text however often it comes back ("The Brand shall
# pay the fee for month 2 ..." in a schedule); running heads and feet never do.
_OPERATIVE = re.compile(r"\b(?:shall|will|must|may|agrees?|hereby)\b")
_TOC_TITLE = re.compile(r"^(?:table of contents|contents|index)$")
_TRAILING_NUMBER = re.compile(r"(?<=\S)\s+(\d{1,4})\s*$")


def running_key(line: str) -> str:
    """A running-line key: digits masked, spaces collapsed, case folded, so that the
    copies of a head or foot on different pages ("Page 3", "Page 4") share it."""
    return _SPACES.sub(" ", _DIGITS.sub("#", line)).strip().casefold()


def _blank_run(lines: list[str], i: int, step: int) -> int:
    """How many blank lines follow (step 1) or precede (step -1) line ``i``."""
    j, n = i + step, 0
    while 0 <= j < len(lines) and not lines[j].strip():
        n += 1
        j += step
    return n


def _has_letters(s: str, n: int) -> bool:
    """Whether ``s`` holds at least ``n`` letters (stops counting at ``n``)."""
    for ch in s:
        if ch.isalpha():
            n -= 1
            if not n:
                return True
    return False


def _candidate(stripped: list[str], i: int) -> bool:
    """Whether line ``i`` (``stripped`` holds every line stripped) could be a running line
    (see the module docstring)."""
    s = stripped[i]
    if not s or len(s) > MAX_LENGTH:
        return False
    if (i > 0 and stripped[i - 1]) or (i + 1 < len(stripped) and stripped[i + 1]):
        return False
    if _LABEL.match(s) or not _has_letters(s, 3) or _OPERATIVE.search(s):
        return False
    return not (s.endswith((".", ";", ":", ",")) and len(s.split()) > 3)


def _rising(values: list[tuple[int, ...]]) -> bool:
    """Whether the numbers of successive occurrences mostly rise (page numbers)."""
    steps = list(zip(values, values[1:], strict=False))
    return bool(steps) and sum(1 for a, b in steps if a < b) * 2 >= len(steps)


def running_lines(lines: list[str]) -> set[int]:
    """Indices of running head and foot lines in ``lines`` (one text line each)."""
    occurrences: dict[str, list[int]] = defaultdict(list)
    stripped = [line.strip() for line in lines]
    for i in range(len(lines)):
        if _candidate(stripped, i):
            occurrences[running_key(lines[i])].append(i)
    out: set[int] = set()
    half = len(lines) / 2
    for key, idx in occurrences.items():
        if len(idx) < MIN_REPEATS or idx[-1] - idx[0] < half or _TOC_TITLE.match(key):
            continue
        at_break = sum(
            1
            for i in idx
            if _blank_run(lines, i, 1) >= PAGE_BREAK_BLANKS
            or _blank_run(lines, i, -1) >= PAGE_BREAK_BLANKS
        )
        numbers = [tuple(int(d) for d in _DIGITS.findall(lines[i])) for i in idx]
        if at_break * 2 >= len(idx) or ("#" in key and _rising(numbers)):
            out.update(idx)
    return out


def trailing_page_numbers(lines: list[str]) -> dict[int, int]:
    """Page numbers at the end of the last line before a page break: line index -> the
    offset in the line where the number (and the space before it) starts.

    ``lines`` should already have running lines and page-number lines blanked. A number
    counts only when the page before or after ends with the number one or two away.
    """
    found: list[tuple[int, int, int]] = []  # (line index, cut offset, value)
    i, n = 0, len(lines)
    while i < n:
        if lines[i].strip():
            i += 1
            continue
        j = i
        while j < n and not lines[j].strip():
            j += 1
        if j - i >= PAGE_BREAK_BLANKS and i > 0:
            last = lines[i - 1].rstrip()[-1:]
            m = _TRAILING_NUMBER.search(lines[i - 1]) if last.isdigit() else None
            if m:
                found.append((i - 1, m.start(), int(m.group(1))))
        i = j
    out: dict[int, int] = {}
    for k, (idx, cut, value) in enumerate(found):
        before = found[k - 1][2] if k > 0 else None
        after = found[k + 1][2] if k + 1 < len(found) else None
        if (before is not None and 0 < value - before <= 2) or (
            after is not None and 0 < after - value <= 2
        ):
            out[idx] = cut
    return out

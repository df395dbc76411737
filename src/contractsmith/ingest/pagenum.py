"""Page-number lines: recognise them ("3", "- 3 -", "Page 3 of 12") and find runs of them.

Shared by the PDF reader (page edges and mid-page source numbers) and the text reader
(filed contracts converted to text keep their page numbers as lines of their own).
"""

from __future__ import annotations

import re

_PAGE_NUMBER = re.compile(
    r"^(?:page\s*)?[-–—]?\s*(?:\d{1,4}|[ivxlc]{1,7})\s*[-–—]?(?:\s*(?:of|/)\s*\d{1,4})?$",
    re.IGNORECASE,
)


def is_page_number(line: str) -> bool:
    """True for a line that is only a page number ("3", "- 3 -", "Page 3 of 12", "iv")."""
    stripped = line.strip()
    return bool(stripped) and len(stripped) <= 20 and _PAGE_NUMBER.match(stripped) is not None


_BARE_INT = re.compile(r"^\d{1,4}$")
_FIRST_INT = re.compile(r"\d{1,4}")
# Unambiguous page markers: "Page 3", "Page 3 of 12", "- 3 -".
_EXPLICIT = re.compile(
    r"^(?:page\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?|[-–—]\s*\d{1,4}\s*[-–—])$", re.IGNORECASE
)


def drop_page_number_run(pages: list[list[str]], drop: list[set[int]]) -> None:
    """Add to ``drop`` the bare integers inside pages that continue a page-number run.

    Filings printed several source pages per PDF page leave the source's page numbers
    in mid-page ("... the foregoing." / "3" / "8. Waivers."). A bare integer counts
    when it continues the run (previous value + 1 or + 2) or starts it near the page.
    Page-number lines already in ``drop`` carry the run along.
    """
    last: int | None = None
    for page_no, lines in enumerate(pages, start=1):
        dropped = drop[page_no - 1]
        for idx, raw in enumerate(lines):
            stripped = raw.strip()
            if idx in dropped:
                if is_page_number(stripped):
                    m = _FIRST_INT.search(stripped)
                    last = int(m.group()) if m else last
                continue
            if not _BARE_INT.match(stripped):
                continue
            value = int(stripped)
            fits = (last is None and 1 <= value <= page_no + 2) or (
                last is not None and last < value <= last + 2
            )
            if fits:
                dropped.add(idx)
                last = value


def text_page_markers(lines: list[str]) -> set[int]:
    """Indices of page-number lines in plain text: explicit markers, and bare integers
    that stand alone between blank lines and continue a page-number run."""
    drop = {i for i, ln in enumerate(lines) if _EXPLICIT.match(ln.strip())}
    n = len(lines)
    alone = [
        ln
        if (i == 0 or not lines[i - 1].strip()) and (i == n - 1 or not lines[i + 1].strip())
        else ""
        for i, ln in enumerate(lines)
    ]
    drops = [drop]
    drop_page_number_run([alone], drops)
    return drops[0]

"""Finding a finding's words again in a source file's own text (for annotations).

The checker's offsets point into the normalised text of a document; a DOCX paragraph's
runs or a PDF page's extracted glyphs spell the same words with different spacing. A
``Target`` carries the flagged phrase with a little context either side, and
``locate`` finds it in another string with whitespace ignored, trying the widest context
first so that a phrase that occurs twice is matched at the right place.
"""

from __future__ import annotations

from dataclasses import dataclass

from contractsmith.findings import Finding

CONTEXT = 40


@dataclass(frozen=True)
class Target:
    """What to mark for one finding: the phrase and the text just before and after it."""

    finding: Finding
    phrase: str | None
    before: str = ""
    after: str = ""


def targets_for(text: str, findings: list[Finding]) -> list[Target]:
    """A Target for each finding, the phrase cut from ``text`` by the finding's offsets."""
    out: list[Target] = []
    for f in findings:
        loc = f.location
        if loc.start is not None and loc.end is not None and 0 <= loc.start < loc.end <= len(text):
            block_start = text.rfind("\n\n", 0, loc.start)
            block_start = 0 if block_start < 0 else block_start + 2
            block_end = text.find("\n\n", loc.end)
            block_end = len(text) if block_end < 0 else block_end
            out.append(
                Target(
                    f,
                    text[loc.start : loc.end],
                    text[max(block_start, loc.start - CONTEXT) : loc.start],
                    text[loc.end : min(block_end, loc.end + CONTEXT)],
                )
            )
        else:
            out.append(Target(f, f.text.rstrip("…").lstrip("…") if f.text else None))
    return out


def _squeeze(text: str) -> tuple[str, list[int]]:
    """``text`` without whitespace, and each kept character's index in ``text``."""
    kept = [i for i, ch in enumerate(text) if not ch.isspace()]
    return "".join(text[i] for i in kept), kept


def locate(haystack: str, target: Target) -> tuple[int, int] | None:
    """Start and end of ``target.phrase`` in ``haystack`` (whitespace-insensitive), or None."""
    if not target.phrase:
        return None
    flat, index = _squeeze(haystack)
    phrase = "".join(target.phrase.split())
    if not phrase:
        return None
    before = "".join(target.before.split())
    after = "".join(target.after.split())
    attempts = [(before, after), (before[-12:], after[:12]), ("", "")]
    for fold in (False, True):
        hay = flat.casefold() if fold else flat
        for b, a in attempts:
            needle = b + phrase + a
            if fold:
                needle = needle.casefold()
            at = hay.find(needle)
            if at >= 0 and len(hay) == len(flat):
                first = at + len(b)
                last = first + len(phrase) - 1
                return index[first], index[last] + 1
    return None

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


def _squeeze(text: str, drop_line_hyphens: bool = False) -> tuple[str, list[int]]:
    """``text`` without whitespace, and each kept character's index in ``text``.

    With ``drop_line_hyphens`` a hyphen that ends a line is dropped too, as a reader that
    joins hyphenated words across lines ("accor-" + "dance") would have done.
    """
    kept: list[int] = []
    for i, ch in enumerate(text):
        if ch.isspace():
            continue
        if drop_line_hyphens and ch in "-\u00ad":
            rest = text[i + 1 : i + 4]
            if "\n" in rest and not rest.split("\n", 1)[0].strip():
                continue
        kept.append(i)
    return "".join(text[i] for i in kept), kept


def locate(haystack: str, target: Target) -> tuple[int, int] | None:
    """Start and end of ``target.phrase`` in ``haystack`` (whitespace-insensitive), or None."""
    if not target.phrase:
        return None
    phrase = "".join(target.phrase.split())
    if not phrase:
        return None
    before = "".join(target.before.split())
    after = "".join(target.after.split())
    attempts = [(before, after), (before[-12:], after[:12]), ("", "")]
    for drop in (False, True):
        flat, index = _squeeze(haystack, drop_line_hyphens=drop)
        for fold in (False, True):
            hay = flat.casefold() if fold else flat
            if len(hay) != len(flat):  # case folding changed the length: offsets unusable
                continue
            for b, a in attempts:
                needle = b + phrase + a
                at = hay.find(needle.casefold() if fold else needle)
                if at >= 0:
                    first = at + len(b)
                    last = first + len(phrase) - 1
                    return index[first], index[last] + 1
    return None

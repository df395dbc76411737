"""Unfilled forms: documents whose own date or parties are still blanks.

A contract whose opening ("dated as of ____", "made as of the ___ day of", a party
"[•]") is blank is a template to be completed at signing, not an executed deal: each of
its blanks is a field of the form. ``mark_unfilled_form`` turns the blank-field findings
(V007) of such a document into one note (info) about the form, and the rest into info:
a form filed or shared before signing is normal, and its blanks are filled at use. A
"TBD" or "to be determined" is no form field but a term the parties left open, so it
keeps its severity.
"""

from __future__ import annotations

import re
from dataclasses import replace

from contractsmith.findings import Finding, Severity

PLACEHOLDER_RULE = "V007"
# The opening of a contract: its preamble sits before the signature block and, even after
# a cover page and a long table of contents, within the first 12,000 characters.
OPENING_LIMIT = 12000
_LOOK = 120  # characters before/after a blank that say what it stands for
# A field to fill in at signing: a rule line, a bullet in brackets, an "[INSERT ...]".
_FIELD = re.compile(r"_{4,}|\[\s*[●•]\s*\]|\[\s*(insert|enter|add|specify|fill)\b|\{\{|X{2,}", re.I)

# Text just before a blank that makes it the agreement's own date or a party.
_OPENING_BEFORE = re.compile(
    r"(\bdated\b[^.;]{0,80}"
    r"|\b(made|entered\s+into|effective)\s+(and\s+entered\s+into\s+)?(as\s+of|on|this)\b[^.;]{0,30}"
    r"|\bas\s+of\s+(the\s+)?|\bday\s+of\s+|\b(by\s+and\s+)?between\s*:?\s*)$",
    re.IGNORECASE,
)
# Text just after a blank that defines it as a party: '(the "Licensee")', ', a Delaware
# corporation', ', as Franchise Owner ("you"'.
_OPENING_AFTER = re.compile(
    r"^[\s_,]*((as\s+)?([\w-]+\s+){0,4}\(\s*(the\s+|hereinafter\s+(referred\s+to\s+as\s+)?)?[\"“]"
    r"|(a|an)\s+([\w-]+\s+){0,4}(corporation|company|partnership|limited|llc|inc)\b)",
    re.IGNORECASE,
)


def is_opening_blank(text: str, start: int, end: int, signed_at: int | None = None) -> bool:
    """True when the blank at ``text[start:end]`` is the agreement's own date or a party.

    ``signed_at`` is where the signature block starts: blanks after it sit in exhibits.
    """
    if start >= min(OPENING_LIMIT, len(text) if signed_at is None else signed_at):
        return False
    before = text[max(0, start - _LOOK) : start]
    after = text[end : end + _LOOK]
    return bool(_OPENING_BEFORE.search(before) or _OPENING_AFTER.search(after))


def _field_span(finding: Finding, text: str) -> tuple[int, int] | None:
    """Where a placeholder finding's fill-in field is; None for a term left "TBD"."""
    start, end = finding.location.start, finding.location.end
    if finding.rule != PLACEHOLDER_RULE or start is None or end is None:
        return None
    return (start, end) if _FIELD.search(text[start:end]) else None


def mark_unfilled_form(
    findings: list[Finding], text: str, signed_at: int | None = None
) -> list[Finding]:
    """The findings, with an unfilled form's placeholder findings folded into one.

    When a fill-in field is an opening blank (``is_opening_blank``), the first such
    finding becomes a note (info) that the agreement is an unfilled form (counting all its
    fields) and every other field finding of the document becomes info.
    """
    fields = {id(f): span for f in findings if (span := _field_span(f, text))}
    opening = next(
        (
            f
            for f in findings
            if id(f) in fields and is_opening_blank(text, *fields[id(f)], signed_at)
        ),
        None,
    )
    if opening is None:
        return findings
    message = (
        "the agreement is an unfilled form: its date or parties are blank; "
        f"{len(fields)} blank{'s' if len(fields) != 1 else ''} in all"
    )
    out: list[Finding] = []
    for f in findings:
        if f is opening:
            f = replace(f, severity=Severity.INFO, message=message)
        elif id(f) in fields:
            f = replace(f, severity=Severity.INFO)
        out.append(f)
    return out

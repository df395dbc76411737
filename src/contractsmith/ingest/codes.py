"""The I (input reading) finding codes of `contractsmith check`.

A file that could be read, but not entirely as written, says so in its own result with
one I finding (no location: it concerns the whole file). The reader records these as
notes in ``Document.metadata``; ``reading_notes`` turns them into findings. Codes are
stable once released; a new note gets a new code.
"""

from __future__ import annotations

from contractsmith.findings import Finding, Location, Severity
from contractsmith.ingest.limits import PACKAGE_REPAIRED, TRUNCATED, UNREADABLE_PAGES
from contractsmith.report.findings_writers import RuleMeta

I_RULES: dict[str, RuleMeta] = {
    r.code: r
    for r in (
        RuleMeta(
            code="I001",
            name="not-utf8-text",
            summary="The text file is not valid UTF-8; it was read as Windows-1252 or Latin-1.",
            severity="info",
            help=(
                "Check that accented letters and symbols (é, £, “”) read as intended, "
                "or save the file as UTF-8."
            ),
        ),
        RuleMeta(
            code="I002",
            name="text-truncated",
            summary="The document's text is over the length limit; only its start was checked.",
            severity="warning",
            help=(
                "Split the document, or raise CONTRACTSMITH_MAX_TEXT_CHARS (default "
                "5000000 characters)."
            ),
        ),
        RuleMeta(
            code="I003",
            name="pages-unreadable",
            summary="Some pages of the PDF could not be read; only the other pages were checked.",
            severity="warning",
            help=(
                "Open and re-save (or print to PDF) the file, then check it again; review "
                "the listed pages by hand."
            ),
        ),
        RuleMeta(
            code="I004",
            name="docx-package-repaired",
            summary=(
                "The DOCX package was damaged (links to missing parts, wrong content "
                "types); it was read as repaired."
            ),
            severity="warning",
            help=(
                "Open the file in Word and save it again to repair it; check that no "
                "header, footer or numbering is missing."
            ),
        ),
    )
}

# Document.metadata key -> the code that reports it.
_NOTE_CODES = (
    ("encoding_note", "I001"),
    (TRUNCATED, "I002"),
    (UNREADABLE_PAGES, "I003"),
    (PACKAGE_REPAIRED, "I004"),
)


def reading_notes(document: object, path: str | None = None) -> list[Finding]:
    """One finding per reading note in ``document.metadata`` (none for a clean read)."""
    metadata = getattr(document, "metadata", None) or {}
    findings = []
    for key, code in _NOTE_CODES:
        note = metadata.get(key)
        if note:
            meta = I_RULES[code]
            findings.append(
                Finding(
                    rule=code,
                    severity=Severity.parse(meta.severity),
                    message=str(note),
                    location=Location(file=path),
                    suggestion=meta.help,
                )
            )
    return findings

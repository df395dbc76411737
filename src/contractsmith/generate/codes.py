"""Finding codes the renderer reports, with a one-line summary each.

``R`` codes come from rendering a spec. A clause file that cannot be loaded is reported
with the lint table's L001-L007 codes (``contractsmith.lint.codes``).
"""

from __future__ import annotations

RENDER_CODES: dict[str, str] = {
    "R001": "A clause body is not valid Jinja.",
    "R002": "A clause body failed for this spec (missing value, unknown ref, bad helper input).",
    "R003": "A spec value holds a control character that a Word document cannot store.",
    "R004": "A clause selected for this spec renders no text.",
    "R005": "A rendered clause breaks the paragraph or **bold** conventions.",
    "R006": "No clause of the library applies to the spec.",
    "R007": "A spec value cannot be formatted for the cover or the schedules (bad date, amount).",
    "R008": "A clause body or its 'when' exceeds a render limit (time, text size, integer size,"
    " loop work).",
    "R010": "The spec file cannot be read or parsed.",
    "R011": "No usable --as-of date (none given and no term.effective_date).",
    "R020": "The Word shell cannot be read or rendered.",
    "R030": "The output would overwrite an input file.",
    "R031": "The output file cannot be written.",
    "R032": "Two specs in one batch would write the same output file.",
    "R040": "The PDF conversion of a rendered DOCX failed.",
    "R099": "An unexpected internal error while rendering one spec (the batch goes on).",
}


_NAMES = {
    "R001": "clause-jinja-invalid",
    "R002": "clause-render-failed",
    "R003": "control-character",
    "R004": "clause-renders-empty",
    "R005": "clause-conventions",
    "R006": "no-clause-applies",
    "R007": "value-unformattable",
    "R008": "render-limit-exceeded",
    "R010": "spec-unreadable",
    "R011": "no-as-of-date",
    "R020": "shell-unreadable",
    "R030": "output-overwrites-input",
    "R031": "output-unwritable",
    "R032": "output-clash",
    "R040": "pdf-conversion-failed",
    "R099": "internal-error",
}

R_RULES: dict[str, dict[str, str]] = {
    code: {"code": code, "name": _NAMES[code], "summary": summary, "severity": "error"}
    for code, summary in RENDER_CODES.items()
}
"""``RENDER_CODES`` as the entries ``contractsmith rules`` lists (every R code is an error:
the spec it concerns is not rendered)."""

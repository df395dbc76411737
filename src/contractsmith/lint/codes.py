"""The L (clause library) and T (Word template) rule codes of `contractsmith lint`.

Codes are stable once released; a new check gets a new code.
"""

from __future__ import annotations

from contractsmith.report.findings_writers import RuleMeta


def _r(code: str, name: str, severity: str, summary: str, help_: str) -> RuleMeta:
    return RuleMeta(code=code, name=name, summary=summary, severity=severity, help=help_)


LINT_RULES: dict[str, RuleMeta] = {
    r.code: r
    for r in (
        # Front matter
        _r(
            "L001",
            "front-matter-missing",
            "error",
            "Clause file has no readable YAML front matter.",
            "Start the file with a `---` line, the YAML fields, and a closing `---` line.",
        ),
        _r(
            "L002",
            "front-matter-schema",
            "error",
            "Front matter does not match schemas/clause.schema.json.",
            "Fix the field the message names; `contractsmith schema --clause` shows the schema.",
        ),
        _r(
            "L004",
            "unknown-category",
            "error",
            "Front matter names a category the project does not know.",
            "Use one of the checker category ids or a generator-only category (see the schema).",
        ),
        _r(
            "L005",
            "bad-version",
            "error",
            "Version is not semantic (MAJOR.MINOR.PATCH).",
            "Write the version as three numbers, e.g. 1.2.0.",
        ),
        _r(
            "L006",
            "id-path-mismatch",
            "error",
            "The id does not match the file's folder and name.",
            "Clause `clauses/<category>/<variant>.md` must have id `<category>.<variant>`.",
        ),
        # Jinja
        _r(
            "L007",
            "bad-when",
            "error",
            "The clause's `when` expression does not compile.",
            "Write `when` as a Jinja expression over the spec, e.g. `exclusivity.exclusive`.",
        ),
        _r(
            "L008",
            "clause-file-refused",
            "error",
            "The clause file is not read: it is larger than the size limit, or it is a symlink "
            "to a file outside the library.",
            "Keep clause files small (CONTRACTSMITH_MAX_CLAUSE_KB, default 256) and inside the "
            "library folder.",
        ),
        _r(
            "L010",
            "jinja-syntax",
            "error",
            "The clause body is not valid Jinja.",
            "Fix the tag at the reported line; every `{% if %}`/`{% for %}` needs its end tag.",
        ),
        _r(
            "L011",
            "unknown-spec-field",
            "error",
            "The body uses a spec field the spec schema does not define.",
            "Use a field from schemas/contract-spec.schema.json, or add the field to the schema first.",
        ),
        _r(
            "L012",
            "declared-need-unused",
            "warning",
            "A field listed in `needs` is never used by the body.",
            "Remove it from `needs`, or use it in the text.",
        ),
        _r(
            "L013",
            "unguarded-optional-field",
            "error",
            "An optional spec field is used without a guard.",
            "Wrap the use in `{% if x is defined %}` (or test the parent) so specs without it still render.",
        ),
        _r(
            "L015",
            "unknown-need",
            "error",
            "A field listed in `needs` is not in the spec schema.",
            "Correct the path (dotted, `[]` for list items) or remove it.",
        ),
        # Rendering
        _r(
            "L020",
            "render-example-failed",
            "error",
            "The clause fails to render against an example spec that selects it.",
            "Run `contractsmith render` on that example and fix the undefined or wrong field.",
        ),
        _r(
            "L021",
            "render-edge-case-failed",
            "error",
            "The clause fails to render against a generated edge-case spec.",
            "Guard optional lists and fields; do not assume a list has items.",
        ),
        _r(
            "L022",
            "render-unsafe-output",
            "error",
            "Rendered text with `&`, `<` or non-ASCII names came out altered.",
            "Do not mark spec values safe; let the renderer escape them.",
        ),
        _r(
            "L023",
            "render-limit-exceeded",
            "error",
            "The clause, or its `when`, exceeds a render limit: time, text size, integer size "
            "or loop work.",
            "Remove the runaway loop or the huge number or string; the message names the limit "
            "and its CONTRACTSMITH_CLAUSE_* setting.",
        ),
        # Wording (checker rules on rendered clause text)
        _r(
            "L030",
            "vague-wording",
            "error",
            "A checker V/O/D error or warning fires on the rendered clause text (reported at "
            "the checker's severity).",
            "Rewrite as the suggestion says, or justify the code in `justifications` front matter.",
        ),
        _r(
            "L031",
            "stale-justification",
            "warning",
            "A `justifications` entry names a rule that no longer fires.",
            "Remove the stale justification so suppressions stay meaningful.",
        ),
        # Versioning
        _r(
            "L040",
            "changed-without-bump",
            "error",
            "The clause body changed but its version did not.",
            "Bump `version` (patch for wording, minor for meaning, major for removed fields), then run `contractsmith lint --update-lock`.",
        ),
        _r(
            "L041",
            "not-in-lock",
            "warning",
            "The clause is not recorded in clauses.lock.",
            "Run `contractsmith lint --update-lock` to record it.",
        ),
        _r(
            "L042",
            "removed-from-library",
            "error",
            "An id in clauses.lock no longer exists (removed or renamed).",
            "Restore the clause or run `contractsmith lint --update-lock` to record the removal deliberately.",
        ),
        _r(
            "L043",
            "version-went-back",
            "error",
            "The clause version is lower than the locked version.",
            "Versions only go up; use a higher version.",
        ),
        _r(
            "L044",
            "lock-unreadable",
            "error",
            "clauses.lock cannot be read.",
            "Regenerate it with `contractsmith lint --update-lock`.",
        ),
        # Coverage
        _r(
            "L045",
            "lock-out-of-date",
            "warning",
            "The clause version was bumped but clauses.lock still records the old one.",
            "Run `contractsmith lint --update-lock` and commit clauses.lock with the clause.",
        ),
        _r(
            "L050",
            "category-without-clause",
            "error",
            "A section the spec schema can express has no clause.",
            "Add a clause for that category so specs using it render a section.",
        ),
        _r(
            "L051",
            "jurisdiction-without-variant",
            "error",
            "A disclosure jurisdiction has no clause variant.",
            "Add `clauses/ftc_disclosure/<jurisdiction>.md` with `jurisdictions: [<code>]`.",
        ),
        # Defined terms (assembled contract)
        _r(
            "L060",
            "term-undefined",
            "warning",
            "A capitalised defined term is used but never defined.",
            'Define it once with bold quotes, e.g. ("**Usage Period**").',
        ),
        _r(
            "L061",
            "term-unused",
            "warning",
            "A defined term is never used after its definition.",
            "Remove the definition or use the term.",
        ),
        _r(
            "L062",
            "term-defined-twice",
            "error",
            "A term is defined more than once in the assembled contract.",
            "Keep one definition and refer to it elsewhere.",
        ),
        # Word templates
        _r(
            "T001",
            "tag-split-across-runs",
            "warning",
            "A Jinja tag is split across formatting runs.",
            "Retype the tag in one go with one formatting, or clear its formatting, so Word keeps it in one run.",
        ),
        _r(
            "T002",
            "template-unknown-variable",
            "error",
            "The template uses a variable the renderer does not provide.",
            "Use one of the documented placeholders (README: House templates).",
        ),
        _r(
            "T003",
            "tag-in-unrendered-part",
            "error",
            "A Jinja tag sits in a part the renderer does not fill (footnotes, endnotes, comments).",
            "Move the tag into the body, a header or a footer.",
        ),
        _r(
            "T004",
            "unbalanced-block",
            "error",
            "A `{%p %}`, `{%tr %}`, `{%tc %}` or plain block tag is not closed or closes the wrong block.",
            "Every `{%p if %}` needs `{%p endif %}`, every `{%tr for %}` a `{%tr endfor %}`, in the same container.",
        ),
        _r(
            "T005",
            "missing-style",
            "error",
            "The template lacks a style the renderer needs.",
            "Add the style (Word: Styles pane) with that exact name.",
        ),
        _r(
            "T006",
            "template-unreadable",
            "error",
            "The template is not a readable Word document.",
            "Save it again from Word as .docx.",
        ),
        _r(
            "T007",
            "template-jinja-syntax",
            "error",
            "The template's Jinja tags do not parse.",
            "Fix the tag the message names.",
        ),
        _r(
            "T008",
            "tag-split-across-paragraphs",
            "error",
            "A Jinja tag starts in one paragraph and ends in another.",
            "Keep each tag inside one paragraph.",
        ),
        _r(
            "T009",
            "template-outside-link",
            "warning",
            "The template links to an outside resource (a picture, template, frame or object "
            "at a URL or network path) that Word or LibreOffice fetches when opening it; "
            "render removes the link and the element that uses it.",
            "Embed the picture or object in the template (Word: Insert > Pictures > This "
            "Device, without 'Link to File') instead of linking it.",
        ),
    )
}

"""The K (rule-data lint) codes of ``contractsmith rules lint``.

Each code has a bad and a good example in the project's own terms (a category rule
file), which ``contractsmith rules K001`` shows. Codes are stable once released.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class KRule:
    """One rule-data lint code: what it checks, why, and a flagged and a clean example."""

    code: str
    name: str
    severity: str
    summary: str
    why: str
    help: str
    cases: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


def _cases(bad: str, good: str) -> dict[str, list[dict[str, Any]]]:
    return {"fail": [{"text": bad}], "pass": [{"text": good}]}


K_RULES: dict[str, KRule] = {
    r.code: r
    for r in (
        KRule(
            "K001",
            "regex-too-long",
            "error",
            "A category rule expression is longer than the limit after macro expansion "
            "(default 400 characters); a lexicon that at least three rule files use is shared "
            "vocabulary and counts as its {NAME}.",
            "A long expression is a list of development-set sentences in disguise: nobody can "
            "review it, and it fits the documents it was tuned on rather than the clause.",
            "Split it into several short patterns, or name the shared parts as lexicons in "
            "_macros.yaml that other rules use too; a macro only one or two rules use is "
            "counted expanded, so the fix is fewer alternatives, not hiding them.",
            _cases(
                "term.yaml patterns: - regex: '\\b(?:agreement|contract|initial\\s+term|joint"
                "\\s+venture|appointment)\\b[^.;]{0,200}?(?:continue|remain in force|expire|end|"
                "extend|endure|last|run)...' (1,028 characters, most of them alternatives "
                "written for this one rule)",
                "term.yaml patterns: - '\\b(?:agreement|term)\\b{GAP}\\b(?:continue|remain)\\w*"
                "{GAP}{PERIOD}' and - '\\bterm\\s+of\\s+this\\s+agreement\\s+is\\s+perpetual'",
            ),
        ),
        KRule(
            "K002",
            "too-many-carve-outs",
            "error",
            "A category rule has too many carve-outs (negatives plus distinct unless, default "
            "12), or one unless shared by more than 3 patterns.",
            "Each carve-out is an exception fitted to some sentence; many of them, or one veto "
            "bolted onto every pattern, means the patterns say the wrong thing.",
            "Make the patterns say what the clause is (a frame: who, verb, what, period) so "
            "the exceptions are not needed; keep a carve-out only for a real look-alike such "
            "as 'exclusive jurisdiction' in exclusivity.",
            _cases(
                "term.yaml: 15 negatives, and patterns[0..10] each with unless: *event_end",
                "exclusivity.yaml: negatives: - '\\bexclusive\\s+jurisdiction\\b' (one named "
                "look-alike) and patterns without an unless",
            ),
        ),
        KRule(
            "K003",
            "carve-out-rarely-used",
            "warning",
            "A carve-out (negative or unless) changes the outcome of a sentence in at most "
            "one document of the development corpus (--corpus).",
            "A carve-out that matters in one document was written for that document: it "
            "overfits the development set and will not carry to new contracts.",
            "Remove it and accept the one miss, or replace it with a general rule that a "
            "second document confirms; --corpus reports how many documents each carve-out "
            "cancelled a match in.",
            _cases(
                "term.yaml negatives: - '\\bobligations\\s+of\\s+the\\s+agent\\b' (cancels a "
                "match in 1 document of cuad-dev)",
                "exclusivity.yaml negatives: - '\\bexclusive\\s+jurisdiction\\b' (cancels a "
                "match in many documents)",
            ),
        ),
        KRule(
            "K004",
            "baseline-entry-fixed",
            "info",
            "A baseline entry of _lint_baseline.yaml is fixed or improved; tighten the baseline.",
            "The baseline is a ratchet: an accepted violation that is gone must not come back "
            "unseen, and an improved value becomes the new limit.",
            "Run `contractsmith rules lint --update-baseline` and commit the smaller "
            "_lint_baseline.yaml.",
            _cases(
                "_lint_baseline.yaml lists term.yaml K001 patterns[0] at 1028 characters, but "
                "the pattern was split and is now 310",
                "_lint_baseline.yaml lists only violations that are still there, at their "
                "current values",
            ),
        ),
        KRule(
            "K005",
            "rule-data-unreadable",
            "error",
            "The rule folder or the baseline cannot be read (schema error, bad expression, "
            "counts that do not add up).",
            "A rule file the checker cannot load stops every check.",
            "Fix the key the message names; schemas/category-rule.schema.json describes a "
            "rule file.",
            _cases(
                "term.yaml: patterns: - regex: '...' wieght: 2",
                "term.yaml: patterns: - regex: '...' weight: 2",
            ),
        ),
    )
}

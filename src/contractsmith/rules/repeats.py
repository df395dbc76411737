"""Repeated findings: one gap flagged row after row of a table or list.

A fee schedule with "TBD" in each of twenty rows has one gap, not twenty: a reviewer
fixes it once ("the 2021 fees are open"). ``fold_repeats`` keeps the first finding of
such a run at its severity, says how many more places it covers, and turns the rest into
info, so they stay visible (annotations, ``--fail-on info``) without counting again.
"""

from __future__ import annotations

from dataclasses import replace

from contractsmith.findings import Finding, Severity

# Findings of one rule with the same message whose starts are at most this many
# characters apart belong to one run (a table row of a fee schedule is 100-700).
RUN_GAP = 2000
# Two findings near each other are often two different terms (a minimum period and a
# minimum fee both left blank); three or more of one kind in a row are a table or list.
MIN_RUN = 3


def fold_repeats(findings: list[Finding]) -> list[Finding]:
    """``findings`` (in document order) with each run of one repeated gap folded.

    A run is a sequence of at least ``MIN_RUN`` warning-or-error findings of the same
    rule and message, in different paragraphs, each within ``RUN_GAP`` characters of the
    one before.
    """
    runs: dict[tuple[str, str], list[int]] = {}  # open run per (rule, message): indexes
    members: list[list[int]] = []
    for index, f in enumerate(findings):
        if f.severity is Severity.INFO or f.location.start is None:
            continue
        key = (f.rule, f.message)
        run = runs.get(key)
        last = findings[run[-1]] if run else None
        if (
            last is not None
            and last.location.start is not None
            and f.location.start - last.location.start <= RUN_GAP
            and f.location.paragraph != last.location.paragraph
        ):
            run.append(index)
            continue
        run = [index]
        runs[key] = run
        members.append(run)
    out = list(findings)
    for run in members:
        if len(run) < MIN_RUN:
            continue
        first = out[run[0]]
        more = len(run) - 1
        out[run[0]] = replace(
            first,
            message=f"{first.message} (and in {more} more place{'s' if more != 1 else ''} "
            "just below: one gap, reported once)",
        )
        for index in run[1:]:
            out[index] = replace(out[index], severity=Severity.INFO)
    return out

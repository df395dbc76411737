"""One gap repeated row after row is reported loud once."""

from __future__ import annotations

from contractsmith.findings import Finding, Location, Severity
from contractsmith.rules.engine import check_text
from contractsmith.rules.repeats import MIN_RUN, RUN_GAP, fold_repeats


def _finding(start: int, paragraph: int, message: str = '"TBD" is a placeholder') -> Finding:
    return Finding(
        rule="V007",
        severity=Severity.WARNING,
        message=message,
        location=Location(file="c.txt", page=None, paragraph=paragraph, start=start, end=start + 3),
    )


def test_a_fee_table_with_tbd_in_every_row_is_one_warning() -> None:
    rows = "\n\n".join(f"Service {n}. Monthly fee for 2021 is TBD." for n in range(1, 6))
    findings = check_text(rows, "compensation", select={"V007"})
    assert len(findings) == 5
    loud = [f for f in findings if f.severity is not Severity.INFO]
    assert len(loud) == 1
    assert "4 more places" in loud[0].message


def test_repeats_far_apart_or_in_one_paragraph_stay_separate() -> None:
    far = fold_repeats([_finding(0, 1), _finding(RUN_GAP + 1, 9), _finding(2 * RUN_GAP + 2, 19)])
    assert all(f.severity is Severity.WARNING for f in far)
    same_paragraph = fold_repeats([_finding(0, 1), _finding(50, 1), _finding(90, 1)])
    assert all(f.severity is Severity.WARNING for f in same_paragraph)


def test_two_blanks_side_by_side_are_two_terms() -> None:
    # a minimum period and a minimum fee both left blank: two gaps, both reported
    pair = fold_repeats([_finding(0, 1), _finding(600, 2)][: MIN_RUN - 1])
    assert [f.severity for f in pair] == [Severity.WARNING, Severity.WARNING]


def test_different_gaps_next_to_each_other_are_not_folded() -> None:
    out = fold_repeats(
        [_finding(0, 1), _finding(100, 2, '"TBC" is a placeholder'), _finding(200, 3)]
    )
    assert [f.severity for f in out] == [Severity.WARNING] * 3
    assert all("more place" not in f.message for f in out)

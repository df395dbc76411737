"""Finding a flagged phrase again in a source's own text."""

from __future__ import annotations

from contractsmith.findings import Finding, Location, Severity
from contractsmith.report.textmatch import Target, locate, targets_for


def _target(phrase: str, before: str = "", after: str = "") -> Target:
    return Target(Finding("V1", Severity.INFO, "m"), phrase, before, after)


def test_context_picks_the_right_occurrence() -> None:
    hay = "pay promptly. Then deliver promptly after approval."
    at = locate(hay, _target("promptly", "deliver ", " after"))
    assert at == (27, 35)
    assert locate(hay, _target("promptly")) == (4, 12)


def test_whitespace_and_case_differences_are_ignored() -> None:
    hay = "Brand  shall\npay\tPROMPTLY upon receipt"
    start, end = locate(hay, _target("pay promptly"))
    assert hay[start:end] == "pay\tPROMPTLY"


def test_line_end_hyphens_are_joined_when_needed() -> None:
    hay = "in accor-\ndance with the schedule"
    start, end = locate(hay, _target("accordance with"))
    assert hay[start:end] == "accor-\ndance with"
    assert locate("a non-\nexclusive licence", _target("non-exclusive")) is not None


def test_missing_phrase_gives_none() -> None:
    assert locate("nothing here", _target("promptly")) is None
    assert locate("anything", _target("")) is None


def test_targets_cut_the_phrase_and_context_from_the_block() -> None:
    text = "First block.\n\nPay promptly after delivery.\n\nLast."
    f = Finding("V1", Severity.INFO, "m", Location(start=18, end=26), text="quote")
    (target,) = targets_for(text, [f])
    assert target.phrase == "promptly"
    assert target.before == "Pay "
    assert target.after == " after delivery."
    doc_level = Finding("C001", Severity.ERROR, "missing")
    assert targets_for(text, [doc_level])[0].phrase is None

"""The wording rules on whole contracts read and analysed by the real pipeline."""

from __future__ import annotations

from pathlib import Path

import pytest

from contractsmith.findings import Severity
from contractsmith.rules.engine import check_wording

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "rules"

pipeline = pytest.importorskip("contractsmith.analyse.pipeline")
ingest = pytest.importorskip("contractsmith.ingest")


def _check(name: str):
    adoc = pipeline.analyse(ingest.read_document(FIXTURES / name))
    return check_wording(adoc)


def test_weak_contract_gets_the_expected_findings() -> None:
    findings = _check("weak_sponsorship.txt")
    codes = {f.rule for f in findings}
    expected = {"V001", "V003", "V008", "V014", "O002", "O003", "O005", "O006"}
    expected |= {"D001", "D002", "D003", "D004", "D005", "D008"}
    assert expected <= codes, sorted(expected - codes)
    promptly = next(f for f in findings if f.rule == "V001")
    assert promptly.severity is Severity.ERROR and promptly.category == "compensation"
    text = Path(FIXTURES / "weak_sponsorship.txt").read_text(encoding="utf-8")
    assert "promptly" in text  # offsets point into the normalised text of the same words
    for f in findings:
        assert f.location.start is not None and f.location.end >= f.location.start
        assert f.location.file and f.location.file.endswith("weak_sponsorship.txt")


def test_well_drafted_contract_stays_quiet() -> None:
    loud = [f for f in _check("strong_sponsorship.txt") if f.severity is not Severity.INFO]
    assert loud == [], [(f.rule, f.message, f.text) for f in loud]


def test_professional_boilerplate_raises_no_warnings() -> None:
    findings = _check("cuad_excerpt.txt")
    loud = [f for f in findings if f.severity is not Severity.INFO]
    assert loud == [], [(f.rule, f.message, f.text) for f in loud]


def test_a_payment_finding_suggests_payment_wording() -> None:
    from contractsmith.rules.engine import check_text

    seen = set()
    for text in (
        "All invoices shall be paid within 30 days.",
        "The Brand should pay within 30 days.",
    ):
        for f in check_text(text, "compensation"):
            if f.rule in ("O001", "V009"):
                seen.add(f.rule)
                assert "pay" in (f.suggestion or "").lower(), (f.rule, f.suggestion)
    assert seen == {"O001", "V009"}


def test_a_contract_with_content_approval_is_not_told_it_lacks_brand_review() -> None:
    from contractsmith.ingest.model import Block, Document

    doc = Document.from_blocks(
        "deal.txt", "txt", [Block(text="The Creator shall begin each caption with #ad.")]
    )
    adoc = pipeline.analyse(doc)
    assert not adoc.clauses["approval"].present
    assert "D006" in {f.rule for f in check_wording(adoc)}
    adoc.clauses["approval"].present = True  # as when an approval clause is read
    assert "D006" not in {f.rule for f in check_wording(adoc)}

"""The X family: cross-section invariants of the assembled contract (issue 15, item 1).

Every registry case is assembled with the shipped clause library and checked; the shipped
examples must pass every invariant; ``render`` refuses a contract that breaks one and
``lint`` reports it for an example spec.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from contractsmith.cli import main
from contractsmith.consistency import X_RULES, check_contract, library_glossary
from contractsmith.generate.assemble import assemble
from contractsmith.generate.contract import Contract, Paragraph, Run
from contractsmith.library import Library, load_library
from contractsmith.spec.load import load_spec

REPO = Path(__file__).resolve().parent.parent.parent
EXAMPLES = REPO / "examples"
KINDS = ("sponsorship", "retainer", "ambassador", "ugc")


@pytest.fixture(scope="module")
def library() -> Library:
    lib = load_library()
    assert lib.findings == []
    return lib


def _example(name: str) -> dict[str, Any]:
    return copy.deepcopy(load_spec(EXAMPLES / f"{name}.yaml").data)


def _patch(data: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    for dotted, value in changes.items():
        *parents, last = dotted.split(".")
        node: Any = data
        for key in parents:
            node = node[int(key)] if isinstance(node, list) else node[key]
        key: Any = int(last) if isinstance(node, list) else last
        if value is None:
            del node[key]
        else:
            node[key] = value
    return data


def _add_text(contract: Contract, additions: dict[str, str]) -> None:
    for clause_id, text in additions.items():
        section = contract.section_for(clause_id)
        assert section is not None, clause_id
        number = f"{section.number}.{len(section.paragraphs) + 1}"
        section.paragraphs.append(Paragraph(number, [Run(text)], ref=number))


def _codes(library: Library, data: dict[str, Any], add_text: dict[str, str]) -> set[str]:
    contract = assemble(data, library, as_of="2026-01-15")
    _add_text(contract, add_text)
    glossary = library_glossary(c.body for c in library.ordered())
    return {f.rule for f in check_contract(contract, data, glossary)}


CASES = [
    pytest.param(code, kind, case, id=f"{code}-{kind}-{i}")
    for code, meta in X_RULES.items()
    for kind in ("fail", "pass")
    for i, case in enumerate(meta["cases"][kind])
]


@pytest.mark.parametrize(("code", "kind", "case"), CASES)
def test_registry_cases(library: Library, code: str, kind: str, case: dict[str, Any]) -> None:
    data = _patch(_example(case["base"]), case.get("spec") or {})
    fired = code in _codes(library, data, case.get("add_text") or {})
    assert fired is (kind == "fail"), f"{code} {kind} case: {case['text']}"


def test_every_code_documents_a_failing_and_a_passing_case() -> None:
    for code, meta in X_RULES.items():
        assert meta["cases"]["fail"] and meta["cases"]["pass"], code
        assert meta["why"] and meta["help"] and meta["summary"], code


@pytest.mark.parametrize("kind", KINDS)
def test_every_example_holds_together(library: Library, kind: str) -> None:
    data = _example(kind)
    contract = assemble(data, library, as_of="2026-01-15")
    glossary = library_glossary(c.body for c in library.ordered())
    assert [f.message for f in check_contract(contract, data, glossary)] == []


def test_kill_fee_timing_and_valuation_stated_once(library: Library) -> None:
    """Defect 3: one payment period (the kill-fee Section's) wherever the fee is mentioned."""
    contract = assemble(_example("sponsorship"), library, as_of="2026-01-15")
    mentions = [
        sentence
        for s in contract.sections
        for p in s.paragraphs
        for sentence in re.split(r"(?<=[.;])\s+", p.text)
        if "cancellation fee" in sentence and s.clause_id != "compensation.kill_fee"
    ]
    assert len(mentions) >= 3
    assert not [m for m in mentions if re.search(r"within \w+ \(\d+\) days", m)]


def test_approved_deliverable_is_paid_once(library: Library) -> None:
    """Defect 3: an approved, unpublished item earns its cancellation fee, not also its Unit Fee."""
    text = assemble(_example("sponsorship"), library, as_of="2026-01-15").text()
    assert "published or approved before the termination takes effect its Unit Fee" not in text
    assert "a Deliverable approved but not published by then is paid through the cancellation" in (
        text
    )


def _write(path: Path, data: dict[str, Any]) -> Path:
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def test_render_refuses_a_contract_that_breaks_an_invariant(tmp_path: Path) -> None:
    data = _patch(
        _example("sponsorship"),
        {"termination.cause.cure_days": 7, "disclosure.brand_monitoring_days": 30},
    )
    spec = _write(tmp_path / "deal.yaml", data)
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["render", str(spec), "-o", str(out), "--as-of", "2026-01-15"]
    )
    assert result.exit_code == 1, result.output
    lines = [line for line in result.output.splitlines() if "[X" in line]
    assert len(lines) == 2
    assert any("[X001]" in line and "/termination/cause/cure_days" in line for line in lines)
    assert any("[X003]" in line and "365 days" in line for line in lines)
    assert "Traceback" not in result.output
    assert not (out / "deal.docx").exists()


def test_lint_runs_the_invariants_over_example_specs(tmp_path: Path) -> None:
    examples = tmp_path / "examples"
    examples.mkdir()
    _write(
        examples / "deal.yaml", _patch(_example("sponsorship"), {"termination.cause.cure_days": 7})
    )
    args = ["lint", str(REPO / "clauses"), "--examples", str(examples)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1, result.output
    assert "X001 deal.yaml: the cure period for a breach (7 days" in result.output


def test_rules_explains_an_x_code() -> None:
    result = CliRunner().invoke(main, ["rules", "X003"])
    assert result.exit_code == 0
    for expected in ("monitoring-shorter-than-exposure", "Why:", "Flagged:", "Not flagged:"):
        assert expected in result.output


def test_retainer_refunds_the_prepaid_exclusivity_fee(library: Library) -> None:
    """Defect 4 (in part): the retainer's exclusivity fee is prepaid, so "refunds: none" was
    wrong after the Creator's uncured breach."""
    text = assemble(_example("retainer"), library, as_of="2026-01-15").text()
    assert "refunds: none, as Brand pays the monthly fee in arrears;" not in text
    assert "the part of the exclusivity fee paid in advance that relates to the days" in text
    assert "any cancellation fee is due only where" in text

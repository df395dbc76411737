"""Issue 15, defect 11 (second half): a liability cap that is never nil at signature, and
indemnities inside it except infringement, data breaches and a party's own disclosure breach."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from contractsmith.cli import main
from contractsmith.consistency import check_contract, library_glossary
from contractsmith.generate.assemble import assemble
from contractsmith.generate.contract import Contract
from contractsmith.library import Library, load_library
from contractsmith.spec.load import load_spec

EXAMPLES = Path(__file__).resolve().parent.parent.parent / "examples"


@pytest.fixture(scope="module")
def library() -> Library:
    lib = load_library()
    assert lib.findings == []
    return lib


def _example(name: str) -> dict[str, Any]:
    return copy.deepcopy(load_spec(EXAMPLES / f"{name}.yaml").data)


def _section_text(contract: Contract, category: str) -> str:
    sections = [s for s in contract.sections if s.category == category]
    assert len(sections) == 1, category
    return " ".join(p.text for p in sections[0].paragraphs)


def _x008(library: Library, data: dict[str, Any]) -> list[str]:
    contract = assemble(data, library, as_of="2026-01-15")
    glossary = library_glossary(c.body for c in library.ordered())
    return [f.message for f in check_contract(contract, data, glossary) if f.rule == "X008"]


def test_cap_is_the_greater_of_the_floor_and_the_whole_agreements_fees(library: Library) -> None:
    contract = assemble(_example("sponsorship"), library, as_of="2026-01-15")
    cap = _section_text(contract, "liability_cap")
    assert "limited to the greater of (a) USD 10,000.00 and (b) the total of all amounts" in cap
    assert "over its whole term, including amounts that are not yet due" in cap
    assert "in the twelve (12) months before the event" not in cap


def test_floor_also_lifts_the_twelve_month_measure(library: Library) -> None:
    data = _example("ambassador")
    data["liability"]["cap"] = "fees_paid_12_months"
    cap = _section_text(assemble(data, library, as_of="2026-01-15"), "liability_cap")
    assert "the greater of (a) GBP 25,000.00 and (b) the total amount paid and payable" in cap


def test_indemnities_sit_inside_the_cap_but_three(library: Library) -> None:
    contract = assemble(_example("sponsorship"), library, as_of="2026-01-15")
    cap = _section_text(contract, "liability_cap")
    indemnities = next(s for s in contract.sections if s.category == "indemnification")
    assert f"apply to each indemnity in Section {indemnities.number}, except" in cap
    assert "infringes a third party's rights" in cap
    assert "the law on personal data" in cap
    assert "own breach of a law that requires a connection in advertising to be disclosed" in cap
    # Indemnities are no longer carved out of the cap as a whole.
    assert "either party's indemnities" not in cap


@pytest.mark.parametrize("mutual", [True, False])
def test_no_party_is_indemnified_for_its_own_fines(library: Library, mutual: bool) -> None:
    data = _example("sponsorship")
    data["indemnification"] = {"mutual": mutual}
    text = _section_text(assemble(data, library, as_of="2026-01-15"), "indemnification")
    assert "is not indemnified" in text or "No party is indemnified" in text
    assert "results from its own act or omission" in text


def test_x008_cap_nil_until_the_first_monthly_fee(library: Library) -> None:
    data = _example("ambassador")
    data["liability"] = {"cap": "fees_paid_12_months"}
    messages = _x008(library, data)
    assert len(messages) == 1
    assert "no fee is payable on signing and no cap_floor is set" in messages[0]


def test_x008_silent_with_a_floor_or_a_signing_payment(library: Library) -> None:
    data = _example("ambassador")
    data["liability"] = {"cap": "fees_paid_12_months", "cap_floor": "1000.00"}
    assert _x008(library, data) == []
    data = _example("sponsorship")  # 50% payable on signature
    data["liability"] = {"cap": "fees_paid_12_months"}
    assert _x008(library, data) == []


def test_x008_default_cap_without_liability_section_in_spec(library: Library) -> None:
    data = _example("ambassador")
    del data["liability"]
    assert len(_x008(library, data)) == 1


def test_validate_warns_but_render_goes_on(tmp_path: Path) -> None:
    data = _example("ambassador")
    data["liability"] = {"cap": "fees_paid_12_months", "exclude_consequential": True}
    spec = tmp_path / "ambassador.yaml"
    spec.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(spec)])
    assert result.exit_code == 0, result.output
    assert "X008" in result.output
    result = CliRunner().invoke(main, ["validate", str(EXAMPLES / "ambassador.yaml")])
    assert "X008" not in result.output

"""Money terms that must read exactly as the spec says (issue 15, defects 7 and 9)."""

from __future__ import annotations

import copy
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from contractsmith.generate.assemble import assemble
from contractsmith.generate.jinja_env import unit_fees
from contractsmith.library import Library, load_library
from contractsmith.spec.load import load_spec
from contractsmith.spec.validate import validate

EXAMPLES = Path(__file__).resolve().parent.parent.parent / "examples"


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library()


def _sponsorship() -> dict[str, Any]:
    return copy.deepcopy(load_spec(EXAMPLES / "sponsorship.yaml").data)


def _text(library: Library, data: dict[str, Any]) -> str:
    assert [f.message for f in validate(data) if f.severity.value == "error"] == []
    return assemble(data, library, as_of="2026-01-15").text()


def test_bonus_on_one_deliverable_names_it(library: Library) -> None:
    """Defect 7: a bonus measured on D1 must not read "for all Deliverables combined"."""
    data = _sponsorship()
    data["compensation"]["performance_bonus"][0]["deliverable"] = "D1"
    text = _text(library, data)
    assert "link clicks for Deliverable D1 alone reach 5,000" in text
    assert "after the Publication Date of Deliverable D1 (the measurement day)" in text
    assert "for all Deliverables combined" not in text


def test_bonus_without_deliverable_still_covers_all(library: Library) -> None:
    text = _text(library, _sponsorship())
    assert "link clicks for all Deliverables combined reach 5,000" in text


def _money(text: str) -> Decimal:
    return Decimal(text.split()[-1].replace(",", ""))


def test_equal_unit_fee_is_rounded_and_adds_up(library: Library) -> None:
    """Defect 9: USD 3,200 among 14 items is 13 x 228.57 + 228.59, never 228.5714..."""
    data = _sponsorship()
    data["compensation"]["fee"] = "3200.00"
    data["deliverables"][0]["count"] = 12  # 12 + 1 + 1 = 14 items
    text = _text(library, data)
    assert "The Unit Fee is USD 228.57" in text
    assert "whose Unit Fee is USD 228.59 so that the Unit Fees add up to the Fee exactly" in text
    assert not re.search(r"\d\.\d{3,}", text)
    split = unit_fees("3200.00", "USD", 14)
    assert _money(split["each"]) * 13 + _money(split["last"]) == Decimal("3200.00")


def test_zero_decimal_currency_rounds_to_whole_units() -> None:
    split = unit_fees("100000", "JPY", 3)
    assert (split["each"], split["last"]) == ("JPY 33,333", "JPY 33,334")


def test_stated_deliverable_fees_are_used(library: Library) -> None:
    """Defect 9: per-deliverable fees (spec field deliverables[].fee) replace the equal split."""
    data = _sponsorship()
    data["deliverables"][0]["fee"] = "4000.00"  # 2 reels: 8,000
    data["deliverables"][1]["fee"] = "1000.00"
    data["deliverables"][2]["fee"] = "3000.00"
    text = _text(library, data)
    assert "(a) D1: USD 4,000.00 for each item;" in text
    assert "(c) D3: USD 3,000.00 for each item." in text
    assert "equal share" not in text


def test_partly_stated_fees_split_the_rest_exactly(library: Library) -> None:
    data = _sponsorship()
    data["compensation"]["fee"] = "10000.00"
    data["deliverables"][2]["fee"] = "3000.00"  # the other 3 items share 7,000.00
    text = _text(library, data)
    assert "(a) D3: USD 3,000.00 for each item;" in text
    assert "an equal share of the remaining USD 7,000.00, which is USD 2,333.33" in text
    assert "whose Unit Fee is USD 2,333.34" in text

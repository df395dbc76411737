"""Schedules 1-3 (deliverables, payments, usage rights) as the shipped examples render them.

Regression tests for rows that used to come out empty or wrong: fixed-amount and monthly
instalments ("0% | EUR 0.00"), monthly and UGC dates in the deliverables table, and
perpetual uses paid for by the assignment fee.
"""

from __future__ import annotations

import copy
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import docx
import pytest

from contractsmith.generate.assemble import (
    NO_VALUE,
    _deliverable_rows,
    _payment_rows,
    _usage_rows,
    assemble,
)
from contractsmith.generate.render import render
from contractsmith.library import Library, load_library
from contractsmith.resources import clauses_dir, examples_dir
from contractsmith.spec.load import load_spec

AS_OF = "2026-01-15"
EXAMPLES = ("sponsorship", "retainer", "ambassador", "ugc")


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library(clauses_dir())


def example(name: str) -> dict[str, Any]:
    """A fresh copy of the data of ``examples/<name>.yaml``."""
    return copy.deepcopy(load_spec(examples_dir() / f"{name}.yaml").data)


def row_total(row: dict[str, str]) -> Decimal:
    """What a payment row adds up to: its amount, times the months when it recurs."""
    match = re.fullmatch(
        r"[A-Z]{3} ([\d,]+(?:\.\d+)?)(?: per month for (\d+) months?)?", row["amount"]
    )
    assert match, f"amount cell not understood: {row['amount']!r}"
    return Decimal(match.group(1).replace(",", "")) * int(match.group(2) or 1)


def row_share(row: dict[str, str]) -> Decimal:
    """The total share of the fee a payment row states (the first percentage in the cell)."""
    match = re.match(r"([\d.]+)%", row["percent"])
    assert match, f"share cell not understood: {row['percent']!r}"
    return Decimal(match.group(1))


# ---------------------------------------------------------------- payments


def test_retainer_monthly_amount_row(library) -> None:
    contract = assemble(example("retainer"), library, as_of=AS_OF)
    assert contract.payments == [
        {
            "label": "Monthly retainer fee",
            "percent": "100%",  # 16.666...% a month is not shown rounded: it would not add up
            "amount": "EUR 2,500.00 per month for 6 months",
            "trigger": "The last day of each month",
            "due": "30 days after invoice",
        }
    ]


def test_ambassador_monthly_amount_row(library) -> None:
    contract = assemble(example("ambassador"), library, as_of=AS_OF)
    (row,) = contract.payments
    assert row["amount"] == "GBP 4,000.00 per month for 12 months"
    assert row["percent"] == "100%"
    assert row["trigger"] == "The first day of each month"


@pytest.mark.parametrize("name", EXAMPLES)
def test_example_schedules_add_up_to_the_fee(library, name) -> None:
    data = example(name)
    contract = assemble(data, library, as_of=AS_OF)
    assert contract.payments, "every example has a payment schedule"
    fee = Decimal(data["compensation"]["fee"])
    assert sum(row_total(r) for r in contract.payments) == fee
    assert sum(row_share(r) for r in contract.payments) == 100
    for row in contract.payments:
        assert not row["amount"].endswith(" 0.00")


def test_monthly_share_is_shown_when_exact() -> None:
    data = {
        "retainer": {"months": 4},
        "compensation": {
            "fee": "10000.00",
            "currency": "USD",
            "schedule": [
                {"label": "Monthly", "amount": "2500.00", "trigger": "month_end",
                 "net_days": 30, "recurs": "monthly"},
            ],
        },
    }  # fmt: skip
    (row,) = _payment_rows(data)
    assert row["percent"] == "100% (25% per month)"
    assert row["amount"] == "USD 2,500.00 per month for 4 months"


def test_monthly_percent_instalment() -> None:
    data = {
        "term": {"duration_months": 4},
        "compensation": {
            "fee": "1000.00",
            "currency": "EUR",
            "schedule": [
                {"label": "Monthly", "percent": "25", "trigger": "month_start", "net_days": 0,
                 "recurs": "monthly"},
            ],
        },
    }  # fmt: skip
    (row,) = _payment_rows(data)
    assert row["percent"] == "100% (25% per month)"
    assert row["amount"] == "EUR 250.00 per month for 4 months"
    assert row["due"] == "On receipt of invoice"


def test_monthly_without_known_months_says_per_month_only() -> None:
    data = {
        "compensation": {
            "fee": "6000.00",
            "currency": "EUR",
            "schedule": [
                {"label": "Monthly", "amount": "1000.00", "trigger": "month_end",
                 "net_days": 1, "recurs": "monthly"},
            ],
        },
    }  # fmt: skip
    (row,) = _payment_rows(data)
    assert row["amount"] == "EUR 1,000.00 per month"
    assert row["percent"] == "16.67% per month"
    assert row["due"] == "1 day after invoice"


def test_share_is_a_dash_without_a_fee() -> None:
    data = {
        "compensation": {
            "currency": "USD",
            "schedule": [
                {"label": "Advance", "amount": "500.00", "trigger": "signature", "net_days": 7},
                {"label": "Rest", "percent": "50", "trigger": "invoice", "net_days": 7},
            ],
        },
    }
    advance, rest = _payment_rows(data)
    assert (advance["percent"], advance["amount"]) == (NO_VALUE, "USD 500.00")
    assert (rest["percent"], rest["amount"]) == ("50%", NO_VALUE)
    assert rest["trigger"] == "The date of the invoice"


def test_mixed_amount_and_percent_rows_add_up_to_the_cent() -> None:
    data = {
        "compensation": {
            "fee": "100.00",
            "currency": "USD",
            "schedule": [
                {"label": "Advance", "amount": "10.00", "trigger": "signature", "net_days": 7},
                {"label": "Draft", "percent": "29.995", "trigger": "draft_approval",
                 "net_days": 7},
                {"label": "Final", "percent": "60.005", "trigger": "each_publication",
                 "net_days": 7},
            ],
        },
    }  # fmt: skip
    rows = _payment_rows(data)
    # 29.995% and 60.005% round to 30.00 and 60.01; the last absorbs the extra cent
    assert [r["amount"] for r in rows] == ["USD 10.00", "USD 30.00", "USD 60.00"]
    assert [r["percent"] for r in rows] == ["10%", "29.995%", "60.005%"]
    assert sum(row_total(r) for r in rows) == Decimal("100.00")
    assert rows[2]["trigger"] == "Publication of each Deliverable"


def test_rounding_is_left_alone_when_the_schedule_does_not_add_up() -> None:
    data = {
        "compensation": {
            "fee": "100.00",
            "currency": "USD",
            "schedule": [
                {"label": "A", "amount": "30.00", "trigger": "signature", "net_days": 7},
                {"label": "B", "percent": "33.335", "trigger": "invoice", "net_days": 7},
            ],
        },
    }
    assert [r["amount"] for r in _payment_rows(data)] == ["USD 30.00", "USD 33.34"]


# ---------------------------------------------------------------- deliverables


def test_monthly_deliverables_show_days_of_the_month(library) -> None:
    rows = {r["id"]: r for r in assemble(example("retainer"), library, as_of=AS_OF).deliverables}
    assert rows["R1"]["count"] == "2 per month"
    assert rows["R1"]["draft_due"] == "Day 13 of each month"
    assert rows["R1"]["posting_window"] == "Days 18 to 28 of each month (Europe/Paris)"
    assert rows["R3"]["draft_due"] == "Day 14 of each month"
    assert rows["R3"]["posting_window"] == "Days 20 to 28 of each month (Europe/Paris)"


def test_monthly_deliverable_without_draft_day_gets_a_dash(library) -> None:
    contract = assemble(example("ambassador"), library, as_of=AS_OF)
    rows = {r["id"]: r for r in contract.deliverables}
    assert rows["A3"]["draft_due"] == NO_VALUE
    assert rows["A3"]["posting_window"] == "Days 11 to 28 of each month (Europe/London)"
    assert ("Deliverables", "4 per month on YouTube and Instagram (Schedule 1)") in contract.cover
    assert ("Governing law", "The laws of England and Wales") in contract.cover


def test_cover_counts_one_off_and_monthly_deliverables(library) -> None:
    data = example("sponsorship")
    data["deliverables"][2]["per"] = "month"  # D3 becomes a monthly quota of one
    contract = assemble(data, library, as_of=AS_OF)
    assert ("Deliverables", "3 plus 1 per month on Instagram and TikTok (Schedule 1)") in (
        contract.cover
    )


def test_ugc_rows_show_final_files_and_who_posts(library) -> None:
    contract = assemble(example("ugc"), library, as_of=AS_OF)
    for row in contract.deliverables:
        assert row["draft_due"] == "6 May 2026; final files 20 May 2026"
        assert row["posting_window"] == "Posted by Brand"
        assert row["live_for"] == NO_VALUE
    assert [r["format"] for r in contract.deliverables] == ["UGC video", "Photo set"]


def test_no_deliverable_cell_is_left_empty(library) -> None:
    for name in EXAMPLES:
        contract = assemble(example(name), library, as_of=AS_OF)
        for row in contract.deliverables:
            assert all(value.strip() for value in row.values()), (name, row)


def test_other_deliverable_dates() -> None:
    data = {
        "parties": {"brand": {"short_name": "Maker"}},
        "deliverables": [
            {"id": "F", "platform": "youtube", "format": "video", "count": 1,
             "posting_date": "2026-03-10", "draft_due": "2026-03-01"},
            {"id": "U", "platform": "brand_channels", "format": "photo_set", "count": 3,
             "posted_by": "brand", "final_due": "2026-04-02"},
            {"id": "M", "platform": "podcast", "format": "podcast_read", "count": 1,
             "per": "month", "monthly": {"posting_window_days": {"start": 15, "end": 15}}},
        ],
    }  # fmt: skip
    fixed, ugc, monthly = _deliverable_rows(data)
    assert (fixed["draft_due"], fixed["posting_window"]) == ("1 March 2026", "10 March 2026")
    assert (ugc["draft_due"], ugc["posting_window"]) == (
        "Final files 2 April 2026",
        "Posted by Maker",
    )
    assert ugc["platform"] == "Brand's own channels"
    assert monthly["posting_window"] == "Day 15 of each month"
    assert monthly["format"] == "Podcast ad read"
    assert monthly["count"] == "1 per month"


# ---------------------------------------------------------------- usage rights


def test_perpetual_uses_paid_by_the_assignment_fee(library) -> None:
    contract = assemble(example("ugc"), library, as_of=AS_OF)
    assert contract.usage_rights
    for row in contract.usage_rights:
        assert row["duration"] == "Perpetual from delivery of the relevant Deliverable"
        assert row["fee"] == "Assignment fee of USD 1,800.00"


def _rights(**extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "compensation": {"currency": "EUR"},
        "usage_rights": {
            "uses": [
                {"type": "tv", "media": ["broadcast TV"], "territory": "France",
                 "perpetual": True},
                {"type": "retail_partner", "media": ["retailer sites"], "territory": "EU",
                 "perpetual": True, "fee": "900.00"},
                {"type": "print", "media": ["magazines"], "territory": "EU",
                 "duration_days": 30, "start": "approval"},
            ]
        },
    }  # fmt: skip
    for key, value in extra.items():
        if key == "perpetual_fee":
            data["usage_rights"]["perpetual_fee"] = value
        else:
            data[key] = value
    return data


def test_perpetual_use_fee_sources() -> None:
    plain = _usage_rows(_rights())
    assert [r["duration"] for r in plain] == [
        "Perpetual",
        "Perpetual",
        "30 days from approval of the relevant Deliverable",
    ]
    assert [r["fee"] for r in plain] == ["Included in the Fee", "EUR 900.00", "Included in the Fee"]
    assert plain[0]["use"] == "Television and cinema advertising"
    assert plain[1]["use"] == "Use by authorised retailers"

    licensed = _usage_rows(_rights(perpetual_fee="5000.00"))
    assert [r["fee"] for r in licensed][:2] == [
        "Perpetual licence fee of EUR 5,000.00",
        "EUR 900.00",  # a use's own fee wins
    ]
    assert licensed[2]["fee"] == "Included in the Fee"  # not perpetual

    owned = _usage_rows(_rights(ip={"owner": "brand", "assignment_fee": "1200.00"}))
    assert owned[0]["fee"] == "Assignment fee of EUR 1,200.00"
    # as in the licence clause, an assignment fee pays only when Brand owns the content
    kept = _usage_rows(_rights(ip={"owner": "creator", "assignment_fee": "1200.00"}))
    assert kept[0]["fee"] == "Included in the Fee"


# ---------------------------------------------------------------- in the Word file


def _table_rows(path: Path) -> list[list[str]]:
    document = docx.Document(str(path))
    return [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]


def test_rendered_docx_schedules(library, tmp_path) -> None:
    retainer = render(examples_dir() / "retainer.yaml", tmp_path, as_of=AS_OF, library=library)
    rows = _table_rows(retainer.docx_path)
    assert [
        "Monthly retainer fee",
        "100%",
        "EUR 2,500.00 per month for 6 months",
        "The last day of each month",
        "30 days after invoice",
    ] in rows
    r1 = next(r for r in rows if r[0] == "R1")
    assert r1[5:7] == ["Day 13 of each month", "Days 18 to 28 of each month (Europe/Paris)"]

    ugc = render(examples_dir() / "ugc.yaml", tmp_path, as_of=AS_OF, library=library)
    rows = _table_rows(ugc.docx_path)
    p1 = next(r for r in rows if r[0] == "P1")
    assert p1[2] == "Photo set" and p1[5] == "6 May 2026; final files 20 May 2026"
    website = next(r for r in rows if r[0] == "Brand website and e-commerce")
    assert website[3:] == [
        "Perpetual from delivery of the relevant Deliverable",
        "Assignment fee of USD 1,800.00",
    ]

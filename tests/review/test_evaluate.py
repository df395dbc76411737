"""Each obligation type judged against a log, relative to the as-of date."""

from decimal import Decimal

import pytest

from .helpers import outcome, run, spec

D1 = "deliverable: D1, url: https://x.example/{n}, caption: '#ad Glow', platform_tool: true"


def _posts(*times: str) -> str:
    lines = [f"  - {{ {D1.format(n=i)}, posted_at: '{t}' }}" for i, t in enumerate(times)]
    return "posts:\n" + "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("times", "as_of", "first", "second"),
    [
        ((), "2026-03-01", "not_yet_due", "not_yet_due"),
        ((), "2026-03-12", "at_risk", "at_risk"),
        ((), "2026-03-16", "missed", "missed"),
        (("2026-03-10T09:00:00-07:00",), "2026-03-20", "met", "missed"),
        (("2026-03-10T09:00:00-07:00", "2026-03-16T10:30:00-07:00"), "2026-03-20", "met", "late"),
    ],
)
def test_posting_status(tmp_path, times, as_of, first, second):
    result = run(tmp_path, _posts(*times) if times else "posts: []\n", as_of)
    assert outcome(result, "posting:D1 #1").status == first
    assert outcome(result, "posting:D1 #2").status == second


def test_late_post_says_by_how_long_and_offers_the_makegood(tmp_path):
    result = run(
        tmp_path, _posts("2026-03-10T09:00:00-07:00", "2026-03-16T10:30:00-07:00"), "2026-03-20"
    )
    late = outcome(result, "posting:D1 #2")
    assert late.late_by == "11 hours"  # 10.5 hours, rounded up to whole hours
    assert late.remedy.startswith("makegood: republication")
    assert str(late.remedy_due) == "2026-04-03"  # the as-of date (letter as notice) + 14 days
    assert late.clause.describe() == "Section 1"  # deliverables.published in the test index


def test_dst_the_window_closes_at_local_midnight_after_the_clocks_change(tmp_path):
    # Los Angeles moves to UTC-7 on 2026-03-08. The window's last day is 2026-03-08, so it
    # closes at 2026-03-09 00:00 PDT = 07:00 UTC (not 08:00 UTC as a fixed UTC-8 would say).
    data = spec()
    data["deliverables"] = [
        dict(
            data["deliverables"][0],
            count=1,
            draft_due="2026-03-01",
            posting_window={
                "start": "2026-03-02",
                "end": "2026-03-08",
                "timezone": "America/Los_Angeles",
            },
        )
    ]
    on_time = run(tmp_path, _posts("2026-03-09T06:59:00Z"), "2026-03-20", data)
    assert outcome(on_time, "posting:D1").status == "met"
    late = run(tmp_path, _posts("2026-03-09T07:30:00Z"), "2026-03-20", data)
    assert outcome(late, "posting:D1").status == "late"
    assert outcome(late, "posting:D1").late_by == "1 hour"


def test_removed_before_the_minimum_live_period_is_missed(tmp_path):
    log = _posts("2026-03-10T09:00:00-07:00").replace(
        "platform_tool: true,", "platform_tool: true, removed_at: '2026-04-01T09:00:00-07:00',"
    )
    result = run(tmp_path, log, "2026-04-05")
    live = outcome(result, "live:D1 #1")
    assert live.status == "missed" and "after 22 days" in live.evidence
    still = run(tmp_path, _posts("2026-03-10T09:00:00-07:00"), "2026-04-05")
    assert outcome(still, "live:D1 #1").status == "not_yet_due"
    done = run(tmp_path, _posts("2026-03-10T09:00:00-07:00"), "2026-06-10")
    assert outcome(done, "live:D1 #1").status == "met"


@pytest.mark.parametrize(
    ("fields", "status", "words"),
    [
        ("caption: '#ad Glow', platform_tool: true", "met", "at the start"),
        ("caption: 'Glow routine #ad', platform_tool: true", "missed", "at the end"),
        ("caption: 'Glow routine', platform_tool: true", "missed", "platform tool alone"),
        ("caption: '#ad Glow', platform_tool: false", "missed", "tool was off"),
        ("caption: '#ad Glow', platform_tool: true, spoken: false", "missed", "no spoken"),
        ("label: '#ad', label_position: start, platform_tool: true", "met", "at the start"),
    ],
)
def test_disclosure(tmp_path, fields, status, words):
    log = f"posts:\n  - {{ deliverable: D1, url: u, posted_at: '2026-03-10T09:00:00-07:00', {fields} }}\n"
    found = outcome(run(tmp_path, log, "2026-03-20"), "disclosure:D1 #1")
    assert found.status == status and words in found.evidence


def test_kpi_totals_per_deliverable_and_is_a_goal_not_a_breach(tmp_path):
    log = """\
    posts:
      - { deliverable: D1, url: a, posted_at: '2026-03-10T09:00:00-07:00', metrics: [
          { metric: views, value: 50K, measured_at: 2026-03-20 },
          { metric: views, value: 90K, measured_at: 2026-04-09 },
          { metric: views, value: 99K, measured_at: 2026-05-01 }] }
      - { deliverable: D1, url: b, posted_at: '2026-03-11T09:00:00-07:00', metrics: [
          { metric: views, value: "42,000", measured_at: 2026-04-10 }] }
    number_format: "1,234.5"
    """
    result = run(tmp_path, log, "2026-04-20")
    kpi = outcome(result, "kpi:views:D1")
    assert kpi.figures["actual"] == "132000"  # latest reading on or before the as-of date
    assert kpi.figures["attainment_percent"] == "88.0"
    assert kpi.status == "missed" and kpi.breach is False
    early = outcome(run(tmp_path, log, "2026-03-25"), "kpi:views:D1")
    assert early.status == "at_risk"


def test_late_payment_interest_is_exact(tmp_path):
    log = """\
    events:
      - { type: signed, date: 2026-02-01 }
      - { type: invoice_sent, instalment: 1, date: 2026-02-02 }
      - { type: payment, instalment: 1, amount: "6000.00", date: 2026-03-05 }
    """
    result = run(tmp_path, log, "2026-03-10")
    pay = outcome(result, "payment:1")
    # due 2026-02-02 + 15 = 2026-02-17; paid 16 days late:
    # 6000 x 1.5% x 12 / 365 x 16 = 47.3424... -> 47.34
    assert pay.status == "late" and pay.late_by == "16 days"
    assert pay.figures["interest"] == "47.34"
    assert result.money.interest == Decimal("47.34") and result.money.paid == Decimal("6000.00")


def test_unpaid_overdue_instalment_accrues_interest_to_the_as_of_date(tmp_path):
    log = "events:\n  - { type: signed, date: 2026-02-01 }\n"
    result = run(tmp_path, log, "2026-03-18")
    pay = outcome(result, "payment:1")
    # due 2026-02-16 (no invoice: counted from the trigger); 30 days overdue:
    # 6000 x 0.18 x 30 / 365 = 88.767... -> 88.77
    assert pay.status == "missed" and pay.late_by == "30 days"
    assert result.money.outstanding == Decimal("6000.00")
    assert result.money.interest == Decimal("88.77")
    assert outcome(result, "payment:2").status == "not_yet_due"


def test_partial_payments_are_applied_in_order(tmp_path):
    log = """\
    events:
      - { type: signed, date: 2026-02-01 }
      - { type: payment, instalment: Signing instalment, amount: "4000.00", date: 2026-02-10 }
      - { type: payment, instalment: 1, amount: "2000.00", date: 2026-02-26 }
    """
    result = run(tmp_path, log, "2026-03-01")
    pay = outcome(result, "payment:1")
    # 2000 paid 10 days after 2026-02-16: 2000 x 0.18 x 10 / 365 = 9.863... -> 9.86
    assert pay.status == "late" and pay.figures["interest"] == "9.86"


def test_paid_usage_past_the_licensed_period(tmp_path):
    log = """\
    posts:
      - { deliverable: D1, url: a, posted_at: '2026-03-10T09:00:00-07:00', caption: '#ad x', platform_tool: true }
    events:
      - { type: whitelisting, use: whitelisting_creator_handle, date: 2026-03-12, end: 2026-04-20 }
      - { type: paid_usage, use: paid_brand_handle, date: 2026-03-12, end: 2026-07-01 }
    """
    result = run(tmp_path, log, "2026-04-20")
    white = outcome(result, "usage:whitelisting_creator_handle")
    assert (
        white.status == "missed"
        and "12 days past the last licensed day 2026-04-08" in white.evidence
    )
    paid = outcome(result, "usage:paid_brand_handle")
    assert paid.status == "at_risk" and "booked past 2026-06-07" in paid.evidence


def test_brand_posted_deliverable_is_a_delivery(tmp_path):
    data = spec()
    data["deliverables"] = [
        dict(data["deliverables"][0], posted_by="brand", count=3, final_due="2026-03-15")
    ]
    del data["deliverables"][0]["posting_window"]
    result = run(
        tmp_path,
        "events:\n  - { type: delivered, deliverable: D1, date: 2026-03-18 }\n",
        "2026-03-20",
        data,
    )
    delivery = outcome(result, "delivery:D1")
    assert delivery.status == "late" and delivery.late_by == "3 days"


def test_monthly_quota_slots_per_month(tmp_path):
    from contractsmith.review.obligations import Obligations

    data = spec()
    data["deliverables"] = [
        {
            "id": "R1",
            "platform": "instagram",
            "format": "reel",
            "count": 2,
            "per": "month",
            "monthly": {
                "draft_due_day": 5,
                "posting_window_days": {"start": 10, "end": 31},
                "timezone": "Europe/Paris",
            },
        }
    ]
    slots = Obligations(data).slots
    assert [s.label for s in slots[:3]] == ["R1 2026-02 #1", "R1 2026-02 #2", "R1 2026-03 #1"]
    assert slots[0].closes.isoformat() == "2026-03-01T00:00:00+01:00"  # February has 28 days
    assert slots[2].closes.isoformat() == "2026-04-01T00:00:00+02:00"  # after the DST change

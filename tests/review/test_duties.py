"""The second slice's obligations: approvals, brief and product, reports, exclusivity,
expenses, the cancellation fee and per-item payment triggers (met / late / missed)."""

import copy
from decimal import Decimal

import pytest

from contractsmith.workdays import add_business_days, business_days_between

from .helpers import outcome, run, spec

POST = (
    "  - {{ deliverable: {d}, url: 'https://x.example/{n}', caption: '#ad Glow', "
    "platform_tool: true, posted_at: '{t}' }}\n"
)


def _log(posts=(), events=()):
    text = "posts:\n" + "".join(POST.format(d=d, n=i, t=t) for i, (d, t) in enumerate(posts))
    if not posts:
        text = "posts: []\n"
    if events:
        text += "events:\n" + "".join(f"  - {{ {e} }}\n" for e in events)
    return text


def test_business_days_skip_weekends():
    import datetime as dt

    friday = dt.date(2026, 3, 6)
    assert add_business_days(friday, 1) == dt.date(2026, 3, 9)
    assert add_business_days(dt.date(2026, 3, 2), 3) == dt.date(2026, 3, 5)
    assert business_days_between(friday, dt.date(2026, 3, 10)) == 2
    assert business_days_between(friday, friday) == 0


# --- approvals ----------------------------------------------------------------------------

SUBMIT = "type: draft_submitted, deliverable: D1, date: 2026-03-02"  # a Monday; window ends Thu 5


@pytest.mark.parametrize(
    ("reply", "as_of", "status", "late_by", "approved"),
    [
        ("type: approved, deliverable: D1, date: 2026-03-04", "2026-03-10", "met", None,
         "2026-03-04"),
        (None, "2026-03-04", "not_yet_due", None, None),
        (None, "2026-03-10", "met", None, "2026-03-05"),  # deemed approved when the window ends
        ("type: revision_requested, deliverable: D1, date: 2026-03-09", "2026-03-10", "late",
         "2 business days", "2026-03-05"),
    ],
)  # fmt: skip
def test_deemed_approval(tmp_path, reply, as_of, status, late_by, approved):
    events = [SUBMIT] + ([reply] if reply else [])
    result = run(tmp_path, _log(events=events), as_of)
    out = outcome(result, "approval:D1 2026-03-02")
    assert (out.status, out.late_by, out.figures.get("approved_on")) == (
        status,
        late_by,
        approved,
    )
    if reply is None and status == "met":
        assert "deemed approved on 2026-03-05" in out.evidence and out.breach is False


def test_without_deemed_approval_silence_is_missed_and_moves_the_window(tmp_path):
    data = spec(approval={"review_business_days": 3, "deemed_approval": False,
                          "revision_rounds": 2})  # fmt: skip
    result = run(tmp_path, _log(events=[SUBMIT]), "2026-03-09", data)
    out = outcome(result, "approval:D1 2026-03-02")
    assert out.status == "missed" and out.late_by == "2 business days"
    assert "approved_on" not in out.figures
    # The D1 window (9-15 March) moves 2 business days from its last day: to 17 March.
    assert outcome(result, "posting:D1 #1").figures["window"].startswith("2026-03-11 to 2026-03-17")
    assert outcome(result, "posting:D2").figures["window"].startswith("2026-03-09 to 2026-03-15")


def test_a_draft_approval_instalment_is_due_from_the_deemed_approval(tmp_path):
    data = spec()
    data["compensation"] = dict(
        data["compensation"],
        schedule=[{"label": "On approval", "percent": "100", "trigger": "draft_approval",
                   "net_days": 10}],
    )  # fmt: skip
    result = run(tmp_path, _log(events=[SUBMIT]), "2026-03-20", data)
    pay = outcome(result, "payment:1")
    assert pay.due == "2026-03-15" and pay.status == "missed"


# --- brief and product --------------------------------------------------------------------


def _with_product(day="2026-02-20"):
    data = spec()
    product = dict(data["compensation"]["product"], delivery_date=day)
    data["compensation"] = dict(data["compensation"], product=product)
    return data


def test_a_late_brief_moves_the_posting_window_so_the_post_is_on_time(tmp_path):
    posts = [("D1", "2026-03-18T09:00:00-07:00")]  # 3 days after the stated window
    late = run(tmp_path, _log(posts, ["type: brief_sent, date: 2026-02-14"]), "2026-03-20")
    brief = outcome(late, "brief:2026-02-10")
    assert (brief.status, brief.late_by, brief.party) == ("late", "4 days", "brand")
    assert outcome(late, "posting:D1 #1").status == "met"
    assert outcome(late, "posting:D1 #1").figures["window"].startswith("2026-03-13 to 2026-03-19")
    on_time = run(tmp_path, _log(posts, ["type: brief_sent, date: 2026-02-10"]), "2026-03-20")
    assert outcome(on_time, "brief:2026-02-10").status == "met"
    assert outcome(on_time, "posting:D1 #1").status == "late"


def test_brief_and_product_delays_overlap_the_longer_counts(tmp_path):
    events = ["type: brief_sent, date: 2026-02-14", "type: product_delivered, date: 2026-02-27"]
    result = run(tmp_path, _log(events=events), "2026-03-01", _with_product())
    assert outcome(result, "product:2026-02-20").late_by == "7 days"
    assert outcome(result, "posting:D1 #1").figures["window"].startswith("2026-03-16 to 2026-03-22")


def test_an_untracked_brief_is_not_judged_and_a_future_one_is_in_the_calendar(tmp_path):
    past = run(tmp_path, _log(events=[SUBMIT]), "2026-03-20")
    assert not [o for o in past.outcomes if o.kind == "brief"]
    assert any("brief_sent" in n for n in past.notes)
    future = run(tmp_path, _log(events=[SUBMIT]), "2026-02-01")
    assert any(d.title == "Brief due" for d in future.deadlines)


# --- reporting and exclusivity --------------------------------------------------------------


@pytest.mark.parametrize(
    ("report", "as_of", "status"),
    [
        ("2026-03-16", "2026-03-20", "met"),  # posted 10 March, due 17 March
        ("2026-03-19", "2026-03-20", "late"),
        (None, "2026-03-20", "missed"),
        (None, "2026-03-12", "not_yet_due"),
    ],
)
def test_report_due_days_after_posting(tmp_path, report, as_of, status):
    events = ["type: report_delivered, deliverable: D3, date: 2026-03-30"]  # tracks reports
    if report:
        events.append(f"type: report_delivered, deliverable: D1, date: {report}")
    result = run(tmp_path, _log([("D1", "2026-03-10T09:00:00-07:00")], events), as_of)
    out = outcome(result, "reporting:D1 #1")
    assert out.status == status and out.due == "2026-03-17"


def test_competitor_post_inside_the_exclusivity_period_is_a_breach(tmp_path):
    posts = [("D1", "2026-03-10T09:00:00-07:00")]
    inside = ["type: competitor_post, date: 2026-04-01, note: Lumenne Skin serum Reel"]
    result = run(tmp_path, _log(posts, inside), "2026-04-02")
    out = outcome(result, "exclusivity")
    assert out.status == "missed" and "Lumenne Skin" in out.evidence
    cure = spec()["termination"]["cause"]["cure_days"]  # the example's own cure period
    assert out.remedy == f"cure within {cure} days after written notice"
    assert out.title.endswith("from 2026-02-23 to 2026-04-28")  # 14 days before, 30 after
    outside = ["type: competitor_post, date: 2026-05-20, note: after the tail"]
    later = run(tmp_path, _log(posts, outside), "2026-05-21")
    assert outcome(later, "exclusivity").status == "met"


# --- expenses and the cancellation fee -----------------------------------------------------


@pytest.mark.parametrize(
    ("paid", "as_of", "status", "interest"),
    [
        ("2026-03-20", "2026-04-15", "met", None),
        ("2026-04-10", "2026-04-15", "late", "2.47"),  # 500 x 1.5% x 12 / 365 x 10 days
        (None, "2026-04-15", "missed", "3.70"),  # 15 days overdue on the as-of date
        (None, "2026-03-20", "not_yet_due", None),
    ],
)
def test_expenses_are_reimbursed_within_30_days_of_the_claim(
    tmp_path, paid, as_of, status, interest
):
    events = ["type: expense_claimed, date: 2026-03-01, amount: '500.00', note: studio hire"]
    if paid:
        events.append(f"type: payment, instalment: expenses, amount: '500.00', date: {paid}")
    out = outcome(run(tmp_path, _log(events=events), as_of), "expenses:1 2026-03-01")
    assert out.status == status and out.due == "2026-03-31"
    assert out.figures.get("interest") == interest


def test_expenses_over_the_cap_are_reimbursed_up_to_it(tmp_path):
    events = [
        "type: expense_claimed, date: 2026-03-01, amount: '500.00'",
        "type: expense_claimed, date: 2026-03-05, amount: '400.00'",
    ]
    result = run(tmp_path, _log(events=events), "2026-03-06")
    assert outcome(result, "expenses:2 2026-03-05").figures["amount"] == "250.00"
    assert any("exceeds what is left of the USD 750.00 cap" in n for n in result.notes)


def test_cancellation_fee_by_stage_reached(tmp_path):
    events = [
        SUBMIT,  # D1 deemed approved on 5 March: after final approval, 100%
        "type: draft_submitted, deliverable: D2, date: 2026-03-04",  # 50%
        "type: cancelled, date: 2026-03-05, note: campaign cancelled",  # D3: 15%
    ]
    result = run(tmp_path, _log(events=events), "2026-03-25")
    fee = outcome(result, "kill_fee:2026-03-05")
    # Unit Fee 12,000 / 4 = 3,000: 2 x 3,000 + 1,500 + 450.
    assert fee.figures["amount"] == "7950.00"
    assert (fee.due, fee.status, fee.late_by) == ("2026-03-19", "missed", "6 days")
    assert result.money.outstanding == Decimal("13950.00")  # with the unpaid signing 6,000
    assert not [o for o in result.outcomes if o.kind == "posting"]  # cancelled, not missed
    paid = events + ["type: payment, instalment: kill_fee, amount: '7950.00', date: 2026-03-18"]
    settled = run(tmp_path, _log(events=paid), "2026-03-25")
    assert outcome(settled, "kill_fee:2026-03-05").status == "met"


def test_cancelling_one_deliverable_after_it_was_published_owes_nothing_for_it(tmp_path):
    posts = [("D3", "2026-03-24T10:00:00-07:00")]
    events = ["type: cancelled, deliverable: D3, date: 2026-03-25"]
    result = run(tmp_path, _log(posts, events), "2026-03-30")
    assert not [o for o in result.outcomes if o.kind == "kill_fee"]


# --- per-item triggers ----------------------------------------------------------------------


@pytest.mark.parametrize("trigger", ["each_publication", "each_delivery"])
def test_each_publication_pays_a_unit_share_per_item(tmp_path, trigger):
    data = copy.deepcopy(spec())
    data["compensation"]["schedule"] = [
        {"label": "Per post", "amount": "10000.00", "trigger": trigger, "net_days": 30}
    ]
    posts = [("D1", "2026-03-10T09:00:00-07:00"), ("D1", "2026-03-12T09:00:00-07:00")]
    events = ["type: payment, instalment: 1, amount: '2500.00', date: 2026-04-01"]
    result = run(tmp_path, _log(posts, events), "2026-04-20", data)
    first, second = outcome(result, "payment:1 D1 #1"), outcome(result, "payment:1 D1 #2")
    assert first.figures["amount"] == "2500.00" and first.status == "met"
    assert (second.due, second.status) == ("2026-04-11", "missed")
    shares = [Decimal(o.figures["amount"]) for o in result.outcomes if o.kind == "payment"]
    assert sum(shares) == Decimal("10000.00")  # exact: the last share takes the remainder
    assert outcome(result, "payment:1 D3").status == "not_yet_due"


def test_exclusivity_runs_from_the_last_actual_publication_once_all_are_up(tmp_path):
    posts = [
        ("D1", "2026-03-10T09:00:00-07:00"),
        ("D1", "2026-03-11T09:00:00-07:00"),
        ("D2", "2026-03-10T10:00:00-07:00"),
        ("D3", "2026-03-24T09:00:00-07:00"),  # the window ran to 29 March
    ]
    events = ["type: competitor_post, date: 2026-04-25, note: Dewberry Labs Reel"]
    out = outcome(run(tmp_path, _log(posts, events), "2026-04-30"), "exclusivity")
    assert out.title.endswith("to 2026-04-23") and out.status == "met"

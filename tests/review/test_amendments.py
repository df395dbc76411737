"""Amendments: each obligation judged under the spec version in force when it falls due."""

import datetime as dt
import json

import pytest

from contractsmith.review.amendments import combine, load_amendments
from contractsmith.review.check import check_log
from contractsmith.review.clauses import ClauseIndex
from contractsmith.review.load import LogLoadError, load_log

from .helpers import outcome, spec, write

LOG = """\
amendments:
  - {{ spec: amended.json, effective: '{effective}', note: D3 moved two weeks }}
posts:
  - {{ deliverable: D3, url: 'https://x.example/d3', caption: '#ad Glow', platform_tool: true,
      posted_at: '2026-04-07T10:00:00-07:00' }}
events:
  - {{ type: payment, instalment: 1, amount: '6000.00', date: 2026-02-10 }}
"""


def _amended():
    data = spec()
    d3 = dict(data["deliverables"][2])
    d3["posting_window"] = dict(d3["posting_window"], start="2026-04-06", end="2026-04-12")
    data["deliverables"] = data["deliverables"][:2] + [d3]
    data["compensation"] = dict(data["compensation"], fee="14000.00")
    return data


def _review(tmp_path, effective="2026-03-20", as_of="2026-04-20"):
    (tmp_path / "amended.json").write_text(json.dumps(_amended(), default=str), encoding="utf-8")
    raw = load_log(write(tmp_path, LOG.format(effective=effective)))
    amendments = load_amendments(raw)
    log, findings = check_log(raw, amendments[-1].spec)
    assert not [f for f in findings if f.severity.value == "error"], findings
    return combine(
        spec(), amendments, log, as_of=dt.date.fromisoformat(as_of),
        clauses=ClauseIndex([]), contract="c.yaml",
    )  # fmt: skip


def test_an_obligation_due_after_the_amendment_follows_it(tmp_path):
    result = _review(tmp_path)
    assert outcome(result, "posting:D3").status == "met"  # the amended window 6-12 April
    assert outcome(result, "posting:D1 #1").status == "missed"  # due before: original terms
    # The signing instalment fell due on 16 February, under the original 12,000 fee.
    assert outcome(result, "payment:1").figures["amount"] == "6000.00"
    assert any("in force from 2026-03-20" in n for n in result.notes)


def test_before_the_amendment_takes_effect_the_original_applies(tmp_path):
    result = _review(tmp_path, effective="2026-05-01")
    assert outcome(result, "posting:D3").status == "late"  # the original window 23-29 March


def test_money_is_added_up_once_from_the_obligations_kept(tmp_path):
    result = _review(tmp_path, effective="2026-02-01")  # in force from the start: fee 14,000
    assert outcome(result, "payment:1").figures["amount"] == "7000.00"
    assert str(result.money.paid) == "6000.00"
    assert [o.key for o in result.outcomes].count("payment:1") == 1


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("{ spec: amended.json, effective: 'soon' }", "is not YYYY-MM-DD"),
        ("{ spec: missing.json, effective: '2026-03-01' }", "missing.json"),
        ("{ effective: '2026-03-01' }", "spec must name"),
        ("{ spec: amended.json, effective: '2026-03-01', signed_by: x }", "write {spec"),
    ],
)
def test_bad_amendments_are_one_line_errors(tmp_path, entry, message):
    (tmp_path / "amended.json").write_text(json.dumps(_amended(), default=str), encoding="utf-8")
    raw = load_log(write(tmp_path, f"amendments:\n  - {entry}\nposts: []\n"))
    with pytest.raises(LogLoadError) as err:
        load_amendments(raw)
    assert message in str(err.value) and "\n" not in str(err.value)


def test_cli_reviews_with_the_amendment_the_log_names(tmp_path):
    from click.testing import CliRunner

    from contractsmith.cli import main

    from .helpers import SPONSORSHIP

    (tmp_path / "amended.json").write_text(json.dumps(_amended(), default=str), encoding="utf-8")
    log = write(tmp_path, LOG.format(effective="2026-03-20"))
    args = ["review", str(SPONSORSHIP), "--log", str(log), "--as-of", "2026-04-20"]
    result = CliRunner().invoke(main, [*args, "--format", "json"])
    data = json.loads(result.stdout)
    assert {o["key"]: o["status"] for o in data["obligations"]}["posting:D3"] == "met"
    broken = _amended()
    broken["compensation"]["currency"] = "dollars"
    (tmp_path / "amended.json").write_text(json.dumps(broken, default=str), encoding="utf-8")
    bad = CliRunner().invoke(main, args)
    assert bad.exit_code == 1 and "the amended spec has errors" in bad.output

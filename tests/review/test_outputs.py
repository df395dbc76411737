"""The letter (opened with python-docx), the calendar (ICS and CSV) and the JSON scorecard."""

import json

import docx
import jsonschema

from contractsmith.review.ical import to_csv, to_ics
from contractsmith.review.letter import build_letter
from contractsmith.review.scorecard import to_json, to_text

from .helpers import ROOT, outcome, run, spec

LOG = """\
posts:
  - { deliverable: D1, url: https://x.example/a, posted_at: '2026-03-10T09:00:00-07:00', caption: '#ad Glow', platform_tool: true }
  - { deliverable: D1, url: https://x.example/b, posted_at: '2026-03-16T10:30:00-07:00', caption: 'Glow #ad', platform_tool: true }
events:
  - { type: signed, date: 2026-02-01 }
  - { type: payment, instalment: 1, amount: "6000.00", date: 2026-03-05 }
  - { type: whitelisting, use: whitelisting_creator_handle, date: 2026-03-12, end: 2026-04-10 }
"""


def _review(tmp_path):
    result = run(tmp_path, LOG, "2026-04-10")
    result.spec_sha256 = "0" * 64
    return result


def _paragraphs(data: bytes, tmp_path) -> list[str]:
    path = tmp_path / "letter.docx"
    path.write_bytes(data)
    return [p.text for p in docx.Document(str(path)).paragraphs]


def test_letter_states_facts_clauses_remedies_and_what_the_brand_owes(tmp_path):
    result = _review(tmp_path)
    text = _paragraphs(build_letter(result, spec()), tmp_path)
    joined = "\n".join(text)
    assert text[0] == "10 April 2026"
    assert "To: Maya Okafor Media LLC" in text
    assert "Publish D1 #2 (instagram reel) (Section 1): late by 11 hours." in joined
    assert "Publish D2 (instagram story set) (Section 1): missed." in joined
    assert (
        "The makegood Section 3 provides is: republication of the affected Deliverable as "
        "approved or, if Brand agrees in writing, an equivalent Deliverable, at no extra fee. "
        "Taking this letter as notice, it is due by 24 April 2026."
    ) in joined
    assert "Disclose the advertising in D1 #2 (Section 4): missed." in joined
    assert "What Northlight Cosmetics, Inc. still owes" in text
    assert "Late interest owed under the payment terms: USD 50.30" in joined
    assert "ran 2 days past the last licensed day 2026-04-08" in joined
    assert "log.yaml" not in joined  # log positions stay in the scorecard
    for word in ("terminate", "legal action", "sue", "lawsuit"):
        assert word not in joined.lower()


def test_letter_is_deterministic(tmp_path):
    result = _review(tmp_path)
    assert build_letter(result, spec()) == build_letter(result, spec())


def test_letter_when_everything_is_met(tmp_path):
    result = run(tmp_path, "posts: []\n", "2026-02-05")
    text = _paragraphs(build_letter(result, spec()), tmp_path)
    assert "Every deliverable that has fallen due so far has been met." in text
    assert "Nothing is overdue from our side as of the date of this letter." in text


def test_calendar_ics_is_deterministic_and_valid_looking(tmp_path):
    result = _review(tmp_path)
    ics = to_ics(result)
    assert ics == to_ics(_review(tmp_path))
    lines = ics.split("\r\n")
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR" and lines[-1] == ""
    assert all(len(line.encode()) <= 75 for line in lines)
    assert ics.count("BEGIN:VEVENT") == len(result.deadlines) > 0
    assert "DTSTAMP:20260410T000000Z" in lines
    assert "SUMMARY:Makegood due: Publish D2 (instagram story set)" in lines
    uids = [line for line in lines if line.startswith("UID:")]
    assert len(set(uids)) == len(uids)
    assert all(d.day.isoformat() >= "2026-04-10" for d in result.deadlines)


def test_calendar_csv(tmp_path):
    rows = to_csv(_review(tmp_path)).splitlines()
    assert rows[0] == "date,title,kind,party,clause"
    assert (
        "2026-04-24,Makegood due: Publish D2 (instagram story set),makegood,creator,Section 3"
        in rows
    )


def test_json_scorecard_matches_its_published_schema(tmp_path):
    result = _review(tmp_path)
    data = json.loads(to_json(result))
    schema = json.loads((ROOT / "schemas" / "review-report.schema.json").read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(data, schema)
    assert (
        data["money"]["interest"] == "50.30"
    )  # due 2026-02-16, paid 17 days late: 6000 x 0.18 x 17 / 365
    assert data["summary"]["all_met"] is False


def test_text_scorecard_lists_both_sides(tmp_path):
    text = to_text(_review(tmp_path))
    assert "Creator: Maya Okafor Media LLC" in text and "Brand: Northlight Cosmetics, Inc." in text
    assert "late interest owed:       USD 50.30" in text
    assert outcome(_review(tmp_path), "payment:1").late_by == "17 days"

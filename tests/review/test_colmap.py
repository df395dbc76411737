"""--map: an analytics export turned into the posts CSV by a column map."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from contractsmith.cli import main
from contractsmith.review.check import check_log
from contractsmith.review.colmap import convert, load_map, shipped_maps
from contractsmith.review.load import LogLoadError, load_log

from .helpers import ROOT, SPONSORSHIP, spec

EXPORT = Path(__file__).parent / "data" / "generic-export.csv"  # written for these tests


def _posts(map_name: str = "generic-export", export: Path = EXPORT):
    cmap = load_map(map_name)
    raw = load_log(export, posts_text=convert(cmap, str(export)))
    raw.data["number_format"] = cmap.number_format
    return check_log(raw, spec())


def test_the_shipped_generic_map_reads_its_documented_export():
    assert shipped_maps() == ["generic-export"]
    log, findings = _posts()
    assert not findings, findings
    first = log.posts[0]
    # 09:00 local time on 10 March 2026 in Los Angeles (PDT from 8 March): UTC-7.
    assert first.posted_at.isoformat() == "2026-03-10T09:00:00-07:00"
    metrics = {m.metric: (str(m.value), m.measured_at.isoformat(), m.source) for m in first.metrics}
    assert metrics["views"] == ("78400", "2026-04-09", "platform native insights")
    assert metrics["engagement_rate"][0] == "4.1"
    assert {m.metric: m.value for m in log.posts[2].metrics}["link_clicks"] == 1200


def test_problems_are_reported_at_the_exports_row_and_column(tmp_path):
    bad = tmp_path / "export.csv"
    text = EXPORT.read_text(encoding="utf-8").replace("03/16/2026 10:30", "16 March")
    bad.write_text(text, encoding="utf-8")
    _, findings = _posts(export=bad)
    assert [(f.rule, f.location.line, f.location.column) for f in findings] == [("P004", 3, 3)]


def test_without_a_time_zone_naive_time_stamps_are_reported(tmp_path):
    plain = tmp_path / "plain.yaml"
    text = (ROOT / "src/contractsmith/review/mappings/generic-export.yaml").read_text()
    plain.write_text(text.replace("timezone: America/Los_Angeles\n", ""), encoding="utf-8")
    _, findings = _posts(str(plain))
    assert {f.rule for f in findings} == {"P005"}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("columns: {}", "columns"),
        ("columns: {Views: vibes}", "vibes"),
        ("columns: {Views: views, Reach: views}", "several columns map to views"),
        ("columns: {Views: views}\ntimezone: Mars/Base", "unknown time zone"),
        ("columns: {Plays: views}", "no column 'Plays'"),
    ],
)
def test_bad_maps_are_one_line_errors(tmp_path, change, message):
    path = tmp_path / "m.yaml"
    path.write_text('map_version: "1.0"\n' + change + "\n", encoding="utf-8")
    with pytest.raises(LogLoadError) as err:
        convert(load_map(str(path)), str(EXPORT))
    assert message in str(err.value) and "\n" not in str(err.value)


def test_cli_review_with_a_map():
    result = CliRunner().invoke(
        main,
        ["review", str(SPONSORSHIP), "--log", str(EXPORT), "--map", "generic-export",
         "--as-of", "2026-04-10", "--format", "json"],
    )  # fmt: skip
    assert result.exit_code == 1, result.output  # D2 was never posted
    statuses = {o["key"]: o["status"] for o in json.loads(result.stdout)["obligations"]}
    assert statuses["posting:D1 #2"] == "late" and statuses["posting:D2"] == "missed"


def test_cli_map_needs_a_csv_log():
    result = CliRunner().invoke(
        main, ["review", str(SPONSORSHIP), "--log", "log.yaml", "--map", "generic-export"]
    )
    assert result.exit_code == 2 and "--log must be the export's CSV" in result.output

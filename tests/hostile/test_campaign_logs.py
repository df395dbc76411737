"""A hostile-input campaign against ``contractsmith review`` and its campaign logs.

Each case is what a hostile or careless user could hand the command: CSV cells past the
csv module's limit, NUL bytes, millions of posts, numbers of 100,000 digits, dates in
year 1 or 9999, captions and URLs carrying controls, a calendar title carrying CRLF, a
rendered contract whose embedded manifest is hostile, a portfolio with one bad pair.
Every one ends in a clear one-line message naming the file (exit 2) or a P finding,
never a Python exception, and the outputs are the same bytes on every run.
"""

from __future__ import annotations

import dataclasses
import io
import json
import zipfile

import docx
import pytest
from click.testing import CliRunner, Result

from contractsmith.cli import main
from contractsmith.generate.manifest import NAMESPACE, read_manifest
from contractsmith.review.clauses import index_from_manifest
from contractsmith.review.ical import to_csv, to_ics
from contractsmith.review.numbers import read_number
from tests.review.helpers import SPONSORSHIP, run, write

POSTED = "2026-03-10T09:00:00-07:00"
HEADER = "deliverable,url,posted_at,caption,platform_tool,views,measured_at\n"


def _review(*args: object, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(main, ["review", *map(str, args)], env=env)


def _assert_clean_exit(result: Result, code: int) -> None:
    """Exited with ``code`` through ``sys.exit``: no exception escaped the command."""
    assert isinstance(result.exception, SystemExit) or result.exception is None, result.exception
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output


def _one_error_line(result: Result, name: str) -> str:
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert name in lines[0] and lines[0].startswith("contractsmith review: error:")
    return lines[0]


def _row(i: int, caption: str = "#ad x") -> str:
    posted = f"2026-03-10T09:{i // 60:02d}:{i % 60:02d}-07:00"
    return f"D1,https://instagram.com/p/{i},{posted},{caption},true,1000,2026-03-20\n"


# --- CSV that the csv module cannot read ---------------------------------------------------


def test_csv_cell_over_the_field_limit_is_one_line(tmp_path):
    log = tmp_path / "log.csv"
    log.write_text(HEADER + _row(1, caption="#ad " + "A" * 300_000), encoding="utf-8")
    result = _review(SPONSORSHIP, "--log", log)
    _assert_clean_exit(result, 2)
    line = _one_error_line(result, "log.csv:2")
    assert "longer than" in line


def test_csv_with_nul_and_escape_bytes_reaches_no_output_raw(tmp_path):
    log = tmp_path / "log.csv"
    late = "D1,https://x/\x00\x1b[2J,2026-03-16T10:30:00-07:00,#ad \x00,false,1,2026-03-20\n"
    log.write_text(HEADER + late, encoding="utf-8")
    letter = tmp_path / "letter.docx"
    result = _review(SPONSORSHIP, "--log", log, "--letter", letter)
    _assert_clean_exit(result, 1)
    assert "https://x/\\x00\\x1b[2J" in result.stdout and "\x1b" not in result.output
    text = "\n".join(p.text for p in docx.Document(str(letter)).paragraphs)
    assert "https://x/\\x00\\x1b[2J" in text


# --- unbounded work ------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["csv", "yaml"])
def test_more_posts_than_the_cap_is_refused_before_review(tmp_path, kind):
    env = {"CONTRACTSMITH_MAX_LOG_ENTRIES": "50"}
    if kind == "csv":
        log = tmp_path / "log.csv"
        log.write_text(HEADER + "".join(_row(i) for i in range(51)), encoding="utf-8")
    else:
        log = tmp_path / "log.yaml"
        posts = [{"deliverable": "D1", "url": f"u{i}", "posted_at": POSTED} for i in range(51)]
        log.write_text(json.dumps({"posts": posts}), encoding="utf-8")
    result = _review(SPONSORSHIP, "--log", log, env=env)
    _assert_clean_exit(result, 2)
    assert "more than 50 posts" in _one_error_line(result, log.name)


def test_a_log_at_the_cap_is_still_reviewed(tmp_path):
    log = tmp_path / "log.csv"
    log.write_text(HEADER + "".join(_row(i) for i in range(50)), encoding="utf-8")
    result = _review(SPONSORSHIP, "--log", log, env={"CONTRACTSMITH_MAX_LOG_ENTRIES": "50"})
    _assert_clean_exit(result, 1)
    assert "Result:" in result.stdout


def test_an_unknown_csv_column_is_reported_once_not_per_row(tmp_path):
    log = tmp_path / "log.csv"
    rows = "".join(f"D1,https://x/{i},{POSTED},junk,1000\n" for i in range(200))
    log.write_text("deliverable,url,posted_at,bogus,views\n" + rows, encoding="utf-8")
    result = _review(SPONSORSHIP, "--log", log)
    p002 = [line for line in result.output.splitlines() if " P002 " in line]
    assert len(p002) == 1, p002
    assert p002[0].startswith(f"{log}:1:4:") and "'bogus'" in p002[0]


def test_posts_beyond_a_deliverable_are_summed_up_not_listed_one_by_one(tmp_path):
    posts = "".join(
        f'  - {{deliverable: D1, url: "https://x/{i}", posted_at: "2026-03-1{i % 5}T09:{i:02d}'
        ':00-07:00", caption: "#ad", platform_tool: true}\n'
        for i in range(40)
    )
    result = run(tmp_path, "posts:\n" + posts, "2026-04-10")
    beyond = [n for n in result.notes if "beyond" in n]
    assert len(beyond) == 11 and beyond[-1].startswith("... and 28 more post(s)")


# --- numbers and dates -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [10**100_000, "9" * 100_000, "1e999999", "-5", "-1.2K", "2" + "0" * 16, "nan"],
    ids=[
        "int-100k-digits",
        "text-100k-digits",
        "exponent",
        "negative",
        "negative-K",
        "1e16",
        "nan",
    ],  # fmt: skip
)
def test_absurd_numbers_are_refused_not_computed(raw):
    reading = read_number(raw)
    assert reading.value is None and reading.problem


def test_hundred_thousand_digit_metric_is_a_p011_finding(tmp_path):
    log = tmp_path / "log.json"
    post = {"deliverable": "D1", "url": "u", "posted_at": POSTED, "caption": "#ad",
            "metrics": [{"metric": "views", "measured_at": "2026-03-20"}]}  # fmt: skip
    text = json.dumps({"posts": [post]}).replace('"metric": "views"', '"value": ' + "9" * 100_000
                                                 + ', "metric": "views"')  # fmt: skip
    log.write_text(text, encoding="utf-8")
    result = _review(SPONSORSHIP, "--log", log)
    _assert_clean_exit(result, 1)
    assert " P011 " in result.output and "too long for a number" in result.output


@pytest.mark.parametrize(
    ("posted", "measured", "signed", "code"),
    [
        ("0001-01-01T00:00:00+05:00", "2026-03-20", "2026-02-01", "P004"),
        ("9999-12-31T23:59:59-12:00", "2026-03-20", "2026-02-01", "P004"),
        (POSTED, "9999-12-31", "2026-02-01", "P015"),
        (POSTED, "2026-03-20", "9999-12-31", "P015"),
        (POSTED, "2026-03-20", "0001-01-01", "P015"),
    ],
)
def test_dates_outside_the_contract_years_are_findings(tmp_path, posted, measured, signed, code):
    log = write(
        tmp_path,
        f'posts: [{{deliverable: D1, url: u, posted_at: "{posted}", caption: "#ad", metrics: '
        f'[{{metric: views, value: 5, measured_at: "{measured}"}}]}}]\n'
        f'events: [{{type: signed, date: "{signed}"}}]\n',
    )
    result = _review(SPONSORSHIP, "--log", log)
    _assert_clean_exit(result, 1)
    assert f" {code} " in result.output and "outside 1900-2099" in result.output


@pytest.mark.parametrize("as_of", ["9999-12-31", "0001-01-01"])
def test_an_absurd_as_of_is_a_usage_error(tmp_path, as_of):
    log = write(tmp_path, "events: [{type: signed, date: 2026-02-01}]\n")
    result = _review(SPONSORSHIP, "--log", log, "--as-of", as_of, "--calendar", tmp_path / "c.ics")
    _assert_clean_exit(result, 2)
    assert "--as-of" in _one_error_line(result, as_of)


# --- hostile text in outputs -----------------------------------------------------------------

EVIL = '=HYPERLINK("http://e.vil")\x1b]0;pwn\x07\x00\ufffe\u202e\r\nURL:http://e.vil'


def test_a_one_megabyte_caption_is_a_finding_not_a_report(tmp_path):
    log = tmp_path / "log.json"
    post = {"deliverable": "D1", "url": "u", "posted_at": POSTED, "caption": "#ad " + "A" * 10**6}
    log.write_text(json.dumps({"posts": [post]}), encoding="utf-8")
    result = _review(SPONSORSHIP, "--log", log)
    _assert_clean_exit(result, 1)
    assert " P003 " in result.output and len(result.output) < 10_000


def test_the_letter_holds_hostile_log_text_as_escapes_and_is_deterministic(tmp_path):
    log = tmp_path / "log.json"
    post = {"deliverable": "D1", "url": "https://x/a" + EVIL, "label": EVIL,
            "posted_at": "2026-03-16T10:30:00-07:00", "caption": EVIL, "platform_tool": False}  # fmt: skip
    log.write_text(json.dumps({"posts": [post]}), encoding="utf-8")
    letters = [tmp_path / "a.docx", tmp_path / "b.docx"]
    for letter in letters:
        result = _review(SPONSORSHIP, "--log", log, "--letter", letter, "-o", tmp_path / "r.txt")
        _assert_clean_exit(result, 1)
    assert letters[0].read_bytes() == letters[1].read_bytes()
    text = "\n".join(p.text for p in docx.Document(str(letters[0])).paragraphs)
    assert "\\x1b]0;pwn\\x07" in text and "\\u202e" in text
    assert not any(c in text for c in "\x1b\x07\x00\ufffe\u202e\r")


def _review_with_title(tmp_path, title: str):
    result = run(tmp_path, "events: [{type: signed, date: 2026-02-01}]\n", "2026-02-02")
    first = dataclasses.replace(result.deadlines[0], title=title)
    return dataclasses.replace(result, deadlines=[first])


def test_crlf_in_a_calendar_title_cannot_start_a_property(tmp_path):
    review = _review_with_title(tmp_path, "Post\r\nATTACH:http://e.vil/x\rURL:http://e.vil")
    lines = to_ics(review).split("\r\n")
    assert not any(line.startswith(("ATTACH", "URL")) for line in lines)
    assert all("\r" not in line and "\n" not in line for line in lines)
    summary = next(line for line in lines if line.startswith("SUMMARY:"))
    assert summary.startswith("SUMMARY:Post\\nATTACH:")


@pytest.mark.parametrize("title", [" =HYPERLINK(1)", "\t+cmd", "@SUM(1)", "-2+3"])
def test_calendar_csv_never_starts_a_cell_with_a_formula(tmp_path, title):
    review = _review_with_title(tmp_path, title + "\x1b[2J")
    row = to_csv(review).splitlines()[1]
    title_cell = row.split(",", 2)[1]
    assert title_cell.startswith(("'", "\"'")), row
    assert "\x1b" not in row


# --- hostile rendered contracts --------------------------------------------------------------


def _docx_with_manifest(manifest_json: str) -> bytes:
    buffer = io.BytesIO()
    part = (
        f'<cs:manifest xmlns:cs="{NAMESPACE}"><cs:json>{manifest_json}</cs:json>'
        '<cs:spec media-type="application/json">{}</cs:spec></cs:manifest>'
    )
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("customXml/contractsmith-manifest.xml", part)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "manifest",
    ['{"clauses": [' + "9" * 100_000 + "]}", '{"clauses": ' + "[" * 100_000 + "]" * 100_000 + "}"],
)
def test_a_hostile_embedded_manifest_reads_as_none(manifest):
    assert read_manifest(_docx_with_manifest(manifest)) is None


@pytest.mark.parametrize("clauses", [5, "abc", {"id": "x"}, None])
def test_a_manifest_clause_list_of_the_wrong_type_gives_no_clauses(clauses):
    assert index_from_manifest({"clauses": clauses}).ref("fees.schedule").section is None


# --- a portfolio with one bad pair -----------------------------------------------------------


def test_the_portfolio_goes_on_past_a_pair_that_fails_unexpectedly(tmp_path, monkeypatch):
    from contractsmith.review import evaluate

    real = evaluate.review

    def flaky(spec, log, **kwargs):
        if log.path.endswith("bad.yaml"):
            raise OverflowError("date value out of range")
        return real(spec, log, **kwargs)

    monkeypatch.setattr(evaluate, "review", flaky)
    good = write(tmp_path, "events: [{type: signed, date: 2026-02-01}]\n", "good.yaml")
    bad = write(tmp_path, "events: [{type: signed, date: 2026-02-01}]\n", "bad.yaml")
    zero = tmp_path / "zero.csv"
    zero.symlink_to("/dev/zero")
    result = _review("--pair", SPONSORSHIP, bad, "--pair", SPONSORSHIP, zero,
                     "--pair", SPONSORSHIP, good)  # fmt: skip
    _assert_clean_exit(result, 2)
    assert "Portfolio of 1 contract(s)" in result.stdout
    errors = result.stderr.splitlines()
    assert any("bad.yaml" in e and "OverflowError" in e for e in errors), errors
    assert any("zero.csv" in e and "not a regular file" in e for e in errors), errors

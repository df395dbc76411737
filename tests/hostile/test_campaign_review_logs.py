"""A hostile-input campaign against ``review``: generated malformed campaign logs.

Each property writes one generated log (YAML, JSON or CSV: structures of the wrong
shape, absurd values, stray bytes) and reviews the example sponsorship against it
through the CLI in-process. Whatever the log holds, the run ends with exit 0, 1 or 2,
prints no Python traceback, writes its calendar only through the atomic writer, and
leaves the log and the contract as they were. Runs are derandomized, so every run of
the suite tries the same inputs; ``tests/hostile/test_campaign_logs.py`` has the fixed
cases each found bug left behind.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from click.testing import CliRunner
from hypothesis import example, given, settings
from hypothesis import strategies as st

from contractsmith.cli import main
from tests.hostile.test_campaign_contracts import _CRASH, CAMPAIGN

ROOT = Path(__file__).resolve().parents[2]
SPONSORSHIP = ROOT / "examples" / "sponsorship.yaml"
RUNS = settings(CAMPAIGN, max_examples=40)

FIELDS = (
    "deliverable",
    "url",
    "posted_at",
    "removed_at",
    "caption",
    "label",
    "label_position",
    "platform_tool",
    "metrics",
    "type",
    "date",
    "amount",
    "instalment",
    "number_format",
)
_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.sampled_from(
        [
            "D1",
            "D9",
            "2026-03-10T09:00:00-07:00",
            "2026-03-10T09:00:00",
            "9999-12-31",
            "0001-01-01T00:00:00Z",
            "1.2K",
            "1,234",
            "1.234,5",
            "-5K",
            '=HYPERLINK("x")',
            "\x1b[31m#ad\x1b[0m",
            "a\r\nBEGIN:VEVENT",
            "\u202e#ad",
        ]
    ),
)
_values = st.recursive(
    _scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.one_of(st.sampled_from(FIELDS), st.text(max_size=8)), inner, max_size=5),
    ),
    max_leaves=25,
)
_entries = st.lists(st.dictionaries(st.sampled_from(FIELDS), _values, max_size=6), max_size=6)
_logs = st.one_of(
    _values,
    st.fixed_dictionaries(
        {"posts": st.one_of(_entries, _values), "events": st.one_of(_entries, _values)},
        optional={"number_format": _scalars, "contract": _scalars, "amendments": _values},
    ),
)


def _review(tmp: Path, log: Path) -> tuple[int, str, BaseException | None]:
    calendar = tmp / "deadlines.csv"
    result = CliRunner().invoke(
        main, ["review", str(SPONSORSHIP), "--log", str(log), "--calendar", str(calendar)]
    )
    return result.exit_code, result.output, result.exception


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _assert_sound(code: int, output: str, exception: BaseException | None) -> None:
    # nothing but the command's own exit escaped it
    assert exception is None or isinstance(exception, SystemExit), repr(exception)
    assert code in (0, 1, 2), output
    assert "Traceback" not in output, output
    # a one-line error names the problem, not the Python exception that escaped
    assert not _CRASH.search(output), output


@RUNS
@given(data=_logs, as_json=st.booleans())
def test_any_structured_log_is_reviewed_or_refused_in_one_line(
    tmp_path_factory, data: object, as_json: bool
) -> None:
    tmp = tmp_path_factory.mktemp("log")
    log = tmp / ("log.json" if as_json else "log.yaml")
    if as_json:
        log.write_text(json.dumps(data, default=str), encoding="utf-8")
    else:
        import yaml

        log.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    before, contract = _digest(log), _digest(SPONSORSHIP)
    code, output, exception = _review(tmp, log)
    _assert_sound(code, output, exception)
    assert _digest(log) == before and _digest(SPONSORSHIP) == contract


_cells = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["D1", "2026-03-10T09:00:00-07:00", "1.2K", "=1+1", "\x00", "\r\n", '"']),
)


@RUNS
@given(
    header=st.lists(
        st.one_of(st.sampled_from(FIELDS + ("views", "reach")), st.text(max_size=8)), max_size=8
    ),
    rows=st.lists(st.lists(_cells, max_size=9), max_size=8),
    junk=st.binary(max_size=64),
)
def test_any_posts_csv_is_reviewed_or_refused_in_one_line(
    tmp_path_factory, header: list[str], rows: list[list[str]], junk: bytes
) -> None:
    tmp = tmp_path_factory.mktemp("csv")
    log = tmp / "posts.csv"
    lines = [",".join(header), *(",".join(r) for r in rows)]
    log.write_bytes("\n".join(lines).encode("utf-8", "surrogatepass") + junk)
    before = _digest(log)
    code, output, exception = _review(tmp, log)
    _assert_sound(code, output, exception)
    assert _digest(log) == before


_stamps = st.sampled_from(
    [
        "2026-03-10T09:00:00-07:00",
        "2026-03-16T10:30:00-07:00",
        "2026-03-10T09:00:00",
        "9999-12-31T23:59:59Z",
        "0001-01-01T00:00:00+00:00",
        "2026-02-30T10:00:00Z",
        "2026-03-10T09:00:60Z",
        "2026-03-10T09:00:00+25:00",
        "1e999999",
    ]
)
_days = st.sampled_from(
    ["2026-04-09", "9999-12-31", "0001-01-01", "1899-12-31", "2026-13-01", "yesterday"]
)
_numbers = st.one_of(
    st.sampled_from(
        ["78.4K", "53,900", "1.234,5", "-5K", "1e999999", "NaN", "Infinity", "9" * 2000, "0"]
    ),
    st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(allow_nan=True, allow_infinity=True),
)
_metric = st.fixed_dictionaries(
    {
        "metric": st.sampled_from(["views", "engagement_rate", "reach", "clicks", "nonsense"]),
        "value": _numbers,
        "measured_at": _days,
        "source": st.sampled_from(["platform native insights", "", "x" * 20000]),
    }
)
_post = st.fixed_dictionaries(
    {
        "deliverable": st.sampled_from(["D1", "D2", "D3", "D9", ""]),
        "posted_at": _stamps,
        "caption": st.sampled_from(["#ad Serum", "Serum #ad", "\u202e#ad", "a\x00b", "x" * 20000]),
        "url": st.sampled_from(["https://example.test/p", '=HYPERLINK("x")', "\r\nATTACH:x"]),
    },
    optional={"removed_at": _stamps, "metrics": st.lists(_metric, max_size=3)},
)
_event = st.fixed_dictionaries(
    {
        "type": st.sampled_from(
            ["signed", "payment", "invoice_sent", "notice", "paid_usage", "cancelled", "bogus"]
        ),
        "date": _days,
    },
    optional={
        "amount": _numbers,
        "instalment": st.sampled_from(["signing", "expenses", "kill_fee", "none"]),
        "start": _days,
        "end": _days,
    },
)


@RUNS
@given(
    posts=st.lists(_post, max_size=6),
    events=st.lists(_event, max_size=6),
    as_of=st.sampled_from([None, "2026-04-10", "9999-12-31", "0001-01-01"]),
)
def test_well_shaped_logs_with_hostile_values_are_reviewed_or_refused(
    tmp_path_factory, posts: list, events: list, as_of: str | None
) -> None:
    tmp = tmp_path_factory.mktemp("shaped")
    log = tmp / "log.json"
    log.write_text(json.dumps({"posts": posts, "events": events}, default=str), encoding="utf-8")
    args = ["review", str(SPONSORSHIP), "--log", str(log), "--calendar", str(tmp / "c.ics")]
    args += ["--letter", str(tmp / "letter.docx")]
    if as_of:
        args += ["--as-of", as_of]
    result = CliRunner().invoke(main, args)
    _assert_sound(result.exit_code, result.output, result.exception)


_HOSTILE = st.one_of(
    _numbers,
    _stamps,
    _days,
    st.sampled_from(
        ["a\x00b\x1bc", "\u202e#ad", "x" * 20000, "=cmd|' /C calc'!A0", "\r\nDTSTART:x"]
    ),
    st.integers(min_value=10**200, max_value=10**201),
)


def _example_log() -> dict:
    import yaml

    return yaml.safe_load((ROOT / "examples" / "logs" / "sponsorship.yaml").read_text("utf-8"))


@settings(RUNS, max_examples=80)
@example(section="posts", index=0, field="measured_at", value="9999-12-31")
@example(section="events", index=0, field="date", value="0001-01-01")
@example(section="posts", index=1, field="value", value="9" * 100_000)
@example(section="posts", index=0, field="url", value="https://x.test/\x01\x00")
@given(
    section=st.sampled_from(["posts", "events"]),
    index=st.integers(min_value=0, max_value=7),
    field=st.sampled_from(FIELDS + ("value", "measured_at", "start", "end")),
    value=_HOSTILE,
)
def test_one_hostile_value_in_a_real_log_is_reviewed_or_refused(
    tmp_path_factory, section: str, index: int, field: str, value: object
) -> None:
    """The example log with one value replaced: the rest is valid, so the value reaches the
    review itself (the letter and calendar included), not just validation."""
    data = _example_log()
    entries = data[section]
    entry = entries[index % len(entries)]
    if field in ("value", "measured_at") and entry.get("metrics"):
        entry["metrics"][0][field] = value
    else:
        entry[field] = value
    tmp = tmp_path_factory.mktemp("one")
    log = tmp / "log.json"
    log.write_text(json.dumps(data, default=str), encoding="utf-8")
    args = ["review", str(SPONSORSHIP), "--log", str(log), "--calendar", str(tmp / "c.ics")]
    result = CliRunner().invoke(main, [*args, "--letter", str(tmp / "letter.docx")])
    _assert_sound(result.exit_code, result.output, result.exception)

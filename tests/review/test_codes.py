"""Every P code: its registry entry, and its fail/pass cases run through the real log check."""

import pytest
from click.testing import CliRunner

from contractsmith.cli import main
from contractsmith.review.codes import P_RULES
from contractsmith.rules.registry import find_entry

from .helpers import findings_for

CASES = [
    (code, kind, case["text"])
    for code, meta in P_RULES.items()
    for kind, cases in meta["cases"].items()
    for case in cases
]


def _log(post: str) -> str:
    twice = post.endswith(" (listed twice)")
    post = post.removesuffix(" (listed twice)")
    posts = f"  - {post}\n" * (2 if twice else 1)
    return f"posts:\n{posts}"


@pytest.mark.parametrize(("code", "kind", "text"), CASES)
def test_rule_cases(tmp_path, code, kind, text):
    codes = {f.rule for f in findings_for(tmp_path, _log(text))}
    if kind == "fail":
        assert code in codes
    else:
        assert code not in codes and not {c for c in codes if P_RULES[c]["severity"] == "error"}


def test_every_code_is_registered_and_explained():
    for code, meta in P_RULES.items():
        entry = find_entry(code)
        assert entry is not None and entry.family == "campaign log"
        assert entry.summary == meta["summary"] and entry.suggestion
    result = CliRunner().invoke(main, ["rules", "P010"])
    assert result.exit_code == 0
    assert "ambiguous-number" in result.output and "number_format" in result.output
    assert "Flagged:" in result.output and "Not flagged:" in result.output


def test_unknown_instalment_and_use_are_p013(tmp_path):
    text = """\
    events:
      - { type: payment, instalment: 7, amount: "10.00", date: 2026-03-01 }
      - { type: paid_usage, use: billboards, date: 2026-03-01 }
    """
    found = [f for f in findings_for(tmp_path, text) if f.rule == "P013"]
    assert [f.location.line for f in found] == [2, 3]


def test_every_problem_is_reported_at_once_with_line_and_column(tmp_path):
    text = """\
    posts:
      - deliverable: D9
        url: https://x.example/1
        posted_at: 2026-03-10T09:00:00
        metrics:
          - { metric: views, value: "1,234" }
    """
    found = findings_for(tmp_path, text)
    where = {f.rule: (f.location.line, f.location.column) for f in found}
    assert where["P006"] == (2, 5)  # the key, as spec findings point
    assert where["P005"] == (4, 5)
    assert where["P009"][0] == 6 and where["P010"][0] == 6
    assert all(f.suggestion for f in found)


def test_csv_problems_name_row_and_column(tmp_path):
    path = tmp_path / "posts.csv"
    path.write_text(
        "deliverable,url,posted_at,views,measured_at\n"
        "D1,https://x.example/1,2026-03-10T09:00:00-07:00,1.2K,2026-03-20\n"
        'D1,https://x.example/2,2026-03-11 10:00,"1,234",2026-03-20\n',
        encoding="utf-8",
    )
    from contractsmith.review.check import check_log
    from contractsmith.review.load import load_log

    from .helpers import spec

    log, found = check_log(load_log(path), spec())
    where = {f.rule: (f.location.file, f.location.line, f.location.column) for f in found}
    assert where["P005"] == (str(path), 3, 3)
    assert where["P010"] == (str(path), 3, 4)
    assert log.posts[0].metrics[0].value == 1200

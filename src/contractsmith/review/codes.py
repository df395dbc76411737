"""The P rule family: every problem ``contractsmith review`` can find in a campaign log.

Codes are stable once released: add new ones, never renumber. ``P_RULES`` is what
``contractsmith rules`` lists. Each code has pass/fail cases: one post (a YAML flow
mapping) checked against ``examples/sponsorship.yaml`` by ``tests/review/test_codes.py``.
"""

from __future__ import annotations

from typing import Any

_OK = (
    '{deliverable: D1, url: "https://instagram.com/p/a1", posted_at: "2026-03-10T09:00:00-07:00", '
    'caption: "#ad Spring Glow", platform_tool: true}'
)

# code, name, severity, summary, hint, why, fail case, pass case
# fmt: off
_TABLE: list[tuple[str, str, str, str, str, str, str, str]] = [
    ("P001", "missing-field", "error", "a post or event lacks a field it needs",
     "Add the field; `contractsmith schema --log` shows every field with an example.",
     "Without it the entry cannot be matched to an obligation.",
     '{url: "https://instagram.com/p/a1", posted_at: "2026-03-10T09:00:00-07:00"}', _OK),
    ("P002", "unknown-field", "warning", "field or column is not part of the log format",
     "Check the spelling against the log schema, or remove it; it is ignored.",
     "A misspelt field would otherwise be dropped without anyone noticing.",
     _OK[:-1] + ", captoin: x}", _OK),
    ("P003", "bad-value", "error", "value is not one of the allowed values or has the wrong type",
     "Use a value the message lists (true/false for yes-no fields).",
     "",
     _OK[:-1].replace("platform_tool: true", "platform_tool: maybe") + "}", _OK),
    ("P004", "bad-timestamp", "error", "time stamp is not an ISO 8601 date and time",
     "Write it as YYYY-MM-DDTHH:MM with an offset, e.g. 2026-03-10T09:00-07:00, in "
     "1900-2099.",
     "",
     _OK.replace("2026-03-10T09:00:00-07:00", "10/03/2026 9am"), _OK),
    ("P005", "timestamp-without-zone", "error", "time stamp has no time zone",
     "Add the UTC offset (-07:00, +01:00, Z) the platform showed, e.g. 2026-03-10T09:00-07:00.",
     "A posting window is stated in a time zone; a time without one can be off by up to a day.",
     _OK.replace("2026-03-10T09:00:00-07:00", "2026-03-10T09:00:00"), _OK),
    ("P006", "unknown-deliverable", "error", "refers to a deliverable id the contract does not have",
     "Use the id of one of the contract's deliverables (D1, D2, ...).",
     "A post that matches no deliverable cannot count towards any obligation.",
     _OK.replace("D1", "D9"), _OK),
    ("P007", "post-outside-term", "warning", "post is dated outside the contract's term",
     "Check the date; a post outside the term is not a deliverable under this contract.",
     "The contract's obligations only run during its term.",
     _OK.replace("2026-03-10", "2026-07-10"), _OK),
    ("P008", "duplicate-post", "error", "the same post is listed twice",
     "Remove the repeated entry (same URL, or same deliverable and time).",
     "A repeated post would be counted twice towards the deliverable count and the KPIs.",
     _OK + " (listed twice)", _OK),
    ("P009", "metric-undated", "error", "metric has no measurement date",
     "Add measured_at (the date the figure was read from the source).",
     "KPI figures change every day; a figure without a date cannot be compared with a target.",
     _OK[:-1] + ", metrics: [{metric: views, value: 1000}]}",
     _OK[:-1] + ", metrics: [{metric: views, value: 1000, measured_at: 2026-03-20}]}"),
    ("P010", "ambiguous-number", "error", "number could be read two ways",
     'State number_format ("1,234.5" or "1.234,5") at the top of the log, or write the '
     "number without separators.",
     '"1,234" is 1234 in one convention and 1.234 in the other; it is never guessed.',
     _OK[:-1] + ', metrics: [{metric: views, value: "1,234", measured_at: 2026-03-20}]}',
     _OK[:-1] + ', metrics: [{metric: views, value: "1.2K", measured_at: 2026-03-20}]}'),
    ("P011", "bad-number", "error", "value is not a number",
     "Write the number with digits, optionally K/M/B (1.2K) or separators (1,234.5).",
     "",
     _OK[:-1] + ", metrics: [{metric: views, value: lots, measured_at: 2026-03-20}]}",
     _OK[:-1] + ", metrics: [{metric: views, value: 1000, measured_at: 2026-03-20}]}"),
    ("P012", "unknown-metric", "error", "metric is not one the contract format knows",
     "Use one of views, reach, impressions, engagements, engagement_rate, likes, comments, "
     "saves, shares, link_clicks, conversions, code_redemptions, followers_gained, "
     "watch_time_hours, completion_rate.",
     "",
     _OK[:-1] + ", metrics: [{metric: vibes, value: 1, measured_at: 2026-03-20}]}",
     _OK[:-1] + ", metrics: [{metric: reach, value: 1, measured_at: 2026-03-20}]}"),
    ("P013", "unknown-reference", "error",
     "event refers to an instalment or use the contract does not have",
     "Use the instalment's number (1, 2, ...) or label (or expenses, kill_fee), or a usage type "
     "the contract licenses.",
     "", "", ""),
    ("P014", "measured-before-post", "error", "metric was measured before the post went up",
     "Check measured_at and posted_at; one of them is wrong.", "",
     _OK[:-1] + ", metrics: [{metric: views, value: 1, measured_at: 2026-03-01}]}",
     _OK[:-1] + ", metrics: [{metric: views, value: 1, measured_at: 2026-03-11}]}"),
    ("P015", "bad-date", "error", "date is not a real calendar date written YYYY-MM-DD",
     "Write the date as YYYY-MM-DD, e.g. 2026-03-20, in 1900-2099.", "",
     _OK[:-1] + ", metrics: [{metric: views, value: 1, measured_at: 20/03/2026}]}",
     _OK[:-1] + ", metrics: [{metric: views, value: 1, measured_at: 2026-03-20}]}"),
]
# fmt: on


def _cases(fail: str, ok: str) -> dict[str, list[dict[str, str]]]:
    cases: dict[str, list[dict[str, str]]] = {}
    if fail:
        cases["fail"] = [{"text": fail}]
    if ok:
        cases["pass"] = [{"text": ok}]
    return cases


P_RULES: dict[str, dict[str, Any]] = {
    code: {
        "code": code,
        "name": name,
        "summary": summary,
        "severity": severity,
        "help": hint,
        "why": why or None,
        "cases": _cases(fail, ok),
    }
    for code, name, severity, summary, hint, why, fail, ok in _TABLE
}
"""Every P code: ``{code, name, summary, severity, help, why, cases}``."""

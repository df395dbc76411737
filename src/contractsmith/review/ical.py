"""The calendar of upcoming deadlines: iCalendar (RFC 5545) and CSV.

Deterministic: each event's UID is a hash of the spec, the deadline's date and title;
DTSTAMP is the review's as-of date at midnight UTC. Events are all-day.
"""

from __future__ import annotations

import csv
import hashlib
import io

from contractsmith.report.check_csv import cell
from contractsmith.report.safe_text import printable
from contractsmith.review.outcome import Review


def _escape(text: str) -> str:
    """An RFC 5545 TEXT value on one line: no CR, LF or other control can start a property."""
    text = printable(text.replace("\r\n", "\n").replace("\r", "\n"), keep_newlines=True)
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> list[str]:
    """RFC 5545 folding: lines of at most 75 octets, continuations start with a space."""
    out: list[str] = []
    current = ""
    for char in line:
        if len((current + char).encode("utf-8")) > (75 if not out else 74):
            out.append(current)
            current = ""
        current += char
    out.append(current)
    return [out[0]] + [" " + part for part in out[1:]]


def to_ics(review: Review) -> str:
    """The deadlines as an iCalendar file (CRLF line ends)."""
    stamp = f"{review.as_of:%Y%m%d}T000000Z"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//contractsmith//review//EN",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{_escape(review.title)}",
    ]
    for d in review.deadlines:
        seed = f"{review.spec_sha256}|{d.day.isoformat()}|{d.kind}|{d.title}"
        uid = hashlib.sha256(seed.encode("utf-8")).hexdigest()[:32]
        nxt = d.day.toordinal() + 1
        end = type(d.day).fromordinal(nxt)
        lines += [
            "BEGIN:VEVENT",
            f"UID:{uid}@contractsmith",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{d.day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{end:%Y%m%d}",
            f"SUMMARY:{_escape(d.title)}",
            f"DESCRIPTION:{_escape(f'{d.party} - {d.clause.describe()} of {review.title}')}",
            f"CATEGORIES:{_escape(d.kind)}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(part + "\r\n" for line in lines for part in _fold(line))


def to_csv(review: Review) -> str:
    """The deadlines as CSV: date, title, kind, party, clause."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["date", "title", "kind", "party", "clause"])
    for d in review.deadlines:
        writer.writerow(
            [cell(v) for v in (d.day.isoformat(), d.title, d.kind, d.party, d.clause.describe())]
        )
    return buffer.getvalue()

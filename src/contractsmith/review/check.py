"""Validating a raw campaign log against its contract: every problem at once (P codes).

Each problem is a ``Finding`` with the file, line and column (CSV row and column), a
stable P code and a hint from ``codes.P_RULES``. Entries with an error are left out of
the ``CampaignLog`` the review uses; the review does not run while errors remain.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from contractsmith.findings import Finding, Location, Severity, sort_findings
from contractsmith.review.codes import P_RULES
from contractsmith.review.load import EVENT_COLUMNS, POST_COLUMNS, RawLog
from contractsmith.review.model import (
    EVENT_TYPES,
    LABEL_POSITIONS,
    METRICS,
    CampaignLog,
    Event,
    Metric,
    Post,
)
from contractsmith.review.numbers import NUMBER_FORMATS, read_number
from contractsmith.spec.limits import MAX_YEAR, MIN_YEAR
from contractsmith.spec.semantic import SpecView, items, mapping

TOP_FIELDS = (
    "$schema", "log_version", "contract", "number_format", "posts", "events", "amendments",
)  # fmt: skip
POST_FIELDS = (
    "deliverable", "url", "posted_at", "removed_at", "caption", "label", "label_position",
    "platform_tool", "spoken", "on_screen", "metrics",
)  # fmt: skip
METRIC_FIELDS = ("metric", "value", "measured_at", "source")
EVENT_FIELDS = ("type", "date", "deliverable", "instalment", "use", "amount", "end", "note")
MAX_TEXT_CHARS = 10_000
"""Longest text value (caption, URL, note) read from a log: platforms cap captions at a
few thousand characters, and every report repeats what it quotes."""
SPECIAL_INSTALMENTS = ("expenses", "kill_fee")
"""Payment ``instalment`` values for money outside the schedule."""
_TRUE = {"true", "yes", "y", "1", "on"}
_FALSE = {"false", "no", "n", "0", "off"}


class _Checker:
    """Collects the findings for one log while building its validated entries."""

    def __init__(self, raw: RawLog, spec: dict[str, Any]) -> None:
        self.raw = raw
        self.view = SpecView(spec)
        self.deliverables = {str(d.get("id")) for _, d in self.view.deliverables if d.get("id")}
        self.findings: list[Finding] = []
        self.bad = False  # the current entry has an error
        fmt = raw.data.get("number_format")
        self.number_format = fmt if fmt in NUMBER_FORMATS else None

    def add(self, code: str, pointer: str, message: str, at: tuple[int, int] | None = None) -> None:
        """Record a finding at ``pointer`` (or at the line and column ``at``)."""
        meta = P_RULES[code]
        file, line, column = self.raw.where(pointer)
        if at is not None:
            line, column = at
        severity = Severity(meta["severity"])
        if severity is Severity.ERROR:
            self.bad = True
        self.findings.append(
            Finding(
                rule=code,
                severity=severity,
                message=f"{meta['summary']}: {message}",
                location=Location(file=file, line=line, column=column, pointer=pointer or None),
                suggestion=meta["help"],
                why=meta["why"],
                category="campaign_log",
            )
        )

    # --- values -----------------------------------------------------------------------

    def text(self, entry: dict[str, Any], key: str, ptr: str, required: bool = False) -> str | None:
        value = entry.get(key)
        if value is None or value == "":
            if required:
                self.add("P001", ptr, f"{key} is missing")
            return None
        if isinstance(value, (dict, list)):
            self.add("P003", f"{ptr}/{key}", f"{key} must be text")
            return None
        text = str(value)
        if len(text) > MAX_TEXT_CHARS:
            self.add("P003", f"{ptr}/{key}", f"{key} has {len(text)} characters (at most "
                     f"{MAX_TEXT_CHARS})")  # fmt: skip
            return None
        return text

    def in_range(self, code: str, key: str, ptr: str, text: str, year: int) -> bool:
        """True when ``year`` lies in the years a contract can have; else a finding."""
        if MIN_YEAR <= year <= MAX_YEAR:
            return True
        self.add(code, f"{ptr}/{key}", f"{key} {text!r} is outside {MIN_YEAR}-{MAX_YEAR}")
        return False

    def flag(self, entry: dict[str, Any], key: str, ptr: str) -> bool | None:
        value = entry.get(key)
        if value is None or value == "":
            return None
        if isinstance(value, bool):
            return value
        word = str(value).strip().lower()
        if word in _TRUE:
            return True
        if word in _FALSE:
            return False
        self.add("P003", f"{ptr}/{key}", f"{key} is {value!r}; write true or false")
        return None

    def moment(self, entry: dict[str, Any], key: str, ptr: str, required: bool = False):
        text = self.text(entry, key, ptr, required)
        if text is None:
            return None
        try:
            value = dt.datetime.fromisoformat(text.strip())
        except ValueError:
            self.add("P004", f"{ptr}/{key}", f"{key} {text!r}")
            return None
        if value.tzinfo is None or len(text.strip()) <= 10:
            self.add("P005", f"{ptr}/{key}", f"{key} {text!r}")
            return None
        if not self.in_range("P004", key, ptr, text, value.year):
            return None
        return value

    def day(self, entry: dict[str, Any], key: str, ptr: str, required: bool = False):
        text = self.text(entry, key, ptr, required)
        if text is None:
            return None
        text = text.strip()
        try:
            if len(text) == 10:
                day = dt.date.fromisoformat(text)
                return day if self.in_range("P015", key, ptr, text, day.year) else None
            moment = dt.datetime.fromisoformat(text)
        except ValueError:
            self.add("P015", f"{ptr}/{key}", f"{key} {text!r}")
            return None
        if moment.tzinfo is None:
            self.add("P005", f"{ptr}/{key}", f"{key} {text!r}")
            return None
        return moment.date() if self.in_range("P015", key, ptr, text, moment.year) else None

    def number(self, entry: dict[str, Any], key: str, ptr: str, required: bool = False):
        value = entry.get(key)
        if value is None or value == "":
            if required:
                self.add("P001", ptr, f"{key} is missing")
            return None
        reading = read_number(value, self.number_format)
        if reading.value is None:
            code = "P010" if reading.ambiguous else "P011"
            self.add(code, f"{ptr}/{key}", f"{key} {reading.problem}")
        return reading.value

    def unknown_fields(self, entry: dict[str, Any], allowed: tuple[str, ...], ptr: str) -> None:
        for key in entry:
            if key == "\x00extra":
                self.add("P002", ptr, f"the row has {entry[key]} more cell(s) than the header")
            elif key not in allowed:
                self.add("P002", f"{ptr}/{key}", f"{key!r} (known: {', '.join(allowed)})")

    # --- entries ------------------------------------------------------------------------

    def posts(self) -> Iterator[Post]:
        value = self.raw.data.get("posts", [])
        if not isinstance(value, list):
            self.add("P003", "/posts", "posts must be a list")
            return
        seen: dict[tuple[str, ...], str] = {}
        for index, entry in enumerate(value):
            ptr = f"/posts/{index}"
            if not isinstance(entry, dict):
                self.add("P003", ptr, "each post must be a mapping of fields")
                continue
            self.bad = False
            post = self.post(entry, ptr)
            if post is None or self.bad:
                continue
            keys: list[tuple[str, ...]] = [("url", post.url.strip().rstrip("/").lower())]
            keys.append(("time", post.deliverable, post.posted_at.isoformat()))
            clash = next((seen[k] for k in keys if k in seen), None)
            if clash is not None:
                self.add("P008", ptr, f"{post.url} repeats the post at {clash}")
                continue
            for k in keys:
                seen[k] = post.where
            yield post

    def post(self, entry: dict[str, Any], ptr: str) -> Post | None:
        self.unknown_fields(entry, POST_FIELDS, ptr)
        deliverable = self.text(entry, "deliverable", ptr, required=True)
        url = self.text(entry, "url", ptr, required=True)
        posted = self.moment(entry, "posted_at", ptr, required=True)
        removed = self.moment(entry, "removed_at", ptr)
        if deliverable is not None and deliverable not in self.deliverables:
            known = ", ".join(sorted(self.deliverables)) or "none"
            self.add("P006", f"{ptr}/deliverable", f"{deliverable!r} (the contract has {known})")
        if posted is not None and not self.view.in_term(posted.date()):
            self.add(
                "P007",
                f"{ptr}/posted_at",
                f"posted {posted.date()}, term {self.view.start} to {self.view.end}",
            )
        if posted is not None and removed is not None and removed < posted:
            self.add("P003", f"{ptr}/removed_at", "removed_at is before posted_at")
        position = self.text(entry, "label_position", ptr)
        if position is not None and position not in LABEL_POSITIONS:
            self.add(
                "P003", f"{ptr}/label_position", f"{position!r} (use {', '.join(LABEL_POSITIONS)})"
            )
            position = None
        metrics = list(self.metrics(entry.get("metrics"), f"{ptr}/metrics", posted))
        flags = {k: self.flag(entry, k, ptr) for k in ("platform_tool", "spoken", "on_screen")}
        if deliverable is None or url is None or posted is None:
            return None
        file, line, _ = self.raw.where(ptr)
        return Post(
            deliverable=deliverable,
            url=url,
            posted_at=posted,
            where=f"{file}:{line}" if line else file,
            removed_at=removed,
            caption=self.text(entry, "caption", ptr),
            label=self.text(entry, "label", ptr),
            label_position=position,
            metrics=tuple(metrics),
            **flags,
        )

    def metrics(self, value: Any, ptr: str, posted: dt.datetime | None) -> Iterator[Metric]:
        if value is None:
            return
        if not isinstance(value, list):
            self.add("P003", ptr, "metrics must be a list")
            return
        for index, entry in enumerate(value):
            mptr = f"{ptr}/{index}"
            if not isinstance(entry, dict):
                self.add("P003", mptr, "each metric must be a mapping")
                continue
            self.unknown_fields(entry, METRIC_FIELDS, mptr)
            name = self.text(entry, "metric", mptr, required=True)
            if name is not None and name not in METRICS:
                self.add("P012", f"{mptr}/metric", repr(name))
                name = None
            amount = self.number(entry, "value", mptr, required=True)
            measured = self.day(entry, "measured_at", mptr)
            if measured is None and "measured_at" not in entry:
                self.add("P009", mptr, f"{name or 'metric'} has no measured_at")
            if measured is not None and posted is not None and measured < posted.date():
                self.add(
                    "P014", f"{mptr}/measured_at", f"measured {measured}, posted {posted.date()}"
                )
                continue
            if name is not None and amount is not None and measured is not None:
                yield Metric(name, amount, measured, self.text(entry, "source", mptr))

    def events(self, instalments: int, labels: set[str], uses: set[str]) -> Iterator[Event]:
        value = self.raw.data.get("events", [])
        if not isinstance(value, list):
            self.add("P003", "/events", "events must be a list")
            return
        for index, entry in enumerate(value):
            ptr = f"/events/{index}"
            if not isinstance(entry, dict):
                self.add("P003", ptr, "each event must be a mapping of fields")
                continue
            self.bad = False
            self.unknown_fields(entry, EVENT_FIELDS, ptr)
            kind = self.text(entry, "type", ptr, required=True)
            if kind is not None and kind not in EVENT_TYPES:
                self.add("P003", f"{ptr}/type", f"{kind!r} (use {', '.join(EVENT_TYPES)})")
            day = self.day(entry, "date", ptr, required=True)
            end = self.day(entry, "end", ptr)
            amount = self.number(
                entry, "amount", ptr, required=kind in ("payment", "expense_claimed")
            )
            deliverable = self.text(entry, "deliverable", ptr)
            if deliverable is not None and deliverable not in self.deliverables:
                self.add("P006", f"{ptr}/deliverable", repr(deliverable))
            instalment = self.text(entry, "instalment", ptr, required=kind == "payment")
            if (
                instalment is not None
                and instalment not in labels
                and instalment not in SPECIAL_INSTALMENTS
                and not (instalment.isdigit() and 1 <= int(instalment) <= instalments)
            ):
                self.add("P013", f"{ptr}/instalment", f"instalment {instalment!r}")
            use = self.text(entry, "use", ptr, required=kind in ("paid_usage", "whitelisting"))
            if use is not None and use not in uses:
                self.add("P013", f"{ptr}/use", f"use {use!r} (licensed: {', '.join(sorted(uses))})")
            if kind is None or day is None or self.bad:
                continue
            file, line, _ = self.raw.where(ptr)
            yield Event(
                type=kind,
                date=day,
                where=f"{file}:{line}" if line else file,
                deliverable=deliverable,
                instalment=instalment,
                use=use,
                amount=amount,
                end=end,
                note=self.text(entry, "note", ptr),
            )


def check_log(raw: RawLog, spec: dict[str, Any]) -> tuple[CampaignLog, list[Finding]]:
    """The validated log and every problem found in it (sorted by position)."""
    checker = _Checker(raw, spec)
    for pointer, head, column in raw.unknown_columns:
        known = (
            ", ".join(POST_COLUMNS) + ", and the metric names"
            if pointer == "/posts"
            else ", ".join(EVENT_COLUMNS)
        )
        checker.add("P002", pointer, f"column {head!r} (known: {known})", at=(1, column))
    if not raw.csv:
        checker.unknown_fields(raw.data, TOP_FIELDS, "")
        fmt = raw.data.get("number_format")
        if fmt is not None and fmt not in NUMBER_FORMATS:
            checker.add("P003", "/number_format", f"{fmt!r} (use {' or '.join(NUMBER_FORMATS)})")
    comp = mapping(spec.get("compensation"))
    schedule = [s for _, s in items(comp.get("schedule"))]
    labels = {str(s.get("label")) for s in schedule if s.get("label")}
    uses = {str(u.get("type")) for _, u in items(mapping(spec.get("usage_rights")).get("uses"))}
    log = CampaignLog(raw.path)
    log.posts = list(checker.posts())
    log.events = list(checker.events(len(schedule), labels, uses))
    return log, sort_findings(checker.findings)


def has_errors(findings: list[Finding]) -> bool:
    """True when any finding is an error (the review does not run then)."""
    return any(f.severity is Severity.ERROR for f in findings)


__all__ = ["check_log", "has_errors"]

"""Reading a campaign log file into raw data with a position for every value.

YAML and JSON go through the spec loader (safe YAML, line and column for every node,
numbers with a decimal point kept as written). CSV rows become the same raw shape, each
cell's position being its row and column. Nothing is judged here; ``check`` does that.
"""

from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from contractsmith.env import env_setting
from contractsmith.inputs import MAX_SETTINGS_BYTES, InputError, read_text_bounded
from contractsmith.review.model import METRICS
from contractsmith.spec.load import SpecLoadError, escape_pointer_token, load_spec

MAX_LOG_BYTES = 20 * MAX_SETTINGS_BYTES
"""Largest campaign log read (40 MB: many thousands of posts)."""

ENV_MAX_LOG_ENTRIES = "CONTRACTSMITH_MAX_LOG_ENTRIES"
DEFAULT_MAX_LOG_ENTRIES = 10_000
"""Most posts, and most events, one log may hold: a campaign has tens or hundreds; the cap
keeps the review's time and memory bounded whatever the file holds."""


def max_log_entries() -> int:
    """The cap on posts and on events per log (``CONTRACTSMITH_MAX_LOG_ENTRIES``)."""
    return int(env_setting(ENV_MAX_LOG_ENTRIES, DEFAULT_MAX_LOG_ENTRIES))


POST_COLUMNS = (
    "deliverable", "url", "posted_at", "removed_at", "caption", "label", "label_position",
    "platform_tool", "spoken", "on_screen", "measured_at", "source",
)  # fmt: skip
EVENT_COLUMNS = (
    "type", "date", "deliverable", "instalment", "use", "amount", "end", "note",
)  # fmt: skip


class LogLoadError(Exception):
    """A log that cannot be read or parsed; ``str()`` is one line naming the file."""


@dataclass
class RawLog:
    """Log data before validation: ``data`` plus the (line, column) of each JSON Pointer."""

    path: str
    data: dict[str, Any]
    positions: dict[str, tuple[int, int]] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)  # pointer prefix -> file shown
    csv: bool = False
    unknown_columns: list[tuple[str, str, int]] = field(default_factory=list)
    """CSV columns the format does not know: (pointer of the list, header, column number);
    reported once per column rather than once per row."""

    def where(self, pointer: str) -> tuple[str, int | None, int | None]:
        """File, line and column of ``pointer`` (or of its nearest ancestor)."""
        current = pointer
        while True:
            pos = self.positions.get(current)
            if pos is not None or current == "":
                break
            current = current.rsplit("/", 1)[0]
        file = next(
            (f for prefix, f in self.files.items() if pointer.startswith(prefix)), self.path
        )
        return file, (pos[0] if pos else None), (pos[1] if pos else None)


def load_log(
    path: str | os.PathLike[str],
    events: str | os.PathLike[str] | None = None,
    posts_text: str | None = None,
) -> RawLog:
    """Read a log (``.yaml``/``.yml``/``.json``/``.csv``) and an optional events CSV.

    ``posts_text`` is the posts CSV already read from ``path`` and converted (``--map``).
    """
    name = os.fspath(path)
    if name.lower().endswith(".csv"):
        raw = RawLog(name, {"posts": []}, csv=True)
        _add_csv(raw, name, "posts", POST_COLUMNS, posts_text)
    else:
        try:
            spec = load_spec(Path(name), name=name)
        except SpecLoadError as exc:
            problem = str(exc).replace(
                "empty spec: expected a mapping of fields such as kind:, parties:",
                "empty log: expected posts: and events:",
            )
            raise LogLoadError(problem.replace("spec", "log")) from None
        positions = {p: spec.position(p) for p in _pointers(spec.data)}
        raw = RawLog(name, spec.data, {p: v for p, v in positions.items() if v is not None})
        for key in ("posts", "events"):
            _check_count(name, key, raw.data.get(key))
    if events is not None:
        ev_name = os.fspath(events)
        if not ev_name.lower().endswith(".csv"):
            raise LogLoadError(f"{ev_name}: --events must be a CSV file")
        if "events" in raw.data:
            raise LogLoadError(f"{ev_name}: the log {name} already has events; give them once")
        raw.data["events"] = []
        _add_csv(raw, ev_name, "events", EVENT_COLUMNS)
    return raw


def _pointers(data: Any, pointer: str = "") -> list[str]:
    out = [pointer]
    if isinstance(data, dict):
        for k, v in data.items():
            out += _pointers(v, f"{pointer}/{escape_pointer_token(k)}")
    elif isinstance(data, list):
        for i, v in enumerate(data):
            out += _pointers(v, f"{pointer}/{i}")
    return out


def _check_count(name: str, key: str, entries: Any) -> None:
    """Refuse a log with more ``key`` entries than the cap."""
    limit = max_log_entries()
    if isinstance(entries, list) and len(entries) > limit:
        raise LogLoadError(_too_many(name, key, limit))


def _too_many(name: str, key: str, limit: int) -> str:
    return (
        f"{name}: more than {limit} {key} in one log ({ENV_MAX_LOG_ENTRIES}); "
        "split the log or check that it belongs to one contract"
    )


def _csv_rows(name: str, key: str, text: str) -> list[tuple[int, list[str]]]:
    """The header and each non-blank row of CSV ``text`` with its row number: at most the
    entry cap of rows, each cell within the csv module's field limit."""
    limit = max_log_entries()
    reader = csv.reader(io.StringIO(text, newline=""))
    rows: list[tuple[int, list[str]]] = []
    try:
        for row_no, row in enumerate(reader, start=1):
            if rows and not any(cell.strip() for cell in row):
                continue
            if len(rows) > limit:
                raise LogLoadError(_too_many(name, key, limit))
            rows.append((row_no, row))
    except csv.Error as exc:
        problem = str(exc)
        if "field larger than field limit" in problem:
            problem = f"a cell is longer than {csv.field_size_limit()} characters"
        raise LogLoadError(f"{name}:{reader.line_num}: not a readable CSV: {problem}") from None
    return rows


def _add_csv(
    raw: RawLog, name: str, key: str, columns: tuple[str, ...], text: str | None = None
) -> None:
    """Append the rows of CSV ``name`` (or of ``text`` read from it) to ``raw.data[key]``,
    one mapping per row."""
    if text is None:
        try:
            text = read_text_bounded(name, MAX_LOG_BYTES)
        except InputError as exc:
            raise LogLoadError(f"{name}: {exc}") from None
    rows = _csv_rows(name, key, text)
    if not rows or not any(cell.strip() for cell in rows[0][1]):
        raise LogLoadError(f"{name}: empty CSV: expected a header row naming the columns")
    header = [cell.strip() for cell in rows[0][1]]
    known = set(columns) | (set(METRICS) if key == "posts" else set())
    for col, head in enumerate(header, start=1):
        if head and head not in known:
            raw.unknown_columns.append((f"/{key}", head, col))
            header[col - 1] = ""  # ignored in every row, reported once
    raw.files[f"/{key}"] = name
    raw.positions[f"/{key}"] = (1, 1)
    items: list[dict[str, Any]] = raw.data[key]
    for row_no, row in rows[1:]:
        pointer = f"/{key}/{len(items)}"
        raw.positions[pointer] = (row_no, 1)
        item: dict[str, Any] = {}
        metrics: list[dict[str, Any]] = []
        shared = {h: (c.strip(), i) for i, (h, c) in enumerate(zip(header, row, strict=False), 1)}
        for head, (cell, col) in shared.items():
            if not cell or not head:
                continue
            if key == "posts" and head in METRICS:
                m_ptr = f"{pointer}/metrics/{len(metrics)}"
                metric: dict[str, Any] = {"metric": head, "value": cell}
                raw.positions[m_ptr] = raw.positions[f"{m_ptr}/value"] = (row_no, col)
                raw.positions[f"{m_ptr}/metric"] = (1, col)
                for extra in ("measured_at", "source"):
                    value, extra_col = shared.get(extra, ("", col))
                    if value:
                        metric[extra] = value
                        raw.positions[f"{m_ptr}/{extra}"] = (row_no, extra_col)
                metrics.append(metric)
                continue
            if key == "posts" and head in ("measured_at", "source"):
                continue  # shared by the metric columns of the row
            item[head] = cell
            raw.positions[f"{pointer}/{escape_pointer_token(head)}"] = (row_no, col)
        if metrics:
            item["metrics"] = metrics
            raw.positions[f"{pointer}/metrics"] = (row_no, 1)
        if len(row) > len(header):
            item["\x00extra"] = len(row) - len(header)
        items.append(item)

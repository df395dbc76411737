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

from contractsmith.inputs import MAX_SETTINGS_BYTES, InputError, read_text_bounded
from contractsmith.review.model import METRICS
from contractsmith.spec.load import SpecLoadError, escape_pointer_token, load_spec

MAX_LOG_BYTES = 20 * MAX_SETTINGS_BYTES
"""Largest campaign log read (40 MB: many thousands of posts)."""

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


def _add_csv(
    raw: RawLog, name: str, key: str, columns: tuple[str, ...], text: str | None = None
) -> None:
    """Append the rows of CSV ``name`` (or of ``text`` read from it) to ``raw.data[key]``."""
    if text is None:
        try:
            text = read_text_bounded(name, MAX_LOG_BYTES)
        except InputError as exc:
            raise LogLoadError(f"{name}: {exc}") from None
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise LogLoadError(f"{name}: empty CSV: expected a header row naming the columns")
    header = [cell.strip() for cell in rows[0]]
    raw.files[f"/{key}"] = name
    raw.positions[f"/{key}"] = (1, 1)
    items: list[dict[str, Any]] = raw.data[key]
    for row_no, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        pointer = f"/{key}/{len(items)}"
        raw.positions[pointer] = (row_no, 1)
        item: dict[str, Any] = {}
        metrics: list[dict[str, Any]] = []
        shared = {h: (c.strip(), i) for i, (h, c) in enumerate(zip(header, row, strict=False), 1)}
        for col, (head, (cell, _)) in enumerate(shared.items(), start=1):
            if not cell:
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

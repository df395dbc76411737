"""Column maps (``--map``): an analytics export CSV turned into the log's posts CSV.

A map is YAML validated by ``schemas/column-map.schema.json``: which export column is
which log field or metric, a time zone for time stamps written without one, a
``strftime`` pattern for time stamps that are not ISO 8601, the number format, and
fixed values for fields the export lacks. The converted CSV keeps the export's rows
and columns in place, so every problem is still reported at the export's own row and
column; columns the map does not name are left out. Nothing is guessed: a time stamp
that does not parse is passed on as written and reported (P004/P005).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from jsonschema import Draft202012Validator

from contractsmith.inputs import InputError, read_text_bounded
from contractsmith.resources import load_schema
from contractsmith.review.load import MAX_LOG_BYTES, LogLoadError
from contractsmith.spec.load import SpecLoadError, load_spec

MAPPINGS_DIR = Path(__file__).resolve().parent / "mappings"
"""The column maps shipped with contractsmith (``--map NAME`` finds them by name)."""

_TIMES = ("posted_at", "removed_at")


@dataclass(frozen=True)
class ColumnMap:
    """A validated column map."""

    path: str
    columns: dict[str, str]
    timezone: dt.tzinfo | None = None
    timestamp_format: str | None = None
    number_format: str | None = None
    values: dict[str, str] = field(default_factory=dict)


def shipped_maps() -> list[str]:
    """The names of the shipped column maps."""
    return sorted(p.stem for p in MAPPINGS_DIR.glob("*.yaml"))


def resolve(name: str) -> str:
    """``name`` as given when it is a file, else the shipped map of that name."""
    if os.path.exists(name) or os.sep in name or name.endswith((".yaml", ".yml")):
        return name
    shipped = MAPPINGS_DIR / f"{name}.yaml"
    return str(shipped) if shipped.is_file() else name


def load_map(name: str) -> ColumnMap:
    """Read and validate the map ``name``; ``LogLoadError`` (one line) when it is unusable."""
    path = resolve(name)
    try:
        data = load_spec(Path(path), name=path).data
    except SpecLoadError as exc:
        raise LogLoadError(str(exc).replace("spec", "column map")) from None
    errors = sorted(
        Draft202012Validator(load_schema("column-map")).iter_errors(data),
        key=lambda e: list(e.absolute_path),
    )
    if errors:
        first = errors[0]
        where = "/".join(str(p) for p in first.absolute_path) or "(top)"
        raise LogLoadError(f"{path}: column map {where}: {first.message}")
    columns = {str(k).strip(): str(v) for k, v in data["columns"].items()}
    targets = list(columns.values())
    clash = sorted({t for t in targets if targets.count(t) > 1})
    if clash:
        raise LogLoadError(f"{path}: column map: several columns map to {', '.join(clash)}")
    tz: dt.tzinfo | None = None
    if data.get("timezone"):
        try:
            tz = ZoneInfo(str(data["timezone"]))
        except (ZoneInfoNotFoundError, ValueError):
            raise LogLoadError(
                f"{path}: column map: unknown time zone {data['timezone']!r}"
            ) from None
    return ColumnMap(
        path=path,
        columns=columns,
        timezone=tz,
        timestamp_format=data.get("timestamp_format"),
        number_format=data.get("number_format"),
        values={str(k): str(v) for k, v in (data.get("values") or {}).items()},
    )


def _moment(cmap: ColumnMap, cell: str) -> dt.datetime | None:
    try:
        if cmap.timestamp_format:
            return dt.datetime.strptime(cell, cmap.timestamp_format)
        return dt.datetime.fromisoformat(cell)
    except ValueError:
        return None


def convert_cell(cmap: ColumnMap, target: str, cell: str) -> str:
    """One export cell as the log writes it (time stamps with an offset, dates ISO)."""
    text = cell.strip()
    if not text or target not in (*_TIMES, "measured_at"):
        return text
    if target == "measured_at":
        if len(text) == 10 and not cmap.timestamp_format:
            return text
        moment = _moment(cmap, text)
        return moment.date().isoformat() if moment is not None else text
    moment = _moment(cmap, text)
    if moment is None:
        return text
    if moment.tzinfo is None:
        if cmap.timezone is None:
            return moment.isoformat()  # still without a zone: reported as P005
        moment = moment.replace(tzinfo=cmap.timezone)
    return moment.isoformat()


def convert(cmap: ColumnMap, export: str) -> str:
    """The posts CSV text for the export file ``export`` (``LogLoadError`` if unreadable)."""
    try:
        text = read_text_bounded(export, MAX_LOG_BYTES)
    except InputError as exc:
        raise LogLoadError(f"{export}: {exc}") from None
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if not rows:
        raise LogLoadError(f"{export}: empty CSV: expected the export's header row")
    header = [cell.strip() for cell in rows[0]]
    missing = [c for c in cmap.columns if c not in header]
    if missing:
        raise LogLoadError(
            f"{export}: the export has no column {', '.join(repr(c) for c in missing)} "
            f"that the column map {cmap.path} names"
        )
    targets = [cmap.columns.get(h) for h in header]
    extra = {k: v for k, v in cmap.values.items() if k not in targets}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([t or "" for t in targets] + list(extra))  # unmapped: ignored
    for row in rows[1:]:
        if not any(cell.strip() for cell in row):
            writer.writerow([])
            continue
        cells = [
            convert_cell(cmap, t, cell) if t else ""
            for t, cell in zip(targets + [None] * len(row), row, strict=False)
        ]
        writer.writerow(cells[: len(header)] + list(extra.values()))
    return out.getvalue()

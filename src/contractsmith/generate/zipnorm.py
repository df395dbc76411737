"""Deterministic ZIP packaging for OOXML files: same parts in, same bytes out.

python-docx stamps each ZIP entry with the current time; this rewrites a package with
``[Content_Types].xml`` first, then ``_rels/.rels``, then every other part in sorted
order, each with a fixed timestamp, fixed attributes and a fixed compression level.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

_FIRST = ("[Content_Types].xml", "_rels/.rels")
_COMPRESS_LEVEL = 6
_LAST_ZIP_YEAR = 2107  # the DOS date field holds years 1980-2107


def zip_date_time(as_of: str | dt.date | None) -> tuple[int, int, int, int, int, int]:
    """The ZIP timestamp for ``as_of`` at midnight, clamped to the years ZIP can store
    (1980-01-01 when unset or earlier, 2107-12-31 when later)."""
    if as_of is None:
        return (1980, 1, 1, 0, 0, 0)
    day = as_of if isinstance(as_of, dt.date) else dt.date.fromisoformat(str(as_of)[:10])
    if day.year < 1980:
        return (1980, 1, 1, 0, 0, 0)
    if day.year > _LAST_ZIP_YEAR:
        return (_LAST_ZIP_YEAR, 12, 31, 0, 0, 0)
    return (day.year, day.month, day.day, 0, 0, 0)


def ordered_names(names: list[str]) -> list[str]:
    """Part names in canonical order: content types, package rels, then sorted."""
    head = [n for n in _FIRST if n in names]
    return head + sorted(n for n in names if n not in _FIRST)


def write_package(parts: dict[str, bytes], as_of: str | dt.date | None = None) -> bytes:
    """A ZIP of ``parts`` (name -> bytes) with canonical order and fixed metadata."""
    stamp = zip_date_time(as_of)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in ordered_names(list(parts)):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o100644 << 16
            archive.writestr(info, parts[name], compresslevel=_COMPRESS_LEVEL)
    return buffer.getvalue()


def normalise_package(data: bytes, as_of: str | dt.date | None = None) -> bytes:
    """Rewrite the ZIP ``data`` deterministically (see ``write_package``)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    return write_package(parts, as_of)

"""ZIP and XML safety checks run before any DOCX part is parsed.

A DOCX is a ZIP of XML parts. Before python-docx opens one we check, from the ZIP's
central directory alone: the member count, the total declared uncompressed size, and
each large member's compression ratio (ZIP bombs). Reading a member never yields more
than its declared size, so these checks bound the memory used later. Then every XML
part is scanned for DOCTYPE/ENTITY declarations, which a Word document never needs and
which entity-expansion attacks ("billion laughs", external entities) depend on.
"""

from __future__ import annotations

import io
import zipfile

from contractsmith.ingest.limits import MB, Limits
from contractsmith.ingest.model import IngestError

_XML_SUFFIXES = (".xml", ".rels", ".vml")
_DANGEROUS = (b"<!DOCTYPE", b"<!ENTITY")


def open_zip(data: bytes) -> zipfile.ZipFile:
    """Open ``data`` as a ZIP archive or raise IngestError("corrupt ZIP: ...")."""
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise IngestError(f"corrupt ZIP: {exc}") from None
    except (OSError, ValueError, EOFError) as exc:
        raise IngestError(f"corrupt ZIP: {type(exc).__name__}: {exc}") from None


def check_zip_shape(zf: zipfile.ZipFile, limits: Limits) -> None:
    """Refuse archives with too many members, too much content, or a bomb-like ratio."""
    infos = zf.infolist()
    if len(infos) > limits.max_zip_members:
        raise IngestError(
            f"ZIP bomb suspected: {len(infos)} members (limit {limits.max_zip_members})"
        )
    total = 0
    for info in infos:
        total += info.file_size
        if total > limits.max_zip_total:
            raise IngestError(
                f"ZIP bomb suspected: contents expand to more than "
                f"{limits.max_zip_total / MB:.0f} MB"
            )
        if info.file_size >= limits.ratio_floor_bytes:
            ratio = info.file_size / max(info.compress_size, 1)
            if ratio > limits.max_zip_ratio:
                raise IngestError(
                    f"ZIP bomb suspected: member {info.filename} expands {ratio:.0f}:1 "
                    f"(limit {limits.max_zip_ratio:.0f}:1)"
                )
        if info.flag_bits & 0x1:
            raise IngestError(f"encrypted ZIP member {info.filename}: cannot read")


def _xml_head(raw: bytes) -> bytes:
    """The start of an XML part as ASCII-compatible bytes (UTF-16 parts are decoded)."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16", errors="replace").encode("utf-8", errors="replace")
    return raw


def check_xml_parts(zf: zipfile.ZipFile) -> None:
    """Refuse any XML part that declares a DOCTYPE or ENTITY (never expanded, never fetched)."""
    for info in zf.infolist():
        if not info.filename.lower().endswith(_XML_SUFFIXES):
            continue
        try:
            raw = zf.read(info)
        except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as exc:
            raise IngestError(f"corrupt ZIP member {info.filename}: {exc}") from None
        # XML keywords are case-sensitive, so an exact byte search finds every declaration.
        text = _xml_head(raw)
        for marker in _DANGEROUS:
            if marker in text:
                raise IngestError(
                    f"unsafe XML in {info.filename}: {marker[2:].decode()} declaration "
                    "(entity expansion refused)"
                )


def check_docx_zip(data: bytes, limits: Limits) -> zipfile.ZipFile:
    """Run every ZIP and XML check on DOCX bytes; return the open archive."""
    zf = open_zip(data)
    check_zip_shape(zf, limits)
    check_xml_parts(zf)
    return zf

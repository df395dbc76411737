"""ZIP and XML safety checks run before any DOCX part is parsed.

A DOCX is a ZIP of XML parts. Before python-docx opens one we check, from the ZIP's
central directory alone: the member count, the total declared uncompressed size, and
each large member's compression ratio (ZIP bombs). Reading a member never yields more
than its declared size, so these checks bound the memory used later. Then every member
that can be XML, whatever its name (python-docx finds the main part through the package
relationships, not by name), is parsed with the hardened parser of ``safexml`` and
refused when it declares a DOCTYPE, which a Word document never needs and which
entity-expansion attacks ("billion laughs", external entities) depend on. The parser
itself detects the encoding, so UTF-16 without a byte-order mark hides nothing.
"""

from __future__ import annotations

import io
import zipfile
import zlib

from lxml import etree

from contractsmith.ingest.limits import MB, Limits
from contractsmith.ingest.model import IngestError
from contractsmith.safexml import UnsafeXMLError, parse_xml

# The bytes an XML document can start with in an encoding libxml2 detects: a byte-order
# mark (EF, FE, FF), "<" or white space in ASCII, UTF-16/32 (which may start with NUL)
# and EBCDIC (4C, 40, 05, 15, 25). A member starting otherwise (PNG, EMF, OLE) is not XML.
_XML_FIRST_BYTES = frozenset(b"\x00\t\n\r <\xef\xfe\xff\x4c\x40\x05\x15\x25")
_READ_ERRORS = (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, zlib.error)


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


def _member_xml(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes | None:
    """The bytes of a member that may be XML, or None when its first byte rules that out."""
    try:
        with zf.open(info) as fh:
            head = fh.read(1)
            if not head or head[0] not in _XML_FIRST_BYTES:
                return None
            return head + fh.read()
    except _READ_ERRORS as exc:
        raise IngestError(f"corrupt ZIP member {info.filename}: {exc}") from None


def check_xml_parts(zf: zipfile.ZipFile) -> set[str]:
    """Refuse any member that parses as XML and declares a DOCTYPE (never expanded, never
    fetched); return the names of the members that are well-formed XML. The others are
    left to the reader (``package.repair_docx``), which does without those it can."""
    well_formed: set[str] = set()
    for info in zf.infolist():
        if info.is_dir():
            continue
        raw = _member_xml(zf, info)
        if raw is None:
            continue
        try:
            parse_xml(raw)
        except UnsafeXMLError as exc:
            raise IngestError(f"unsafe XML in {info.filename}: {exc}") from None
        except (etree.XMLSyntaxError, ValueError):
            continue
        well_formed.add(info.filename)
    return well_formed


def inspect_docx_zip(data: bytes, limits: Limits) -> tuple[zipfile.ZipFile, set[str]]:
    """Run every ZIP and XML check on DOCX bytes; return the open archive and the names of
    its well-formed XML members."""
    zf = open_zip(data)
    check_zip_shape(zf, limits)
    return zf, check_xml_parts(zf)


def check_docx_zip(data: bytes, limits: Limits) -> zipfile.ZipFile:
    """Run every ZIP and XML check on DOCX bytes; return the open archive."""
    return inspect_docx_zip(data, limits)[0]

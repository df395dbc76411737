"""PDF post-processing with pypdf: metadata, fixed dates and /ID, embedded spec and manifest.

LibreOffice stamps the conversion time into the PDF (Info dictionary, XMP packet) and a
random /ID into the trailer. This module rewrites all three from the inputs alone (the
render's ``as_of`` date and the spec's sha256), so the same DOCX and ``as_of`` give the
same PDF bytes.

Attachments and PDF/A: PDF/A-2b only allows embedded files that are PDF/A themselves,
while PDF/A-3b allows any file when it is declared as an "associated file" (a /AF entry
in the catalog and an /AFRelationship on the file specification). The spec and manifest
are JSON, so a PDF/A contract is produced as PDF/A-3b: LibreOffice exports PDF/A-3b and
the attachments are written with /AFRelationship (/Source for the spec, /Data for the
manifest), a MIME /Subtype, /UF, /Desc and /Params. Without PDF/A the same
attachment structure is used (it costs nothing and keeps one code path).
"""

from __future__ import annotations

import hashlib
import io
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from xml.sax.saxutils import escape

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from contractsmith import __version__

SPEC_ATTACHMENT = "contractsmith-spec.json"
MANIFEST_ATTACHMENT = "contractsmith-manifest.json"
PRODUCER = f"contractsmith {__version__}"


@dataclass(frozen=True)
class PdfInfo:
    """The document information written into a contract PDF."""

    title: str
    subject: str = ""
    keywords: str = ""
    author: str = ""
    as_of: str = "1970-01-01"  # ISO date; becomes CreationDate and ModDate (00:00 UTC)
    spec_sha256: str = ""
    pdfa_part: int | None = None  # 2 or 3 when the PDF is PDF/A; None otherwise


def parse_as_of(as_of: str) -> datetime:
    """``as_of`` (ISO date or date-time) as an aware UTC datetime; midnight for a date."""
    text = str(as_of).strip()
    try:
        if len(text) == 10:
            d = date.fromisoformat(text)
            return datetime(d.year, d.month, d.day, tzinfo=UTC)
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"as_of {as_of!r} is not an ISO date (YYYY-MM-DD)") from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def pdf_date(moment: datetime) -> str:
    """A PDF date string, e.g. ``D:20260115000000Z``."""
    return moment.strftime("D:%Y%m%d%H%M%SZ")


def document_id(spec_sha256: str, as_of: str) -> tuple[bytes, bytes]:
    """The trailer /ID pair: permanent part from the spec, changing part from spec + date.

    The first identifier names the contract (the same spec always gives the same one);
    the second changes when the same spec is rendered for another ``as_of`` or by
    another tool version, as the PDF reference intends for document revisions.
    """
    base = hashlib.sha256(f"contractsmith-spec:{spec_sha256}".encode()).digest()[:16]
    rev = hashlib.sha256(f"{spec_sha256}|{as_of}|{__version__}".encode()).digest()[:16]
    return base, rev


def info_from_spec(
    spec_json: bytes | None, manifest: Mapping[str, Any] | None, title: str, as_of: str
) -> PdfInfo:
    """Derive the PDF metadata from the canonical spec JSON and the manifest."""
    spec: dict[str, Any] = {}
    if spec_json:
        try:
            loaded = json.loads(spec_json)
            spec = loaded if isinstance(loaded, dict) else {}
        except ValueError:
            spec = {}
    sha = str((manifest or {}).get("spec_sha256") or "")
    if not sha and spec_json:
        sha = hashlib.sha256(spec_json).hexdigest()
    kind = str(spec.get("kind") or "").replace("_", " ")
    reference = str(spec.get("reference") or "")
    parties = spec.get("parties") if isinstance(spec.get("parties"), dict) else {}
    names = [
        str(p.get("legal_name"))
        for p in parties.values()
        if isinstance(p, dict) and p.get("legal_name")
    ]
    subject = f"{kind.capitalize()} agreement".strip() if kind else "Agreement"
    if reference:
        subject += f" {reference}"
    keywords = [w for w in ("contractsmith", kind, reference) if w]
    if sha:
        keywords.append(f"spec-sha256:{sha}")
    return PdfInfo(
        title=title or str(spec.get("title") or ""),
        subject=subject,
        keywords="; ".join(keywords),
        author="; ".join(names),
        as_of=as_of,
        spec_sha256=sha,
    )


def _xmp_packet(info: PdfInfo, creator_tool: str) -> bytes:
    """An XMP packet that agrees with the Info dictionary (PDF/A requires they match)."""
    when = parse_as_of(info.as_of).strftime("%Y-%m-%dT%H:%M:%SZ")
    doc_uuid = _uuid_from(info.spec_sha256 or info.title)
    inst_uuid = _uuid_from(f"{info.spec_sha256}|{info.as_of}|{__version__}")
    parts = [
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>',
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">',
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
    ]
    if info.pdfa_part:
        parts.append(
            '<rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">'
            f"<pdfaid:part>{int(info.pdfa_part)}</pdfaid:part>"
            "<pdfaid:conformance>B</pdfaid:conformance></rdf:Description>"
        )
    parts.append(
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        "<dc:format>application/pdf</dc:format>"
        f'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(info.title)}</rdf:li>'
        "</rdf:Alt></dc:title>"
    )
    if info.author:
        parts.append(
            f"<dc:creator><rdf:Seq><rdf:li>{escape(info.author)}</rdf:li></rdf:Seq></dc:creator>"
        )
    if info.subject:
        parts.append(
            f'<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{escape(info.subject)}'
            "</rdf:li></rdf:Alt></dc:description>"
        )
    parts.append("</rdf:Description>")
    parts.append(
        '<rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">'
        f"<pdf:Producer>{escape(PRODUCER)}</pdf:Producer>"
        + (f"<pdf:Keywords>{escape(info.keywords)}</pdf:Keywords>" if info.keywords else "")
        + "</rdf:Description>"
    )
    parts.append(
        '<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">'
        f"<xmp:CreatorTool>{escape(creator_tool)}</xmp:CreatorTool>"
        f"<xmp:CreateDate>{when}</xmp:CreateDate><xmp:ModifyDate>{when}</xmp:ModifyDate>"
        f"<xmp:MetadataDate>{when}</xmp:MetadataDate></rdf:Description>"
    )
    parts.append(
        '<rdf:Description rdf:about="" xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/">'
        f"<xmpMM:DocumentID>uuid:{doc_uuid}</xmpMM:DocumentID>"
        f"<xmpMM:InstanceID>uuid:{inst_uuid}</xmpMM:InstanceID></rdf:Description>"
    )
    parts += ["</rdf:RDF>", "</x:xmpmeta>", '<?xpacket end="w"?>']
    return "\n".join(parts).encode("utf-8")


def _uuid_from(text: str) -> str:
    h = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:32]}"


def _attach(
    writer: PdfWriter,
    name: str,
    data: bytes,
    *,
    description: str,
    relationship: str,
    moment: datetime,
) -> DictionaryObject:
    """Embed ``data`` as a JSON associated file; return its file specification."""
    embedded = writer.add_attachment(name, data)
    embedded.subtype = NameObject("/application#2Fjson")
    embedded.alternative_name = TextStringObject(name)
    embedded.description = TextStringObject(description)
    embedded.associated_file_relationship = NameObject(relationship)
    embedded.size = NumberObject(len(data))
    embedded.modification_date = moment
    embedded.checksum = ByteStringObject(hashlib.md5(data).digest())  # noqa: S324 (PDF spec)
    return embedded.pdf_object


def finalize_pdf(
    raw: bytes,
    info: PdfInfo,
    *,
    spec_json: bytes | None = None,
    manifest: Mapping[str, Any] | None = None,
) -> bytes:
    """Return ``raw`` (LibreOffice's PDF) with contractsmith's metadata and attachments."""
    reader = PdfReader(io.BytesIO(raw))
    lo_producer = str((reader.metadata or {}).get("/Producer") or "").strip()
    writer = PdfWriter(clone_from=reader)
    moment = parse_as_of(info.as_of)
    stamp = pdf_date(moment)
    creator_tool = PRODUCER + (f" ({lo_producer})" if lo_producer else "")

    fields = {
        "/Title": info.title,
        "/Subject": info.subject,
        "/Keywords": info.keywords,
        "/Author": info.author,
        "/Creator": creator_tool,
        "/Producer": PRODUCER,
        "/CreationDate": stamp,
        "/ModDate": stamp,
    }
    new_info = DictionaryObject(
        {NameObject(k): TextStringObject(v) for k, v in fields.items() if v}
    )
    writer.metadata = new_info  # replaces LibreOffice's dictionary wholesale
    writer.xmp_metadata = _xmp_packet(info, creator_tool)

    associated = ArrayObject()
    if spec_json is not None:
        spec_fs = _attach(
            writer,
            SPEC_ATTACHMENT,
            spec_json,
            description="The contract spec this document was generated from (canonical JSON)",
            relationship="/Source",
            moment=moment,
        )
        associated.append(spec_fs.indirect_reference)
    if manifest is not None:
        manifest_bytes = manifest_json(manifest)
        manifest_fs = _attach(
            writer,
            MANIFEST_ATTACHMENT,
            manifest_bytes,
            description="contractsmith manifest: spec sha256, clause ids and versions",
            relationship="/Data",
            moment=moment,
        )
        associated.append(manifest_fs.indirect_reference)
    if len(associated):
        writer.root_object[NameObject("/AF")] = associated

    first, second = document_id(info.spec_sha256 or info.title, info.as_of)
    writer._ID = ArrayObject([ByteStringObject(first), ByteStringObject(second)])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def manifest_json(manifest: Mapping[str, Any]) -> bytes:
    """The manifest as embedded: sorted keys, two-space indent, UTF-8, trailing newline."""
    return (json.dumps(manifest, sort_keys=True, indent=2, ensure_ascii=False) + "\n").encode()


@dataclass
class PdfEmbedded:
    """What :func:`read_pdf_embedded` found in a PDF."""

    spec_json: bytes | None
    manifest: dict[str, Any] | None
    metadata: dict[str, str]
    pdfa_part: int | None


def read_pdf_embedded(source: Any) -> PdfEmbedded:
    """Read the embedded spec, manifest, Info metadata and PDF/A part of a contract PDF.

    ``source`` is a path or a binary stream. Raises ``ValueError`` (one-line message) when
    the manifest is present but not valid JSON; pypdf errors propagate for unreadable PDFs.
    """
    reader = PdfReader(source)
    attachments = reader.attachments
    spec = attachments.get(SPEC_ATTACHMENT)
    raw_manifest = attachments.get(MANIFEST_ATTACHMENT)
    manifest: dict[str, Any] | None = None
    if raw_manifest:
        try:
            loaded = json.loads(raw_manifest[0])
        except ValueError as exc:
            raise ValueError(f"embedded {MANIFEST_ATTACHMENT} is not valid JSON: {exc}") from None
        manifest = loaded if isinstance(loaded, dict) else None
    metadata = {
        str(k).lstrip("/"): str(v) for k, v in (reader.metadata or {}).items() if v is not None
    }
    part = None
    xmp = reader.xmp_metadata
    if xmp is not None:
        m = re.search(rb"<pdfaid:part>(\d)</pdfaid:part>", xmp.stream.get_data())
        part = int(m.group(1)) if m else None
    return PdfEmbedded(
        spec_json=spec[0] if spec else None,
        manifest=manifest,
        metadata=metadata,
        pdfa_part=part,
    )

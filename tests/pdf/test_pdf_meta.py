"""PDF post-processing: metadata, dates from as_of, /ID from the spec, attachments."""

from __future__ import annotations

import io
import json

import pytest
from pypdf import PdfReader, PdfWriter

from contractsmith import __version__
from contractsmith.generate.pdf_meta import (
    MANIFEST_ATTACHMENT,
    SPEC_ATTACHMENT,
    PdfInfo,
    document_id,
    finalize_pdf,
    info_from_spec,
    parse_as_of,
    read_pdf_embedded,
)

SPEC = {
    "kind": "sponsorship",
    "title": "Spring Glow Launch Sponsorship Agreement",
    "reference": "NL-2026-014",
    "parties": {
        "brand": {"legal_name": "Northlight Cosmetics, Inc."},
        "creator": {"legal_name": "Maya Okafor Media LLC"},
    },
}
SPEC_JSON = json.dumps(SPEC, sort_keys=True, separators=(",", ":")).encode()
MANIFEST = {
    "tool": "contractsmith",
    "version": __version__,
    "spec_sha256": "ab" * 32,
    "as_of": "2026-01-15",
    "clauses": [{"id": "payment.net30", "version": "1.2.0"}],
}


def _raw_pdf(producer: str = "LibreOffice 7.4", when: str = "D:20991231235959Z") -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Producer": producer, "/CreationDate": when, "/Author": "python-docx"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _finalize(raw: bytes, as_of: str = "2026-01-15", pdfa: int | None = None) -> bytes:
    info = info_from_spec(SPEC_JSON, MANIFEST, SPEC["title"], as_of)
    if pdfa:
        info = PdfInfo(**{**info.__dict__, "pdfa_part": pdfa})
    return finalize_pdf(raw, info, spec_json=SPEC_JSON, manifest=MANIFEST)


def test_metadata_comes_from_the_spec_and_as_of() -> None:
    reader = PdfReader(io.BytesIO(_finalize(_raw_pdf())))
    meta = reader.metadata
    assert meta["/Title"] == SPEC["title"]
    assert meta["/Subject"] == "Sponsorship agreement NL-2026-014"
    assert meta["/Author"] == "Northlight Cosmetics, Inc.; Maya Okafor Media LLC"
    assert meta["/Producer"] == f"contractsmith {__version__}"
    assert meta["/Creator"] == f"contractsmith {__version__} (LibreOffice 7.4)"
    assert "spec-sha256:" + "ab" * 32 in meta["/Keywords"]
    assert meta["/CreationDate"] == "D:20260115000000Z"
    assert meta["/ModDate"] == "D:20260115000000Z"
    xmp = reader.xmp_metadata.stream.get_data().decode()
    assert "<xmp:CreateDate>2026-01-15T00:00:00Z</xmp:CreateDate>" in xmp
    assert "2099" not in xmp and "pdfaid" not in xmp


def _id(reader: PdfReader) -> tuple[bytes, bytes]:
    raw = [getattr(x, "original_bytes", x) for x in reader.trailer["/ID"]]
    return bytes(raw[0]), bytes(raw[1])


def test_id_is_derived_from_the_spec_hash() -> None:
    reader = PdfReader(io.BytesIO(_finalize(_raw_pdf())))
    first, second = _id(reader)
    assert (first, second) == document_id("ab" * 32, "2026-01-15")
    other = PdfReader(io.BytesIO(_finalize(_raw_pdf(), as_of="2026-02-01")))
    assert _id(other)[0] == first  # same contract
    assert _id(other)[1] != second  # another revision


def test_output_does_not_depend_on_the_conversion_time() -> None:
    a = _finalize(_raw_pdf(when="D:20260101000000Z"))
    b = _finalize(_raw_pdf(when="D:20270707070707Z"))
    assert a == b


def test_spec_and_manifest_are_embedded_as_associated_files() -> None:
    data = _finalize(_raw_pdf(), pdfa=3)
    embedded = read_pdf_embedded(io.BytesIO(data))
    assert embedded.spec_json == SPEC_JSON
    assert embedded.manifest == MANIFEST
    assert embedded.pdfa_part == 3
    reader = PdfReader(io.BytesIO(data))
    af = reader.trailer["/Root"]["/AF"]
    relationships = {}
    for ref in af:
        fs = ref.get_object()
        relationships[fs["/UF"]] = fs["/AFRelationship"]
        ef = fs["/EF"]["/F"].get_object()
        assert ef["/Subtype"] == "/application#2Fjson"
        assert ef["/Params"]["/Size"] == len(ef.get_data())
    assert relationships == {SPEC_ATTACHMENT: "/Source", MANIFEST_ATTACHMENT: "/Data"}


def test_pdf_without_attachments_reads_as_empty() -> None:
    embedded = read_pdf_embedded(io.BytesIO(_raw_pdf()))
    assert embedded.spec_json is None and embedded.manifest is None
    assert embedded.metadata["Producer"] == "LibreOffice 7.4"


def test_bad_as_of_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="not an ISO date"):
        parse_as_of("15/01/2026")
    assert parse_as_of("2026-01-15T10:00:00+02:00").hour == 8

"""Builders for ingest test inputs: small PDFs written by hand, DOCX edits, ZIP tricks.

Everything is generated at test time so no large or hostile file is committed.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

import docx
from docx.oxml import parse_xml


def _pdf_string(text: str) -> bytes:
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return b"(" + escaped.encode("latin-1") + b")"


def pdf_objects_to_bytes(objects: list[bytes], root: int = 1, *, xref: bool = True) -> bytes:
    """Serialise numbered objects (1-based, in order) with a correct xref table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    start = out.tell()
    if xref:
        out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
        for off in offsets:
            out.write(f"{off:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root {root} 0 R >>\n".encode())
    out.write(f"startxref\n{start}\n%%EOF\n".encode())
    return out.getvalue()


def make_pdf(pages: list[list[str]]) -> bytes:
    """A PDF whose page i shows the lines pages[i] top to bottom in Helvetica 11pt."""
    n = len(pages)
    # 1 catalog, 2 pages, 3 font, then (page, content) pairs.
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(n))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {n} >>".encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    for i, lines in enumerate(pages):
        ops = [b"BT /F1 11 Tf 14 TL 72 760 Td"]
        for line in lines:
            ops.append(_pdf_string(line) + b" Tj T*")
        ops.append(b"ET")
        stream = b"\n".join(ops)
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            f"/Resources << /Font << /F1 3 0 R >> >> /Contents {5 + 2 * i} 0 R >>".encode()
        )
        objects.append(f"<< /Length {len(stream)} >>\nstream\n".encode() + stream + b"\nendstream")
    return pdf_objects_to_bytes(objects)


# Namespace declarations for hand-written WordprocessingML fragments.
NS = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)


def insert_body_xml(document: docx.document.Document, xml: str) -> None:
    """Append a block-level element before the final sectPr.

    ``xml`` is one element whose start tag contains ``{NS}``, replaced by the
    namespace declarations above.
    """
    element = parse_xml(xml.replace("{NS}", NS))
    body = document.element.body
    body.insert(len(body) - 1, element)


def docx_bytes(document: docx.document.Document) -> bytes:
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def rewrite_zip(data: bytes, edits: dict[str, Callable[[bytes], bytes] | bytes | None]) -> bytes:
    """Copy a ZIP, replacing (bytes), transforming (callable) or deleting (None) members.

    Members named in ``edits`` but absent from the source are added (bytes values).
    """
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        names = src.namelist()
        for name in names:
            if name in edits:
                edit = edits[name]
                if edit is None:
                    continue
                payload = edit(src.read(name)) if callable(edit) else edit
                dst.writestr(name, payload)
            else:
                dst.writestr(name, src.read(name))
        for name, edit in edits.items():
            if name not in names and isinstance(edit, bytes):
                dst.writestr(name, edit)
    return out.getvalue()

"""Helpers for report tests: reports built from the sample contracts, and tiny PDFs."""

from __future__ import annotations

import io
from pathlib import Path

from contractsmith.analyse.check import Report, check
from tests.check.conftest import FAKE_ENGINE


def sample_report(paths: list[Path], **kwargs) -> Report:
    """A real check of ``paths`` with the stand-in wording rules (stable findings)."""
    return check(paths, engine=FAKE_ENGINE, **kwargs)


def _pdf_text(text: str) -> bytes:
    return (
        b"("
        + text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").encode("latin-1")
        + b")"
    )


def simple_pdf(lines: list[str], size: int = 11) -> bytes:
    """A one-page PDF showing ``lines`` in Helvetica from (72, 720) downwards."""
    ops = [f"BT /F1 {size} Tf {size + 3} TL 72 720 Td".encode()]
    ops += [_pdf_text(line) + b" Tj T*" for line in lines]
    ops.append(b"ET")
    stream = b"\n".join(ops)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R >>",
        f"<< /Length {len(stream)} >>\nstream\n".encode() + stream + b"\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    start = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for off in offsets:
        out.write(f"{off:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\n".encode())
    out.write(f"startxref\n{start}\n%%EOF\n".encode())
    return out.getvalue()

"""A Word contract converted to PDF by LibreOffice reads back with the same clauses."""

from __future__ import annotations

import os
import shutil
import subprocess

import docx
import pytest
from docx.enum.text import WD_BREAK

from contractsmith.ingest import read_document

CLAUSES = [
    "1. The Creator shall publish one Instagram Reel and two Stories between 1 March and"
    " 31 March 2026, each clearly labelled #ad at the start of the caption.",
    "2. The Brand shall pay the Creator a fee of USD 5,000 within thirty days of receiving"
    " a valid invoice, and shall not withhold payment for reasons of taste.",
    "3. The Creator grants the Brand a non-exclusive licence to reuse the content on the"
    " Brand's own social media accounts for twelve months after first publication.",
]


def _soffice() -> str:
    return os.environ.get("CONTRACTSMITH_SOFFICE") or shutil.which("soffice") or "soffice"


@pytest.mark.soffice
def test_docx_converted_to_pdf_reads_back(tmp_path):
    d = docx.Document()
    d.sections[0].header.paragraphs[0].text = "ACME LTD - INFLUENCER AGREEMENT"
    d.add_heading("INFLUENCER AGREEMENT", 1)
    for i, clause in enumerate(CLAUSES):
        d.add_paragraph(clause)
        if i < len(CLAUSES) - 1:
            d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    source = tmp_path / "agreement.docx"
    d.save(source)
    profile = tmp_path / "lo-profile"
    subprocess.run(
        [
            _soffice(),
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = read_document(tmp_path / "agreement.pdf")
    assert pdf.format == "pdf" and pdf.pages == 3
    body = [b.text for b in pdf.blocks]
    assert body[0] == "INFLUENCER AGREEMENT"
    assert body[1:] == CLAUSES
    assert [b.page for b in pdf.blocks[1:]] == [1, 2, 3]
    assert [h.text for h in pdf.headers] == ["ACME LTD - INFLUENCER AGREEMENT"]
    original = read_document(source)
    assert [b.text for b in original.blocks] == body

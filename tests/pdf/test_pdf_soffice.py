"""DOCX to PDF with the real LibreOffice: text, pages, fonts, metadata, PDF/A, cleanup."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from contractsmith import __version__
from contractsmith.generate.pdf import convert_docx_files, convert_rendered
from contractsmith.generate.pdf_meta import read_pdf_embedded
from contractsmith.generate.result import RenderedContract

from .helpers import (
    fonts_embedded,
    make_docx,
    make_rendered,
    pdf_text,
    processes_mentioning,
    squash,
)

pytestmark = pytest.mark.soffice


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[RenderedContract]]:
    """Two plain contracts and one PDF/A contract, converted once for the whole module."""
    root = tmp_path_factory.mktemp("pdf")
    plain = [
        make_rendered(root / "a" / "contract.docx", "Alpha Sponsorship Agreement"),
        make_rendered(root / "b" / "contract.docx", "Beta Sponsorship Agreement"),
    ]
    pdfa = [make_rendered(root / "c" / "contract.docx", "Gamma Sponsorship Agreement")]
    results = convert_rendered(plain, jobs=2, timeout=120)
    assert [err for _, err in results] == [None, None]
    results = convert_rendered(pdfa, jobs=1, pdfa=True, timeout=120)
    assert [err for _, err in results] == [None]
    return {"plain": plain, "pdfa": pdfa}


def test_pdf_is_written_beside_the_docx(converted: dict[str, list[RenderedContract]]) -> None:
    for item in converted["plain"] + converted["pdfa"]:
        assert item.pdf_path == Path(item.docx_path).with_suffix(".pdf")
        assert item.pdf_path.read_bytes().startswith(b"%PDF-")


def test_pdf_text_matches_docx_text(converted: dict[str, list[RenderedContract]]) -> None:
    for item in converted["plain"] + converted["pdfa"]:
        assert squash(pdf_text(item.pdf_path)) == squash(item.text)


def test_page_count_is_sane(converted: dict[str, list[RenderedContract]]) -> None:
    for item in converted["plain"]:
        pages = len(PdfReader(str(item.pdf_path)).pages)
        assert 2 <= pages <= 8, pages


def test_fonts_are_embedded(converted: dict[str, list[RenderedContract]]) -> None:
    for item in converted["plain"] + converted["pdfa"]:
        seen, embedded = fonts_embedded(item.pdf_path)
        assert seen > 0 and embedded == seen


def test_metadata_and_attachments_read_back(converted: dict[str, list[RenderedContract]]) -> None:
    item = converted["plain"][0]
    embedded = read_pdf_embedded(item.pdf_path)
    assert embedded.spec_json == item.spec_json
    assert embedded.manifest == item.manifest
    assert embedded.metadata["Title"] == "Alpha Sponsorship Agreement"
    assert embedded.metadata["Producer"] == f"contractsmith {__version__}"
    assert "LibreOffice" in embedded.metadata["Creator"]
    assert embedded.metadata["CreationDate"] == "D:20260115000000Z"
    assert embedded.pdfa_part is None


def test_pdfa_output_declares_pdfa3_with_an_output_intent(
    converted: dict[str, list[RenderedContract]],
) -> None:
    item = converted["pdfa"][0]
    embedded = read_pdf_embedded(item.pdf_path)
    assert embedded.pdfa_part == 3
    root = PdfReader(str(item.pdf_path)).trailer["/Root"]
    assert "/OutputIntents" in root and len(root["/AF"]) == 2


def test_same_docx_and_as_of_give_identical_bytes(
    converted: dict[str, list[RenderedContract]], tmp_path: Path
) -> None:
    first = converted["plain"][1]
    again = make_rendered(tmp_path / "again.docx", first.title)
    shutil.copyfile(first.docx_path, again.docx_path)
    assert convert_rendered([again], timeout=120) == [(again, None)]
    assert again.pdf_path.read_bytes() == first.pdf_path.read_bytes()


def test_broken_docx_is_reported_and_others_convert(tmp_path: Path) -> None:
    good = tmp_path / "good.docx"
    make_docx(good, "Good Agreement", sections=2)
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"PK\x03\x04 this is not a real docx")
    errors = convert_docx_files(
        [(bad, tmp_path / "bad.pdf"), (good, tmp_path / "good.pdf")], timeout=60
    )
    assert errors[1] is None and (tmp_path / "good.pdf").exists()
    assert errors[0] is not None and "LibreOffice" in errors[0]
    assert not (tmp_path / "bad.pdf").exists()


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="process check reads /proc")
def test_interrupt_leaves_no_soffice_process(tmp_path: Path) -> None:
    docs = []
    for n in range(24):
        src = tmp_path / f"d{n}.docx"
        make_docx(src, f"Agreement {n}", sections=20)
        docs.append((str(src), str(tmp_path / f"d{n}.pdf")))
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    script = textwrap.dedent(
        f"""
        from pathlib import Path
        from contractsmith.generate.pdf import convert_docx_files
        docs = {docs!r}
        convert_docx_files([(Path(a), Path(b)) for a, b in docs], jobs=2, timeout=120)
        """
    )
    proc = subprocess.Popen([sys.executable, "-c", script], env=dict(os.environ, TMPDIR=str(tmp)))
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not processes_mentioning(str(tmp)):
            time.sleep(0.05)
        assert processes_mentioning(str(tmp)), "LibreOffice never started"
        time.sleep(0.5)
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=60) != 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    time.sleep(0.3)
    assert processes_mentioning(str(tmp)) == []
    assert list(tmp.iterdir()) == []

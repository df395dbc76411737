"""Annotated copies: Word comments on DOCX inputs, highlight annotations on PDFs."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from pypdf import PdfReader

import contractsmith.analyse.check as check_module
from contractsmith.cli import main
from contractsmith.report.annotate import annotate_report
from tests.check.conftest import FAKE_ENGINE
from tests.report.helpers import sample_report, simple_pdf


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _comment_ranges(path: Path) -> dict[str, str]:
    """Comment id -> the text its range covers, from word/document.xml."""
    xml = zipfile.ZipFile(path).read("word/document.xml").decode("utf-8")
    out = {}
    for m in re.finditer(r'<w:commentRangeStart w:id="(\d+)"/>', xml):
        end = xml.index(f'<w:commentRangeEnd w:id="{m.group(1)}"/>', m.end())
        out[m.group(1)] = "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml[m.end() : end]))
    return out


def test_docx_gets_one_comment_per_finding_anchored_on_the_words(
    contracts: Path, tmp_path: Path
) -> None:
    source = contracts / "ambassador-agreement.docx"
    before = _sha(source)
    report = sample_report([source])
    results = annotate_report(report, tmp_path / "out")
    assert [r.count for r in results] == [len(report.documents[0].findings)]
    annotated = Path(results[0].output)
    assert annotated == tmp_path / "out" / "ambassador-agreement.docx"
    assert _sha(source) == before  # the original is untouched

    comments = list(docx.Document(str(annotated)).comments)
    texts = [c.text for c in comments]
    assert any(t.startswith("D901 (warning): Generic FTC reference") for t in texts)
    assert all(c.author == "contractsmith" and c.initials == "CS" for c in comments)
    ranges = _comment_ranges(annotated)
    d901 = next(str(c.comment_id) for c in comments if c.text.startswith("D901"))
    assert ranges[d901] == "FTC guidelines"
    # Splitting runs must not change the visible text.
    original = [p.text for p in docx.Document(str(source)).paragraphs]
    assert [p.text for p in docx.Document(str(annotated)).paragraphs] == original


def test_docx_annotation_is_deterministic(contracts: Path, tmp_path: Path) -> None:
    report = sample_report([contracts / "ambassador-agreement.docx"])
    first = Path(annotate_report(report, tmp_path / "a")[0].output).read_bytes()
    second = Path(annotate_report(report, tmp_path / "b")[0].output).read_bytes()
    assert first == second
    comments = zipfile.ZipFile(tmp_path / "a" / "ambassador-agreement.docx").read(
        "word/comments.xml"
    )
    assert b"w:date" not in comments  # python-docx's clock stamp is removed


def test_pdf_annotation_is_deterministic(contracts: Path, tmp_path: Path) -> None:
    pdf = contracts / "terms.pdf"
    pdf.write_bytes(simple_pdf(["Brand will pay promptly.", "Comply with FTC guidelines."]))
    report = sample_report([pdf])
    first = Path(annotate_report(report, tmp_path / "a")[0].output).read_bytes()
    second = Path(annotate_report(report, tmp_path / "b")[0].output).read_bytes()
    assert first == second


def test_pdf_gets_highlights_over_the_words(contracts: Path, tmp_path: Path) -> None:
    pdf = contracts / "terms.pdf"
    pdf.write_bytes(
        simple_pdf(
            [
                "SPONSORSHIP TERMS",
                "Brand will pay the fee promptly after the post goes live.",
                "Creator shall comply with FTC guidelines in every post.",
            ]
        )
    )
    before = _sha(pdf)
    report = sample_report([pdf])
    doc = report.documents[0]
    assert doc.error is None, doc.error
    result = annotate_report(report, tmp_path / "out")[0]
    assert result.count == len(doc.findings)
    assert _sha(pdf) == before
    annots = [a.get_object() for a in PdfReader(result.output).pages[0]["/Annots"]]
    highlights = {
        str(a["/Contents"]).split(" ")[0]: a for a in annots if a["/Subtype"] == "/Highlight"
    }
    # wording findings, plus any required clause the text speaks of but does not state
    # ("not confirmed" C findings point at where it is spoken of)
    assert {"V901", "D901"} <= set(highlights)
    for code in set(highlights) - {"V901", "D901"}:
        assert code.startswith("C") and "not confirmed" in str(highlights[code]["/Contents"])
    v = highlights["V901"]
    assert str(v["/Contents"]).startswith("V901 (error): Vague time")
    quads = [float(q) for q in v["/QuadPoints"]]
    assert len(quads) == 8
    x0, y_top, x1, _, _, y_bottom = quads[0], quads[1], quads[2], quads[3], quads[4], quads[5]
    # "promptly" sits on the second line (baseline 706), well right of the margin.
    assert 690 < y_bottom < 706 < y_top < 720
    assert 150 < x0 < x1 < 320
    assert 30 < x1 - x0 < 50  # "promptly" is about 40 pt wide in 11 pt Helvetica
    notes = [a for a in annots if a["/Subtype"] == "/Text"]
    assert notes and all(str(n["/Contents"]).startswith("C") for n in notes)


def test_text_inputs_are_skipped_with_a_note(contracts: Path, tmp_path: Path) -> None:
    report = sample_report([contracts / "quickpost-problems.txt"])
    result = annotate_report(report, tmp_path / "out")[0]
    assert result.output is None
    assert "only DOCX and PDF" in result.note
    assert not (tmp_path / "out").exists()


def test_cli_annotate_reports_each_file(contracts: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(check_module, "DEFAULT_ENGINE", FAKE_ENGINE)
    monkeypatch.chdir(contracts.parent)
    result = CliRunner().invoke(
        main,
        ["check", "contracts", "--annotate", "annotated", "--format", "json"],
        catch_exceptions=False,
    )
    assert result.exit_code == 1
    assert (
        "annotated contracts/ambassador-agreement.docx -> annotated/ambassador-agreement.docx"
        in result.stderr
    )
    assert "contracts/quickpost-problems.txt: not annotated: only DOCX and PDF" in result.stderr
    assert Path("annotated/ambassador-agreement.docx").is_file()
    assert result.stdout.startswith("{")


def _soffice() -> str:
    return os.environ.get("CONTRACTSMITH_SOFFICE") or shutil.which("soffice") or "libreoffice"


def _to_pdf(source: Path, out_dir: Path, profile: Path, notes: bool) -> Path:
    target = "pdf"
    if notes:
        target = 'pdf:writer_pdf_Export:{"ExportNotes":{"type":"boolean","value":"true"}}'
    subprocess.run(
        [
            _soffice(),
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            target,
            "--outdir",
            str(out_dir),
            str(source),
        ],
        capture_output=True,
        timeout=180,
        check=True,
    )
    return out_dir / (source.stem + ".pdf")


@pytest.mark.soffice
def test_comments_survive_in_libreoffice(contracts: Path, tmp_path: Path) -> None:
    report = sample_report([contracts / "ambassador-agreement.docx"])
    annotated = Path(annotate_report(report, tmp_path / "out")[0].output)
    pdf = _to_pdf(annotated, tmp_path / "pdf", tmp_path / "profile", notes=True)
    contents = [
        str(a.get_object().get("/Contents"))
        for page in PdfReader(pdf).pages
        for a in page.get("/Annots") or []
        if a.get_object().get("/Subtype") == "/Text"
    ]
    assert any(c.startswith("D901 (warning): Generic FTC reference") for c in contents)
    assert sum(1 for c in contents if c.startswith("C0")) == sum(
        1 for f in report.documents[0].findings if f.rule.startswith("C")
    )


@pytest.mark.soffice
def test_highlights_on_a_word_processor_pdf(contracts: Path, tmp_path: Path) -> None:
    pdf = _to_pdf(contracts / "ambassador-agreement.docx", contracts, tmp_path / "profile", False)
    report = sample_report([pdf])
    result = annotate_report(report, tmp_path / "out")[0]
    annots = [
        a.get_object() for p in PdfReader(result.output).pages for a in p.get("/Annots") or []
    ]
    d901 = next(a for a in annots if str(a["/Contents"]).startswith("D901"))
    assert d901["/Subtype"] == "/Highlight"
    x0, y0, x1, y1 = (float(v) for v in d901["/Rect"])
    # The words are found on the page's text layer: cut the glyphs inside the box back out.
    from contractsmith.report.annotate_pdf import page_glyphs

    page = PdfReader(str(pdf)).pages[0]
    inside = "".join(
        g.char for g in page_glyphs(page) if x0 - 1 <= g.x0 and g.x1 <= x1 + 1 and y0 <= g.y <= y1
    )
    assert inside.strip() == "FTC guidelines"


CUAD = Path(__file__).resolve().parents[1] / "fixtures" / "ingest" / "cuad"


@pytest.mark.skipif(not (CUAD / "adianutrition-reseller.pdf").is_file(), reason="no CUAD fixture")
def test_real_sec_pdf_gets_every_finding_highlighted_on_its_page(tmp_path: Path) -> None:
    """A real contract (The Atticus Project, CUAD v1) with the real rules."""
    report = check_module.check([CUAD / "adianutrition-reseller.pdf"], playbook="commercial")
    doc = report.documents[0]
    assert doc.error is None, doc.error
    positioned = [f for f in doc.findings if f.location.start is not None]
    assert positioned
    result = annotate_report(report, tmp_path)[0]
    reader = PdfReader(result.output)
    pages = {}
    for number, page in enumerate(reader.pages, start=1):
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            if annot["/Subtype"] == "/Highlight":
                pages.setdefault(str(annot["/Contents"]), []).append(number)
    assert sum(len(v) for v in pages.values()) == len(positioned)
    for f in positioned:
        from contractsmith.report.annotate_docx import comment_text

        assert f.location.page in pages[comment_text(f)]

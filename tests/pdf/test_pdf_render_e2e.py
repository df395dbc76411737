"""End to end: `contractsmith render --format docx,pdf` on every example, then `inspect`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from contractsmith.cli import main
from contractsmith.generate.pdf import convert_rendered
from contractsmith.generate.pdf_inspect import (
    compare_stream,
    docx_lines,
    inspect_file,
    pdf_body_lines,
)
from contractsmith.generate.pdf_meta import read_pdf_embedded
from contractsmith.generate.render import render
from contractsmith.resources import examples_dir

from .helpers import fonts_embedded

pytestmark = pytest.mark.soffice

EXAMPLES = sorted(examples_dir().glob("*.yaml"))


@pytest.fixture(scope="module")
def out_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("e2e")
    args = ["render", *map(str, EXAMPLES), "--format", "docx,pdf", "-o", str(out), "-j", "2"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    return out


def test_every_example_has_a_pdf(out_dir: Path) -> None:
    assert EXAMPLES, "no examples found"
    for spec in EXAMPLES:
        assert (out_dir / f"{spec.stem}.docx").exists()
        assert (out_dir / f"{spec.stem}.pdf").read_bytes().startswith(b"%PDF-")


@pytest.mark.parametrize("spec", EXAMPLES, ids=lambda p: p.stem)
def test_example_pdf_text_pages_fonts(out_dir: Path, spec: Path) -> None:
    docx, pdf = out_dir / f"{spec.stem}.docx", out_dir / f"{spec.stem}.pdf"
    assert compare_stream(docx_lines(docx), pdf_body_lines(pdf)) is None
    pages = len(PdfReader(str(pdf)).pages)
    words = sum(len(line.split()) for line in docx_lines(docx))
    assert pages >= 1 and words / 900 <= pages <= words / 150 + 2, (pages, words)
    seen, embedded = fonts_embedded(pdf)
    assert seen > 0 and embedded == seen
    meta = read_pdf_embedded(pdf)
    assert meta.manifest is not None and meta.spec_json is not None
    assert meta.metadata["Title"] == json.loads(meta.spec_json)["title"]


def test_inspect_pdf_matches(out_dir: Path) -> None:
    pdf = out_dir / f"{EXAMPLES[0].stem}.pdf"
    out = CliRunner().invoke(main, ["inspect", str(pdf)])
    assert out.exit_code == 0, out.output
    assert "PDF" in out.output and "matches" in out.output


def test_inspect_pdf_of_edited_docx_has_drifted(tmp_path: Path) -> None:
    rendered = render(examples_dir() / "sponsorship.yaml", tmp_path, as_of="2026-01-15")
    docx = Path(rendered.docx_path)
    from docx import Document

    doc = Document(str(docx))
    paragraph, run = next(
        (p, r) for p in doc.paragraphs if len(p.text) > 80 for r in p.runs if "Agreement" in r.text
    )
    original = paragraph.text
    run.text = run.text.replace("Agreement", "Side Letter", 1)  # edited after rendering
    doc.save(str(docx))
    assert convert_rendered([rendered], timeout=120) == [(rendered, None)]
    result = inspect_file(rendered.pdf_path)
    assert result.status == "drifted"
    assert result.difference is not None
    assert result.difference.expected.replace("\t", " ").strip() == original.replace("\t", " ")
    out = CliRunner().invoke(main, ["inspect", str(rendered.pdf_path)])
    assert out.exit_code == 1 and "drifted" in out.output


def test_render_pdf_is_reproducible(tmp_path: Path) -> None:
    spec = EXAMPLES[0]
    outputs = []
    for name in ("first", "second"):
        out = tmp_path / name
        result = CliRunner().invoke(
            main, ["render", str(spec), "--format", "docx,pdf", "-o", str(out)]
        )
        assert result.exit_code == 0, result.output
        outputs.append(out)
    docx = [(out / f"{spec.stem}.docx").read_bytes() for out in outputs]
    pdf = [(out / f"{spec.stem}.pdf").read_bytes() for out in outputs]
    assert docx[0] == docx[1]
    assert pdf[0] == pdf[1]

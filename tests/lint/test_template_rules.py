"""T-family: each template rule has a failing and a passing Word shell."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from docx import Document

from contractsmith.lint.template import lint_template

KNOWN = {"title", "reference", "sections", "parties"}


def _doc(tmp_path: Path, name: str, build) -> Path:
    doc = Document()
    build(doc)
    path = tmp_path / name
    doc.save(path)
    return path


def _codes(path: Path, **kw) -> list[str]:
    return [f.rule for f in lint_template(path, known_names=KNOWN, **kw).findings]


def test_clean_template_has_no_findings(tmp_path: Path) -> None:
    def build(doc):
        doc.add_paragraph("{{ title }}", style="Title")
        doc.add_paragraph("{%p for s in sections %}")
        doc.add_paragraph("{{ s.heading }}")
        doc.add_paragraph("{%p endfor %}")
        doc.sections[0].header.paragraphs[0].text = "Ref {{ reference }}"

    assert _codes(_doc(tmp_path, "ok.docx", build), required_styles={"Title"}) == []


def test_T001_tag_split_across_runs(tmp_path: Path) -> None:
    def build(doc):
        p = doc.add_paragraph()
        p.add_run("{{ ti")
        p.add_run("tle }}").bold = True

    assert _codes(_doc(tmp_path, "split.docx", build)) == ["T001"]


def test_T002_unknown_variable_in_header(tmp_path: Path) -> None:
    def build(doc):
        doc.add_paragraph("{{ title }}")
        doc.sections[0].header.paragraphs[0].text = "{{ client_logo }}"

    findings = lint_template(_doc(tmp_path, "var.docx", build), known_names=KNOWN).findings
    assert [f.rule for f in findings] == ["T002"]
    assert findings[0].location.pointer.startswith("word/header")


def test_T003_tag_in_footnotes_is_never_filled(tmp_path: Path) -> None:
    path = _doc(tmp_path, "fn.docx", lambda d: d.add_paragraph("{{ title }}"))
    footnotes = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        '<w:footnote w:id="1"><w:p><w:r><w:t>See {{ reference }}</w:t></w:r></w:p></w:footnote>'
        "</w:footnotes>"
    )
    with zipfile.ZipFile(path, "a") as zf:
        zf.writestr("word/footnotes.xml", footnotes)
    assert _codes(path) == ["T003"]


@pytest.mark.parametrize(
    ("tags", "expected"),
    [
        (["{%p if title %}", "{{ title }}", "{%p endif %}"], []),
        (["{%p if title %}", "{{ title }}"], ["T004"]),
        (["{%p for s in sections %}", "{{ s }}", "{%tr endfor %}"], ["T004"]),
        (["{%p endfor %}"], ["T004"]),
    ],
)
def test_T004_blocks_must_balance(tmp_path: Path, tags: list[str], expected: list[str]) -> None:
    def build(doc):
        for t in tags:
            doc.add_paragraph(t)

    assert _codes(_doc(tmp_path, "blocks.docx", build)) == expected


def test_T005_missing_style(tmp_path: Path) -> None:
    path = _doc(tmp_path, "styles.docx", lambda d: d.add_paragraph("{{ title }}"))
    assert _codes(path, required_styles={"Heading 1"}) == []
    assert _codes(path, required_styles={"Contract Clause"}) == ["T005"]


def test_T006_not_a_word_document(tmp_path: Path) -> None:
    bad = tmp_path / "house.docx"
    bad.write_bytes(b"%PDF-1.7 not a zip")
    assert _codes(bad) == ["T006"]
    entity = _doc(tmp_path, "ent.docx", lambda d: d.add_paragraph("x"))
    with zipfile.ZipFile(entity) as zf:
        parts = {i.filename: zf.read(i) for i in zf.infolist()}
    parts["word/document.xml"] = (
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa">]>' + parts["word/document.xml"][38:]
    )
    with zipfile.ZipFile(entity, "w") as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    findings = lint_template(entity).findings
    assert [f.rule for f in findings] == ["T006"] and "entity" in findings[0].message


def test_T007_jinja_syntax(tmp_path: Path) -> None:
    def build(doc):
        doc.add_paragraph("{{ title | }}")

    assert _codes(_doc(tmp_path, "syntax.docx", build)) == ["T007"]


def test_T008_tag_split_across_paragraphs(tmp_path: Path) -> None:
    def build(doc):
        doc.add_paragraph("{{ title")
        doc.add_paragraph("}}")

    assert "T008" in _codes(_doc(tmp_path, "para.docx", build))

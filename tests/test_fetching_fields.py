"""Issue 14, case 10 (and 13): Word fields that fetch outside resources are reported by
lint, emptied by render and left out of annotated copies."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
from click.testing import CliRunner

from contractsmith.cli import main
from contractsmith.ooxml_fields import find_fetching_fields, neutralise_fetching_fields

ROOT = Path(__file__).resolve().parent.parent
SHELL = ROOT / "src" / "contractsmith" / "templates" / "contract.docx"
URL = "http://fetch.example/logo.png"

SIMPLE = (
    f'<w:fldSimple w:instr=" INCLUDEPICTURE &quot;{URL}&quot; \\d ">'
    "<w:r><w:t>logo</w:t></w:r></w:fldSimple>"
)
COMPLEX = (
    '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
    '<w:r><w:instrText xml:space="preserve"> INCLUDETEXT </w:instrText></w:r>'
    '<w:r><w:instrText xml:space="preserve">"\\\\\\\\server\\\\share\\\\terms.docx"</w:instrText></w:r>'
    '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>terms</w:t></w:r>'
    '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
)


def _with_fields(path: Path, base: Path | None = None) -> Path:
    document = docx.Document(str(base)) if base else docx.Document()
    document.add_paragraph("MARK-SIMPLE")
    document.add_paragraph("MARK-COMPLEX")
    buf = io.BytesIO()
    document.save(buf)
    with zipfile.ZipFile(buf) as zin:
        parts = {n: zin.read(n) for n in zin.namelist()}
    xml = parts["word/document.xml"].decode()
    xml = xml.replace("<w:r><w:t>MARK-SIMPLE</w:t></w:r>", SIMPLE)
    xml = xml.replace("<w:r><w:t>MARK-COMPLEX</w:t></w:r>", COMPLEX)
    parts["word/document.xml"] = xml.encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, data in parts.items():
            zout.writestr(name, data)
    path.write_bytes(out.getvalue())
    return path


def _parts(path: Path | bytes) -> dict[str, bytes]:
    source = io.BytesIO(path) if isinstance(path, bytes) else str(path)
    with zipfile.ZipFile(source) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def test_fetching_fields_are_found_and_emptied_keeping_their_text(tmp_path: Path) -> None:
    parts = _parts(_with_fields(tmp_path / "f.docx"))
    found = find_fetching_fields(parts)
    assert [f.kind for f in found] == ["INCLUDEPICTURE", "INCLUDETEXT"]
    assert found[0].target == URL and "server" in found[1].target
    cleaned, removed = neutralise_fetching_fields(parts)
    assert len(removed) == 2 and find_fetching_fields(cleaned) == []
    xml = cleaned["word/document.xml"].decode()
    assert URL not in xml and "server" not in xml
    assert "logo" in xml and "terms" in xml  # the shown results stay


def test_lint_reports_a_fetching_field_as_T009(tmp_path: Path) -> None:
    house = _with_fields(tmp_path / "house.docx", SHELL)
    result = CliRunner().invoke(
        main, ["lint", str(house), "--no-render", "--no-wording", "--select", "T009"]
    )
    assert result.exit_code in (0, 1), result.output
    assert "T009" in result.output and "INCLUDEPICTURE" in result.output


def test_render_empties_fetching_fields_of_a_house_template(tmp_path: Path) -> None:
    house = _with_fields(tmp_path / "house.docx", SHELL)
    out = tmp_path / "out"
    spec = ROOT / "examples" / "ugc.yaml"
    result = CliRunner().invoke(
        main, ["render", str(spec), "-o", str(out), "--template", str(house)]
    )
    assert result.exit_code == 0, result.output
    xml = _parts(out / "ugc.docx")["word/document.xml"].decode()
    assert URL not in xml and "INCLUDEPICTURE" not in xml

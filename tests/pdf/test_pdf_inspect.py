"""`contractsmith inspect` on DOCX files (no LibreOffice needed) and the comparison helpers."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from contractsmith.cli import main
from contractsmith.generate.pdf_inspect import (
    Difference,
    clause_changes,
    compare_lines,
    compare_stream,
    docx_lines,
    inspect_file,
)
from contractsmith.resources import examples_dir

from .helpers import make_docx


@pytest.fixture(scope="module")
def rendered_docx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from contractsmith.generate.render import render

    out = tmp_path_factory.mktemp("inspect")
    return Path(render(examples_dir() / "sponsorship.yaml", out, as_of="2026-01-15").docx_path)


def _rewrite_part(docx: Path, target: Path, edit) -> Path:
    """Copy ``docx`` to ``target`` passing every XML part's text through ``edit(name, text)``."""
    with zipfile.ZipFile(docx) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename.endswith(".xml"):
                data = edit(info.filename, data.decode("utf-8")).encode("utf-8")
            dst.writestr(info, data)
    return target


def test_compare_lines_reports_the_first_difference() -> None:
    assert compare_lines(["a b", "c"], ["a  b", "c"]) is None
    assert compare_lines(["a", "b"], ["a", "x"]) == Difference(2, "b", "x")
    assert compare_lines(["a"], []) == Difference(1, "a", "")
    assert compare_lines(["a"], ["a", "extra"]) == Difference(2, "", "extra")


def test_compare_stream_ignores_line_breaks_but_not_words() -> None:
    expected = ["1. Fees", "The Brand shall pay the Fee within 30 days."]
    assert (
        compare_stream(expected, ["1. Fees The Brand shall pay", "the Fee within 30 days."]) is None
    )
    diff = compare_stream(expected, ["1. Fees The Brand shall pay", "the Fee within 60 days."])
    assert diff == Difference(2, expected[1], "the Fee within 60 days.")
    assert compare_stream(expected, ["1. Fees"]) == Difference(2, expected[1], "")


def test_clause_changes_lists_version_bumps_and_swaps() -> None:
    old = [{"id": "a", "version": "1.0.0"}, {"id": "b", "version": "1.0.0"}]
    new = [{"id": "a", "version": "1.1.0"}, {"id": "c", "version": "2.0.0"}]
    assert clause_changes(old, new) == [
        "a: 1.0.0 -> 1.1.0",
        "b 1.0.0: no longer used",
        "c 2.0.0: now used",
    ]
    assert clause_changes(old, old) == []


def test_fresh_docx_matches(rendered_docx: Path) -> None:
    result = inspect_file(rendered_docx)
    assert result.format == "docx" and result.status == "matches"
    assert result.clause_changes == [] and result.spec_sha256_ok
    runner = CliRunner()
    out = runner.invoke(main, ["inspect", str(rendered_docx)])
    assert out.exit_code == 0, out.output
    assert "matches" in out.output and result.manifest["spec_sha256"] in out.output
    first = result.manifest["clauses"][0]
    assert f"{first['id']} {first['version']}" in out.output


def test_edited_docx_has_drifted(rendered_docx: Path, tmp_path: Path) -> None:
    lines = docx_lines(rendered_docx)
    victim = next(line for line in lines if "Agreement" in line and len(line) > 60)
    word = re.search(r"[A-Za-z]{6,}", victim).group(0)
    changed = victim.replace(word, word.upper(), 1)

    def edit(name: str, text: str) -> str:
        return text.replace(word, word.upper(), 1) if name == "word/document.xml" else text

    # edit the first occurrence of the word in document.xml; it must be in the victim line
    tampered = _rewrite_part(rendered_docx, tmp_path / "tampered.docx", edit)
    new_lines = docx_lines(tampered)
    index = next(i for i, (a, b) in enumerate(zip(lines, new_lines, strict=True)) if a != b)
    result = inspect_file(tampered)
    assert result.status == "drifted"
    assert result.difference == Difference(index + 1, lines[index], new_lines[index])
    if lines[index] == victim:
        assert result.difference.found == changed
    out = CliRunner().invoke(main, ["inspect", str(tampered), "--format", "json"])
    assert out.exit_code == 1
    report = json.loads(out.output)
    assert report["status"] == "drifted" and report["difference"]["line"] == index + 1


def test_clause_version_change_is_reported(rendered_docx: Path, tmp_path: Path) -> None:
    first = inspect_file(rendered_docx).manifest["clauses"][0]
    old = f'{{"id":"{first["id"]}","version":"{first["version"]}"}}'
    new = f'{{"id":"{first["id"]}","version":"0.0.1"}}'

    def edit(name: str, text: str) -> str:
        return text.replace(old.replace('"', "&quot;"), new.replace('"', "&quot;")).replace(
            old, new
        )

    changed = _rewrite_part(rendered_docx, tmp_path / "older.docx", edit)
    result = inspect_file(changed)
    assert result.clause_changes == [f"{first['id']}: 0.0.1 -> {first['version']}"]
    out = CliRunner().invoke(main, ["inspect", str(changed)])
    assert f"{first['id']}: 0.0.1 -> {first['version']}" in out.output


@pytest.mark.parametrize(
    "content",
    [None, b"not a contract at all", b"%PDF-1.7 broken", b"PK\x03\x04broken zip"],
    ids=["missing", "text", "broken-pdf", "broken-zip"],
)
def test_unreadable_files_exit_2_with_one_line(tmp_path: Path, content: bytes | None) -> None:
    path = tmp_path / "file.pdf"
    if content is not None:
        path.write_bytes(content)
    out = CliRunner().invoke(main, ["inspect", str(path)])
    assert out.exit_code == 2
    assert out.exception is None or isinstance(out.exception, SystemExit)
    assert len(out.output.strip().splitlines()) == 1 and str(path) in out.output


def test_docx_without_manifest_exits_2(tmp_path: Path) -> None:
    plain = tmp_path / "plain.docx"
    make_docx(plain, "Plain Agreement", sections=1)
    out = CliRunner().invoke(main, ["inspect", str(plain), "--format", "json"])
    assert out.exit_code == 2
    assert "no contractsmith manifest" in out.output

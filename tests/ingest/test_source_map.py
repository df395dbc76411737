"""Finding positions in TXT and Markdown contracts map back to the file's own lines."""

from __future__ import annotations

import re
from pathlib import Path

from contractsmith.analyse.check import check_document
from contractsmith.ingest import read_document
from contractsmith.ingest.source_map import SourceMap
from tests.ingest.builders import make_pdf


def _position(path: Path, needle: str) -> tuple[int, int]:
    """(line, column) of ``needle`` in the document's normalised text, mapped to the file."""
    doc = read_document(path)
    assert doc.source is not None
    offset = doc.text.index(needle)
    where = SourceMap(doc).line_col(offset)
    assert where is not None
    return where


def _in_file(path: Path, line: int, column: int) -> str:
    text = path.read_bytes().decode("utf-8").replace("\r\n", "\n")
    return text.split("\n")[line - 1][column - 1 :]


def test_markdown_emphasis_heading_and_list_marks_are_skipped(tmp_path: Path) -> None:
    md = tmp_path / "deal.md"
    md.write_text(
        "# Sponsorship\n\n## 2. Payment\n\n"
        "The Brand shall pay the **Fee** promptly\nafter   the Creator\npublishes the Post.\n\n"
        "- The Creator shall post `two` reels *as soon as practicable*.\n",
        encoding="utf-8",
    )
    assert _position(md, "promptly") == (5, 33)
    assert _in_file(md, *_position(md, "publishes the Post")).startswith("publishes the Post")
    assert _in_file(md, *_position(md, "Payment")).startswith("Payment")
    line, column = _position(md, "as soon as practicable")
    assert (line, _in_file(md, line, column)[:14]) == (9, "as soon as pra")


def test_hard_wrapped_crlf_text_with_a_hyphen_join(tmp_path: Path) -> None:
    body = (
        "1. FEES\r\n\r\n"
        "     The Licensee shall pay the royalty within a reasonable time after each quar-\r\n"
        "     ter ends, and the Licensor shall deliver the statements promptly.\r\n"
    )
    txt = tmp_path / "licence.txt"
    txt.write_bytes(body.encode("utf-8"))
    line, column = _position(txt, "promptly")
    assert line == 4 and _in_file(txt, line, column).startswith("promptly")
    line, column = _position(txt, "ter ends")
    assert line == 4 and _in_file(txt, line, column).startswith("ter ends")


def test_check_fills_the_file_line_for_text_findings_only(tmp_path: Path) -> None:
    txt = tmp_path / "quick.txt"
    txt.write_text(
        "SPONSORSHIP AGREEMENT\n\n\n1. Deliverables\n\n"
        "The Creator shall post two reels on Instagram.\n\n"
        "2. Payment\n\nThe Brand shall pay the Fee of USD 5,000 promptly\nafter publication.\n",
        encoding="utf-8",
    )
    report = check_document(str(txt))
    positioned = [f for f in report.findings if f.location.start not in (None, -1)]
    assert positioned, "the wording rules must flag 'promptly'"
    lines = txt.read_text(encoding="utf-8").split("\n")
    vague = next(f for f in positioned if re.search("promptly", f.message))
    loc = vague.location
    assert lines[loc.line - 1][loc.column - 1 :].startswith("promptly")
    # Document-level findings (missing clauses) have no line.
    assert all(f.location.line is None for f in report.findings if f.rule.startswith("C"))


def test_pdf_keeps_no_source_text(tmp_path: Path) -> None:
    pdf = tmp_path / "deal.pdf"
    pdf.write_bytes(make_pdf([["The Brand shall pay the Fee promptly."]]))
    assert read_document(pdf).source is None

"""A finding on a table row read as one "Label: value" unit is anchored in its cells."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import docx

from contractsmith.findings import Finding, Location, Severity
from contractsmith.ingest import read_document
from contractsmith.report.annotate_docx import annotate_docx
from contractsmith.report.textmatch import targets_for


def test_row_finding_is_anchored_on_the_value_cell(tmp_path: Path) -> None:
    d = docx.Document()
    d.add_paragraph("Agency agreement between Acme and Client Co.")
    table = d.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "ROLLOVER"
    table.cell(0, 1).text = "Client may extend by 3 months"
    source = tmp_path / "agency.docx"
    d.save(source)
    doc = read_document(source)
    row = doc.blocks[1]
    assert row.text == "ROLLOVER: Client may extend by 3 months"
    finding = Finding(
        "V999",
        Severity.WARNING,
        "renewal without notice",
        Location(paragraph=1, start=row.start, end=row.end),
    )
    out = tmp_path / "out.docx"
    assert annotate_docx(source, out, targets_for(doc.text, [finding])) == 1
    xml = zipfile.ZipFile(out).read("word/document.xml").decode("utf-8")
    start = xml.index("<w:commentRangeStart")
    covered = "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml[start:]))
    assert covered.startswith("Client may extend by 3 months")

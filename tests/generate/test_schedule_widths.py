"""Schedule 1's quantity column keeps "2 per month" whole (issue 15, defect 13).

The column was 0.9 cm wide, so LibreOffice and Word broke the text inside "month"
("2 / per / mo / nth"). The test reads the rendered DOCX table: the Qty column's width,
less the cell margins, must hold the widest Qty cell on one line at the table font size.
"""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.shared import Length

from contractsmith.generate.render import render

EXAMPLES = Path(__file__).resolve().parent.parent.parent / "examples"

# Advance widths (fraction of the em) of Liberation Serif, which is metric-compatible with
# Times; a character not listed counts as a full em, which overstates it.
_WIDTHS = {
    **dict.fromkeys("0123456789", 0.5),
    **dict(zip(" .,;:/-@#()", [0.25, 0.25, 0.25, 0.278, 0.278, 0.278, 0.333, 0.921, 0.5,
                               0.333, 0.333], strict=True)),
    **dict(zip("abcdefghijklmnopqrstuvwxyz", [
        0.444, 0.5, 0.444, 0.5, 0.444, 0.333, 0.5, 0.5, 0.278, 0.278, 0.5, 0.278, 0.778,
        0.5, 0.5, 0.5, 0.5, 0.333, 0.389, 0.278, 0.5, 0.5, 0.722, 0.5, 0.5, 0.444,
    ], strict=True)),
    **dict(zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", [
        0.722, 0.667, 0.667, 0.722, 0.611, 0.556, 0.722, 0.722, 0.333, 0.389, 0.722, 0.611,
        0.889, 0.722, 0.722, 0.556, 0.722, 0.667, 0.556, 0.611, 0.722, 0.722, 0.944, 0.722,
        0.722, 0.611,
    ], strict=True)),
}  # fmt: skip
# Word's and LibreOffice's default left and right cell margins (0.19 cm each).
_CELL_MARGINS_TWIPS = 2 * 108
QTY, SPECIFICATION = 3, 4


def _text_twips(text: str, size_pt: float) -> float:
    return sum(_WIDTHS.get(ch, 1.0) for ch in text) * size_pt * 20


def _schedule_1(document: docx.document.Document) -> docx.table.Table:
    for table in document.tables:
        if [c.text for c in table.rows[0].cells][:4] == ["ID", "Platform", "Format", "Qty"]:
            return table
    raise AssertionError("no Schedule 1 table in the rendered contract")


def _column_room(table: docx.table.Table, index: int) -> int:
    """The width, in twips, that text has in column ``index`` (grid width less margins)."""
    grid = table._tbl.tblGrid.findall(docx.oxml.ns.qn("w:gridCol"))
    column = int(grid[index].get(docx.oxml.ns.qn("w:w")))
    for row in table.rows[1:]:
        width = row.cells[index].width
        assert width is None or Length(width).twips == column  # what Word reads
    return column - _CELL_MARGINS_TWIPS


def _rendered(tmp_path: Path, kind: str) -> tuple[docx.table.Table, float]:
    rendered = render(EXAMPLES / f"{kind}.yaml", tmp_path, as_of="2026-01-15")
    document = docx.Document(str(rendered.docx_path))
    size = document.styles["Table Text"].font.size
    assert size is not None
    return _schedule_1(document), size.pt


@pytest.mark.parametrize("kind", ["retainer", "ambassador"])
def test_monthly_quantity_fits_on_one_line(tmp_path: Path, kind: str) -> None:
    table, size = _rendered(tmp_path, kind)
    quantities = [row.cells[QTY].text for row in table.rows[1:]]
    assert quantities and all(q.endswith(" per month") for q in quantities), quantities
    widest = max(quantities, key=lambda q: _text_twips(q, size))
    assert _text_twips(widest, size) <= _column_room(table, QTY), widest


@pytest.mark.parametrize("kind", ["sponsorship", "retainer", "ambassador", "ugc"])
def test_no_word_is_broken_in_quantity_or_specification(tmp_path: Path, kind: str) -> None:
    """Widening Qty must not make a link or hashtag in Specification break instead."""
    table, size = _rendered(tmp_path, kind)
    for index in (QTY, SPECIFICATION):
        room = _column_room(table, index)
        for row in table.rows[1:]:
            for word in row.cells[index].text.split():
                assert _text_twips(word, size) <= room, (kind, index, word)

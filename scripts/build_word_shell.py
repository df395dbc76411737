"""Build the default Word shell ``src/contractsmith/templates/contract.docx``.

Run from the repository root:  python scripts/build_word_shell.py

The shell is an ordinary .docx with docxtpl placeholders (see
``contractsmith.generate.docx_writer`` for the full list). A legal team can restyle a
copy in Word and pass it with ``contractsmith render --template house.docx``. The
output is byte-identical on every run, so the committed binary only changes when this
script does.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

from contractsmith.generate.zipnorm import normalise_package  # noqa: E402

OUTPUT = REPO / "src" / "contractsmith" / "templates" / "contract.docx"
SHELL_DATE = dt.datetime(2026, 1, 1, 0, 0, 0)
BODY_FONT = "Liberation Serif"
HEADING_FONT = "Liberation Sans"
INK = RGBColor(0x1F, 0x2A, 0x44)


def set_font(style_or_run, name: str, size: float | None = None, bold: bool | None = None):
    """Set a font by name everywhere Word looks (drops theme-font overrides)."""
    font = style_or_run.font
    font.name = name
    rpr = style_or_run.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), name)
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold


def paragraph_style(doc, name: str, base: str = "Normal"):
    styles = doc.styles
    style = (
        styles[name]
        if name in [s.name for s in styles]
        else styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    )
    style.base_style = styles[base]
    return style


def build_styles(doc) -> None:
    normal = doc.styles["Normal"]
    set_font(normal, BODY_FONT, 10.5)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.1

    title = doc.styles["Title"]
    set_font(title, HEADING_FONT, 20, bold=True)
    title.font.color.rgb = INK
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_after = Pt(4)
    _drop_border(title)

    for name, size, before in (("Heading 1", 12, 14), ("Heading 2", 11, 10)):
        style = doc.styles[name]
        set_font(style, HEADING_FONT, size, bold=True)
        style.font.color.rgb = INK
        style.font.italic = False
        style.paragraph_format.space_before = Pt(before)
        style.paragraph_format.space_after = Pt(4)
        style.paragraph_format.keep_with_next = True

    subtitle = paragraph_style(doc, "Contract Reference")
    subtitle.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    subtitle.font.color.rgb = RGBColor(0x55, 0x5B, 0x6E)
    subtitle.paragraph_format.space_after = Pt(14)

    clause = paragraph_style(doc, "Clause")
    clause.paragraph_format.left_indent = Cm(1.25)
    clause.paragraph_format.first_line_indent = Cm(-1.25)
    clause.paragraph_format.tab_stops.add_tab_stop(Cm(1.25))
    clause.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY

    item = paragraph_style(doc, "Clause Item")
    item.paragraph_format.left_indent = Cm(2.25)
    item.paragraph_format.first_line_indent = Cm(-1.0)
    item.paragraph_format.tab_stops.add_tab_stop(Cm(2.25))
    item.paragraph_format.space_after = Pt(3)
    item.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY

    party = paragraph_style(doc, "Party")
    party.paragraph_format.left_indent = Cm(1.0)
    party.paragraph_format.first_line_indent = Cm(-1.0)
    party.paragraph_format.tab_stops.add_tab_stop(Cm(1.0))

    table_text = paragraph_style(doc, "Table Text")
    table_text.font.size = Pt(8.5)
    table_text.paragraph_format.space_after = Pt(0)
    table_text.paragraph_format.line_spacing = 1.0

    table_head = paragraph_style(doc, "Table Heading", "Table Text")
    table_head.font.bold = True

    small = paragraph_style(doc, "Header Text")
    small.font.size = Pt(8)
    small.font.color.rgb = RGBColor(0x55, 0x5B, 0x6E)
    small.paragraph_format.space_after = Pt(0)


def _drop_border(style) -> None:
    ppr = style.element.find(qn("w:pPr"))
    if ppr is not None:
        border = ppr.find(qn("w:pBdr"))
        if border is not None:
            ppr.remove(border)


def control(doc, text: str) -> None:
    """A paragraph holding only a docxtpl ``{%p ... %}`` tag (removed at render)."""
    doc.add_paragraph(text)


def add_field(paragraph, instruction: str, placeholder: str) -> None:
    """Insert a Word field (PAGE, NUMPAGES) as begin/instr/separate/result/end runs."""

    def fld(kind: str):
        run = paragraph.add_run()
        char = OxmlElement("w:fldChar")
        char.set(qn("w:fldCharType"), kind)
        run._r.append(char)

    fld("begin")
    run = paragraph.add_run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run._r.append(instr)
    fld("separate")
    paragraph.add_run(placeholder)
    fld("end")


def repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    trpr.append(flag)


def set_widths(table, widths: list[float]) -> None:
    """Fix column widths in the grid (what LibreOffice reads) and in every cell (Word)."""
    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths, strict=True):
        col.set(qn("w:w"), str(Cm(width).twips))
    for row in table.rows:
        for index, width in enumerate(widths):
            row.cells[index].width = Cm(width)
    table.autofit = False  # fixed layout: python-docx puts w:tblLayout in schema order


def loop_table(doc, headers: list[str], loop: str, cells: list[str], widths: list[float]):
    """A table: a heading row, then one row per item of ``loop`` via ``{%tr for %}``."""
    table = doc.add_table(rows=4, cols=len(headers))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for index, text in enumerate(headers):
        cell = table.rows[0].cells[index]
        cell.paragraphs[0].text = text
        cell.paragraphs[0].style = doc.styles["Table Heading"]
    repeat_header(table.rows[0])
    table.rows[1].cells[0].paragraphs[0].text = "{%tr for row in " + loop + " %}"
    for index, text in enumerate(cells):
        cell = table.rows[2].cells[index]
        cell.paragraphs[0].text = text
        cell.paragraphs[0].style = doc.styles["Table Text"]
    table.rows[3].cells[0].paragraphs[0].text = "{%tr endfor %}"
    set_widths(table, widths)
    return table


def build_header_footer(doc) -> None:
    section = doc.sections[0]
    header = section.header
    header.is_linked_to_previous = False
    para = header.paragraphs[0]
    para.style = doc.styles["Header Text"]
    para.paragraph_format.tab_stops.add_tab_stop(Cm(16), WD_TAB_ALIGNMENT.RIGHT)
    para.add_run("{{ title }}")
    para.add_run("\t")
    para.add_run("{{ reference }}")

    footer = section.footer
    footer.is_linked_to_previous = False
    para = footer.paragraphs[0]
    para.style = doc.styles["Header Text"]
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    para.add_run("Page ")
    add_field(para, "PAGE", "1")
    para.add_run(" of ")
    add_field(para, "NUMPAGES", "1")


def build_body(doc) -> None:
    doc.add_paragraph("{{ title }}", style="Title")
    control(doc, "{%p if reference %}")
    doc.add_paragraph("Reference: {{ reference }}", style="Contract Reference")
    control(doc, "{%p endif %}")
    control(doc, "{%p if intro %}")
    doc.add_paragraph("{{r preamble }}")
    control(doc, "{%p for p in parties %}")
    para = doc.add_paragraph(style="Party")
    para.add_run("{{ p.label }}")
    para.add_run("\t")
    para.add_run("{{r p.rich }}")
    control(doc, "{%p endfor %}")
    control(doc, "{%p endif %}")

    control(doc, "{%p if recitals %}")
    doc.add_paragraph("Background", style="Heading 2")
    control(doc, "{%p for r in recitals %}")
    para = doc.add_paragraph(style="Party")
    para.add_run("{{ r.label }}")
    para.add_run("\t")
    para.add_run("{{ r.text }}")
    control(doc, "{%p endfor %}")
    control(doc, "{%p endif %}")

    control(doc, "{%p if cover %}")
    doc.add_paragraph("Key Terms", style="Heading 2")
    table = doc.add_table(rows=3, cols=2)
    table.style = doc.styles["Table Grid"]
    table.autofit = False
    table.rows[0].cells[0].paragraphs[0].text = "{%tr for row in cover %}"
    table.rows[1].cells[0].paragraphs[0].text = "{{ row.label }}"
    table.rows[1].cells[0].paragraphs[0].style = doc.styles["Table Heading"]
    table.rows[1].cells[1].paragraphs[0].text = "{{ row.value }}"
    table.rows[1].cells[1].paragraphs[0].style = doc.styles["Table Text"]
    table.rows[2].cells[0].paragraphs[0].text = "{%tr endfor %}"
    set_widths(table, [4.5, 11.5])
    control(doc, "{%p endif %}")

    control(doc, "{%p if intro %}")
    doc.add_paragraph("Agreed Terms", style="Heading 2")
    doc.add_paragraph("The parties agree as follows:")
    control(doc, "{%p endif %}")
    control(doc, "{%p for s in sections %}")
    doc.add_paragraph("{{ s.heading }}", style="Heading 1")
    control(doc, "{%p for c in s.paragraphs %}")
    control(doc, "{%p if c.level == 1 %}")
    para = doc.add_paragraph(style="Clause")
    para.add_run("{{ c.number }}")
    para.add_run("\t")
    para.add_run("{{r c.rich }}")
    control(doc, "{%p else %}")
    para = doc.add_paragraph(style="Clause Item")
    para.add_run("{{ c.number }}")
    para.add_run("\t")
    para.add_run("{{r c.rich }}")
    control(doc, "{%p endif %}")
    control(doc, "{%p endfor %}")
    control(doc, "{%p endfor %}")

    control(doc, "{%p if not signature_clause %}")
    doc.add_paragraph("Signatures", style="Heading 1")
    doc.add_paragraph(
        "Signed by the authorised representatives of the parties on the dates written below."
    )
    control(doc, "{%p endif %}")
    table = doc.add_table(rows=3, cols=2)
    table.style = doc.styles["Table Grid"]
    table.autofit = False
    table.rows[0].cells[0].paragraphs[0].text = "{%tr for s in signatures %}"
    left = table.rows[1].cells[0]
    left.paragraphs[0].text = "{{ s.short_name }}"
    left.paragraphs[0].style = doc.styles["Table Heading"]
    left.add_paragraph("{{ s.legal_name }}", style="Table Text")
    right = table.rows[1].cells[1]
    right.paragraphs[0].text = "Signature: ______________________________"
    right.paragraphs[0].style = doc.styles["Table Text"]
    # A signatory without a title gets no "Title:" line at all, not an empty one.
    for text in (
        "Name: {{ s.signatory_name }}",
        "{%p if s.signatory_title %}",
        "Title: {{ s.signatory_title }}",
        "{%p endif %}",
        "Date: ______________________________",
    ):
        right.add_paragraph(text, style="Table Text")
    for para in right.paragraphs:
        para.paragraph_format.space_after = Pt(6)
    table.rows[2].cells[0].paragraphs[0].text = "{%tr endfor %}"
    set_widths(table, [6.0, 10.0])

    control(doc, "{%p if deliverables %}")
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    doc.add_paragraph("Schedule 1: Deliverables", style="Heading 1")
    loop_table(
        doc,
        [
            "ID",
            "Platform",
            "Format",
            "Qty",
            "Specification",
            "Draft due",
            "Posting window",
            "Live for",
        ],
        "deliverables",
        [
            "{{ row.id }}",
            "{{ row.platform }}",
            "{{ row.format }}",
            "{{ row.count }}",
            "{{ row.specification }}",
            "{{ row.draft_due }}",
            "{{ row.posting_window }}",
            "{{ row.live_for }}",
        ],
        # Qty holds "2 per month" on one line at 8.5 pt (0.9 cm broke "month" inside
        # the word); Specification keeps room for a link such as "brand.example/glow;".
        [1.0, 1.8, 1.6, 1.9, 3.6, 2.0, 2.6, 1.5],
    )
    control(doc, "{%p endif %}")

    control(doc, "{%p if payments %}")
    doc.add_paragraph("Schedule 2: Payment Schedule", style="Heading 1")
    loop_table(
        doc,
        ["Instalment", "Share", "Amount", "Payable on", "Due"],
        "payments",
        [
            "{{ row.label }}",
            "{{ row.percent }}",
            "{{ row.amount }}",
            "{{ row.trigger }}",
            "{{ row.due }}",
        ],
        [3.6, 1.6, 3.0, 4.8, 3.0],
    )
    control(doc, "{%p endif %}")

    control(doc, "{%p if usage_rights %}")
    doc.add_paragraph("Schedule 3: Usage Rights", style="Heading 1")
    loop_table(
        doc,
        ["Use", "Media", "Territory", "Duration", "Fee"],
        "usage_rights",
        [
            "{{ row.use }}",
            "{{ row.media }}",
            "{{ row.territory }}",
            "{{ row.duration }}",
            "{{ row.fee }}",
        ],
        [3.6, 3.6, 3.0, 3.4, 2.4],
    )
    control(doc, "{%p endif %}")


def drop_thumbnail(doc) -> None:
    """Remove the stock thumbnail and the Word 2010 stylesWithEffects copy of the styles.

    Both come with python-docx's default document; neither is needed, and the second
    is 430 kB that every render would otherwise compress again.
    """
    rels = doc.part.package.rels
    for rid, rel in list(rels.items()):
        if rel.reltype.endswith("/metadata/thumbnail"):
            del rels[rid]
    for rid, rel in list(doc.part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            del doc.part.rels[rid]


KEEP_TABLE_STYLES = {"Normal Table", "Table Grid"}


def drop_unused_table_styles(doc) -> None:
    """Keep only the table styles the shell uses (the stock set is 300 kB of XML that
    every render would parse and write again)."""
    root = doc.styles.element
    for style in list(root.findall(qn("w:style"))):
        if style.get(qn("w:type")) != "table":
            continue
        name = style.find(qn("w:name"))
        if name is None or name.get(qn("w:val")) not in KEEP_TABLE_STYLES:
            root.remove(style)


def build() -> bytes:
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin = section.bottom_margin = Cm(2.2)
    build_styles(doc)
    # the default document starts empty; drop any stray paragraph
    for para in list(doc.paragraphs):
        para._element.getparent().remove(para._element)
    build_header_footer(doc)
    build_body(doc)
    props = doc.core_properties
    props.title = "contractsmith contract shell"
    props.subject = "Influencer marketing agreement"
    props.author = "contractsmith"
    props.last_modified_by = "contractsmith"
    props.comments = "Default Word shell: docxtpl placeholders filled by contractsmith render."
    props.keywords = ""
    props.revision = 1
    props.created = SHELL_DATE
    props.modified = SHELL_DATE
    props.last_printed = SHELL_DATE
    drop_thumbnail(doc)
    drop_unused_table_styles(doc)
    buffer = io.BytesIO()
    doc.save(buffer)
    return normalise_package(buffer.getvalue(), SHELL_DATE.date())


def main() -> int:
    data = build()
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_bytes(data)
    print(f"wrote {OUTPUT.relative_to(REPO)} ({len(data)} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

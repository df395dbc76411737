"""Word (.docx) contracts -> Document, via python-docx and lxml.

The body is walked in document order: paragraphs and tables (row by row, cell by cell,
nested tables in place; a vertically merged cell's text comes once, from its first
cell), content controls (``w:sdt``) and text boxes (after the paragraph that anchors
them). Tracked insertions are kept and deletions dropped; hidden text and field codes
are dropped while fields' displayed results are kept. Numbered paragraphs get the label
Word would show (``numbering.Numbering``), stored in ``Block.label`` and prefixed to the
text. Paragraphs in "Heading N" / "Title" styles are headings. Headers and footers of all
sections are read once each into ``Document.headers`` / ``footers``.

The caller has already checked the ZIP (``safety.check_docx_zip``), which refuses any part
that declares a DOCTYPE; python-docx parses XML with entity resolution off, and a part it
keeps as bytes is parsed with ``safexml.parse_xml``.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from docx.styles import BabelFish
from lxml import etree

from contractsmith.ingest.fields import Cell, is_label, mark_fields, row_block
from contractsmith.ingest.limits import Limits, too_many
from contractsmith.ingest.model import Block, BlockKind, Document, IngestError
from contractsmith.ingest.numbering import BULLET, Numbering, parse_decimal, w
from contractsmith.ingest.reflow import SPACE_TABLE
from contractsmith.safexml import UnsafeXMLError, parse_xml

MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
RT_HEADER = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header"
RT_FOOTER = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer"

P, TBL, TR, TC, SDT, SDT_CONTENT = (w(t) for t in ("p", "tbl", "tr", "tc", "sdt", "sdtContent"))
T, TAB, PTAB, BR, CR = (w(t) for t in ("t", "tab", "ptab", "br", "cr"))
R, RPR, PPR, VANISH = w("r"), w("rPr"), w("pPr"), w("vanish")
TXBX = w("txbxContent")
NO_BREAK_HYPHEN = w("noBreakHyphen")
# Subtrees whose text is not part of what the reader sees.
_SKIP = frozenset(
    {
        w("del"),
        w("moveFrom"),
        w("delText"),
        w("delInstrText"),
        w("instrText"),
        w("fldData"),
        PPR,
        w("rPr"),
        w("sdtPr"),
        w("sdtEndPr"),
        w("commentReference"),
        w("footnoteReference"),
        w("endnoteReference"),
        f"{{{MC_NS}}}Fallback",
    }
)
# Block-level wrappers whose children are walked like the body's.
_TRANSPARENT = frozenset({w("customXml"), w("ins"), w("moveTo"), SDT_CONTENT})
_SPACES = re.compile(r"[ \t]+")
_HEADING_STYLE = re.compile(r"^(heading\s*\d|title)$", re.IGNORECASE)
# How often (in paragraphs) the walk checks the time limit.
_CHECK_EVERY = 200


def _on(el: etree._Element | None) -> bool:
    """True for a present on/off property (w:vanish, w:b) that is not switched off."""
    if el is None:
        return False
    return el.get(w("val"), "true") not in ("0", "false", "off")


@dataclass(frozen=True)
class _Style:
    name: str
    based_on: str | None
    num_id: str | None
    ilvl: int | None
    heading: bool


def _read_styles(root: etree._Element | None) -> dict[str, _Style]:
    styles: dict[str, _Style] = {}
    if root is None:
        return styles
    for st in root.iter(w("style")):
        if st.get(w("type")) not in (None, "paragraph"):
            continue
        sid = st.get(w("styleId"), "")
        name_el = st.find(w("name"))
        name = name_el.get(w("val"), sid) if name_el is not None else sid
        name = BabelFish.internal2ui(name)  # "heading 1" -> "Heading 1"
        based = st.find(w("basedOn"))
        numpr = st.find(f"{PPR}/{w('numPr')}")
        num_id = ilvl = None
        if numpr is not None:
            nid = numpr.find(w("numId"))
            lvl = numpr.find(w("ilvl"))
            num_id = nid.get(w("val")) if nid is not None else None
            ilvl = parse_decimal(lvl.get(w("val")), 0) if lvl is not None else None
        outline = st.find(f"{PPR}/{w('outlineLvl')}")
        heading = bool(_HEADING_STYLE.match(name) or _HEADING_STYLE.match(sid))
        if outline is not None:
            heading = heading or 0 <= parse_decimal(outline.get(w("val")), 9) < 9
        styles[sid] = _Style(
            name, based.get(w("val")) if based is not None else None, num_id, ilvl, heading
        )
    return styles


@dataclass
class _Walker:
    """Walks one story (body, header or footer) and collects its blocks."""

    numbering: Numbering
    styles: dict[str, _Style]
    check: Callable[[], None] | None = None
    # Most paragraphs and table cells one story may hold (None: no limit).
    max_units: int | None = None
    blocks: list[Block] = field(default_factory=list)
    seen: int = 0

    def _count(self) -> None:
        """Count one paragraph or cell; check the time and the paragraph limit."""
        self.seen += 1
        if self.check is not None and self.seen % _CHECK_EVERY == 0:
            self.check()
        if self.max_units is not None and self.seen > self.max_units:
            raise too_many("paragraphs", self.max_units, "CONTRACTSMITH_MAX_PARAGRAPHS")

    # -- styles -----------------------------------------------------------------------
    def _style_chain(self, sid: str | None) -> Iterator[_Style]:
        depth = 0
        while sid and sid in self.styles and depth < 20:
            style = self.styles[sid]
            yield style
            sid = style.based_on
            depth += 1

    def _numbering_of(self, p: etree._Element, sid: str | None) -> tuple[str | None, int]:
        num_id: str | None = None
        ilvl: int | None = None
        numpr = p.find(f"{PPR}/{w('numPr')}")
        if numpr is not None:
            nid = numpr.find(w("numId"))
            lvl = numpr.find(w("ilvl"))
            if nid is not None:
                num_id = nid.get(w("val"))
            if lvl is not None:
                ilvl = parse_decimal(lvl.get(w("val")), 0)
        if num_id is None or ilvl is None:
            for style in self._style_chain(sid):
                if num_id is None and style.num_id is not None:
                    num_id = style.num_id
                if ilvl is None and style.ilvl is not None:
                    ilvl = style.ilvl
        return num_id, ilvl or 0

    # -- text -------------------------------------------------------------------------
    def _collect(self, el: etree._Element, out: list[str], boxes: list[etree._Element]) -> None:
        for child in el:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIP:
                continue
            if tag == T:
                out.append(child.text or "")
            elif tag in (TAB, PTAB):
                out.append(" ")
            elif tag in (BR, CR):
                out.append("\n")
            elif tag == NO_BREAK_HYPHEN:
                out.append("-")
            elif tag == TXBX:
                boxes.append(child)
            elif tag == R and _on(child.find(f"{RPR}/{VANISH}")):
                continue  # hidden text
            else:
                self._collect(child, out, boxes)

    @staticmethod
    def _clean(parts: list[str]) -> str:
        raw = "".join(parts).translate(SPACE_TABLE)
        lines = (_SPACES.sub(" ", ln).strip() for ln in raw.split("\n"))
        return "\n".join(ln for ln in lines if ln)

    # -- structure --------------------------------------------------------------------
    def walk(self, container: etree._Element, kind: BlockKind | None = None) -> None:
        """Walk the block-level children of ``container`` in order."""
        for child in container:
            tag = child.tag
            if tag == P:
                self.paragraph(child, kind)
            elif tag == TBL:
                self.table(child, kind)
            elif tag == SDT:
                content = child.find(SDT_CONTENT)
                if content is not None:
                    self.walk(content, kind)
            elif tag in _TRANSPARENT:
                self.walk(child, kind)

    def paragraph(self, p: etree._Element, kind: BlockKind | None) -> None:
        self._count()
        ppr = p.find(PPR)
        sid = None
        if ppr is not None:
            pstyle = ppr.find(w("pStyle"))
            if pstyle is not None:
                sid = pstyle.get(w("val"))
        num_id, ilvl = self._numbering_of(p, sid)
        label = self.numbering.label(num_id, ilvl) if num_id else None
        parts: list[str] = []
        boxes: list[etree._Element] = []
        self._collect(p, parts, boxes)
        text = self._clean(parts)
        style = self.styles.get(sid) if sid else None
        if text:
            if kind is not None:
                block_kind = kind
            elif style is not None and any(s.heading for s in self._style_chain(sid)):
                block_kind = BlockKind.HEADING
            elif label is not None:
                block_kind = BlockKind.LIST_ITEM
            else:
                block_kind = BlockKind.PARAGRAPH
            if label and label != BULLET:
                text = f"{label} {text}"
            self.blocks.append(
                Block(
                    text=text,
                    kind=block_kind,
                    label=label,
                    style=style.name if style is not None else sid,
                )
            )
        for box in boxes:
            self.walk(box, kind)

    def table(self, tbl: etree._Element, kind: BlockKind | None) -> None:
        cell_kind = kind if kind in (BlockKind.HEADER, BlockKind.FOOTER) else BlockKind.TABLE_CELL
        rows = list(_children(tbl, TR))
        header: list[Cell] | None = None
        for r, row in enumerate(rows):
            cells = [cell for cell in _children(row, TC) if not _merged_away(cell)]
            if cell_kind is not BlockKind.TABLE_CELL:
                for cell in cells:
                    self.walk(cell, cell_kind)
                continue
            per_cell = [self._cell_blocks(cell) for cell in cells]
            flat = _flat_cells(cells, per_cell)
            if r == 0 and len(rows) > 1 and flat is not None and _is_header(flat):
                header = flat
                unit = row_block(flat, heading_row=True)
            elif header is not None and flat is not None and len(flat) == len(header):
                unit = row_block(flat, header)
            else:
                unit = _field_row(cells, per_cell)
            if unit is not None:
                self.blocks.append(unit)
            else:
                for blocks in per_cell:
                    self.blocks.extend(blocks)

    def _cell_blocks(self, cell: etree._Element) -> list[Block]:
        """The blocks of one cell, read apart from the story's (each cell read once)."""
        self._count()
        sub = _Walker(self.numbering, self.styles, self.check, self.max_units, seen=self.seen)
        sub.walk(cell, BlockKind.TABLE_CELL)
        self.seen = sub.seen
        return sub.blocks


def _flat_cells(cells: list[etree._Element], per_cell: list[list[Block]]) -> list[Cell] | None:
    """Each cell's text (its paragraphs joined by newlines), or None when a cell holds a
    nested table."""
    if any(c.find(f".//{TBL}") is not None for c in cells):
        return None
    return [Cell("\n".join(b.text for b in blocks)) for blocks in per_cell]


def _is_header(cells: list[Cell]) -> bool:
    """A first row of three or more cells, each a label: the column headers."""
    return len(cells) >= 3 and all("\n" not in c.text and is_label(c.text) for c in cells)


def _field_row(cells: list[etree._Element], per_cell: list[list[Block]]) -> Block | None:
    """A two-cell row whose first cell is a label, as one "Label: value" block; else None."""
    if len(cells) != 2 or any(c.find(f".//{TBL}") is not None for c in cells):
        return None
    label_cell, value_cell = per_cell
    if len(label_cell) != 1 or not value_cell or not is_label(label_cell[0].text):
        return None
    return row_block([Cell(label_cell[0].text), Cell("\n".join(b.text for b in value_cell))])


def _merged_away(cell: etree._Element) -> bool:
    """Whether a cell continues a merge, so its text came with the merge's first cell."""
    tcpr = cell.find(w("tcPr"))
    if tcpr is None:
        return False
    for tag in ("vMerge", "hMerge"):
        merge = tcpr.find(w(tag))
        if merge is not None and merge.get(w("val"), "continue") == "continue":
            return True
    return False


def _children(el: etree._Element, tag: str) -> Iterator[etree._Element]:
    """Children with ``tag``, looking through content controls and customXml wrappers."""
    for child in el:
        if child.tag == tag:
            yield child
        elif child.tag == SDT:
            content = child.find(SDT_CONTENT)
            if content is not None:
                yield from _children(content, tag)
        elif child.tag in _TRANSPARENT:
            yield from _children(child, tag)


def _part_element(doc_part, partname_suffix: str) -> etree._Element | None:
    for rel in doc_part.rels.values():
        if not rel.is_external and rel.reltype.endswith(partname_suffix):
            target = rel.target_part
            element = getattr(target, "element", None)
            if element is not None:
                return element
            blob = getattr(target, "blob", None)
            if blob:
                return _parse_part(blob)
    return None


def _parse_part(blob: bytes) -> etree._Element | None:
    """A part python-docx kept as bytes, parsed safely; None when it is malformed (the
    document is then read without it)."""
    try:
        return parse_xml(blob)
    except UnsafeXMLError as exc:
        raise IngestError(f"unsafe XML: {exc}") from None
    except (etree.XMLSyntaxError, ValueError):
        return None


def _header_footer_parts(doc_part, body: etree._Element) -> tuple[list, list]:
    """Header and footer parts in section order, each once."""
    heads: list = []
    feet: list = []
    seen: set[str] = set()
    sect_prs = list(body.iter(w("sectPr")))
    for sect in sect_prs:
        for ref in sect:
            if ref.tag not in (w("headerReference"), w("footerReference")):
                continue
            rid = ref.get(f"{{{R_NS}}}id")
            rel = doc_part.rels.get(rid) if rid else None
            if rel is None or rel.is_external:
                continue
            part = rel.target_part
            key = str(part.partname)
            if key in seen:
                continue
            seen.add(key)
            (heads if ref.tag == w("headerReference") else feet).append(part)
    return heads, feet


def _story_blocks(part, walker_args: dict, kind: BlockKind) -> list[Block]:
    element = getattr(part, "element", None)
    if element is None:
        return []
    walker = _Walker(**walker_args)
    walker.walk(element, kind)
    return walker.blocks


def _missing(exc: KeyError) -> str:
    """What python-docx could not find, in words (its KeyError names a part or a link)."""
    what = str(exc.args[0]) if exc.args else ""
    if "officeDocument" in what:
        return "no main document part (the package relationships do not name one)"
    return f"a part it refers to is missing ({what[:100]})" if what else "a part is missing"


def _core_metadata(document) -> dict[str, str]:
    """Title and author from the core properties; none when that part is damaged."""
    try:
        core = document.core_properties
        found = (("title", core.title or ""), ("author", core.author or ""))
    except (AttributeError, KeyError, ValueError, TypeError, etree.XMLSyntaxError):
        return {}
    return {k: str(v) for k, v in found if v}


def read_docx(
    path: str,
    data: bytes,
    zf: zipfile.ZipFile | None = None,
    check: Callable[[], None] | None = None,
    limits: Limits | None = None,
) -> Document:
    """Read DOCX bytes (already safety-checked) into a Document.

    More paragraphs and table cells in one story than ``limits.max_paragraphs`` is an
    IngestError.
    """
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except PackageNotFoundError:
        raise IngestError("not a Word document: no main document part") from None
    except etree.XMLSyntaxError as exc:
        raise IngestError(f"damaged DOCX: malformed XML: {exc}") from None
    except KeyError as exc:
        raise IngestError(f"damaged DOCX: {_missing(exc)}") from None
    except ValueError:
        raise IngestError("damaged DOCX: its main part is not a Word document") from None
    doc_part = document.part
    body = getattr(document.element, "body", None)  # the main part's root may be another
    if body is None:
        raise IngestError("damaged DOCX: the document has no body")
    numbering_root = _part_element(doc_part, "/numbering")
    styles_root = _part_element(doc_part, "/styles")
    styles = _read_styles(styles_root)
    max_units = (limits or Limits()).max_paragraphs
    walker = _Walker(Numbering(numbering_root), styles, check, max_units)
    walker.walk(body)
    if not walker.blocks:
        raise IngestError("empty document: no text")
    heads, feet = _header_footer_parts(doc_part, body)
    story_args = {
        "numbering": Numbering(numbering_root),
        "styles": styles,
        "check": check,
        "max_units": max_units,
    }
    headers = [b for part in heads for b in _story_blocks(part, story_args, BlockKind.HEADER)]
    footers = [b for part in feet for b in _story_blocks(part, story_args, BlockKind.FOOTER)]
    metadata = _core_metadata(document)
    return Document.from_blocks(
        path,
        "docx",
        mark_fields(walker.blocks),
        headers=headers,
        footers=footers,
        metadata=metadata,
    )

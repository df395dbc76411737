"""Annotated PDF: a copy of a PDF contract with a highlight over each finding's words.

Positions come from pypdf's text extraction: a ``visitor_text`` callback receives each
text run with its text matrix and current transformation matrix, from which every
character gets an x range and a baseline on the page (widths from the font's
``/Widths`` where it has them, an average glyph width otherwise). The finding's quote is
matched against the page's characters with whitespace ignored, and the matched
characters become one QuadPoints box per line. The note (``/Contents``) is the finding's
message and suggestion. Document-level findings (missing clauses) become sticky notes
at the top of the first page. The input is never modified.
"""

from __future__ import annotations

import io
import math
import re
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.annotations import Highlight, Text
from pypdf.generic import ArrayObject, FloatObject, NameObject, TextStringObject

from contractsmith.atomic import write_bytes_atomic
from contractsmith.findings import Finding
from contractsmith.report.annotate_docx import comment_text
from contractsmith.report.pdf_active import strip_pdf_active
from contractsmith.report.textmatch import Target, locate

AUTHOR = "contractsmith"
_COLOURS = {"error": "ff8a80", "warning": "ffd54f", "info": "90caf9"}


@dataclass(frozen=True)
class Glyph:
    """One extracted character with its box on the page (PDF user space)."""

    char: str
    x0: float
    x1: float
    y: float  # baseline
    size: float  # effective font size


def _mult(m: list[float], n: list[float]) -> list[float]:
    """Product of two PDF matrices [a b c d e f] (m applied first, then n)."""
    return [
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    ]


# Advance widths (1/1000 em) of Helvetica for printable ASCII, from its AFM metrics; used
# for the standard 14 fonts, which PDFs may use without a /Widths array.
_HELVETICA = dict(
    zip(
        (chr(c) for c in range(32, 127)),
        (
            278,
            278,
            355,
            556,
            556,
            889,
            667,
            191,
            333,
            333,
            389,
            584,
            278,
            333,
            278,
            278,
            556,
            556,
            556,
            556,
            556,
            556,
            556,
            556,
            556,
            556,
            278,
            278,
            584,
            584,
            584,
            556,
            1015,
            667,
            667,
            722,
            722,
            667,
            611,
            778,
            722,
            278,
            500,
            667,
            556,
            833,
            722,
            778,
            667,
            778,
            722,
            667,
            611,
            722,
            667,
            944,
            667,
            667,
            611,
            278,
            278,
            278,
            469,
            556,
            333,
            556,
            556,
            500,
            556,
            556,
            278,
            556,
            556,
            222,
            222,
            500,
            222,
            833,
            556,
            556,
            556,
            556,
            333,
            500,
            278,
            556,
            500,
            722,
            500,
            500,
            500,
            334,
            260,
            334,
            584,
        ),
        strict=True,
    )
)
_HEX_PAIR = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")
_HEX_RANGE = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]+>|\[[^\]]*\])")


def _utf16(hexbytes: bytes) -> str:
    try:
        return bytes.fromhex(hexbytes.decode("ascii")).decode("utf-16-be", errors="ignore")
    except ValueError:
        return ""


def _to_unicode_inverse(font) -> dict[str, int]:
    """Unicode character -> character code, from the font's /ToUnicode CMap."""
    stream = font.get("/ToUnicode")
    if stream is None:
        return {}
    try:
        data = stream.get_object().get_data()
    except Exception:
        return {}
    inverse: dict[str, int] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, flags=re.S):
        for src, dst in _HEX_PAIR.findall(block):
            text = _utf16(dst)
            if len(text) == 1:
                inverse.setdefault(text, int(src, 16))
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, flags=re.S):
        for lo, hi, dst in _HEX_RANGE.findall(block):
            first, last = int(lo, 16), int(hi, 16)
            if last - first > 0xFFFF:
                continue
            if dst.startswith(b"["):
                for i, item in enumerate(re.findall(rb"<([0-9A-Fa-f]+)>", dst)):
                    text = _utf16(item)
                    if len(text) == 1:
                        inverse.setdefault(text, first + i)
            else:
                base = _utf16(dst[1:-1])
                if len(base) == 1:
                    for i in range(last - first + 1):
                        inverse.setdefault(chr(ord(base) + i), first + i)
    return inverse


class FontWidths:
    """Advance widths of one PDF font, looked up by Unicode character (1/1000 em)."""

    def __init__(self, font) -> None:
        self.widths: dict[int, float] = {}
        self.default: float | None = None
        self.inverse = _to_unicode_inverse(font) if font is not None else {}
        self.base = str(font.get("/BaseFont", "")) if font is not None else ""
        if font is None:
            return
        subtype = font.get("/Subtype")
        if subtype == "/Type0":
            try:
                desc = font["/DescendantFonts"][0].get_object()
                self.default = float(desc.get("/DW", 1000))
                self._read_w_array(desc.get("/W"))
            except (KeyError, IndexError, TypeError, ValueError):
                pass
            return
        widths = font.get("/Widths")
        if widths is not None:
            first = int(font.get("/FirstChar", 0))
            for i, w in enumerate(widths.get_object()):
                self.widths[first + i] = float(w)

    def _read_w_array(self, array) -> None:
        if array is None:
            return
        items = list(array.get_object())
        i = 0
        while i + 1 < len(items):
            start = int(items[i])
            nxt = items[i + 1].get_object() if hasattr(items[i + 1], "get_object") else items[i + 1]
            if isinstance(nxt, list):
                for k, w in enumerate(nxt):
                    self.widths[start + k] = float(w)
                i += 2
            elif i + 2 < len(items):
                for cid in range(start, int(nxt) + 1):
                    self.widths[cid] = float(items[i + 2])
                i += 3
            else:
                break

    def width(self, ch: str) -> float:
        """Advance of ``ch`` in 1/1000 em (an estimate when the font does not say)."""
        code = self.inverse.get(ch, ord(ch))
        w = self.widths.get(code)
        if w:
            return w
        if self.default and self.inverse:
            return self.default
        if "Courier" in self.base:
            return 600.0
        return float(_HELVETICA.get(ch, 556 if ch.isupper() else 500))


def page_glyphs(page) -> list[Glyph]:
    """Every character pypdf extracts from ``page``, with its position."""
    glyphs: list[Glyph] = []
    fonts: dict[object, FontWidths] = {}

    def visit(text: str, cm, tm, font_dict, font_size) -> None:
        if not text:
            return
        ref = getattr(font_dict, "indirect_reference", None)
        key = (
            (ref.idnum, ref.generation)
            if ref is not None
            else str(font_dict.get("/BaseFont", "") if font_dict is not None else "")
        )
        if key not in fonts:
            fonts[key] = FontWidths(font_dict)
        metrics = fonts[key]
        m = _mult([float(v) for v in tm], [float(v) for v in cm])
        scale = math.hypot(m[0], m[1]) or 1.0
        size = float(font_size or 0) or 10.0
        x, y = m[4], m[5]
        for ch in text:
            if ch in "\r\n":
                glyphs.append(Glyph("\n", x, x, y, size * scale))
                continue
            w = metrics.width(ch) / 1000.0 * size * scale
            glyphs.append(Glyph(ch, x, x + w, y, size * scale))
            x += w

    page.extract_text(visitor_text=visit)
    return glyphs


def find_target(glyphs: list[Glyph], target: Target) -> list[Glyph] | None:
    """The glyphs spelling the target's phrase, ignoring whitespace."""
    text = "".join(g.char for g in glyphs)
    span = locate(text, target)
    if span is None:
        return None
    hit = [g for g in glyphs[span[0] : span[1]] if not g.char.isspace()]
    return hit or None


def quad_boxes(glyphs: list[Glyph]) -> list[tuple[float, float, float, float]]:
    """One (x0, y0, x1, y1) box per line of ``glyphs``."""
    lines: list[list[Glyph]] = []
    for g in glyphs:
        if (
            lines
            and abs(lines[-1][0].y - g.y) < 0.5 * max(g.size, 1.0)
            and g.x0 >= lines[-1][-1].x0 - 1
        ):
            lines[-1].append(g)
        else:
            lines.append([g])
    boxes = []
    for line in lines:
        size = max(g.size for g in line)
        y = line[0].y
        boxes.append(
            (min(g.x0 for g in line), y - 0.22 * size, max(g.x1 for g in line), y + 0.9 * size)
        )
    return boxes


def _highlight(boxes, finding: Finding):
    quads: list[float] = []
    for x0, y0, x1, y1 in boxes:
        quads.extend([x0, y1, x1, y1, x0, y0, x1, y0])
    rect = (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )
    annot = Highlight(
        rect=rect,
        quad_points=ArrayObject([FloatObject(round(q, 2)) for q in quads]),
        highlight_color=_COLOURS.get(finding.severity.value, "ffd54f"),
        printing=True,
    )
    return annot


def _note(page, finding: Finding, slot: int):
    box = page.mediabox
    left = float(box.left) + 12 + 24 * (slot % 20)
    top = float(box.top) - 12
    return Text(rect=(left, top - 20, left + 20, top), text=comment_text(finding), open=False)


def annotate_pdf(
    source: str | Path,
    target: str | Path,
    targets: list[Target],
    removed: list[str] | None = None,
) -> int:
    """Write a copy of ``source`` to ``target`` with an annotation per target; return how many.

    The copy carries no active content (see :mod:`contractsmith.report.pdf_active`); a
    description of each kind removed is appended to ``removed`` when it is given.
    """
    if Path(source).resolve() == Path(target).resolve():
        raise ValueError(f"{target}: refusing to overwrite the input")
    reader = PdfReader(str(source))
    writer = PdfWriter(clone_from=reader)
    stripped = strip_pdf_active(writer)
    if removed is not None:
        removed.extend(stripped)
    glyph_cache: dict[int, list[Glyph]] = {}

    def glyphs_of(n: int) -> list[Glyph]:
        if n not in glyph_cache:
            glyph_cache[n] = page_glyphs(reader.pages[n])
        return glyph_cache[n]

    added = 0
    notes = 0
    for item in targets:
        finding = item.finding
        annot = None
        page_no = 0
        if item.phrase:
            pages = list(range(len(reader.pages)))
            hint = finding.location.page
            if hint is not None and 1 <= hint <= len(pages):
                pages.sort(key=lambda n: abs(n - (hint - 1)))
            for n in pages:
                hit = find_target(glyphs_of(n), item)
                if hit:
                    annot, page_no = _highlight(quad_boxes(hit), finding), n
                    break
        if annot is None:
            if not reader.pages:
                continue
            target_page = (finding.location.page or 1) - 1
            page_no = target_page if 0 <= target_page < len(reader.pages) else 0
            annot = _note(reader.pages[page_no], finding, notes)
            notes += 1
        annot[NameObject("/Contents")] = TextStringObject(comment_text(finding))
        annot[NameObject("/T")] = TextStringObject(AUTHOR)
        annot[NameObject("/Subj")] = TextStringObject(finding.rule)
        writer.add_annotation(page_number=page_no, annotation=annot)
        added += 1
    buf = io.BytesIO()
    writer.write(buf)
    write_bytes_atomic(target, buf.getvalue())
    return added

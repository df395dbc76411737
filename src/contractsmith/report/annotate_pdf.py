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
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.annotations import Highlight, Text
from pypdf.generic import ArrayObject, FloatObject, NameObject, TextStringObject

from contractsmith.atomic import write_bytes_atomic
from contractsmith.findings import Finding
from contractsmith.report.annotate_docx import comment_text

AUTHOR = "contractsmith"
_AVG_WIDTH = 0.5  # in text-space units per point of font size, when widths are unknown
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


def _char_width(ch: str, font: dict | None, size: float) -> float:
    """Advance of ``ch`` in text space at ``size``."""
    if font is not None:
        try:
            first = int(font.get("/FirstChar", -1))
            widths = font.get("/Widths")
            if widths is not None and first >= 0:
                widths = widths.get_object() if hasattr(widths, "get_object") else widths
                idx = ord(ch) - first
                if 0 <= idx < len(widths):
                    w = float(widths[idx])
                    if w > 0:
                        return w / 1000.0 * size
        except (TypeError, ValueError, KeyError):
            pass
    if ch == " ":
        return 0.28 * size
    return _AVG_WIDTH * size


def page_glyphs(page) -> list[Glyph]:
    """Every character pypdf extracts from ``page``, with its position."""
    glyphs: list[Glyph] = []

    def visit(text: str, cm, tm, font_dict, font_size) -> None:
        if not text:
            return
        m = _mult([float(v) for v in tm], [float(v) for v in cm])
        scale = math.hypot(m[0], m[1]) or 1.0
        size = float(font_size or 0) or 10.0
        x, y = m[4], m[5]
        for ch in text:
            if ch in "\r\n":
                glyphs.append(Glyph("\n", x, x, y, size * scale))
                continue
            w = _char_width(ch, font_dict, size) * scale
            glyphs.append(Glyph(ch, x, x + w, y, size * scale))
            x += w

    page.extract_text(visitor_text=visit)
    return glyphs


def find_quote(glyphs: list[Glyph], quote: str) -> list[Glyph] | None:
    """The glyphs spelling ``quote``, ignoring whitespace and hyphenated line breaks."""
    idx = [i for i, g in enumerate(glyphs) if not g.char.isspace()]
    flat = "".join(glyphs[i].char for i in idx)
    target = "".join(quote.split())
    if not target:
        return None
    at = flat.find(target)
    if at < 0:
        at = flat.lower().find(target.lower())
    if at < 0:
        return None
    return [glyphs[i] for i in idx[at : at + len(target)]]


def quad_boxes(glyphs: list[Glyph]) -> list[tuple[float, float, float, float]]:
    """One (x0, y0, x1, y1) box per line of ``glyphs``."""
    lines: list[list[Glyph]] = []
    for g in glyphs:
        if lines and abs(lines[-1][0].y - g.y) < 0.5 * max(g.size, 1.0) and g.x0 >= lines[-1][-1].x0 - 1:
            lines[-1].append(g)
        else:
            lines.append([g])
    boxes = []
    for line in lines:
        size = max(g.size for g in line)
        y = line[0].y
        boxes.append((min(g.x0 for g in line), y - 0.22 * size, max(g.x1 for g in line), y + 0.9 * size))
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


def annotate_pdf(source: str | Path, target: str | Path, findings: list[Finding]) -> int:
    """Write a copy of ``source`` to ``target`` with an annotation per finding; return how many."""
    if Path(source).resolve() == Path(target).resolve():
        raise ValueError(f"{target}: refusing to overwrite the input")
    reader = PdfReader(str(source))
    writer = PdfWriter(clone_from=reader)
    glyph_cache: dict[int, list[Glyph]] = {}

    def glyphs_of(n: int) -> list[Glyph]:
        if n not in glyph_cache:
            glyph_cache[n] = page_glyphs(reader.pages[n])
        return glyph_cache[n]

    added = 0
    notes = 0
    for finding in findings:
        annot = None
        page_no = 0
        if finding.text:
            pages = list(range(len(reader.pages)))
            hint = finding.location.page
            if hint is not None and 1 <= hint <= len(pages):
                pages.sort(key=lambda n: abs(n - (hint - 1)))
            for n in pages:
                hit = find_quote(glyphs_of(n), finding.text)
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

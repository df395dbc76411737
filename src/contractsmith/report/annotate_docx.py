"""Annotated DOCX: a copy of a Word contract with one comment per finding.

Each comment is anchored exactly on the quoted text: the runs around it are split so
that the comment range starts and ends on the quote. When the quote cannot be found
run by run (it spans a hyperlink or a field), the comment covers the whole paragraph;
document-level findings (missing clauses) are anchored on the first paragraph with
text. The input file is never modified; comments carry no date and the copy's ZIP entries a
fixed timestamp, so the same input gives the same bytes.
"""

from __future__ import annotations

import copy
import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

import docx
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from contractsmith.atomic import write_bytes_atomic
from contractsmith.findings import Finding
from contractsmith.ingest.limits import Limits
from contractsmith.ingest.safety import check_docx_zip
from contractsmith.ooxml_active import PackageLink, descriptions, strip_active_content, write_zip
from contractsmith.report.textmatch import Target, locate

AUTHOR = "contractsmith"
INITIALS = "CS"
_TEXT_CHILDREN = {qn("w:rPr"), qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr")}


def comment_text(finding: Finding) -> str:
    """What the comment says: code, severity, message, then the suggested wording."""
    text = f"{finding.rule} ({finding.severity.value}): {finding.message}"
    if finding.suggestion:
        text += f"\nSuggestion: {finding.suggestion}"
    return text


def iter_paragraphs(document: DocxDocument) -> Iterator[Paragraph]:
    """Every paragraph of the body in reading order, including those inside tables."""

    def walk(container) -> Iterator[Paragraph]:
        for item in container.iter_inner_content():
            if isinstance(item, Paragraph):
                yield item
            elif isinstance(item, Table):
                for row in item.rows:
                    seen: set[int] = set()
                    for cell in row.cells:
                        if id(cell._tc) in seen:  # merged cells repeat
                            continue
                        seen.add(id(cell._tc))
                        yield from walk(cell)

    yield from walk(document)


def _splittable(run: Run) -> bool:
    return all(child.tag in _TEXT_CHILDREN for child in run._r)


def _split(run: Run, at: int) -> Run:
    """Split ``run`` at character ``at``; return the new right-hand run."""
    text = run.text
    right = copy.deepcopy(run._r)
    run._r.addnext(right)
    run.text = text[:at]
    right_run = Run(right, run._parent)
    right_run.text = text[at:]
    return right_run


def _norm(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def anchor_runs(paragraph: Paragraph, target: Target) -> list[Run] | None:
    """The runs that carry exactly the target's phrase (splitting runs as needed), or None."""
    runs = paragraph.runs
    if not runs:
        return None
    joined = "".join(r.text for r in runs)
    span = locate(joined, target)
    if span is None:
        return None
    start, end = span
    pos = 0
    bounds: list[tuple[Run, int, int]] = []
    for r in runs:
        n = len(r.text)
        bounds.append((r, pos, pos + n))
        pos += n
    inside = [(r, a, b) for r, a, b in bounds if b > start and a < end]
    if not inside:
        return None
    first, fa, _ = inside[0]
    last, la, lb = inside[-1]
    if not (_splittable(first) and _splittable(last)):
        return [first] if first is last else [first, last]
    if first is last:
        run = first
        if start > fa:
            run = _split(run, start - fa)
        if end < lb:
            _split(run, end - max(start, fa))
        return [run]
    if start > fa:
        first = _split(first, start - fa)
    if end < lb:
        _split(last, end - la)
    return [first, last]


def _locate(paragraphs: list[Paragraph], target: Target) -> list[Run] | None:
    """The runs to anchor the target's comment on."""
    finding = target.finding
    if not target.phrase:
        for p in paragraphs:
            if p.runs and p.text.strip():
                return p.runs
        return None
    runs = _find(paragraphs, target)
    if runs is None:
        # A table row reads as one unit ("FEE: $8,000"; "Header: cell; ..."), but its
        # cells are paragraphs of their own: anchor on the longest piece of one cell.
        pieces = sorted(re.split(r": |; |\n", target.phrase), key=len, reverse=True)
        if len(pieces) > 1 and pieces[0].strip():
            runs = _find(paragraphs, Target(finding, pieces[0]))
    if runs is not None:
        return runs
    for p in paragraphs:  # not found: keep the comment, on the first paragraph
        if p.runs and p.text.strip():
            return p.runs
    return None


def _find(paragraphs: list[Paragraph], target: Target) -> list[Run] | None:
    """The runs of the paragraph holding the target's phrase (nearest the reported
    paragraph first), or None."""
    order = list(range(len(paragraphs)))
    hint = target.finding.location.paragraph
    if hint is not None:  # search near the reported paragraph first
        order.sort(key=lambda i: abs(i - hint))
    squeezed = "".join((target.phrase or "").split()).casefold()
    for i in order:
        p = paragraphs[i]
        if squeezed and squeezed in "".join(p.text.split()).casefold():
            runs = anchor_runs(p, target)
            if runs:
                return runs
            if p.runs:
                return p.runs
    return None


def _clean_zip(data: bytes) -> tuple[bytes, list[PackageLink]]:
    """Re-pack a DOCX without active content, with a fixed timestamp on every entry."""
    src = zipfile.ZipFile(io.BytesIO(data))
    order = [info.filename for info in src.infolist()]
    parts, removed = strip_active_content({name: src.read(name) for name in order})
    return write_zip(order, parts), removed


def annotate_docx(
    source: str | Path,
    target: str | Path,
    targets: list[Target],
    removed: list[str] | None = None,
) -> int:
    """Write a copy of ``source`` to ``target`` with a comment per target; return how many.

    The copy carries no active content: external links (hyperlinks keep their text), VBA,
    ActiveX, OLE objects, altChunks and attached templates are removed (see
    :mod:`contractsmith.ooxml_active`); a description of what went is appended to
    ``removed`` when it is given.
    """
    if Path(source).resolve() == Path(target).resolve():
        raise ValueError(f"{target}: refusing to overwrite the input")
    data = Path(source).read_bytes()
    check_docx_zip(data, Limits())  # the same ZIP and DOCTYPE checks as reading it
    document = docx.Document(io.BytesIO(data))
    paragraphs = list(iter_paragraphs(document))
    added = 0
    for item in targets:
        runs = _locate(paragraphs, item)
        if runs is None:
            continue
        comment = document.add_comment(
            runs, text=comment_text(item.finding), author=AUTHOR, initials=INITIALS
        )
        # python-docx stamps the current time; the attribute is optional, and leaving it
        # out keeps the output a function of the input alone.
        comment._comment_elm.attrib.pop(qn("w:date"), None)
        added += 1
    buf = io.BytesIO()
    document.save(buf)
    data, stripped = _clean_zip(buf.getvalue())
    if removed is not None:
        removed.extend(descriptions(stripped))
    write_bytes_atomic(target, data)
    return added

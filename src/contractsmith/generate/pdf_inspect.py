"""Inspecting a rendered contract: its embedded manifest, and whether its text has drifted.

The drift check re-renders the embedded spec with the current clause library (into a
temporary folder, with the manifest's ``as_of``) and compares the document's text with
the re-rendered one, line by line for a DOCX and as one whitespace-free stream for a PDF
(PDF text extraction breaks lines where the page does), after removing the running
header and footer lines that repeat on the pages.
"""

from __future__ import annotations

import hashlib
import json
import re
import tempfile
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from contractsmith.generate.pdf_meta import read_pdf_embedded

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


class InspectError(Exception):
    """The file cannot be inspected (unreadable, or no embedded manifest); one line."""


@dataclass
class Difference:
    """The first place where the document's text and the re-rendered text part ways."""

    line: int  # 1-based line of the re-rendered contract text
    expected: str  # that line as the current library renders it ("" past the end)
    found: str  # what the document has there ("" when it ends early)


@dataclass
class Inspection:
    """Everything ``contractsmith inspect`` reports about one file."""

    path: str
    format: str  # "pdf" | "docx"
    manifest: dict[str, Any]
    spec_sha256_ok: bool = True
    pdfa_part: int | None = None
    metadata: dict[str, str] = field(default_factory=dict)
    clause_changes: list[str] = field(default_factory=list)
    status: str = "matches"  # "matches" | "drifted"
    difference: Difference | None = None
    problem: str | None = None  # why the text could not be compared (counts as drifted)

    @property
    def matches(self) -> bool:
        return self.status == "matches"

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.path,
            "format": self.format,
            "status": self.status,
            "manifest": self.manifest,
            "spec_sha256_ok": self.spec_sha256_ok,
            "pdfa_part": self.pdfa_part,
            "clause_changes": self.clause_changes,
            "difference": None if self.difference is None else self.difference.__dict__,
            "problem": self.problem,
        }


def squash(text: str) -> str:
    """Text without whitespace, with compatibility forms and curly quotes folded."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text).translate(_QUOTES))


def docx_lines(source: Path) -> list[str]:
    """A DOCX's body text in reading order: paragraphs and table cells, empty ones dropped."""
    from docx import Document as open_docx

    doc = open_docx(str(source))
    lines: list[str] = []

    def walk(element: Any) -> None:
        for child in element.iterchildren():
            if child.tag == f"{_W}p":
                text = "".join(
                    "\t" if node.tag == f"{_W}tab" else (node.text or "")
                    for node in child.iter(f"{_W}t", f"{_W}tab")
                    if node.getparent().tag != f"{_W}tabs"  # tab stops, not tab characters
                )
                if text.strip():
                    lines.append(text)
            elif child.tag in (f"{_W}tbl", f"{_W}tr", f"{_W}tc", f"{_W}sdt", f"{_W}sdtContent"):
                walk(child)

    walk(doc.element.body)
    return lines


def pdf_body_lines(source: Path) -> list[str]:
    """A PDF's text lines without the running header/footer lines that repeat on pages."""
    from pypdf import PdfReader

    pages = [(p.extract_text() or "").splitlines() for p in PdfReader(str(source)).pages]
    pages = [[line for line in page if line.strip()] for page in pages]

    def key(line: str) -> str:
        return re.sub(r"\d+", "#", squash(line))

    edge_counts: dict[str, int] = {}
    for page in pages:
        for line in {key(x) for x in page[:2] + page[-2:]}:
            edge_counts[line] = edge_counts.get(line, 0) + 1
    threshold = max(2, (len(pages) + 1) // 2)
    furniture = {k for k, n in edge_counts.items() if n >= threshold} if len(pages) > 1 else set()
    lines: list[str] = []
    for page in pages:
        edge = set(range(min(2, len(page)))) | set(range(max(0, len(page) - 2), len(page)))
        lines += [x for i, x in enumerate(page) if not (i in edge and key(x) in furniture)]
    return lines


def compare_lines(expected: list[str], found: list[str]) -> Difference | None:
    """First differing line of two line lists (compared without whitespace), or None."""
    for i, want in enumerate(expected):
        have = found[i] if i < len(found) else ""
        if squash(want) != squash(have):
            return Difference(i + 1, want, have)
    if len(found) > len(expected):
        return Difference(len(expected) + 1, "", found[len(expected)])
    return None


def compare_stream(expected: list[str], found: list[str]) -> Difference | None:
    """Compare ``expected`` lines with ``found`` text whose line breaks are arbitrary."""
    want = "".join(squash(x) for x in expected)
    have_parts = [squash(x) for x in found]
    have = "".join(have_parts)
    if want == have:
        return None
    k = 0
    limit = min(len(want), len(have))
    while k < limit and want[k] == have[k]:
        k += 1
    pos = 0
    line_no, expected_line = len(expected) + 1, ""
    for i, line in enumerate(expected):
        pos += len(squash(line))
        if pos > k:
            line_no, expected_line = i + 1, line
            break
    pos, found_line = 0, ""
    for original, part in zip(found, have_parts, strict=True):
        pos += len(part)
        if pos > k:
            found_line = original
            break
    return Difference(line_no, expected_line, found_line)


def _read_embedded(path: Path) -> tuple[str, dict[str, Any], bytes, int | None, dict[str, str]]:
    head = b""
    try:
        with path.open("rb") as fh:
            head = fh.read(5)
    except OSError as exc:
        raise InspectError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if head.startswith(b"%PDF-"):
        try:
            embedded = read_pdf_embedded(path)
        except ValueError as exc:
            raise InspectError(f"{path}: {exc}") from None
        except Exception as exc:  # pypdf raises many types for damaged files
            raise InspectError(f"{path}: not a readable PDF ({type(exc).__name__})") from None
        if embedded.manifest is None or embedded.spec_json is None:
            raise InspectError(f"{path}: no contractsmith manifest embedded (not rendered by it?)")
        return "pdf", embedded.manifest, embedded.spec_json, embedded.pdfa_part, embedded.metadata
    if not zipfile.is_zipfile(path):
        raise InspectError(f"{path}: neither a PDF nor a DOCX file")
    from contractsmith.generate.manifest import read_embedded_spec, read_manifest

    manifest = read_manifest(path)
    spec_json = read_embedded_spec(path)
    if manifest is None or spec_json is None:
        raise InspectError(f"{path}: no contractsmith manifest embedded (not rendered by it?)")
    return "docx", manifest, spec_json, None, {}


def clause_changes(recorded: list[dict[str, Any]], current: list[dict[str, Any]]) -> list[str]:
    """How the current library's clause choice differs from the manifest's, one line each."""
    old = {str(c.get("id")): str(c.get("version")) for c in recorded if isinstance(c, dict)}
    new = {str(c.get("id")): str(c.get("version")) for c in current if isinstance(c, dict)}
    changes = []
    for cid in sorted(old.keys() | new.keys()):
        if cid not in new:
            changes.append(f"{cid} {old[cid]}: no longer used")
        elif cid not in old:
            changes.append(f"{cid} {new[cid]}: now used")
        elif old[cid] != new[cid]:
            changes.append(f"{cid}: {old[cid]} -> {new[cid]}")
    return changes


def inspect_file(path: str | Path, *, clauses_root: str | Path | None = None) -> Inspection:
    """Read ``path``'s manifest and check its text against a fresh render of its spec.

    Raises :class:`InspectError` when the file is unreadable or carries no manifest.
    """
    source = Path(path)
    fmt, manifest, spec_json, pdfa_part, metadata = _read_embedded(source)
    result = Inspection(str(source), fmt, manifest, pdfa_part=pdfa_part, metadata=metadata)
    recorded_sha = str(manifest.get("spec_sha256") or "")
    result.spec_sha256_ok = hashlib.sha256(spec_json).hexdigest() == recorded_sha
    try:
        spec = json.loads(spec_json)
    except ValueError:
        result.status, result.problem = "drifted", "the embedded spec is not valid JSON"
        return result
    try:
        found = docx_lines(source) if fmt == "docx" else pdf_body_lines(source)
    except Exception as exc:
        raise InspectError(f"{source}: cannot read the text ({type(exc).__name__})") from None

    from contractsmith.generate.render import RenderError, render
    from contractsmith.library import load_library

    with tempfile.TemporaryDirectory(prefix="contractsmith-inspect-") as tmp:
        try:
            library = load_library(clauses_root)
            rendered = render(
                spec, tmp, as_of=str(manifest.get("as_of") or "") or None, library=library
            )
            expected = docx_lines(Path(rendered.docx_path))
        except RenderError as exc:
            first = str(exc).splitlines()[0] if str(exc) else "render failed"
            result.status = "drifted"
            result.problem = f"the embedded spec no longer renders: {first}"
            return result
        except Exception as exc:
            result.status = "drifted"
            result.problem = f"the embedded spec no longer renders: {type(exc).__name__}: {exc}"
            result.problem = result.problem.splitlines()[0]
            return result
    result.clause_changes = clause_changes(
        list(manifest.get("clauses") or []), list(rendered.manifest.get("clauses") or [])
    )
    diff = compare_lines(expected, found) if fmt == "docx" else compare_stream(expected, found)
    if diff is not None or not result.spec_sha256_ok:
        result.status = "drifted"
    result.difference = diff
    if not result.spec_sha256_ok:
        result.problem = "the embedded spec does not match the manifest's spec_sha256"
    return result

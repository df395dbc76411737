"""Helpers for the PDF tests: sample DOCX contracts, text normalisation, process checks."""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
import unicodedata
from pathlib import Path

from docx import Document as DocxDocument

from contractsmith import __version__
from contractsmith.generate.result import RenderedContract

FAKE_SOFFICE = Path(__file__).resolve().parent / "fake_soffice.py"

CLAUSE_WORDS = (
    "The Creator shall deliver each Deliverable by the date in Schedule A and shall keep "
    "it live for the Minimum Live Period. The Brand shall pay the Fee within thirty days "
    "of an undisputed invoice. Either party may terminate this Agreement on written notice "
    "if the other party materially breaches it and fails to cure within fifteen days."
)


def make_docx(path: Path, title: str, sections: int = 12) -> list[str]:
    """Write a contract-like DOCX and return its paragraphs' text in order."""
    doc = DocxDocument()
    lines = [title]
    doc.add_heading(title, 0)
    for n in range(1, sections + 1):
        heading = f"{n}. Clause number {n}"
        doc.add_heading(heading, 1)
        lines.append(heading)
        for k in range(2):
            text = f"{n}.{k + 1} {CLAUSE_WORDS}"
            doc.add_paragraph(text)
            lines.append(text)
    doc.core_properties.title = title
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return lines


def canonical_json(value: object) -> bytes:
    """Canonical JSON as the renderer produces it: sorted keys, compact, UTF-8."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def make_rendered(path: Path, title: str, as_of: str = "2026-01-15") -> RenderedContract:
    """A DOCX plus the RenderedContract the renderer would hand over for it."""
    lines = make_docx(path, title)
    spec = {
        "spec_version": "1.0",
        "kind": "sponsorship",
        "title": title,
        "reference": "NL-TEST-1",
        "parties": {
            "brand": {"legal_name": "Northlight Cosmetics, Inc."},
            "creator": {"legal_name": "Maya Okafor Media LLC"},
        },
    }
    spec_json = canonical_json(spec)
    sha = hashlib.sha256(spec_json).hexdigest()
    manifest = {
        "tool": "contractsmith",
        "version": __version__,
        "spec_sha256": sha,
        "as_of": as_of,
        "clauses": [{"id": "payment.net30", "version": "1.2.0"}],
        "template": {"name": "default", "sha256": "0" * 64},
    }
    return RenderedContract(
        spec_path=path.with_suffix(".yaml"),
        title=title,
        docx_path=path,
        spec_json=spec_json,
        manifest=manifest,
        as_of=as_of,
        text="\n".join(lines),
    )


def squash(text: str) -> str:
    """Text with all whitespace removed and compatibility forms folded (ligatures, quotes)."""
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"')
    return re.sub(r"\s+", "", text)


def pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)


def fonts_embedded(path: Path) -> tuple[int, int]:
    """(fonts seen, fonts with an embedded font program) over all pages."""
    from pypdf import PdfReader

    seen = embedded = 0
    for page in PdfReader(str(path)).pages:
        resources = page.get("/Resources")
        fonts = resources.get_object().get("/Font") if resources else None
        if not fonts:
            continue
        for ref in fonts.get_object().values():
            font = ref.get_object()
            descriptors = []
            if "/FontDescriptor" in font:
                descriptors.append(font["/FontDescriptor"].get_object())
            for child in font.get("/DescendantFonts", []):
                child = child.get_object()
                if "/FontDescriptor" in child:
                    descriptors.append(child["/FontDescriptor"].get_object())
            seen += 1
            if any(k in d for d in descriptors for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                embedded += 1
    return seen, embedded


def pid_alive(pid: int) -> bool:
    """True when ``pid`` is a running (not zombie) process."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    stat = Path(f"/proc/{pid}/stat")
    if stat.exists():
        try:
            return stat.read_text().rsplit(")", 1)[1].split()[0] != "Z"
        except (OSError, IndexError):
            return False
    return True


def processes_mentioning(fragment: str) -> list[int]:
    """Pids of live processes whose command line contains ``fragment`` (Linux /proc)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            cmdline = (
                (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
            )
        except OSError:
            continue
        if fragment in cmdline and pid_alive(int(entry.name)):
            pids.append(int(entry.name))
    return pids


def write_fake_soffice(folder: Path) -> Path:
    """An executable that runs fake_soffice.py with this interpreter."""
    script = folder / "soffice"
    script.write_text(f'#!/bin/sh\nexec "{sys.executable}" "{FAKE_SOFFICE}" "$@"\n')
    script.chmod(0o755)
    return script

"""Ingest: read a contract file (DOCX, PDF, TXT, Markdown) into a ``Document``.

``read_document(path)`` decides the format from the file's content first (magic bytes,
ZIP member names) and its extension second, applies the size, ZIP and time limits in
``limits``, and raises ``IngestError`` with a one-line message for anything it cannot
read. No other exception type escapes it. A document with more paragraphs than
``limits.max_paragraphs`` is refused; a text longer than ``limits.max_text_chars`` is cut
there, with a note in ``Document.metadata["text_truncated"]``.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

from contractsmith.ingest.limits import (
    MB,
    PACKAGE_REPAIRED,
    TRUNCATED,
    IngestTimeout,
    Limits,
    check_input_size,
    time_limit,
    too_many,
    truncation_note,
)
from contractsmith.ingest.model import Block, BlockKind, Document, IngestError
from contractsmith.ingest.sniff import is_zip_file, sniff_bytes, text_format, zip_kind
from contractsmith.inputs import InputError, InputTooLarge, read_bounded

__all__ = [
    "Block",
    "BlockKind",
    "Document",
    "IngestError",
    "Limits",
    "SUPPORTED_EXTENSIONS",
    "read_document",
]

# Extensions a directory walk should pick up as contracts.
SUPPORTED_EXTENSIONS = (".docx", ".pdf", ".txt", ".md", ".markdown")

_MAX_MESSAGE = 300


def _one_line(message: str) -> str:
    """Collapse a message onto one line and cap its length."""
    line = " ".join(message.split())
    return line if len(line) <= _MAX_MESSAGE else line[: _MAX_MESSAGE - 3] + "..."


def _read_all(path: str, limits: Limits) -> bytes:
    """The file's bytes, never more than the input limit (the file may grow after stat)."""
    try:
        return read_bounded(path, limits.max_input_bytes)
    except InputTooLarge:
        raise IngestError(
            f"file too large: more than the {limits.max_input_bytes / MB:.0f} MB limit"
            " (set CONTRACTSMITH_MAX_INPUT_MB to raise it)"
        ) from None
    except InputError as exc:
        raise IngestError(str(exc)) from None


def _describe_text(head: bytes) -> str:
    """A phrase for content that is not a known binary format."""
    if b"\x00" in head:
        return "binary data"
    return "plain text"


def _note_mismatch(doc: Document, ext: str) -> Document:
    """Record when a file's name says one format and its content another."""
    if ext in SUPPORTED_EXTENSIONS and ext.lstrip(".") != doc.format:
        doc.metadata["extension_mismatch"] = (
            f"named {ext} but the content is {doc.format.upper()}; read as {doc.format.upper()}"
        )
    return doc


def _read_docx(
    path: str, data: bytes, limits: Limits, deadline_check: Callable[[], None]
) -> Document:
    """Check a ZIP, repair it when it is a damaged Word package, and read it."""
    from contractsmith.ingest.docx import read_docx
    from contractsmith.ingest.package import repair_docx
    from contractsmith.ingest.safety import inspect_docx_zip

    zf, well_formed = inspect_docx_zip(data, limits)
    zkind = zip_kind(zf.namelist())
    if zkind.name == "docx-damaged":
        raise IngestError("damaged DOCX: word/document.xml is missing")
    if zkind.name != "docx":
        raise IngestError(f"not a Word document: this is {zkind.description}")
    data, repaired = repair_docx(data, zf, well_formed)
    doc = read_docx(path, data, zf if repaired is None else None, deadline_check, limits)
    if repaired:
        doc.metadata[PACKAGE_REPAIRED] = repaired
    return doc


def _dispatch(
    path: str, data: bytes, limits: Limits, deadline_check: Callable[[], None]
) -> Document:
    """Pick the reader for ``data`` (content first, extension second) and run it."""
    ext = Path(path).suffix.lower()
    kind = sniff_bytes(data[:2048])
    if kind is not None and kind.name == "pdf":
        # Content wins: a PDF named .docx or .txt is still read as a PDF.
        from contractsmith.ingest.pdf import read_pdf

        return _note_mismatch(read_pdf(path, data, deadline_check, limits), ext)
    if is_zip_file(data[:8]):
        return _note_mismatch(_read_docx(path, data, limits, deadline_check), ext)
    if kind is not None:
        if kind.name == "ole":
            raise IngestError(
                f"cannot read {kind.description}: save it as .docx (without a password) or PDF"
            )
        raise IngestError(f"unsupported file: this is {kind.description}, not a contract document")
    if ext == ".docx":
        raise IngestError(f"not a DOCX (no ZIP signature): this is {_describe_text(data[:2048])}")
    if ext == ".pdf":
        raise IngestError(f"not a PDF (no %PDF header): this is {_describe_text(data[:2048])}")
    from contractsmith.ingest.text import read_text

    return read_text(path, data, markdown=text_format(ext) == "md", limits=limits)


def _cut_block(block: Block, length: int) -> Block | None:
    """``block`` with its text cut to ``length`` characters, or None when nothing is left."""
    block.text = block.text[:length].rstrip()
    block.anchors = tuple(a for a in block.anchors if a[0] < len(block.text))
    return block if block.text else None


def _cap_text(doc: Document, limit: int) -> Document:
    """``doc`` with its text cut at ``limit`` characters (a note says so); else ``doc``.

    Blocks after the limit are dropped and the block that crosses it is cut, so every
    kept offset still points at the same text.
    """
    if len(doc.text) <= limit:
        return doc
    kept: list[Block] = []
    for block in doc.blocks:
        if block.end > limit:
            cut = _cut_block(block, limit - block.start) if block.start < limit else None
            if cut is not None:
                kept.append(cut)
            break
        kept.append(block)
    capped = Document.from_blocks(
        doc.path,
        doc.format,
        kept,
        headers=doc.headers,
        footers=doc.footers,
        pages=doc.pages,
        metadata=doc.metadata,
        source=doc.source,
    )
    capped.metadata[TRUNCATED] = truncation_note(limit)
    return capped


def _bounded(doc: Document, limits: Limits) -> Document:
    """Apply the paragraph and text-length limits to a document a reader produced."""
    if len(doc.blocks) > limits.max_paragraphs:
        raise too_many(
            "paragraphs", limits.max_paragraphs, "CONTRACTSMITH_MAX_PARAGRAPHS", len(doc.blocks)
        )
    return _cap_text(doc, limits.max_text_chars)


def read_document(path: str | os.PathLike[str], limits: Limits | None = None) -> Document:
    """Read the contract at ``path`` into a Document.

    Raises ``IngestError`` (one-line message, without the path) when the file is missing,
    too large, of an unsupported or unsafe kind, damaged, empty, or too slow to extract.
    """
    limits = limits or Limits()
    spath = os.fspath(path)
    try:
        try:
            st = os.stat(spath)
        except FileNotFoundError:
            raise IngestError("no such file") from None
        except OSError as exc:
            raise IngestError(f"cannot open: {exc.strerror or exc}") from None
        if not stat.S_ISREG(st.st_mode):
            raise IngestError("not a regular file")
        check_input_size(spath, st.st_size, limits)
        if st.st_size == 0:
            raise IngestError("empty file: no text (0 bytes)")
        data = _read_all(spath, limits)
        with time_limit(limits.timeout_s) as deadline:
            return _bounded(_dispatch(spath, data, limits, deadline.check), limits)
    except IngestError as exc:
        raise IngestError(_one_line(str(exc))) from None
    except IngestTimeout:
        raise IngestError(f"timed out after {limits.timeout_s:g} s") from None
    except RecursionError:
        raise IngestError("unreadable: structure nested too deeply (reference loop?)") from None
    except MemoryError:
        raise IngestError("out of memory while reading") from None
    except Exception as exc:  # noqa: BLE001 - the contract: only IngestError escapes
        raise IngestError(_one_line(f"unreadable file ({type(exc).__name__}: {exc})")) from None

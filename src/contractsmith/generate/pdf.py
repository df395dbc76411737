"""DOCX to PDF for rendered contracts: LibreOffice pool, then pypdf post-processing.

Public entry points:

* :func:`convert_rendered` turns rendered contracts (DOCX already written) into PDFs
  beside them, with metadata, a fixed /ID and dates, and the spec and manifest embedded.
* :func:`convert_docx_files` converts plain DOCX files (no spec), e.g. for benchmarks.

Neither raises for a document that fails: each returns one error string per input
(None on success), so a batch goes on past a bad file.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from contractsmith.atomic import write_bytes_atomic
from contractsmith.generate.pdf_meta import PdfInfo, finalize_pdf, info_from_spec
from contractsmith.generate.pdf_pool import ConverterPool
from contractsmith.generate.result import RenderedContract
from contractsmith.generate.soffice import SofficeNotFound, require_soffice
from contractsmith.outputs import OutputGuard

# PDF/A with attachments must be PDF/A-3 (PDF/A-2 forbids non-PDF/A embedded files).
PDFA_WITH_ATTACHMENTS = 3
PDFA_PLAIN = 2

Progress = Callable[[RenderedContract, str | None], None]


def pdf_path_for(rendered: RenderedContract) -> Path:
    """Where a contract's PDF goes: beside its DOCX, same stem."""
    return Path(rendered.docx_path).with_suffix(".pdf")


def convert_rendered(
    rendered: list[RenderedContract],
    *,
    jobs: int = 1,
    pdfa: bool = False,
    timeout: float = 120.0,
    progress: Progress | None = None,
) -> list[tuple[RenderedContract, str | None]]:
    """Convert each contract's DOCX to PDF; set ``.pdf_path`` on success.

    Returns ``(contract, error)`` pairs in input order; ``error`` is None on success or a
    one-line reason. ``pdfa`` produces PDF/A-3b (the embedded spec and manifest rule out
    PDF/A-2b). ``progress(contract, error)`` is called once per contract as it finishes,
    from one thread at a time. When LibreOffice is missing every contract gets the same
    install advice as its error.
    """
    errors: list[str | None] = [None] * len(rendered)
    if not rendered:
        return []
    try:
        soffice = require_soffice()
    except SofficeNotFound as exc:
        message = str(exc)
        out = []
        for item in rendered:
            if progress is not None:
                progress(item, message)
            out.append((item, message))
        return out

    version = PDFA_WITH_ATTACHMENTS if pdfa else None
    lock = threading.Lock()

    def on_done(index: int, pdf: Path | None, error: str | None) -> None:
        item = rendered[index]
        if pdf is not None and error is None:
            try:
                info = info_from_spec(item.spec_json, item.manifest, item.title, item.as_of)
                if version:
                    info = PdfInfo(**{**info.__dict__, "pdfa_part": version})
                data = finalize_pdf(
                    pdf.read_bytes(), info, spec_json=item.spec_json, manifest=item.manifest
                )
                target = pdf_path_for(item)
                OutputGuard([item.spec_path]).claim("PDF", target)
                write_bytes_atomic(target, data)
                item.pdf_path = target
            except Exception as exc:  # one bad document must not stop the batch
                error = f"cannot finish PDF: {type(exc).__name__}: {exc}".splitlines()[0]
        errors[index] = error
        if progress is not None:
            with lock:
                progress(item, error)

    pool = ConverterPool(soffice, jobs=jobs, timeout=timeout, pdf_version=version)
    pool.convert([Path(r.docx_path) for r in rendered], on_done)
    return list(zip(rendered, errors, strict=True))


def convert_docx_files(
    pairs: Sequence[tuple[Path, Path]],
    *,
    jobs: int = 1,
    pdfa: bool = False,
    timeout: float = 120.0,
    as_of: str | None = None,
    chunk_size: int | None = None,
) -> list[str | None]:
    """Convert ``(docx, pdf)`` pairs; return one error (or None) per pair.

    With ``as_of`` the PDF's dates and /ID are fixed from it and the file name (plain
    DOCX files carry no spec), so repeated conversions give the same bytes; without it
    LibreOffice's own metadata is kept. ``pdfa`` here means PDF/A-2b (no attachments).
    """
    errors: list[str | None] = [None] * len(pairs)
    if not pairs:
        return errors
    try:
        soffice = require_soffice()
    except SofficeNotFound as exc:
        return [str(exc)] * len(pairs)
    version = PDFA_PLAIN if pdfa else None

    def on_done(index: int, pdf: Path | None, error: str | None) -> None:
        if pdf is not None and error is None:
            target = Path(pairs[index][1])
            try:
                data = pdf.read_bytes()
                if as_of is not None:
                    info = PdfInfo(
                        title=target.stem,
                        as_of=as_of,
                        spec_sha256=target.stem,
                        pdfa_part=version,
                    )
                    data = finalize_pdf(data, info)
                write_bytes_atomic(target, data)
            except Exception as exc:
                error = f"cannot finish PDF: {type(exc).__name__}: {exc}".splitlines()[0]
        errors[index] = error

    kwargs = {} if chunk_size is None else {"chunk_size": chunk_size}
    pool = ConverterPool(soffice, jobs=jobs, timeout=timeout, pdf_version=version, **kwargs)
    pool.convert([Path(p[0]) for p in pairs], on_done)
    return errors

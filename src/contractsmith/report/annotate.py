"""``check --annotate DIR``: write annotated copies of the checked DOCX and PDF files.

Each readable DOCX gets a copy with Word comments, each PDF a copy with highlight
annotations, under ``DIR`` with the original file name (``name-2.docx`` when two inputs share a
name). Text and Markdown inputs are skipped with a note. Inputs are never overwritten. The
copies carry no active content (scripts, auto-run and link actions, external links, macros,
embedded objects); what was left out is listed in each result's ``removed``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from contractsmith.analyse.check import DocumentReport, Report
from contractsmith.outputs import OutputClash, OutputGuard
from contractsmith.report.textmatch import targets_for


@dataclass(frozen=True)
class AnnotationResult:
    """What happened to one document: the copy written, or why it was skipped."""

    path: str
    output: str | None
    count: int = 0
    note: str | None = None
    removed: tuple[str, ...] = ()  # active content left out of the copy


ANNOTATED_SUFFIXES = (".docx", ".pdf")


def annotation_targets(
    paths: list[str], out_dir: Path, formats: dict[str, str] | None = None
) -> dict[str, Path]:
    """A distinct target path in ``out_dir`` for each input path.

    Inputs from different folders that share a name get ``name-2.docx``, ``name-3.docx``
    (case-insensitively, in input order), so no copy overwrites another. A copy always
    ends in its format's suffix: a DOCX named ``terms.toml`` (``formats`` says what each
    file really is) is copied to ``terms.toml.docx``, never over a file of that name.
    """
    used: set[str] = set()
    names: dict[str, Path] = {}
    for path in paths:
        src = Path(path)
        fmt = (formats or {}).get(path)
        if fmt and src.suffix.lower() != f".{fmt}":
            src = src.with_name(f"{src.name}.{fmt}")
        name = src.name
        n = 2
        while name.lower() in used:
            name = f"{src.stem}-{n}{src.suffix}"
            n += 1
        used.add(name.lower())
        names[path] = out_dir / name
    return names


def output_names(documents: list[DocumentReport], out_dir: Path) -> dict[str, Path]:
    """A distinct target path in ``out_dir`` for each document (``name-2.docx`` on clashes)."""
    formats = {doc.path: doc.format for doc in documents if doc.format in ("docx", "pdf")}
    return annotation_targets([doc.path for doc in documents], out_dir, formats)


def annotate_report(
    report: Report, out_dir: str | Path, protected: Iterable[str | Path | None] = ()
) -> list[AnnotationResult]:
    """Annotate every DOCX/PDF document of ``report`` into ``out_dir``.

    No copy is written over a checked document or over a ``protected`` file (the other
    files the run reads or writes: its settings, playbook, baseline and report).
    """
    from contractsmith.report.annotate_docx import annotate_docx
    from contractsmith.report.annotate_pdf import annotate_pdf

    out = Path(out_dir)
    names = output_names(report.documents, out)
    guard = OutputGuard([*(doc.path for doc in report.documents), *(p for p in protected if p)])
    results: list[AnnotationResult] = []
    for doc in report.documents:
        if doc.error is not None:
            results.append(
                AnnotationResult(doc.path, None, note="not annotated: could not be read")
            )
            continue
        if doc.format not in ("docx", "pdf"):
            results.append(
                AnnotationResult(doc.path, None, note="not annotated: only DOCX and PDF can be")
            )
            continue
        target = names[doc.path]
        try:
            guard.claim("--annotate", target)
        except OutputClash:
            results.append(
                AnnotationResult(doc.path, None, note="not annotated: would overwrite an input")
            )
            continue
        writer = annotate_docx if doc.format == "docx" else annotate_pdf
        removed: list[str] = []
        try:
            count = writer(doc.path, target, targets_for(doc.text, doc.findings), removed)
        except Exception as exc:  # one bad copy must not stop the others
            first = (str(exc).splitlines() or [""])[0]
            results.append(
                AnnotationResult(
                    doc.path, None, note=f"not annotated: {type(exc).__name__}: {first}"
                )
            )
            continue
        results.append(AnnotationResult(doc.path, str(target), count, removed=tuple(removed)))
    return results

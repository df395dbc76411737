"""The public ``render()``: spec -> validated -> assembled -> DOCX on disk.

``render`` does one spec; ``render_many`` does a batch, loading the clause library and
the Word shell once and carrying on past a bad spec (each failure is reported as a
``RenderFailure`` with one-line messages that name the file).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from contractsmith.atomic import write_bytes_atomic
from contractsmith.findings import Finding, Location, Severity, sort_findings
from contractsmith.generate.assemble import AssemblyError, assemble, plain_data
from contractsmith.generate.contract import Contract
from contractsmith.generate.docx_writer import ShellError, WordShell, load_shell, write_docx
from contractsmith.generate.manifest import build_manifest
from contractsmith.generate.result import RenderedContract
from contractsmith.library.load import Library, load_library
from contractsmith.spec.limits import MAX_YEAR, MIN_YEAR, clip, year_in_range

SUPPORTED_FORMATS = ("docx", "pdf")

MAX_ERROR_DETAIL = 200
"""Most characters of an unexpected error's text that an R099 message repeats."""


class RenderError(Exception):
    """A spec could not be rendered. ``findings`` says why; ``str()`` is one line per problem."""

    def __init__(self, path: str, findings: list[Finding]) -> None:
        self.path = path
        self.findings = findings
        super().__init__(self.__str__())

    def __str__(self) -> str:
        return "\n".join(describe(self.path, f) for f in self.findings) or f"{self.path}: failed"


@dataclass
class RenderFailure:
    """One spec of a batch that was not rendered, with the reasons."""

    path: Path
    findings: list[Finding]

    def lines(self) -> list[str]:
        """One ``where: error: message [code]`` line per finding."""
        return [describe(str(self.path), f) for f in self.findings]

    def report_lines(self) -> list[str]:
        """``lines()`` with each finding's hint indented below it, as ``validate`` prints."""
        out: list[str] = []
        for finding in self.findings:
            out.append(describe(str(self.path), finding))
            if finding.suggestion:
                out.append(f"    hint: {finding.suggestion}")
        return out


@dataclass
class BatchResult:
    """What ``render_many`` produced: the contracts written and the specs that failed."""

    rendered: list[RenderedContract] = field(default_factory=list)
    failures: list[RenderFailure] = field(default_factory=list)


def _shorten(path: str) -> str:
    """``path`` relative to the working directory when it lies under it."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return path


def describe(spec_path: str, finding: Finding) -> str:
    """One line: ``where: severity: message [rule]``; the clause file or the spec file and
    pointer. ``where`` is ``path:line:col`` as in ``validate``."""
    loc = finding.location
    spec_short = _shorten(spec_path)
    if loc.file:
        loc = replace(loc, file=_shorten(loc.file))
    if not loc.file and not loc.line:
        where = f"{spec_short} {loc.pointer}" if loc.pointer else spec_short
    else:
        where = loc.describe()
        if loc.file != spec_short:
            where = f"{spec_short}: {where}"
    return f"{where}: {finding.severity.value}: {finding.message} [{finding.rule}]"


# ---------------------------------------------------------------- spec loading


def load_spec_file(path: Path) -> Any:
    """Load a spec with ``contractsmith.spec.load`` (raises RenderError on failure)."""
    from contractsmith.spec.load import SpecLoadError, load_spec

    try:
        return load_spec(path)
    except SpecLoadError as exc:
        finding = Finding(
            "R010",
            Severity.ERROR,
            exc.problem,
            Location(file=str(path), line=exc.line, column=exc.column),
            suggestion=exc.hint,
        )
        raise RenderError(str(path), [finding]) from None


def validation_errors(spec: Any) -> list[Finding]:
    """The errors ``contractsmith.spec.validate`` finds in ``spec``."""
    from contractsmith.spec.validate import validate

    return [f for f in validate(spec) if f.severity is Severity.ERROR]


def consistency_errors(contract: Contract, spec: Any, library: Library) -> list[Finding]:
    """The X errors of an assembled contract (``contractsmith.consistency``), in spec order."""
    from contractsmith.consistency import check_assembled

    found = check_assembled(contract, spec, (c.body for c in library.ordered()))
    return sort_findings(f for f in found if f.severity is Severity.ERROR)


def _error(rule: str, message: str, file: str | None = None, line: int | None = None) -> Finding:
    return Finding(rule, Severity.ERROR, message, Location(file=file, line=line))


def default_as_of(spec: Any) -> str | None:
    """The spec's ``term.effective_date`` (the default document date), if it has one."""
    data = getattr(spec, "data", spec)
    term = data.get("term") if isinstance(data, dict) else None
    value = term.get("effective_date") if isinstance(term, dict) else None
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    return str(value)[:10] if value else None


def _check_as_of(as_of: Any) -> str:
    text = as_of.isoformat()[:10] if isinstance(as_of, (dt.date, dt.datetime)) else str(as_of)
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"as_of must be an ISO date YYYY-MM-DD, got {clip(repr(as_of))}") from None
    if not year_in_range(day):
        raise ValueError(f"as_of {text} is outside the years {MIN_YEAR} to {MAX_YEAR}")
    return text


# ---------------------------------------------------------------- rendering


def render(
    spec_or_path: Any,
    out_dir: str | os.PathLike[str],
    *,
    as_of: str | dt.date | None = None,
    template: str | os.PathLike[str] | WordShell | None = None,
    library: Library | None = None,
    formats: Iterable[str] = ("docx",),
    pdf_timeout: float = 120.0,
) -> RenderedContract:
    """Render one spec (a path, a loaded Spec or a dict) to ``out_dir/<stem>.docx``.

    ``as_of`` defaults to the spec's ``term.effective_date``. Raises RenderError for an
    invalid spec, a clause that cannot be rendered or a write that would overwrite an
    input. With ``"pdf"`` in ``formats`` the DOCX is also converted by LibreOffice
    (``contractsmith.generate.pdf``) and ``.pdf_path`` is set; batches should call
    ``render_many`` and then ``convert_rendered`` once, as the CLI does.
    """
    formats = tuple(formats)
    unknown = [f for f in formats if f not in SUPPORTED_FORMATS]
    if unknown:
        raise ValueError(f"unknown output format(s): {', '.join(unknown)} (use docx, pdf)")
    lib = library if library is not None else load_library()
    shell = template if isinstance(template, WordShell) else None
    if shell is None:
        try:
            shell = load_shell(template)
        except ShellError as exc:
            raise RenderError(str(template), [_error("R020", str(exc))]) from None
    rendered = _render_one(spec_or_path, Path(out_dir), as_of=as_of, shell=shell, library=lib)
    if "pdf" in formats:
        from contractsmith.generate.pdf import convert_rendered

        ((_, error),) = convert_rendered([rendered], jobs=1, pdfa=False, timeout=pdf_timeout)
        if error is not None:
            message = f"PDF conversion of {rendered.docx_path} failed: {error}"
            raise RenderError(str(rendered.spec_path), [_error("R040", message)])
    return rendered


def _render_one(
    spec_or_path: Any,
    out_dir: Path,
    *,
    as_of: str | dt.date | None,
    shell: WordShell,
    library: Library,
    protected: frozenset[Path] = frozenset(),
) -> RenderedContract:
    if isinstance(spec_or_path, (str, os.PathLike)):
        spec_path = Path(spec_or_path)
        spec = load_spec_file(spec_path)
    elif isinstance(spec_or_path, dict):
        from contractsmith.spec.load import Spec

        spec = Spec(plain_data(spec_or_path), path="spec.yaml")
        spec_path = Path("spec.yaml")
    else:
        spec = spec_or_path
        spec_path = Path(str(getattr(spec, "path", "spec.yaml")))
    label = str(spec_path)
    if library.findings:
        raise RenderError(label, [_library_problem(f) for f in library.findings])
    errors = validation_errors(spec)
    if errors:
        raise RenderError(label, sort_findings(errors))
    chosen = as_of if as_of is not None else default_as_of(spec)
    if chosen is None:
        raise RenderError(
            label, [_error("R011", "no --as-of date and the spec has no term.effective_date")]
        )
    try:
        as_of_text = _check_as_of(chosen)
    except ValueError as exc:
        raise RenderError(label, [_error("R011", str(exc))]) from None
    try:
        contract = assemble(spec, library, as_of=as_of_text)
    except AssemblyError as exc:
        raise RenderError(label, exc.findings) from None
    broken = consistency_errors(contract, spec, library)
    if broken:
        raise RenderError(label, broken)
    spec_json = spec.canonical_json()
    manifest = build_manifest(
        spec_sha256=hashlib.sha256(spec_json).hexdigest(),
        as_of=as_of_text,
        clauses=contract.clauses,
        template_name=shell.name,
        template_sha256=shell.sha256,
    )
    try:
        data = write_docx(contract, shell, manifest=manifest, spec_json=spec_json)
    except ShellError as exc:
        raise RenderError(label, [_error("R020", str(exc))]) from None
    target = out_dir / f"{spec_path.stem}.docx"
    resolved = target.resolve()
    inputs = set(protected)
    if isinstance(spec_or_path, (str, os.PathLike)):
        inputs.add(spec_path.resolve())
    if shell.path is not None:
        inputs.add(shell.path.resolve())
    if resolved in inputs:
        raise RenderError(label, [_error("R030", f"refusing to overwrite the input file {target}")])
    try:
        write_bytes_atomic(target, data)
    except OSError as exc:
        raise RenderError(
            label, [_error("R031", f"cannot write {target}: {exc.strerror or exc}")]
        ) from None
    return RenderedContract(
        spec_path=spec_path,
        title=contract.title,
        docx_path=target,
        spec_json=spec_json,
        manifest=manifest,
        as_of=as_of_text,
        text=contract.text(),
        extra={"contract": contract, "template": shell.name},
    )


def _unexpected(exc: Exception) -> Finding:
    """R099 for an exception nobody expected, on one short line whatever it holds."""
    detail = " ".join(_safe_str(exc).split())
    if len(detail) > MAX_ERROR_DETAIL:
        detail = detail[: MAX_ERROR_DETAIL - 1] + "\u2026"
    return _error("R099", f"unexpected error ({type(exc).__name__}: {detail}); please report it")


def _safe_str(exc: Exception) -> str:
    try:
        return str(exc)
    except Exception:  # str() of a broken exception must not break the report
        return "(no description)"


def _library_problem(finding: Finding) -> Finding:
    return Finding(
        rule=finding.rule,
        severity=Severity.ERROR,
        message=f"clause library is broken: {finding.message}",
        location=finding.location,
        clause_id=finding.clause_id,
        category=finding.category,
    )


def render_many(
    paths: Iterable[str | os.PathLike[str]],
    out_dir: str | os.PathLike[str],
    *,
    as_of: str | dt.date | None = None,
    template: str | os.PathLike[str] | WordShell | None = None,
    library: Library | None = None,
    progress: Callable[[Path], None] | None = None,
) -> BatchResult:
    """Render every spec in ``paths`` into ``out_dir``; keeps going past failures.

    The library and the Word shell are loaded once. Two specs with the same file stem
    would write the same output; the second is reported instead of overwriting the first.
    ``progress`` is called after each spec.
    """
    result = BatchResult()
    spec_paths = [Path(p) for p in paths]
    lib = library if library is not None else load_library()
    if isinstance(template, WordShell):
        shell = template
    else:
        try:
            shell = load_shell(template)
        except ShellError as exc:
            result.failures = [RenderFailure(p, [_error("R020", str(exc))]) for p in spec_paths]
            return result
    protected = frozenset(p.resolve() for p in spec_paths)
    seen: dict[str, Path] = {}
    for spec_path in spec_paths:
        stem = spec_path.stem
        if stem in seen:
            message = f"output name {stem}.docx is already used by {seen[stem]}; rename one spec"
            result.failures.append(RenderFailure(spec_path, [_error("R032", message)]))
        else:
            seen[stem] = spec_path
            try:
                result.rendered.append(
                    _render_one(
                        spec_path,
                        Path(out_dir),
                        as_of=as_of,
                        shell=shell,
                        library=lib,
                        protected=protected,
                    )
                )
            except RenderError as exc:
                result.failures.append(RenderFailure(spec_path, exc.findings))
            except Exception as exc:  # a bug must not stop the batch; report it on one line
                result.failures.append(RenderFailure(spec_path, [_unexpected(exc)]))
        if progress is not None:
            progress(spec_path)
    return result

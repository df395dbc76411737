"""`contractsmith render`: specs -> DOCX (and PDF) contracts."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from contractsmith.findings import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE
from contractsmith.outputs import OutputClash, check_outputs
from contractsmith.report.safe_text import say
from contractsmith.spec.limits import MAX_YEAR, MIN_YEAR, clip, year_in_range

SPEC_SUFFIXES = (".yaml", ".yml", ".json")


def _spec_paths(args: tuple[Path, ...]) -> list[Path]:
    """Files as given; folders expand to their *.yaml/*.yml/*.json, sorted."""
    paths: list[Path] = []
    for arg in args:
        if arg.is_dir():
            paths.extend(sorted(p for p in arg.iterdir() if p.suffix.lower() in SPEC_SUFFIXES))
        else:
            paths.append(arg)
    return paths


def _targets(paths: list[Path], out_dir: Path, formats: tuple[str, ...]) -> list[tuple[str, Path]]:
    """Every file the run will write: OUT/<spec stem>.<format> for each spec."""
    return [("-o", out_dir / f"{p.stem}.{fmt}") for p in paths for fmt in formats]


def _as_of(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{clip(repr(value))} is not a date (use YYYY-MM-DD)") from None
    if not year_in_range(day):
        raise click.BadParameter(f"{value} is outside the years {MIN_YEAR} to {MAX_YEAR}")
    return day.isoformat()


def _formats(value: str) -> tuple[str, ...]:
    formats = tuple(f.strip().lower() for f in value.split(",") if f.strip())
    bad = [f for f in formats if f not in ("docx", "pdf")]
    if bad or not formats:
        raise click.BadParameter(f"unknown format {','.join(bad) or value!r} (use docx, pdf)")
    return formats


@click.command("render")
@click.argument("specs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    "out_dir",
    required=True,
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder to write the contracts to (created if missing).",
)
@click.option("--as-of", help="Document date YYYY-MM-DD (default: the spec's effective date).")
@click.option(
    "--template",
    type=click.Path(path_type=Path, dir_okay=False),
    help="A house Word shell with the same placeholders as the default one.",
)
@click.option("--format", "fmt", default="docx", show_default=True, help="docx, pdf or docx,pdf.")
@click.option("--pdfa", is_flag=True, help="Make PDF/A files (with --format pdf).")
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Parallel PDF conversions.",
)
@click.option(
    "--pdf-timeout",
    type=click.FloatRange(1, 3600),
    default=120.0,
    show_default=True,
    help="Seconds allowed per PDF conversion.",
)
@click.option(
    "--clauses",
    "clauses_root",
    type=click.Path(path_type=Path, file_okay=False),
    help="Clause library folder (default: the project's clauses/).",
)
def render_cmd(
    specs: tuple[Path, ...],
    out_dir: Path,
    as_of: str | None,
    template: Path | None,
    fmt: str,
    pdfa: bool,
    jobs: int,
    pdf_timeout: float,
    clauses_root: Path | None,
) -> None:
    """Render contract SPECs (YAML/JSON files or folders of them) to Word and PDF.

    Each SPEC becomes OUT/<spec name>.docx. The same spec and --as-of always give a
    byte-identical DOCX. A bad spec is reported at the end and the others still render.
    """
    from contractsmith.generate.docx_writer import ShellError, load_shell
    from contractsmith.generate.render import describe
    from contractsmith.library import load_library

    try:
        as_of_value = _as_of(as_of)
        formats = _formats(fmt)
    except click.BadParameter as exc:
        say(f"error: {exc.message}", err=True)
        sys.exit(EXIT_USAGE)
    try:
        shell = load_shell(template)
    except ShellError as exc:
        say(f"error: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    if shell.removed:
        say(
            f"note: {template}: removed {len(shell.removed)} outside link(s) from the template "
            f"({'; '.join(shell.removed)}); `contractsmith lint --template` reports them as T009",
            err=True,
        )
    library = load_library(clauses_root)
    if library.findings:
        say(f"error: the clause library at {library.root} has problems:", err=True)
        for finding in library.findings:
            say(f"  {describe(str(library.root), finding)}", err=True)
        sys.exit(EXIT_FINDINGS)
    paths = _spec_paths(specs)
    if not paths:
        click.echo("error: no spec files found in the given folders", err=True)
        sys.exit(EXIT_USAGE)
    try:
        check_outputs(
            [*paths, *([template] if template else [])], _targets(paths, out_dir, formats)
        )
    except OutputClash as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_USAGE)

    batch = _render_with_progress(paths, out_dir, as_of_value, shell, library)
    for item in batch.rendered:
        say(f"wrote {item.docx_path}")
    failed = bool(batch.failures)
    if "pdf" in formats and batch.rendered:
        failed = _convert_pdfs(batch.rendered, jobs=jobs, pdfa=pdfa, timeout=pdf_timeout) or failed
    for failure in batch.failures:
        for line in failure.report_lines():
            say(line, err=True)
    total = len(paths)
    if batch.failures:
        click.echo(
            f"{len(batch.rendered)} of {total} contract(s) rendered; {len(batch.failures)} failed",
            err=True,
        )
    sys.exit(EXIT_FINDINGS if failed else EXIT_OK)


def _render_with_progress(paths, out_dir, as_of, shell, library):
    from contractsmith.generate.render import render_many

    if len(paths) < 2 or not sys.stderr.isatty():
        return render_many(paths, out_dir, as_of=as_of, template=shell, library=library)
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    columns = (TextColumn("rendering"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("render", total=len(paths))
        return render_many(
            paths,
            out_dir,
            as_of=as_of,
            template=shell,
            library=library,
            progress=lambda _path: bar.advance(task),
        )


def _convert_pdfs(rendered, *, jobs: int, pdfa: bool, timeout: float) -> bool:
    """Run the PDF stage; print where each PDF went or why not. True when any failed."""
    try:
        from contractsmith.generate.pdf import convert_rendered
    except ImportError as exc:
        say(f"error: PDF output is not available in this build ({exc})", err=True)
        return True
    if len(rendered) > 1 and sys.stderr.isatty():
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        columns = (TextColumn("converting to PDF"), BarColumn(), MofNCompleteColumn())
        with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
            task = bar.add_task("pdf", total=len(rendered))
            results = convert_rendered(
                rendered,
                jobs=jobs,
                pdfa=pdfa,
                timeout=timeout,
                progress=lambda _item, _error: bar.advance(task),
            )
    else:
        results = convert_rendered(rendered, jobs=jobs, pdfa=pdfa, timeout=timeout)
    failed = False
    for item, error in results:
        if error is None:
            say(f"wrote {item.pdf_path}")
        else:
            failed = True
            say(f"error: {item.docx_path}: PDF conversion failed: {error}", err=True)
    return failed

"""`contractsmith check`: review existing contracts against a playbook and the wording rules."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click

from contractsmith.findings import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE
from contractsmith.outputs import OutputClash, OutputError, check_outputs, echo_report, write_report
from contractsmith.report.safe_text import printable, say
from contractsmith.selection import code_problem

PROG = "contractsmith check"
FORMATS = ("text", "json", "csv", "sarif", "html", "junit", "github")
FAIL_ON = ("error", "warning", "info", "never")


class OneLineUsageError(click.ClickException):
    """A usage error shown as one line (``contractsmith check: error: ...``), exit 2."""

    exit_code = EXIT_USAGE

    def show(self, file: Any = None) -> None:
        say(f"{PROG}: error: {self.format_message()}", err=True)


class CheckCommand(click.Command):
    """A click command whose option errors are one line instead of usage + hint."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except click.UsageError as exc:
            raise OneLineUsageError(exc.format_message()) from None


def _usage(message: str) -> None:
    raise OneLineUsageError(message)


def _check_codes(codes: list[str] | None, option: str) -> None:
    """Reject malformed codes, and prefixes that match no known rule."""
    if not codes:
        return
    from contractsmith.report.rule_meta import all_rules_meta

    known = list(all_rules_meta())
    for code in codes:
        problem = code_problem(code, known)
        if problem:
            _usage(f"{option}: {problem}")


def progress_bar(console: Any = None) -> Any:
    """The rich progress bar of a check; the task description is the current file name."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    return Progress(
        TextColumn("checking"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.description}", markup=False),  # a file name is not rich markup
        console=console or Console(stderr=True),
        transient=True,
    )


def _progress_callback():
    """A rich progress bar on stderr when it is a terminal; None otherwise."""
    if not sys.stderr.isatty():
        return None, None
    progress = progress_bar()
    state: dict[str, Any] = {}

    def update(done: int, total: int, path: str) -> None:
        if total < 2:
            return
        if "task" not in state:
            progress.start()
            state["task"] = progress.add_task("", total=total)
        progress.update(state["task"], completed=done, description=printable(Path(path).name))

    return update, progress


def _playbook_file(book: Any) -> str | None:
    """The playbook's file, when it came from one (a built-in playbook has none)."""
    return book.source if os.path.isfile(book.source) else None


def _refuse_clashes(
    files: list[str],
    config: Any,
    book: Any,
    reading_baseline: str | None,
    output: str | None,
    recording: str | None,
    annotate: str | None,
) -> None:
    """Refuse (exit 2) any output that is an input or another output of this run."""
    from contractsmith.report.annotate import ANNOTATED_SUFFIXES, annotation_targets

    inputs: list[str | Path] = list(files)
    inputs += [p for p in (config.path, _playbook_file(book), reading_baseline) if p]
    outputs: list[tuple[str, str | Path | None]] = [("-o", output), ("--baseline", recording)]
    if annotate:
        targets = annotation_targets(files, Path(annotate))
        outputs += [
            ("--annotate", target)
            for path, target in targets.items()
            if Path(path).suffix.lower() in ANNOTATED_SUFFIXES
        ]
    try:
        check_outputs(inputs, outputs)
    except OutputClash as exc:
        raise OneLineUsageError(str(exc)) from None


def _write_report(report: Any, output: str, text: str) -> None:
    """Write the report to ``output``, then say so on stderr with a one-line summary."""
    from contractsmith.report.check_text import summary_line

    try:
        write_report(output, text)
    except OutputError as exc:
        raise OneLineUsageError(str(exc)) from None
    click.echo(f"{PROG}: {summary_line(report)}", err=True)
    click.echo(f"{PROG}: report written to {output}", err=True)


def _render(report, fmt: str, color: bool) -> str:
    if fmt == "json":
        from contractsmith.report.check_json import render_json

        return render_json(report)
    if fmt == "csv":
        from contractsmith.report.check_csv import render_csv

        return render_csv(report)
    if fmt == "sarif":
        from contractsmith.report.check_sarif import render_sarif

        return render_sarif(report)
    if fmt == "html":
        from contractsmith.report.html import render_html

        return render_html(report)
    if fmt in ("junit", "github"):
        from contractsmith.report.check_sarif import with_line_numbers
        from contractsmith.report.findings_writers import FileResult, render_findings
        from contractsmith.report.rule_meta import all_rules_meta

        results = [FileResult(d.path, with_line_numbers(d), d.error) for d in report.documents]
        return render_findings(results, fmt, "check", all_rules_meta())
    from contractsmith.report.check_text import render_text

    return render_text(report, color=color)


@click.command("check", cls=CheckCommand)
@click.argument("paths", nargs=-1, required=True)
@click.option("--playbook", help="Built-in playbook (influencer, commercial) or a YAML file.")
@click.option("--select", help="Only these rule codes or prefixes, comma-separated (V,C0,D002).")
@click.option("--ignore", help="Skip these rule codes or prefixes, comma-separated.")
@click.option(
    "--fail-on",
    type=click.Choice(FAIL_ON),
    help="Lowest severity that makes the exit code 1 (default: error).",
)
@click.option("-j", "--jobs", type=click.IntRange(min=1), help="Worker processes (default: 1).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), help="Report format (default: text).")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the report here.")
@click.option(
    "--annotate",
    type=click.Path(file_okay=False),
    help="Write copies of DOCX/PDF inputs with a comment or highlight per finding here.",
)
@click.option(
    "--baseline",
    type=click.Path(dir_okay=False),
    help="Report only findings not in this file; if it does not exist, record them in it.",
)
@click.option(
    "--write-baseline",
    type=click.Path(dir_okay=False),
    help="Record every current finding in this file as accepted.",
)
@click.option("--isolated", is_flag=True, help="Ignore contractsmith.toml and pyproject.toml.")
def check_cmd(
    paths: tuple[str, ...],
    playbook: str | None,
    select: str | None,
    ignore: str | None,
    fail_on: str | None,
    jobs: int | None,
    fmt: str | None,
    output: str | None,
    annotate: str | None,
    baseline: str | None,
    write_baseline: str | None,
    isolated: bool,
) -> None:
    """Check contracts (DOCX, PDF, TXT, Markdown; folders and globs) for missing
    clauses and weak wording.

    \b
    Settings come from the command line, then contractsmith.toml or
    [tool.contractsmith] in pyproject.toml (searched upward), then defaults.
    \b
    Baselines: --write-baseline FILE (or --baseline FILE when FILE does not
    exist yet) records today's findings and exits 0; later runs with
    --baseline FILE report only new findings and count the suppressed ones.
    \b
    Exit codes: 0 no finding at or above --fail-on, 1 such a finding or an
    unreadable file, 2 usage error.
    """
    from contractsmith.analyse.check import CheckUsageError, check, document_findings, expand_paths
    from contractsmith.analyse.playbook import PlaybookError, load_playbook
    from contractsmith.baseline import BaselineError, load_baseline
    from contractsmith.baseline import write_baseline as record
    from contractsmith.config import Config, ConfigError, load_config, split_codes

    try:
        config = Config() if isolated else load_config()
    except ConfigError as exc:
        raise OneLineUsageError(str(exc)) from None
    playbook = playbook or config.get("playbook", "influencer")
    # An empty list means "no selection given", not "select nothing".
    sel = (split_codes(select) if select is not None else config.get("select")) or None
    ign = (split_codes(ignore) if ignore is not None else config.get("ignore")) or None
    fail_on = fail_on or config.get("fail-on", "error")
    jobs = jobs or config.get("jobs", 1)
    fmt = fmt or config.get("format", "text")
    baseline = baseline or config.get("baseline")
    _check_codes(sel, "--select")
    _check_codes(ign, "--ignore")

    try:
        files = expand_paths(paths)
        book = load_playbook(playbook)
    except (CheckUsageError, PlaybookError) as exc:
        raise OneLineUsageError(str(exc)) from None
    recording = write_baseline or (baseline if baseline and not Path(baseline).exists() else None)
    reading = None if recording else baseline
    _refuse_clashes(files, config, book, reading, output, recording, annotate)
    accepted = None
    if baseline and not recording:
        try:
            accepted = load_baseline(baseline)
        except BaselineError as exc:
            raise OneLineUsageError(str(exc)) from None

    callback, progress = _progress_callback()
    try:
        report = check(
            files,
            playbook=book,
            select=sel,
            ignore=ign,
            jobs=jobs,
            progress=callback,
            baseline=accepted,
            expand=False,  # found once above, where the outputs were checked against them
        )
    finally:
        if progress is not None:
            progress.stop()

    color = fmt == "text" and not output and sys.stdout.isatty() and "NO_COLOR" not in os.environ
    text = _render(report, fmt, color)
    if output:
        _write_report(report, output, text)
    else:
        echo_report(text)

    if annotate:
        from contractsmith.report.annotate import annotate_report

        protected = [config.path, _playbook_file(book), baseline, recording, output]
        for result in annotate_report(report, annotate, protected):
            if result.output:
                say(
                    f"{PROG}: annotated {result.path} -> {result.output} ({result.count} note(s))",
                    err=True,
                )
                if result.removed:
                    say(
                        f"{PROG}: {result.output}: removed active content: "
                        + "; ".join(result.removed),
                        err=True,
                    )
            else:
                say(f"{PROG}: {result.path}: {result.note}", err=True)

    if recording:
        try:
            n = record(recording, document_findings(report))
        except OSError as exc:
            raise OneLineUsageError(f"cannot write {recording}: {exc.strerror or exc}") from None
        say(f"{PROG}: baseline {recording}: recorded {n} finding(s)", err=True)
        sys.exit(EXIT_FINDINGS if report.unreadable else EXIT_OK)
    if accepted is not None and report.suppressed:
        click.echo(f"{PROG}: {report.suppressed} finding(s) suppressed by the baseline", err=True)
    sys.exit(EXIT_FINDINGS if report.exit_code(fail_on) else EXIT_OK)

"""`contractsmith validate`: check contract specs against the schema and the S rules."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from contractsmith.atomic import write_text_atomic
from contractsmith.findings import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, fails
from contractsmith.report.findings_writers import FileResult, render_findings
from contractsmith.report.safe_text import say
from contractsmith.spec.codes import rules_meta
from contractsmith.spec.load import SpecLoadError, load_spec
from contractsmith.spec.validate import validate

TOOL_NAME = "contractsmith validate"


def validate_files(paths: list[str]) -> list[FileResult]:
    """Load and validate each spec; a file that cannot be read gets a one-line error."""
    results: list[FileResult] = []
    for path in paths:
        try:
            spec = load_spec(Path(path), name=path)
        except SpecLoadError as exc:
            results.append(FileResult(path=path, findings=[], error=exc.detail))
            continue
        results.append(FileResult(path=path, findings=validate(spec)))
    return results


def exit_code(results: list[FileResult], fail_on: str = "error") -> int:
    """2 if any file was unreadable, else 1 if any finding reaches ``fail_on``, else 0."""
    if any(r.error for r in results):
        return EXIT_USAGE
    if fail_on != "never" and any(fails(r.findings, fail_on) for r in results):
        return EXIT_FINDINGS
    return EXIT_OK


@click.command("validate")
@click.argument("specs", nargs=-1, required=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "sarif", "junit", "github"]),
    default="text",
    show_default=True,
    help="Report format.",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the report here.")
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "info", "never"]),
    default="error",
    show_default=True,
    help="Lowest severity that makes the exit code 1.",
)
def validate_cmd(specs: tuple[str, ...], fmt: str, output: str | None, fail_on: str) -> None:
    """Validate contract specs (YAML or JSON) and report every problem.

    \b
    Exit codes: 0 all valid, 1 a finding at or above --fail-on,
    2 a file could not be read or parsed (the other files are still checked).
    """
    results = validate_files(list(specs))
    report = render_findings(results, fmt, TOOL_NAME, rules_meta())
    if output:
        write_text_atomic(output, report)
    else:
        click.echo(report, nl=False)
    if output or fmt != "text":
        for r in results:
            if r.error:
                say(f"{r.path}: {r.error}", err=True)
    sys.exit(exit_code(results, fail_on))

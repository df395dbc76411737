"""`contractsmith validate`: check contract specs against the schema and the S rules, then
the contract-consistency (X) rules on the contract a valid spec assembles to."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import NoReturn

import click

from contractsmith.consistency.spec import check_spec
from contractsmith.findings import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, Severity, fails
from contractsmith.library.load import Library, load_library
from contractsmith.outputs import OutputClash, OutputError, check_outputs, echo_report, write_report
from contractsmith.report.findings_writers import FileResult, render_findings
from contractsmith.report.safe_text import say
from contractsmith.rules.registry import rules_meta
from contractsmith.spec.limits import clip
from contractsmith.spec.load import SpecLoadError, load_spec
from contractsmith.spec.validate import validate

TOOL_NAME = "contractsmith validate"


def validate_files(paths: list[str]) -> list[FileResult]:
    """Load and validate each spec; a file that cannot be read gets a one-line error."""
    libraries: list[Library] = []  # the shipped clause library, loaded once when needed
    return [_validate_file(path, libraries) for path in paths]


def _validate_file(path: str, libraries: list[Library]) -> FileResult:
    """One spec's findings, or its one-line error; never raises, so the batch goes on."""
    try:
        spec = load_spec(Path(path), name=path)
    except SpecLoadError as exc:
        return FileResult(
            path=path,
            error=exc.detail,
            line=exc.line,
            column=exc.column,
            problem=exc.problem,
            hint=exc.hint,
        )
    try:
        findings = validate(spec)
        if not any(f.severity is Severity.ERROR for f in findings):
            if not libraries:
                libraries.append(load_library())
            findings.extend(check_spec(spec, libraries[0]))
        return FileResult(path=path, findings=findings)
    except Exception as exc:  # a bug must not stop the batch; report it on one line
        detail = clip(" ".join(str(exc).split()), 200)
        error = f"unexpected error ({type(exc).__name__}: {detail}); please report it"
        return FileResult(path=path, findings=[], error=error)


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
    try:
        check_outputs(specs, [("-o", output)])
    except OutputClash as exc:
        _usage_error(str(exc))
    results = validate_files(list(specs))
    report = render_findings(results, fmt, TOOL_NAME, rules_meta(["S", "X"]))
    if output:
        try:
            write_report(output, report)
        except OutputError as exc:
            _usage_error(str(exc))
    else:
        echo_report(report)
    if output or fmt != "text":
        for r in results:
            if r.error:
                for line in r.error_lines():
                    say(line, err=True)
    sys.exit(exit_code(results, fail_on))


def _usage_error(message: str) -> NoReturn:
    """Print ``contractsmith validate: error: message`` and exit 2."""
    click.echo(f"{TOOL_NAME}: error: {message}", err=True)
    sys.exit(EXIT_USAGE)

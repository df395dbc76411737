"""`contractsmith lint`: check a clause library and Word templates before they reach a contract."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from contractsmith.findings import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, Severity, fails
from contractsmith.outputs import echo_report, files_under, refuse_or_exit, write_or_exit
from contractsmith.report.findings_writers import FORMATS, render_findings
from contractsmith.report.safe_text import say
from contractsmith.selection import code_problem, code_selected, parse_codes

FORMAT_CHOICES = (*FORMATS, "junit")


def _default_paths() -> list[Path]:
    local = Path("clauses")
    if local.is_dir():
        return [local]
    from contractsmith.resources import clauses_dir

    return [clauses_dir()]


@click.command("lint")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--template",
    "templates",
    multiple=True,
    type=click.Path(path_type=Path),
    help="A house Word template (.docx) to check; repeatable.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(sorted(set(FORMAT_CHOICES))),
    default="text",
    show_default=True,
    help="Report format.",
)
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write the report here.")
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "info", "never"]),
    default="error",
    show_default=True,
    help="Lowest severity that makes the exit code 1.",
)
@click.option("--update-lock", is_flag=True, help="Rewrite clauses.lock from the library.")
@click.option(
    "--examples",
    "examples_dir",
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder of example specs to render each clause against (default: examples/).",
)
@click.option("--no-render", is_flag=True, help="Skip rendering clauses against specs.")
@click.option("--no-wording", is_flag=True, help="Skip the checker's wording rules.")
@click.option("--select", default="", help="Only these codes or prefixes (comma-separated).")
@click.option("--ignore", default="", help="Skip these codes or prefixes (comma-separated).")
def lint_cmd(
    paths,
    templates,
    fmt,
    output,
    fail_on,
    update_lock,
    examples_dir,
    no_render,
    no_wording,
    select,
    ignore,
) -> None:
    """Check clause libraries (folders) and Word templates (.docx) for CI.

    \b
    Exit codes: 0 clean, 1 a finding at or above --fail-on, 2 usage error.
    With GITHUB_ACTIONS=true the text report also prints workflow annotations.
    """
    from contractsmith.lint.runner import LintOptions, lint_paths

    sel, ign = _selection(select, ignore)
    targets = list(paths) or _default_paths()
    for t in [*targets, *templates]:
        if not t.exists():
            say(f"contractsmith lint: {t}: no such file or folder", err=True)
            sys.exit(EXIT_USAGE)
    examples = _example_specs(examples_dir)
    refuse_or_exit("lint", files_under([*targets, *templates, *examples]), [("-o", output)])
    options = LintOptions(
        examples=examples,
        render=not no_render,
        wording=not no_wording,
        update_lock=update_lock,
        templates=list(templates),
    )
    try:
        results = lint_paths(targets, options)
    except FileNotFoundError as exc:
        say(f"contractsmith lint: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    results = _filter(results, sel, ign)
    from contractsmith.lint.codes import LINT_RULES

    text = render_findings(results, fmt, "lint", LINT_RULES)
    if output:
        write_or_exit("lint", output, text)
    else:
        echo_report(text)
    if fmt == "text" and os.environ.get("GITHUB_ACTIONS") == "true":
        click.echo(render_findings(results, "github", "lint"), nl=False)
    if update_lock:
        click.echo("clauses.lock updated", err=True)
    findings = [f for r in results for f in r.findings]
    failed = any(r.error for r in results) or (
        fail_on != "never" and fails(findings, Severity.parse(fail_on))
    )
    sys.exit(EXIT_FINDINGS if failed else EXIT_OK)


def _example_specs(folder: Path | None) -> list[Path]:
    if folder is None:
        local = Path("examples")
        if local.is_dir():
            folder = local
        else:
            from contractsmith.resources import examples_dir

            folder = examples_dir()
    return sorted(p for p in folder.glob("*.y*ml") if p.is_file()) + sorted(folder.glob("*.json"))


def _selection(select: str, ignore: str) -> tuple[list[str] | None, list[str]]:
    """The ``--select``/``--ignore`` codes, checked against the registry (exit 2 if bad)."""
    from contractsmith.rules.registry import all_entries

    sel, ign = parse_codes(select), parse_codes(ignore) or []
    known = [e.code for e in all_entries()]
    for option, codes in (("--select", sel or []), ("--ignore", ign)):
        for code in codes:
            problem = code_problem(code, known)
            if problem:
                say(f"contractsmith lint: error: {option}: {problem}", err=True)
                sys.exit(EXIT_USAGE)
    return sel, ign


def _filter(results, sel: list[str] | None, ign: list[str]):
    for r in results:
        r.findings = [f for f in r.findings if code_selected(f.rule, sel, ign)]
    return results

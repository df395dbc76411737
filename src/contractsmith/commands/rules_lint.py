"""``contractsmith rules lint``: the rule-data lint (K codes) of the category rules."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from contractsmith.findings import EXIT_FINDINGS, EXIT_OK, Severity, fails
from contractsmith.outputs import echo_report, files_under, refuse_or_exit, write_or_exit
from contractsmith.report.findings_writers import FORMATS, render_findings
from contractsmith.report.safe_text import say
from contractsmith.rules.datalint.measure import (
    DEFAULT_MAX_CARVE_OUTS,
    DEFAULT_MAX_REGEX,
    DEFAULT_MAX_UNLESS_SHARED,
    Limits,
)
from contractsmith.rules.datalint.usage import DEFAULT_MIN_DOCUMENTS


@click.command("lint")
@click.option(
    "--rules-dir",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    help="Folder of category rules (default: the shipped rules/categories).",
)
@click.option(
    "--corpus",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    help="Development documents (.txt/.md/.docx) for K003; without it K001/K002 run.",
)
@click.option("--max-regex", default=DEFAULT_MAX_REGEX, show_default=True, help="K001 limit.")
@click.option(
    "--max-carve-outs", default=DEFAULT_MAX_CARVE_OUTS, show_default=True, help="K002 limit."
)
@click.option(
    "--max-unless-shared",
    default=DEFAULT_MAX_UNLESS_SHARED,
    show_default=True,
    help="K002: patterns one unless may serve.",
)
@click.option(
    "--min-documents",
    default=DEFAULT_MIN_DOCUMENTS,
    show_default=True,
    help="K003: documents a carve-out must matter in.",
)
@click.option(
    "--baseline",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Baseline file (default: <rules-dir>/_lint_baseline.yaml).",
)
@click.option("--no-baseline", is_flag=True, help="Report every violation, accepted or not.")
@click.option("--update-baseline", is_flag=True, help="Accept today's violations.")
@click.option("-j", "--jobs", default=1, show_default=True, help="Worker processes (--corpus).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(sorted({*FORMATS, "junit"})),
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
def rules_lint_cmd(
    rules_dir: Path | None,
    corpus: Path | None,
    max_regex: int,
    max_carve_outs: int,
    max_unless_shared: int,
    min_documents: int,
    baseline: Path | None,
    no_baseline: bool,
    update_baseline: bool,
    jobs: int,
    fmt: str,
    output: Path | None,
    fail_on: str,
) -> None:
    """Lint the category rule data: K001 long expressions, K002 too many carve-outs,
    K003 carve-outs that matter in at most one --corpus document.

    \b
    Violations listed in the baseline are accepted; new or grown ones are reported, and
    fixed ones too (K004) so the baseline can shrink.
    Exit codes: 0 clean, 1 a finding at or above --fail-on, 2 usage error.
    """
    from contractsmith.analyse.categories import RULES_DIR
    from contractsmith.rules.datalint.runner import RulesLintOptions, lint_rules
    from contractsmith.rules.registry import rules_meta

    options = RulesLintOptions(
        directory=rules_dir or RULES_DIR,
        limits=Limits(max_regex, max_carve_outs, max_unless_shared),
        corpus=corpus,
        min_documents=min_documents,
        baseline=baseline,
        use_baseline=not no_baseline,
        update_baseline=update_baseline,
        jobs=jobs,
    )
    inputs = files_under([options.directory, options.baseline_path])
    refuse_or_exit("rules lint", inputs, [("-o", output)])
    outcome = lint_rules(options)
    text = render_findings(outcome.results, fmt, "rules lint", rules_meta(["K"]))
    if output:
        write_or_exit("rules lint", output, text)
    else:
        echo_report(text)
    if fmt == "text" and os.environ.get("GITHUB_ACTIONS") == "true":
        click.echo(render_findings(outcome.results, "github", "rules lint"), nl=False)
    if corpus is not None:
        click.echo(f"{outcome.documents} corpus document(s) read", err=True)
    if update_baseline:
        say(f"{options.baseline_path} updated", err=True)
    findings = [f for r in outcome.results for f in r.findings]
    failed = any(r.error for r in outcome.results) or (
        fail_on != "never" and fails(findings, Severity.parse(fail_on))
    )
    sys.exit(EXIT_FINDINGS if failed else EXIT_OK)

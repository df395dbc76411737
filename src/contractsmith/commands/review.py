"""`contractsmith review`: hold a running campaign to its contract, both ways."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from contractsmith.findings import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, Finding, Severity
from contractsmith.outputs import (
    OutputError,
    echo_report,
    refuse_or_exit,
    usage_exit,
    write_or_exit,
)
from contractsmith.report.findings_writers import FileResult, render_findings
from contractsmith.report.safe_text import say

if TYPE_CHECKING:
    from contractsmith.review.load import RawLog
    from contractsmith.review.outcome import Review

COMMAND = "review"
TOOL_NAME = "contractsmith review"


class _Stop(Exception):
    """One contract/log pair that cannot be reviewed: the exit code and what to print."""

    def __init__(self, code: int, message: str, report: str = "") -> None:
        super().__init__(message)
        self.code = code
        self.report = report


def _findings_report(findings: list[Finding], default_path: str) -> str:
    by_file: dict[str, list[Finding]] = {}
    for f in findings:
        by_file.setdefault(f.location.file or default_path, []).append(f)
    return render_findings(
        [FileResult(path=p, findings=fs) for p, fs in by_file.items()], "text", TOOL_NAME
    )


def _as_of(value: str | None) -> dt.date | None:
    if value is None:
        return None
    from contractsmith.spec.limits import MAX_YEAR, MIN_YEAR

    try:
        day = dt.date.fromisoformat(value.strip())
    except ValueError:
        usage_exit(COMMAND, f"--as-of {value!r}: write the date as YYYY-MM-DD")
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        usage_exit(COMMAND, f"--as-of {value!r}: the date must lie in {MIN_YEAR}-{MAX_YEAR}")
    return day


def review_pair(
    contract: str,
    log_path: str,
    events_path: str | None,
    as_of: dt.date | None,
    map_path: str | None = None,
) -> tuple[Review, dict[str, Any]]:
    """Review one contract against one log; ``_Stop`` when either cannot be used."""
    from contractsmith.review.amendments import combine, load_amendments
    from contractsmith.review.check import check_log, has_errors
    from contractsmith.review.evaluate import review
    from contractsmith.review.load import LogLoadError
    from contractsmith.review.source import ContractError, load_contract
    from contractsmith.spec.codes import is_semantic
    from contractsmith.spec.validate import validate

    try:
        source = load_contract(contract)
    except ContractError as exc:
        raise _Stop(EXIT_USAGE, str(exc)) from None
    spec_findings = [f for f in validate(source.spec) if f.severity is Severity.ERROR]
    if source.rendered:
        # A rendered contract may be signed: a drafting rule added since it was rendered
        # (S1xx: how the terms fit together) is worth knowing but does not stop holding the
        # parties to what they signed. A spec that is not well formed (S0xx) still does.
        drafting = [f for f in spec_findings if is_semantic(f.rule)]
        for f in drafting:
            say(f"note: {contract}: the contract's own terms: {f.rule} {f.message}", err=True)
        spec_findings = [f for f in spec_findings if not is_semantic(f.rule)]
    if spec_findings:
        report = _findings_report(spec_findings, source.spec.path)
        raise _Stop(EXIT_FINDINGS, f"{contract}: the contract's spec has errors; fix them first",
                    report)  # fmt: skip
    try:
        raw = _read_log(log_path, events_path, map_path)
    except LogLoadError as exc:
        raise _Stop(EXIT_USAGE, str(exc)) from None
    try:
        amendments = load_amendments(raw)
    except LogLoadError as exc:
        raise _Stop(EXIT_USAGE, str(exc)) from None
    for amendment in amendments:
        problems = [f for f in validate(amendment.spec) if f.severity is Severity.ERROR]
        if problems:
            raise _Stop(EXIT_FINDINGS, f"{amendment.path}: the amended spec has errors; fix them "
                        "first", _findings_report(problems, amendment.path))  # fmt: skip
    log, log_findings = check_log(raw, (amendments[-1].spec if amendments else source.spec.data))
    if has_errors(log_findings):
        report = _findings_report(log_findings, log_path)
        raise _Stop(EXIT_FINDINGS, f"{log_path}: the campaign log has errors; nothing was reviewed",
                    report)  # fmt: skip
    for line in _findings_report(log_findings, log_path).splitlines() if log_findings else []:
        say(line, err=True)
    when = as_of or log.latest_date()
    if when is None:
        effective = source.spec.data.get("term", {}).get("effective_date")
        try:
            when = dt.date.fromisoformat(str(effective))
        except ValueError:
            message = f"{log_path}: no --as-of given and the log records no date"
            raise _Stop(EXIT_USAGE, message) from None
    if amendments:
        result = combine(
            source.spec.data,
            amendments,
            log,
            as_of=when,
            clauses=source.clauses,
            contract=contract,
            spec_sha256=source.spec.sha256,
        )
        in_force = [a.spec for a in amendments if a.effective <= when]
        return result, (in_force[-1] if in_force else source.spec.data)
    result = review(
        source.spec.data,
        log,
        as_of=when,
        clauses=source.clauses,
        contract=contract,
        spec_sha256=source.spec.sha256,
    )
    return result, source.spec.data


def _read_log(log_path: str, events_path: str | None, map_path: str | None) -> RawLog:
    """The raw log; with ``--map`` the posts CSV is converted from an analytics export."""
    from contractsmith.review.load import load_log

    if map_path is None:
        return load_log(log_path, events_path)
    from contractsmith.review.colmap import convert, load_map

    cmap = load_map(map_path)
    raw = load_log(log_path, events_path, posts_text=convert(cmap, log_path))
    if cmap.number_format:
        raw.data["number_format"] = cmap.number_format
    return raw


@click.command("review")
@click.argument("contract", required=False, type=click.Path(dir_okay=False))
@click.option(
    "--log",
    "log_path",
    type=click.Path(dir_okay=False),
    help="Campaign log: YAML, JSON or CSV of posts.",
)
@click.option(
    "--events",
    "events_path",
    type=click.Path(dir_okay=False),
    help="Events as a second CSV (when --log is a CSV of posts).",
)
@click.option(
    "--map",
    "map_path",
    help="Column map (YAML) that turns --log, an analytics export CSV, into the posts CSV; "
    "a file, or the name of a shipped map (generic-export).",
)
@click.option(
    "--as-of", "as_of_text", help="Review date, YYYY-MM-DD (default: the log's latest date)."
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "html"]),
    default="text",
    show_default=True,
    help="Scorecard format (html: a self-contained page with charts; not with --pair).",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the scorecard here.")
@click.option(
    "--letter",
    type=click.Path(dir_okay=False),
    help="Write the review letter here (.docx, or .pdf through LibreOffice).",
)
@click.option(
    "--calendar",
    "calendars",
    multiple=True,
    type=click.Path(dir_okay=False),
    help="Write upcoming deadlines here (.ics or .csv); may be repeated.",
)
@click.option(
    "--pair",
    "pairs",
    nargs=2,
    multiple=True,
    type=click.Path(dir_okay=False),
    metavar="CONTRACT LOG",
    help="Portfolio: review each pair and print a table per creator and brand.",
)
def review_cmd(
    contract: str | None,
    log_path: str | None,
    events_path: str | None,
    map_path: str | None,
    as_of_text: str | None,
    fmt: str,
    output: str | None,
    letter: str | None,
    calendars: tuple[str, ...],
    pairs: tuple[tuple[str, str], ...],
) -> None:
    """Review a campaign log against its contract: scorecard, money, letter, calendar.

    CONTRACT is a spec (YAML/JSON) or a DOCX/PDF rendered by contractsmith (its embedded
    spec is used). Every status is relative to --as-of, never to today's date. With
    --pair (repeated) it reviews many contracts and prints a portfolio table instead.

    \b
    Exit codes: 0 every obligation met so far, 1 something late or missed (or the spec
    or the log has errors), 2 usage error (bad option, unreadable file, output clash).
    """
    if pairs:
        if contract or log_path or letter or calendars or events_path or map_path:
            usage_exit(COMMAND, "--pair cannot be combined with CONTRACT, --log, --events, "
                       "--map, --letter or --calendar")  # fmt: skip
        if fmt == "html":
            usage_exit(COMMAND, "--format html is for one contract; use text or json with --pair")
        _portfolio(pairs, _as_of(as_of_text), fmt, output)
        return
    if not contract or not log_path:
        usage_exit(COMMAND, "give CONTRACT and --log LOG (or --pair CONTRACT LOG)")
    if map_path is not None and not log_path.lower().endswith(".csv"):
        usage_exit(COMMAND, f"--map {map_path}: --log must be the export's CSV file")
    if letter is not None and not letter.lower().endswith((".docx", ".pdf")):
        usage_exit(COMMAND, f"--letter {letter}: the letter is written as .docx or .pdf")
    for cal in calendars:
        if not cal.lower().endswith((".ics", ".csv")):
            usage_exit(COMMAND, f"--calendar {cal}: use a .ics or .csv file name")
    inputs = [p for p in (contract, log_path, events_path, map_path) if p]
    outputs = [("-o", output), ("--letter", letter)] + [("--calendar", c) for c in calendars]
    refuse_or_exit(COMMAND, inputs, outputs)
    as_of = _as_of(as_of_text)
    try:
        result, spec = review_pair(contract, log_path, events_path, as_of, map_path)
    except _Stop as stop:
        if stop.report:
            echo_report(stop.report)
        say(f"{TOOL_NAME}: error: {stop}" if stop.code == EXIT_USAGE else f"{TOOL_NAME}: {stop}",
            err=True)  # fmt: skip
        sys.exit(stop.code)
    _write_outputs(result, spec, fmt, output, letter, calendars)
    sys.exit(EXIT_FINDINGS if result.failed else EXIT_OK)


def _portfolio(
    pairs: tuple[tuple[str, str], ...], as_of: dt.date | None, fmt: str, output: str | None
) -> None:
    """Review every pair (a bad pair is reported and skipped) and print the portfolio."""
    from contractsmith.review import portfolio

    refuse_or_exit(COMMAND, [p for pair in pairs for p in pair], [("-o", output)])
    reviews: list[Review] = []
    worst = EXIT_OK
    for contract, log_path in pairs:
        try:
            reviews.append(review_pair(contract, log_path, None, as_of)[0])
        except _Stop as stop:
            say(f"{TOOL_NAME}: {stop}", err=True)
            worst = max(worst, stop.code)
        except Exception as exc:  # a batch goes on past any bad pair
            say(f"{TOOL_NAME}: {contract} with {log_path}: cannot be reviewed "
                f"({type(exc).__name__}); the other pairs go on", err=True)  # fmt: skip
            worst = max(worst, EXIT_FINDINGS)
    report = portfolio.to_json(reviews) if fmt == "json" else portfolio.to_text(reviews)
    if output:
        write_or_exit(COMMAND, output, report)
    else:
        echo_report(report)
    if any(r.failed for r in reviews):
        worst = max(worst, EXIT_FINDINGS)
    sys.exit(worst)


def _write_pdf_letter(target: Path, docx: bytes, as_of: dt.date) -> None:
    """The letter as PDF: its DOCX converted by the LibreOffice pool ``render`` uses, with
    the PDF's dates fixed from the review date, so the same review gives the same bytes."""
    import tempfile

    from contractsmith.generate.pdf import convert_docx_files

    with tempfile.TemporaryDirectory(prefix="contractsmith-letter-") as tmp:
        source = Path(tmp) / f"{target.stem}.docx"
        source.write_bytes(docx)
        (error,) = convert_docx_files([(source, target)], as_of=as_of.isoformat())
    if error is not None:
        usage_exit(COMMAND, f"--letter {target}: {error}")


def _write_outputs(
    result: Review,
    spec: dict[str, Any],
    fmt: str,
    output: str | None,
    letter: str | None,
    calendars: tuple[str, ...],
) -> None:
    """Write the scorecard (stdout or -o), the calendars and the letter."""
    from contractsmith.atomic import write_bytes_atomic
    from contractsmith.review.ical import to_csv, to_ics
    from contractsmith.review.letter import build_letter
    from contractsmith.review.scorecard import to_json, to_text

    if fmt == "html":
        from contractsmith.review.html_report import to_html

        report = to_html(result)
    else:
        report = to_json(result) if fmt == "json" else to_text(result)
    if output:
        write_or_exit(COMMAND, output, report)
    else:
        echo_report(report)
    for cal in calendars:
        text = to_ics(result) if cal.lower().endswith(".ics") else to_csv(result)
        write_or_exit(COMMAND, cal, text)
    if letter:
        try:
            if letter.lower().endswith(".pdf"):
                _write_pdf_letter(Path(letter), build_letter(result, spec), result.as_of)
            else:
                write_bytes_atomic(Path(letter), build_letter(result, spec))
        except OSError as exc:
            usage_exit(COMMAND, str(OutputError(f"cannot write {letter}: {exc.strerror or exc}")))
    written = [p for p in (output, letter, *calendars) if p]
    if written:
        say(f"{TOOL_NAME}: wrote {', '.join(written)}", err=True)

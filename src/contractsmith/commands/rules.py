"""``contractsmith rules [CODE]``: list every rule code, or explain one."""

from __future__ import annotations

import json
import sys

import click

from contractsmith.findings import EXIT_USAGE
from contractsmith.rules.model import RuleDataError
from contractsmith.rules.registry import RuleEntry, all_entries


@click.command("rules")
@click.argument("code", required=False)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output format.",
)
def rules_cmd(code: str | None, fmt: str) -> None:
    """List every rule (code, severity, summary), or explain CODE.

    CODE may also be a prefix ("V", "D00") to list part of the rules.
    """
    try:
        entries = all_entries()
    except RuleDataError as exc:
        click.echo(f"contractsmith rules: broken rule data: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    if code:
        wanted = code.strip().upper()
        exact = [e for e in entries if e.code.upper() == wanted]
        if exact:
            _explain(exact[0], fmt)
            return
        entries = [e for e in entries if e.code.upper().startswith(wanted)]
        if not entries:
            click.echo(f"contractsmith rules: unknown rule code {code!r}", err=True)
            sys.exit(EXIT_USAGE)
    _list(entries, fmt)


def _list(entries: list[RuleEntry], fmt: str) -> None:
    if fmt == "json":
        rows = [
            {"code": e.code, "severity": e.severity, "family": e.family, "summary": e.summary}
            for e in entries
        ]
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    width = max((len(e.code) for e in entries), default=4)
    for e in entries:
        click.echo(f"{e.code:<{width}}  {e.severity:<7}  {e.summary}")


def _explain(entry: RuleEntry, fmt: str) -> None:
    if fmt == "json":
        click.echo(json.dumps(entry.to_dict(), indent=2, ensure_ascii=False))
        return
    click.echo(f"{entry.code} {entry.name} ({entry.family})")
    severity = entry.severity
    if entry.severity_by_slot:
        slots = ", ".join(f"{k}: {v}" for k, v in entry.severity_by_slot.items())
        severity += f"; in {slots}"
    click.echo(f"Severity: {severity}")
    click.echo(f"Summary: {entry.summary}")
    if entry.why:
        click.echo(f"Why: {entry.why}")
    if entry.suggestion:
        click.echo(f"Instead: {entry.suggestion}")
    if entry.clause:
        click.echo(f"Library clause: {entry.clause}")
    for kind, title in (("fail", "Flagged"), ("pass", "Not flagged")):
        cases = entry.cases.get(kind) or []
        if not cases:
            continue
        click.echo(f"{title}:")
        for case in cases:
            where = case.get("category") or case.get("heading")
            prefix = f"[{where}] " if where else ""
            suffix = f" ({case['severity']})" if case.get("severity") else ""
            click.echo(f"  - {prefix}{' '.join(case['text'].split())}{suffix}")

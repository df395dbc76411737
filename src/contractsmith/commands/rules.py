"""``contractsmith rules [CODE]``: list every rule code, or explain one.

``contractsmith rules lint`` (``commands.rules_lint``) is its one subcommand.
"""

from __future__ import annotations

import json
import sys

import click

from contractsmith.findings import EXIT_USAGE
from contractsmith.rules.model import RuleDataError
from contractsmith.rules.registry import RuleEntry, all_entries

_CODE = "contractsmith.rules.code"


class _CodeOrCommand(click.Group):
    """A group whose first argument is a subcommand (``lint``) or else a rule CODE."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        args = list(args)
        i = self._first_argument(ctx, args)
        if i is not None and args[i] not in self.commands:
            ctx.meta[_CODE] = args.pop(i)
        return super().parse_args(ctx, args)

    def _first_argument(self, ctx: click.Context, args: list[str]) -> int | None:
        """Index of the first token that is not an option of the group or its value."""
        takes_value = {
            name
            for p in self.get_params(ctx)
            if isinstance(p, click.Option) and not p.is_flag
            for name in p.opts
        }
        skip = False
        for i, token in enumerate(args):
            if skip:
                skip = False
            elif token == "--":
                return i + 1 if i + 1 < len(args) else None
            elif token.startswith("-"):
                skip = token in takes_value
            else:
                return i
        return None


@click.group("rules", cls=_CodeOrCommand, invoke_without_command=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output format.",
)
@click.pass_context
def rules_cmd(ctx: click.Context, fmt: str) -> None:
    """List every rule (code, severity, summary), or explain CODE.

    \b
    contractsmith rules [CODE]   CODE may also be a prefix ("V", "D00") to list part.
    contractsmith rules lint     lint the category rule data (K codes).
    """
    if ctx.invoked_subcommand is not None:
        return
    code: str | None = ctx.meta.get(_CODE)
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


def _add_lint() -> None:
    from contractsmith.commands.rules_lint import rules_lint_cmd

    rules_cmd.add_command(rules_lint_cmd)


_add_lint()

"""`contractsmith inspect`: show a rendered contract's manifest and check it for drift."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from contractsmith.findings import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE
from contractsmith.report.safe_text import printable, say


def _text_report(result) -> str:  # result: contractsmith.generate.pdf_inspect.Inspection
    manifest = result.manifest
    clauses = [c for c in manifest.get("clauses") or [] if isinstance(c, dict)]
    template = manifest.get("template") if isinstance(manifest.get("template"), dict) else {}
    kind = result.format.upper()
    if result.pdfa_part:
        kind += f" (PDF/A-{result.pdfa_part}b)"
    lines = [
        f"{result.path}",
        f"  format:       {kind}",
        f"  tool:         {manifest.get('tool', '?')} {manifest.get('version', '?')}",
        f"  spec sha256:  {manifest.get('spec_sha256', '?')}"
        + ("" if result.spec_sha256_ok else "  (does NOT match the embedded spec)"),
        f"  as of:        {manifest.get('as_of', '?')}",
    ]
    if template:
        sha = str(template.get("sha256") or "")[:12]
        lines.append(f"  template:     {template.get('name', '?')} (sha256 {sha}...)")
    lines.append(f"  clauses:      {len(clauses)}")
    lines += [f"    {c.get('id')} {c.get('version')}" for c in clauses]
    if result.clause_changes:
        lines.append(
            f"  library:      {len(result.clause_changes)} clause change(s) since rendering"
        )
        lines += [f"    {change}" for change in result.clause_changes]
    elif result.problem is None or result.spec_sha256_ok:
        lines.append("  library:      clause versions unchanged")
    if result.matches:
        lines.append("  text:         matches the embedded spec rendered with the current library")
    else:
        lines.append("  text:         drifted")
        if result.problem:
            lines.append(f"    {result.problem}")
        diff = result.difference
        if diff is not None:
            lines.append(f"    first difference at line {diff.line} of the re-rendered text:")
            lines.append(f"    expected: {diff.expected or '(end of text)'}")
            lines.append(f"    found:    {diff.found or '(end of text)'}")
    return "\n".join(printable(line.replace("\t", " ")) for line in lines)


@click.command("inspect")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output format.",
)
@click.option(
    "--clauses",
    "clauses_root",
    type=click.Path(path_type=Path, file_okay=False),
    help="Clause library to re-render with (default: the project's clauses/).",
)
def inspect_cmd(file: Path, fmt: str, clauses_root: Path | None) -> None:
    """Show the manifest of a rendered contract (PDF or DOCX) and check it for drift.

    The spec embedded in FILE is rendered again with the current clause library and the
    texts are compared. Exit status: 0 when the text matches, 1 when it has drifted,
    2 when FILE cannot be read or carries no contractsmith manifest.
    """
    from contractsmith.generate.pdf_inspect import InspectError, inspect_file

    try:
        result = inspect_file(file, clauses_root=clauses_root)
    except InspectError as exc:
        if fmt == "json":
            click.echo(json.dumps({"file": str(file), "status": "error", "error": str(exc)}))
        say(f"error: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    if fmt == "json":
        click.echo(json.dumps(result.to_dict(), indent=2, sort_keys=True, ensure_ascii=False))
    else:
        click.echo(_text_report(result))
    sys.exit(EXIT_OK if result.matches else EXIT_FINDINGS)

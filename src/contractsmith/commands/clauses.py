"""`contractsmith clauses`: list the clause library."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from contractsmith.findings import EXIT_FINDINGS, EXIT_OK
from contractsmith.report.safe_text import printable, say


@click.command("clauses")
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
    help="Clause library folder (default: the project's clauses/).",
)
def clauses_cmd(fmt: str, clauses_root: Path | None) -> None:
    """List the clause library: id, version, category, jurisdictions and title.

    Clause files that cannot be loaded are reported on stderr and make the exit code 1.
    """
    from contractsmith.generate.render import describe
    from contractsmith.library import load_library

    library = load_library(clauses_root)
    clauses = library.ordered()
    if fmt == "json":
        rows = [
            {
                "id": c.id,
                "version": c.version,
                "category": c.category,
                "jurisdictions": list(c.jurisdictions),
                "title": c.title,
                "order": c.order,
                "when": c.when,
            }
            for c in clauses
        ]
        click.echo(json.dumps({"clauses": rows}, indent=2, ensure_ascii=False))
    else:
        headers = ("ID", "VERSION", "CATEGORY", "JURISDICTIONS", "TITLE")
        table = [headers] + [
            tuple(
                printable(cell)
                for cell in (c.id, c.version, c.category, ",".join(c.jurisdictions), c.title)
            )
            for c in clauses
        ]
        widths = [max(len(row[i]) for row in table) for i in range(len(headers) - 1)]
        for row in table:
            cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
            click.echo("  ".join([*cells, row[-1]]).rstrip())
        say(f"{len(clauses)} clause(s) in {library.root}")
    for finding in library.findings:
        say(f"error: {describe(str(library.root), finding)}", err=True)
    sys.exit(EXIT_FINDINGS if library.findings else EXIT_OK)

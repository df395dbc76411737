"""`contractsmith init`: write a complete example spec to start a new contract from."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import click

from contractsmith.findings import EXIT_USAGE
from contractsmith.outputs import refuse_or_exit, write_or_exit
from contractsmith.report.safe_text import say
from contractsmith.resources import examples_dir, schemas_dir

KINDS = ("sponsorship", "retainer", "ambassador", "ugc")
_SCHEMA_LINE = re.compile(r"^\$schema:.*$", re.MULTILINE)


def example_text(kind: str) -> str:
    """The bundled example spec for ``kind``, as text."""
    return (examples_dir() / f"{kind}.yaml").read_text(encoding="utf-8")


def point_schema(text: str, target: Path) -> str:
    """Rewrite the ``$schema:`` line so it points at the schema from ``target``'s folder."""
    schema = schemas_dir() / "contract-spec.schema.json"
    try:
        ref = os.path.relpath(schema, target.resolve().parent)
    except ValueError:  # different drives on Windows
        ref = schema.as_uri()
    return _SCHEMA_LINE.sub(lambda _: f"$schema: {Path(ref).as_posix()}", text, count=1)


def point_header(text: str, kind: str, target: Path) -> str:
    """Rewrite the header comments' ``examples/<kind>.yaml`` to the file being written, so
    the "Validate:" and "Render:" lines work as printed."""
    example = f"examples/{kind}.yaml"
    lines = text.splitlines(keepends=True)
    for index, line in enumerate(lines):
        if not line.startswith("#"):
            break
        lines[index] = line.replace(example, target.as_posix())
    return "".join(lines)


@click.command("init")
@click.option(
    "--kind",
    type=click.Choice(KINDS),
    default="sponsorship",
    show_default=True,
    help="Kind of deal.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    help="Where to write the spec ('-' for standard output). Default: <kind>.yaml",
)
@click.option("--force", is_flag=True, help="Overwrite the output file if it exists.")
def init_cmd(kind: str, output: str | None, force: bool) -> None:
    """Write a complete, valid example spec to edit into your own contract."""
    text = example_text(kind)
    if output == "-":
        click.echo(text, nl=False)
        return
    target = Path(output or f"{kind}.yaml")
    if target.exists() and not force:
        say(f"{target}: already exists (use --force to overwrite)", err=True)
        sys.exit(EXIT_USAGE)
    refuse_or_exit("init", [examples_dir() / f"{kind}.yaml"], [("-o", target)])
    write_or_exit("init", target, point_schema(point_header(text, kind, target), target))
    say(f"wrote {target} ({kind}); next: contractsmith validate {target}")

"""`contractsmith schema`: print the JSON Schema of contract specs (or of campaign logs)."""

from __future__ import annotations

import click

from contractsmith.outputs import refuse_or_exit, write_or_exit
from contractsmith.resources import schemas_dir

SCHEMA_FILE = "contract-spec.schema.json"
LOG_SCHEMA_FILE = "campaign-log.schema.json"


@click.command("schema")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the schema here.")
@click.option("--log", "log", is_flag=True, help="The campaign-log schema (contractsmith review).")
def schema_cmd(output: str | None, log: bool) -> None:
    """Print the contract-spec JSON Schema (2020-12), for editors and other tools."""
    source = schemas_dir() / (LOG_SCHEMA_FILE if log else SCHEMA_FILE)
    text = source.read_text(encoding="utf-8")
    if output:
        refuse_or_exit("schema", [source], [("-o", output)])
        write_or_exit("schema", output, text)
    else:
        click.echo(text, nl=False)

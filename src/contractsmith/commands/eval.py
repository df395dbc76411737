"""``contractsmith eval``: accuracy of the checker on labelled contract sets."""

from __future__ import annotations

import click


@click.group(name="eval")
def eval_group() -> None:
    """Measure the checker's clause detection against labelled data."""


@eval_group.command(name="cuad")
@click.argument("directory", type=click.Path(file_okay=False, path_type=str))
@click.option(
    "--source",
    type=click.Choice(["txt", "pdf"]),
    default="txt",
    show_default=True,
    help="Score the contracts under DIR/txt or DIR/pdf.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output format.",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Worker processes.",
)
@click.option(
    "--split/--no-split",
    default=False,
    show_default=True,
    help="Also score the A-M and N-Z agreement-type halves.",
)
def cuad_cmd(directory: str, source: str, fmt: str, jobs: int, split: bool) -> None:
    """Score clause presence on a CUAD-format DIRECTORY (labels.csv + txt/ or pdf/).

    Prints per-category precision, recall, F1 and support for the 15 categories that
    map to CUAD columns, and their macro-F1. Contracts that cannot be read are listed
    and left out of the scores.
    """
    from contractsmith.analyse.evaluate import (
        EvalError,
        evaluate_dir,
        format_json,
        format_text,
    )

    try:
        results = evaluate_dir(directory, source=source, jobs=jobs, splits=split)
    except EvalError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(format_json(results) if fmt == "json" else format_text(results), nl=False)

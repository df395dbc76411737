"""``contractsmith eval``: accuracy of the checker on labelled contract sets."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from contractsmith.report.safe_text import printable

# The influencer corpus's splits (``analyse.evaluate_corpus.SPLITS``; kept here so that
# the CLI starts without importing the analyser).
SPLITS = ("dev", "lockbox", "lockbox2", "lockbox3")


def _output_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The ``--format`` and ``--jobs`` options every ``eval`` command takes."""
    command = click.option(
        "-j",
        "--jobs",
        type=click.IntRange(min=1),
        default=1,
        show_default=True,
        help="Worker processes.",
    )(command)
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(["text", "json"]),
        default="text",
        show_default=True,
        help="Output format.",
    )(command)


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
@_output_options
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
        raise click.ClickException(printable(str(exc))) from None
    click.echo(format_json(results) if fmt == "json" else format_text(results), nl=False)


@eval_group.command(name="influencer")
@click.argument(
    "directory",
    type=click.Path(file_okay=False, path_type=str),
    default="corpora/influencer",
    required=False,
)
@click.option(
    "--split",
    "splits",
    type=click.Choice([*SPLITS, "all"]),
    default="dev",
    show_default=True,
    help="Which documents to score: the development split, a lockbox (written before "
    "tuning; score it only at release), or all of them.",
)
@click.option(
    "--playbook",
    default="influencer",
    show_default=True,
    help="Playbook whose required clauses give the missing-clause findings.",
)
@_output_options
def influencer_cmd(directory: str, splits: str, playbook: str, fmt: str, jobs: int) -> None:
    """Score clause presence and missing-clause findings on a labelled corpus DIRECTORY
    (labels.csv with File, Split and one Yes/No column per category; default
    corpora/influencer).

    Prints per-category precision, recall, F1 and support for all 27 categories, the
    macro-F1 over all of them and over those present in at least three documents, and how
    many of the playbook's "required clause missing" findings are wrong.
    """
    import json

    from contractsmith.analyse.evaluate import EvalError
    from contractsmith.analyse.evaluate_corpus import evaluate_corpus, format_corpus_text

    wanted = SPLITS if splits == "all" else (splits,)
    try:
        results = evaluate_corpus(directory, splits=wanted, jobs=jobs, playbook=playbook)
    except EvalError as exc:
        raise click.ClickException(printable(str(exc))) from None
    if fmt == "json":
        click.echo(json.dumps([r.to_dict() for r in results], indent=2))
    else:
        click.echo(format_corpus_text(results), nl=False)

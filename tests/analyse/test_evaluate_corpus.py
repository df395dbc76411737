"""``contractsmith eval influencer``: scoring the team's labelled influencer corpus."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from contractsmith.analyse.evaluate_corpus import evaluate_corpus, load_corpus_labels
from contractsmith.analyse.model import CATEGORIES
from contractsmith.cli import main

CORPUS = Path(__file__).resolve().parents[2] / "corpora" / "influencer"


def test_corpus_labels_cover_every_document_and_category() -> None:
    rows = load_corpus_labels(CORPUS)
    assert len([r for r in rows if r.split == "dev"]) >= 40
    assert len([r for r in rows if r.split == "lockbox"]) >= 15
    for row in rows:
        assert (CORPUS / row.file).is_file(), row.file
        assert set(row.present) == set(CATEGORIES)
    on_disk = {str(p.relative_to(CORPUS)) for p in CORPUS.glob("*/*") if p.suffix != ".py"}
    assert on_disk == {r.file for r in rows}


def test_dev_split_holds_its_floor() -> None:
    # In-sample floor on the development split (rules were tuned on it): a drop below
    # means a rule change lost wording the corpus already covers.
    (result,) = evaluate_corpus(CORPUS, splits=("dev",), jobs=1)
    assert result.presence.documents >= 40
    assert result.presence.macro_f1_over(3) >= 0.90
    assert result.missing.wrong_rate <= 0.25


def test_cli_json_reports_presence_and_missing_findings(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["eval", "influencer", str(CORPUS), "--format", "json"])
    assert result.exit_code == 0, result.output
    (dev,) = json.loads(result.output)
    assert dev["name"] == "dev"
    assert set(dev["categories"]) == set(CATEGORIES)
    assert {"reported", "wrong", "wrong_rate", "unreported"} <= set(dev["missing_findings"])


def test_bad_labels_give_one_line_error(tmp_path: Path) -> None:
    (tmp_path / "labels.csv").write_text("File,Split\ndev/a.md,dev\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["eval", "influencer", str(tmp_path)])
    assert result.exit_code != 0
    assert "missing columns" in result.output and "Traceback" not in result.output


def test_the_cli_offers_every_split_of_the_corpus() -> None:
    from contractsmith.analyse import evaluate_corpus
    from contractsmith.commands import eval as eval_command

    assert eval_command.SPLITS == evaluate_corpus.SPLITS

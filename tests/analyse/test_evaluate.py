"""CUAD scoring and the ``contractsmith eval cuad`` command (on a 3-contract fixture).

The fixture ``fixtures/cuad-mini`` holds three contracts from CUAD v1 by The Atticus
Project (CC BY 4.0) with their labels.csv rows.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from contractsmith.analyse.evaluate import (
    CUAD_COLUMNS,
    CategoryScore,
    EvalError,
    Prediction,
    evaluate_dir,
    is_present,
    load_labels,
    score,
    split_of,
)
from contractsmith.cli import main

MINI = Path(__file__).parent / "fixtures" / "cuad-mini"


def test_presence_rule() -> None:
    assert is_present("Yes") and is_present("['5 years']") and is_present("12/31/2020")
    assert not is_present("") and not is_present("No") and not is_present("[]")


def test_category_score_arithmetic() -> None:
    s = CategoryScore("x", tp=3, fp=1, fn=2, tn=4)
    assert s.support == 5
    assert s.precision == pytest.approx(0.75)
    assert s.recall == pytest.approx(0.6)
    assert s.f1 == pytest.approx(2 * 0.75 * 0.6 / 1.35)


def test_score_counts_against_labels() -> None:
    labels = load_labels(MINI)
    assert len(labels) == 3
    gold = {row.file: row.present for row in labels}
    perfect = {f: Prediction(f, dict(p)) for f, p in gold.items()}
    res = score(labels, perfect)
    assert res.macro_f1 == pytest.approx(1.0)
    flipped = {f: Prediction(f, {c: not v for c, v in p.items()}) for f, p in gold.items()}
    res = score(labels, flipped)
    for c, s in res.scores.items():
        positives = sum(gold[f][c] for f in gold)
        assert (s.tp, s.fn, s.fp) == (0, positives, 3 - positives)


def test_split_of_agreement_types() -> None:
    assert split_of("Agency Agreements") == "A-M"
    assert split_of("Maintenance") == "A-M"
    assert split_of("Non_Compete_Non_Solicit") == "N-Z"
    assert split_of("Supply") == "N-Z"


@pytest.mark.parametrize("source", ["txt", "pdf"])
def test_evaluate_fixture(source: str) -> None:
    (res,) = evaluate_dir(MINI, source=source)
    assert res.documents == 3 and not res.errors
    gold = load_labels(MINI)
    for c, s in res.scores.items():
        assert s.support == sum(row.present[c] for row in gold)
        assert s.tp + s.fp + s.fn + s.tn == 3
    # The fixture's clearly worded clauses are found.
    assert res.scores["governing_law"].tp >= 2


def test_eval_cli_text_and_json() -> None:
    runner = CliRunner()
    out = runner.invoke(main, ["eval", "cuad", str(MINI), "--split"])
    assert out.exit_code == 0, out.output
    assert "macro-F1" in out.output and "types A-M" in out.output
    out = runner.invoke(main, ["eval", "cuad", str(MINI), "--format", "json", "-j", "2"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data[0]["documents"] == 3
    assert set(data[0]["categories"]) == set(CUAD_COLUMNS)


def test_eval_cli_bad_directory(tmp_path: Path) -> None:
    out = CliRunner().invoke(main, ["eval", "cuad", str(tmp_path)])
    assert out.exit_code != 0
    assert "no labels.csv" in out.output and "Traceback" not in out.output


def test_bad_contract_is_reported_and_batch_goes_on(tmp_path: Path) -> None:
    work = tmp_path / "mini"
    shutil.copytree(MINI, work)
    victim = next((work / "txt").glob("GALACTICOMM*.txt"))
    victim.write_bytes(b"\x00\x01binary")
    (res,) = evaluate_dir(work, source="txt")
    assert res.documents == 2
    assert len(res.errors) == 1 and res.errors[0][0].startswith("GALACTICOMM")


def test_missing_columns_are_reported(tmp_path: Path) -> None:
    (tmp_path / "labels.csv").write_text("File,Agreement Type\nx,Supply\n")
    with pytest.raises(EvalError, match="missing columns"):
        load_labels(tmp_path)

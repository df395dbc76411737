"""Score clause detection and missing-clause findings on a labelled influencer corpus.

A corpus directory holds ``labels.csv`` (one row per document: ``File``, ``Split``,
``Style``, ``Region``, then one column per checker category with ``Yes`` or ``No``) and
the documents at the paths ``File`` names (``dev/x.md``, ``lockbox/y.docx``). The
team's corpus is ``corpora/influencer`` (see its LABELLING.md).

Two things are measured, as a brand manager meets them:

* clause presence per category (precision, recall, F1), with macro-F1 over every
  category and over the categories present in at least three documents;
* the playbook's gap findings: "required clause missing" and "required clause not
  confirmed" (the contract speaks of the clause but no operative term was read), each
  with how many are wrong (the document has the clause); both kinds together; and how
  many absent clauses got neither.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, partial
from pathlib import Path

from contractsmith.analyse.evaluate import (
    EvalError,
    EvalResult,
    LabelledContract,
    Prediction,
    category_rows,
    open_labels,
    predict_all,
    score,
)
from contractsmith.analyse.model import CATEGORIES
from contractsmith.inputs import InputError
from contractsmith.report.safe_text import printable

SPLITS = ("dev", "lockbox", "lockbox2", "lockbox3")
MIN_SUPPORT = 3  # categories present in fewer documents are left out of the headline


@dataclass
class CorpusDocument(LabelledContract):
    """One labels.csv row of the corpus: a labelled document and its split."""

    split: str = "dev"
    style: str = ""
    region: str = ""


@dataclass
class CorpusPrediction(Prediction):
    """Presence per category and the playbook categories reported missing."""

    missing: list[str] = field(default_factory=list)
    unconfirmed: list[str] = field(default_factory=list)


@dataclass
class MissingScore:
    """How the playbook's missing-clause findings fared against the labels."""

    reported: int = 0
    wrong: int = 0  # reported missing, but the document has the clause
    unreported: int = 0  # the document lacks a required clause and nothing said so
    wrong_items: list[tuple[str, str]] = field(default_factory=list)  # (file, category)
    unconfirmed: int = 0  # reported "not confirmed"
    unconfirmed_wrong: int = 0  # reported "not confirmed", and the document has the clause

    @property
    def wrong_rate(self) -> float:
        return self.wrong / self.reported if self.reported else 0.0

    @property
    def unconfirmed_wrong_rate(self) -> float:
        return self.unconfirmed_wrong / self.unconfirmed if self.unconfirmed else 0.0

    @property
    def any_gap_wrong_rate(self) -> float:
        """Wrong share of both kinds of gap finding taken together."""
        n = self.reported + self.unconfirmed
        return (self.wrong + self.unconfirmed_wrong) / n if n else 0.0


@dataclass
class CorpusResult:
    """Presence scores and missing-clause scores of one split."""

    presence: EvalResult
    missing: MissingScore

    def to_dict(self) -> dict:
        out = self.presence.to_dict()
        out["macro_f1_support_3"] = round(self.presence.macro_f1_over(MIN_SUPPORT), 4)
        out["missing_findings"] = {
            "reported": self.missing.reported,
            "wrong": self.missing.wrong,
            "wrong_rate": round(self.missing.wrong_rate, 4),
            "unreported": self.missing.unreported,
            "unconfirmed": self.missing.unconfirmed,
            "unconfirmed_wrong": self.missing.unconfirmed_wrong,
            "any_gap_wrong_rate": round(self.missing.any_gap_wrong_rate, 4),
            "wrong_items": [{"file": f, "category": c} for f, c in self.missing.wrong_items],
        }
        return out


def load_corpus_labels(directory: Path) -> list[CorpusDocument]:
    """Read ``directory/labels.csv``; raises EvalError when missing or malformed."""
    path = directory / "labels.csv"
    if not path.is_file():
        raise EvalError(f"{directory}: no labels.csv (not a labelled corpus)")
    try:
        with open_labels(path) as fh:
            reader = csv.DictReader(fh)
            header = list(reader.fieldnames or [])
            missing = [c for c in ("File", "Split", *CATEGORIES) if c not in header]
            if missing:
                raise EvalError(f"{path}: missing columns: {', '.join(missing)}")
            rows = []
            for line, row in enumerate(reader, start=2):
                bad = [c for c in CATEGORIES if (row[c] or "").strip() not in {"Yes", "No"}]
                if bad:
                    raise EvalError(f"{path}:{line}: not Yes or No: {', '.join(bad)}")
                split = (row["Split"] or "").strip()
                if split not in SPLITS:
                    raise EvalError(f"{path}:{line}: unknown split {split!r}")
                rows.append(
                    CorpusDocument(
                        file=row["File"].strip(),
                        agreement_type=(row.get("Style") or "").strip(),
                        present={c: row[c].strip() == "Yes" for c in CATEGORIES},
                        split=split,
                        style=(row.get("Style") or "").strip(),
                        region=(row.get("Region") or "").strip(),
                    )
                )
    except (InputError, csv.Error) as exc:
        raise EvalError(f"{path}: cannot read: {exc}") from None
    return rows


@cache
def _playbook(playbook_name: str):
    """The playbook, read once per process."""
    from contractsmith.analyse.playbook import load_playbook

    return load_playbook(playbook_name)


def _required(playbook_name: str) -> tuple:
    """The playbook's requirements."""
    return _playbook(playbook_name).required


def predict_document(path: str, playbook: str) -> CorpusPrediction:
    """Analyse one document and list the playbook's gap findings by kind."""
    from contractsmith.analyse.pipeline import analyse
    from contractsmith.analyse.playbook import check_playbook, is_unconfirmed
    from contractsmith.ingest import IngestError, read_document

    try:
        doc = read_document(path)
    except IngestError as exc:
        return CorpusPrediction(file=path, error=str(exc))
    analysed = analyse(doc)
    gaps = check_playbook(analysed, _playbook(playbook))
    return CorpusPrediction(
        file=path,
        present={c: analysed.clauses[c].present for c in CATEGORIES},
        missing=[f.category for f in gaps if f.category and not is_unconfirmed(f)],
        unconfirmed=[f.category for f in gaps if f.category and is_unconfirmed(f)],
    )


def _score_missing(
    rows: Iterable[CorpusDocument], preds: dict[str, CorpusPrediction], required: list[str]
) -> MissingScore:
    out = MissingScore()
    for row in rows:
        pred = preds[row.file]
        if pred.error is not None:
            continue
        for category in required:
            if category in pred.missing:
                out.reported += 1
                if row.present[category]:
                    out.wrong += 1
                    out.wrong_items.append((row.file, category))
            elif category in pred.unconfirmed:
                out.unconfirmed += 1
                out.unconfirmed_wrong += row.present[category]
            elif not row.present[category]:
                out.unreported += 1
    return out


def evaluate_corpus(
    directory: str | os.PathLike[str],
    splits: Iterable[str] = ("dev",),
    jobs: int = 1,
    playbook: str = "influencer",
) -> list[CorpusResult]:
    """Score the analyser on a labelled corpus, one result per split asked for."""
    from contractsmith.analyse.playbook import PlaybookError

    root = Path(directory)
    try:
        required = [r.category for r in _required(playbook)]
    except PlaybookError as exc:
        raise EvalError(str(exc)) from None
    rows = load_corpus_labels(root)
    wanted = list(splits)
    chosen = [r for r in rows if r.split in wanted]
    outside = [
        r.file
        for r in chosen
        if Path(r.file).is_absolute() or ".." in Path(r.file).parts or "\x00" in r.file
    ]
    if outside:
        raise EvalError(f"{root}/labels.csv: not files inside the folder: {outside[:5]}")
    absent = [r.file for r in chosen if not (root / r.file).is_file()]
    if absent:
        raise EvalError(f"{root}: labelled but not found: {', '.join(absent[:5])}")
    paths = [str(root / r.file) for r in chosen]
    preds = predict_all(paths, jobs=jobs, predictor=partial(predict_document, playbook=playbook))
    by_file = {r.file: p for r, p in zip(chosen, preds, strict=True)}
    results = []
    for split in wanted:
        subset = [r for r in chosen if r.split == split]
        presence = score(subset, by_file, name=split, categories=CATEGORIES)
        results.append(CorpusResult(presence, _score_missing(subset, by_file, required)))
    return results


def format_corpus_text(results: list[CorpusResult]) -> str:
    """A plain-text table per split, then the headline figures and wrong findings."""
    lines: list[str] = []
    for res in results:
        p = res.presence
        lines.append(f"{p.name}: {p.documents} documents")
        lines.extend(category_rows(p))
        lines.append(f"  macro-F1 {p.macro_f1:.4f} (all 27 categories)")
        lines.append(
            f"  macro-F1 {p.macro_f1_over(MIN_SUPPORT):.4f} "
            f"(categories present in >= {MIN_SUPPORT} documents)"
        )
        m = res.missing
        lines.append(
            f"  missing-clause findings: {m.reported} reported, {m.wrong} wrong "
            f"({m.wrong_rate:.1%}), {m.unreported} missing clauses unreported"
        )
        lines.append(
            f"  not-confirmed findings: {m.unconfirmed} reported, {m.unconfirmed_wrong} where "
            f"the clause is present ({m.unconfirmed_wrong_rate:.1%}); both kinds together: "
            f"{m.any_gap_wrong_rate:.1%} wrong"
        )
        for file, category in m.wrong_items:
            lines.append(printable(f"    wrong: {file}: {category}"))
        for file, err in p.errors:
            lines.append(printable(f"  error: {file}: {err}"))
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"

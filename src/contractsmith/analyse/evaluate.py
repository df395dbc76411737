"""Score clause-presence detection against a CUAD-format directory.

A CUAD-format directory holds ``labels.csv`` (one row per contract: ``File``,
``Agreement Type`` and, per CUAD category ``X``, the columns ``X`` and ``X-Answer``)
and the contracts under ``txt/`` or ``pdf/``. A category is present in a contract when
its ``X-Answer`` is not empty, ``No`` or ``[]``. Scoring is at document level over the
15 checker categories that have a CUAD column (``CUAD_COLUMNS``).
"""

from __future__ import annotations

import ast
import csv
import io
import json
import os
import sys
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from contractsmith.inputs import MAX_DATA_BYTES, InputError, read_text_bounded
from contractsmith.report.safe_text import printable

# checker category -> CUAD column
CUAD_COLUMNS: dict[str, str] = {
    "exclusivity": "Exclusivity",
    "non_compete": "Non-Compete",
    "usage_rights": "License Grant",
    "ip_ownership": "IP Ownership Assignment",
    "term": "Expiration Date",
    "renewal": "Renewal Term",
    "termination_for_convenience": "Termination for Convenience",
    "revenue_share": "Revenue/Profit Sharing",
    "minimum_commitment": "Minimum Commitment",
    "audit_rights": "Audit Rights",
    "governing_law": "Governing Law",
    "insurance": "Insurance",
    "non_disparagement": "Non-Disparagement",
    "liability_cap": "Cap on Liability",
    "assignment": "Anti-Assignment",
}
ABSENT_ANSWERS = {"", "no", "[]"}


class EvalError(ValueError):
    """A directory or labels file that cannot be scored; the message is one line."""


@dataclass
class LabelledContract:
    """One labels.csv row: the contract, its agreement type and the gold presence."""

    file: str
    agreement_type: str
    present: dict[str, bool]
    snippets: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class Prediction:
    """What the analyser said about one contract (or why it could not)."""

    file: str
    present: dict[str, bool] = field(default_factory=dict)
    error: str | None = None


@dataclass
class CategoryScore:
    """Document-level counts and scores of one category."""

    category: str
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    @property
    def support(self) -> int:
        return self.tp + self.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class EvalResult:
    """Scores of one evaluation run."""

    name: str
    documents: int
    scores: dict[str, CategoryScore]
    errors: list[tuple[str, str]] = field(default_factory=list)
    mistakes: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # cat -> fp/fn -> files

    @property
    def macro_f1(self) -> float:
        return sum(s.f1 for s in self.scores.values()) / len(self.scores) if self.scores else 0.0

    def macro_f1_over(self, min_support: int) -> float:
        """Macro-F1 over the categories present in at least ``min_support`` documents."""
        kept = [s.f1 for s in self.scores.values() if s.support >= min_support]
        return sum(kept) / len(kept) if kept else 0.0

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "documents": self.documents,
            "macro_f1": round(self.macro_f1, 4),
            "min_f1": round(min((s.f1 for s in self.scores.values()), default=0.0), 4),
            "categories": {
                c: {
                    **({"cuad_column": CUAD_COLUMNS[c]} if c in CUAD_COLUMNS else {}),
                    "precision": round(s.precision, 4),
                    "recall": round(s.recall, 4),
                    "f1": round(s.f1, 4),
                    "support": s.support,
                    "tp": s.tp,
                    "fp": s.fp,
                    "fn": s.fn,
                }
                for c, s in self.scores.items()
            },
            "errors": [{"file": f, "error": e} for f, e in self.errors],
        }


def is_present(answer: str) -> bool:
    """CUAD's rule: present when the answer is not empty, "No" or "[]"."""
    return answer.strip().lower() not in ABSENT_ANSWERS


def _parse_snippets(raw: str) -> list[str]:
    try:
        value = ast.literal_eval(raw) if raw.strip() else []
    except (ValueError, SyntaxError):
        return []
    return [str(v) for v in value] if isinstance(value, list) else []


def open_labels(path: Path) -> io.StringIO:
    """A labels file as a text stream for ``csv`` (a bounded read of a regular file)."""
    return io.StringIO(read_text_bounded(path, MAX_DATA_BYTES), newline="")


def load_labels(directory: Path, with_snippets: bool = False) -> list[LabelledContract]:
    """Read ``directory/labels.csv``; raises EvalError when it is missing or malformed."""
    path = directory / "labels.csv"
    if not path.is_file():
        raise EvalError(f"{directory}: no labels.csv (not a CUAD-format directory)")
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    try:
        with open_labels(path) as fh:
            reader = csv.DictReader(fh)
            header = {h.lower(): h for h in reader.fieldnames or []}
            need = ["file"] + [f"{c.lower()}-answer" for c in CUAD_COLUMNS.values()]
            missing = [n for n in need if n not in header]
            if missing:
                raise EvalError(f"{path}: missing columns: {', '.join(missing)}")
            rows = []
            for row in reader:
                present = {
                    cat: is_present(row[header[f"{col.lower()}-answer"]] or "")
                    for cat, col in CUAD_COLUMNS.items()
                }
                snippets = {}
                if with_snippets:
                    snippets = {
                        cat: _parse_snippets(row.get(header.get(col.lower(), ""), "") or "")
                        for cat, col in CUAD_COLUMNS.items()
                    }
                rows.append(
                    LabelledContract(
                        file=row[header["file"]],
                        agreement_type=row.get(header.get("agreement type", ""), "") or "",
                        present=present,
                        snippets=snippets,
                    )
                )
    except (InputError, csv.Error) as exc:
        raise EvalError(f"{path}: cannot read: {exc}") from None
    return rows


def contract_path(directory: Path, file: str, source: str) -> Path:
    """Where the contract ``file`` (a labels.csv name) is for ``source`` txt or pdf."""
    stem = file[:-4] if file.lower().endswith((".pdf", ".txt")) else file
    if Path(stem).is_absolute() or ".." in Path(stem).parts or "\x00" in stem:
        raise EvalError(f"{directory}/labels.csv: {file!r} is not a file inside the folder")
    return directory / source / f"{stem}.{source}"


def predict_path(path: str) -> Prediction:
    """Read and analyse one contract; errors become ``Prediction.error``."""
    from contractsmith.analyse.pipeline import analyse
    from contractsmith.ingest import IngestError, read_document

    try:
        doc = read_document(path)
    except IngestError as exc:
        return Prediction(file=path, error=str(exc))
    analysed = analyse(doc)
    return Prediction(
        file=path,
        present={c: analysed.clauses[c].present for c in CUAD_COLUMNS},
    )


def predict_all(
    paths: list[str], jobs: int = 1, predictor: Callable[[str], Prediction] = predict_path
) -> list[Prediction]:
    """Predictions for ``paths`` in order, with ``jobs`` worker processes."""
    if jobs <= 1 or len(paths) <= 1:
        return [predictor(p) for p in paths]
    chunk = max(1, len(paths) // (jobs * 8))
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(predictor, paths, chunksize=chunk))


def score(
    labels: Iterable[LabelledContract],
    predictions: dict[str, Prediction],
    name: str = "all",
    categories: Iterable[str] = CUAD_COLUMNS,
) -> EvalResult:
    """Per-category counts of ``predictions`` (keyed by labels' File) against ``labels``."""
    scores = {c: CategoryScore(c) for c in categories}
    mistakes: dict[str, dict[str, list[str]]] = {c: {"fp": [], "fn": []} for c in scores}
    errors: list[tuple[str, str]] = []
    n = 0
    for row in labels:
        pred = predictions.get(row.file)
        if pred is None:
            continue
        if pred.error is not None:
            errors.append((row.file, pred.error))
            continue
        n += 1
        for c, s in scores.items():
            gold, guess = row.present[c], pred.present.get(c, False)
            if gold and guess:
                s.tp += 1
            elif guess:
                s.fp += 1
                mistakes[c]["fp"].append(row.file)
            elif gold:
                s.fn += 1
                mistakes[c]["fn"].append(row.file)
            else:
                s.tn += 1
    return EvalResult(name=name, documents=n, scores=scores, errors=errors, mistakes=mistakes)


def split_of(agreement_type: str) -> str:
    """The split an agreement type falls in: "A-M" or "N-Z" by its first letter."""
    first = agreement_type.strip()[:1].upper()
    return "A-M" if first and first <= "M" else "N-Z"


def evaluate_dir(
    directory: str | os.PathLike[str], source: str = "txt", jobs: int = 1, splits: bool = False
) -> list[EvalResult]:
    """Score the analyser on a CUAD-format directory: the whole set, then (with
    ``splits``) the A-M and N-Z agreement-type halves."""
    root = Path(directory)
    if source not in {"txt", "pdf"}:
        raise EvalError(f"unknown source {source!r} (use txt or pdf)")
    labels = load_labels(root)
    if not (root / source).is_dir():
        raise EvalError(f"{root}: no {source}/ folder")
    paths = [str(contract_path(root, row.file, source)) for row in labels]
    preds = predict_all(paths, jobs=jobs)
    by_file = {row.file: pred for row, pred in zip(labels, preds, strict=True)}
    results = [score(labels, by_file, name="all")]
    if splits:
        for half in ("A-M", "N-Z"):
            subset = [r for r in labels if split_of(r.agreement_type) == half]
            results.append(score(subset, by_file, name=f"types {half}"))
    return results


def category_rows(result: EvalResult) -> list[str]:
    """The header and one line per category: precision, recall, F1, support."""
    lines = [f"  {'category':<29} {'P':>6} {'R':>6} {'F1':>6} {'support':>8}"]
    for c, s in result.scores.items():
        lines.append(f"  {c:<29} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} {s.support:8d}")
    return lines


def format_text(results: list[EvalResult]) -> str:
    """A plain-text table per result: precision, recall, F1, support; then macro-F1."""
    lines: list[str] = []
    for res in results:
        lines.append(f"{res.name}: {res.documents} contracts")
        lines.extend(category_rows(res))
        worst = min(res.scores.values(), key=lambda s: s.f1)
        lines.append(f"  macro-F1 {res.macro_f1:.4f} (lowest {worst.category} {worst.f1:.3f})")
        for file, err in res.errors:
            lines.append(printable(f"  error: {file}: {err}"))
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def format_json(results: list[EvalResult]) -> str:
    """The results as JSON (stable key order)."""
    return json.dumps([r.to_dict() for r in results], indent=2) + "\n"

"""Development aid for the category rules: fast re-scoring on a CUAD-format directory.

The first run analyses every contract once and caches its sentences (text, lead-in,
heading/TOC flags, section hints) in a pickle; later runs reload the rules and re-score
the cached sentences in seconds, printing per-category P/R/F1 for the whole set and the
A-M / N-Z agreement-type halves, and, with ``--show CATEGORY``, the false positives
(with their evidence) and the false negatives (with the gold snippets).

    python scripts/tune_categories.py [--data DIR] [--show exclusivity] [--split A-M]

DIR defaults to $CONTRACTSMITH_SHARED/data/cuad-dev (CONTRACTSMITH_SHARED defaults to
``../shared`` next to the repository).
"""

from __future__ import annotations

import argparse
import os
import pickle
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def default_data() -> Path:
    shared = Path(os.environ.get("CONTRACTSMITH_SHARED", REPO.parent / "shared"))
    return shared / "data" / "cuad-dev"


def build_cache(data: Path, cache: Path) -> dict:
    from contractsmith.analyse.evaluate import contract_path, load_labels
    from contractsmith.analyse.pipeline import segment
    from contractsmith.ingest import read_document

    out = {}
    for row in load_labels(data):
        doc = read_document(contract_path(data, row.file, "txt"))
        sentences, contexts, _ = segment(doc)
        out[row.file] = [
            (s.text, ctx, s.is_heading, s.in_toc, tuple(s.section.categories) if s.section else ())
            for s, ctx in zip(sentences, contexts, strict=True)
        ]
    cache.write_bytes(pickle.dumps(out))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=default_data())
    ap.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "cs_tune.pkl")
    ap.add_argument("--rebuild", action="store_true")
    ap.add_argument("--show", default=None)
    ap.add_argument("--split", default=None, help="only show mistakes of A-M or N-Z")
    ap.add_argument("--limit", type=int, default=25)
    args = ap.parse_args()

    from contractsmith.analyse import categories
    from contractsmith.analyse.evaluate import (
        CUAD_COLUMNS,
        Prediction,
        format_text,
        load_labels,
        score,
        split_of,
    )

    labels = load_labels(args.data, with_snippets=True)
    if args.cache.is_file() and not args.rebuild:
        cache = pickle.loads(args.cache.read_bytes())
    else:
        cache = build_cache(args.data, args.cache)

    preds: dict[str, Prediction] = {}
    evidence: dict[str, dict[str, list[str]]] = {}
    for row in labels:
        ev: dict[str, list[str]] = {c: [] for c in CUAD_COLUMNS}
        for text, ctx, is_heading, in_toc, hints in cache[row.file]:
            if is_heading or in_toc:
                continue
            full = ctx + " " + text if ctx else text
            for c in categories.score_sentence(full, frozenset(hints)):
                if c in ev:
                    ev[c].append(text)
        evidence[row.file] = ev
        preds[row.file] = Prediction(row.file, {c: bool(v) for c, v in ev.items()})
    results = [score(labels, preds, "all")]
    for half in ("A-M", "N-Z"):
        results.append(
            score([r for r in labels if split_of(r.agreement_type) == half], preds, f"types {half}")
        )
    print(format_text(results))
    if args.show:
        c = args.show
        res = results[0]
        rows = {r.file: r for r in labels}
        for kind in ("fp", "fn"):
            print(f"===== {c} {kind.upper()}")
            shown = 0
            for f in res.mistakes[c][kind]:
                if args.split and split_of(rows[f].agreement_type) != args.split:
                    continue
                shown += 1
                if shown > args.limit:
                    break
                print(f"--- {f} [{rows[f].agreement_type}]")
                items = evidence[f][c] if kind == "fp" else rows[f].snippets.get(c, [])
                for s in items[:3]:
                    print("    *", " ".join(s.split())[:400])
    return 0


if __name__ == "__main__":
    sys.exit(main())

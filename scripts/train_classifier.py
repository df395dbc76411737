"""Train the sentence classifier and choose its blend with the rules by grouped CV.

Reproducible: sorted inputs, fixed seed, ``zlib.crc32`` feature hashing, liblinear.
Reads a CUAD-format directory (default ``$CONTRACTSMITH_SHARED/data/cuad-dev``;
CONTRACTSMITH_SHARED defaults to ``../shared`` next to the repository). Training data is
CUAD v1 by The Atticus Project (CC BY 4.0):

* each contract's TXT is read and segmented with the checker's own pipeline
  (``analyse.pipeline.segment``); a sentence is read with its list lead-in, its section
  heading and the rule flags of ``analyse.categories.score_sentence``;
* a sentence is a positive of a category when it overlaps one of the category's
  labelled snippets (labels.csv) by at least half of the shorter of the two; a sentence
  that overlaps one less is left out of that category's training; every other sentence
  of the contract is a negative. Headings, TOC lines and definitions are never used.

Cross-validation holds out whole agreement types (``Agreement Type``, 5 folds). Every
contract gets, per regularisation C, out-of-fold probabilities from a model that never
saw its agreement type. For each held-out fold, C, each category's threshold for the
classifier alone and for the blend (present when the rules find the category OR one
sentence reaches the threshold; a category keeps rules-only unless the blend beats the
rules by ``MIN_GAIN`` F1) are chosen on the other folds' out-of-fold scores and scored
on the held-out fold. The final choice uses all out-of-fold scores; the final model is
trained on every contract and keeps weight columns only for categories with a threshold.

    python scripts/train_classifier.py [--data DIR] [--rebuild] [--write]

``--write`` writes ``src/contractsmith/data/classifier/model.npz`` and
``benchmarks/classifier-cv.md``. Segmented contracts are cached in the temp directory;
pass ``--rebuild`` after changing the rules or the segmentation.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import pickle
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
SEED = 20240601
FOLDS = 5
DIM = 1 << 18
C_GRID = (0.25, 1.0, 4.0)
MIN_GAIN = 0.005  # F1 a blend must add over rules alone, on the folds it is chosen on
THRESHOLDS = tuple(round(0.3 + 0.025 * i, 3) for i in range(28))  # 0.3 .. 0.975
PRUNE = 1e-3  # weights smaller than this are not shipped
MODEL_OUT = REPO / "src" / "contractsmith" / "data" / "classifier" / "model.npz"
REPORT_OUT = REPO / "benchmarks" / "classifier-cv.md"
COMMAND = "python scripts/train_classifier.py --write"


def default_data() -> Path:
    shared = Path(os.environ.get("CONTRACTSMITH_SHARED", REPO.parent / "shared"))
    return shared / "data" / "cuad-dev"


@dataclass
class Row:
    """One eligible sentence: what the classifier reads and its labels."""

    text: str  # lead-in + sentence
    heading: str
    flags: tuple[str, ...]  # categories the rules find it evidence for
    hints: tuple[str, ...]  # categories its section heading suggests
    positive: int  # bit k: overlaps a snippet of CUAD category k
    unsure: int  # bit k: overlaps a snippet of category k only a little


# --- data -------------------------------------------------------------------------------


def _collapsed(text: str) -> tuple[str, np.ndarray]:
    """``text`` lower-cased with whitespace runs as one space, and each character's
    offset in ``text``."""
    out: list[str] = []
    offsets: list[int] = []
    space = False
    for i, ch in enumerate(text):
        if ch.isspace():
            space = bool(out)
            continue
        if space:
            out.append(" ")
            offsets.append(i)
            space = False
        out.append(ch.lower())
        offsets.append(i)
    return "".join(out), np.asarray(offsets + [len(text)], dtype=np.int64)


def _spans(text: str, snippets: list[str]) -> tuple[list[tuple[int, int]], int]:
    """Offsets in ``text`` of every occurrence of each snippet, and how many snippets
    were not found. A snippet not found whole (the reader dropped a page footer inside
    it) is found by its first and last 60 characters, up to 1.5 times its length apart."""
    flat, offsets = _collapsed(text)
    spans, missing = [], 0
    for snip in snippets:
        needle = " ".join(snip.lower().split())
        if len(needle) < 8:
            continue
        at = flat.find(needle)
        if at < 0:
            head, tail = needle[:60], needle[-60:]
            a = flat.find(head)
            b = flat.find(tail, a) if a >= 0 else -1
            if a >= 0 and b >= 0 and b + len(tail) - a <= 1.5 * len(needle):
                spans.append((int(offsets[a]), int(offsets[b + len(tail) - 1]) + 1))
            else:
                missing += 1
        while at >= 0:
            spans.append((int(offsets[at]), int(offsets[at + len(needle) - 1]) + 1))
            at = flat.find(needle, at + 1)
    return spans, missing


def _contract_rows(args: tuple[str, dict[str, list[str]]]) -> tuple[list[Row], int]:
    """Rows of one contract and the number of its snippets not found in the text."""
    path, snippets = args
    from contractsmith.analyse.categories import (
        clean_for_matching,
        is_definition_only,
        score_sentence,
    )
    from contractsmith.analyse.evaluate import CUAD_COLUMNS
    from contractsmith.analyse.pipeline import segment
    from contractsmith.ingest import read_document

    doc = read_document(path)
    sentences, contexts, _ = segment(doc)
    spans, missing = {}, 0
    for c in CUAD_COLUMNS:
        spans[c], miss = _spans(doc.text, snippets.get(c, []))
        missing += miss
    rows = []
    for s, ctx in zip(sentences, contexts, strict=True):
        if s.is_heading or s.in_toc:
            continue
        full = ctx + " " + s.text if ctx else s.text
        if is_definition_only(clean_for_matching(full)):
            continue
        hints = tuple(s.section.categories) if s.section else ()
        flags = tuple(score_sentence(full, frozenset(hints)))
        positive = unsure = 0
        for k, c in enumerate(CUAD_COLUMNS):
            for a, b in spans[c]:
                overlap = min(b, s.end) - max(a, s.start)
                if overlap <= 0:
                    continue
                if overlap >= 0.5 * min(b - a, s.end - s.start):
                    positive |= 1 << k
                else:
                    unsure |= 1 << k
        heading = s.section.heading if s.section else ""
        rows.append(Row(full, heading, flags, hints, positive, unsure & ~positive))
    return rows, missing


def build_data(data: Path, jobs: int) -> tuple[list, list[list[Row]], int]:
    """Labels (sorted by file) and the rows of each contract."""
    from contractsmith.analyse.evaluate import contract_path, load_labels

    labels = sorted(load_labels(data, with_snippets=True), key=lambda r: r.file)
    work = [(str(contract_path(data, r.file, "txt")), r.snippets) for r in labels]
    with ProcessPoolExecutor(jobs) as pool:
        out = list(pool.map(_contract_rows, work, chunksize=4))
    return labels, [rows for rows, _ in out], sum(m for _, m in out)


def group_folds(types: list[str], k: int) -> np.ndarray:
    """Fold of each contract: agreement types assigned whole, largest first (ties by
    name), each to the fold with the fewest contracts so far."""
    sizes: dict[str, int] = {}
    for t in types:
        sizes[t] = sizes.get(t, 0) + 1
    load = [0] * k
    fold_of: dict[str, int] = {}
    for t in sorted(sizes, key=lambda t: (-sizes[t], t)):
        f = int(np.argmin(load))
        fold_of[t] = f
        load[f] += sizes[t]
    return np.asarray([fold_of[t] for t in types])


# --- models -----------------------------------------------------------------------------


def fit(X, y: np.ndarray, c: float) -> tuple[np.ndarray, float]:
    """Weights and bias of an L2 logistic regression (liblinear, deterministic)."""
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=c, solver="liblinear", max_iter=200, random_state=SEED)
    model.fit(X, y)
    return model.coef_[0].astype(np.float32), float(model.intercept_[0])


_SHARED: dict = {}  # the training data, set before the worker processes fork


def _oof_task(task: tuple[int, int, float]) -> np.ndarray:
    """Best sentence probability per contract for category ``k``, from a model with
    regularisation ``c`` trained without fold ``f`` (only held-out contracts are set)."""
    f, k, c = task
    X, pos, unsure, doc_of = (_SHARED[n] for n in ("X", "pos", "unsure", "doc_of"))
    train = _SHARED["folds"][doc_of] != f
    test = np.flatnonzero(~train)
    y = (pos >> k) & 1
    use = np.flatnonzero(train & (((unsure >> k) & 1) == 0))
    w, b = fit(X[use], y[use], c)
    p = 1.0 / (1.0 + np.exp(-(X[test] @ prune(w) + b)))
    m = np.zeros(_SHARED["n"])
    np.maximum.at(m, doc_of[test], p)
    return m


def final_weights(X, pos: np.ndarray, unsure: np.ndarray, cats: list[str], shipped, c: float):
    """Pruned weights and bias of each shipped category's final model, trained on every
    row labelled for it (``pos``/``unsure`` bit k is ``cats[k]``)."""
    weights, biases = [], []
    for cat in shipped:
        k = cats.index(cat)
        y = (pos >> k) & 1
        use = np.flatnonzero(((unsure >> k) & 1) == 0)
        w, b = fit(X[use], y[use], c)
        weights.append(prune(w))
        biases.append(b)
    return weights, biases


def save_model(path: Path, shipped, weights, biases, info: dict) -> None:
    """Write a model as ``analyse.classifier.load_model_from`` reads it: each shipped
    category's nonzero weight indexes and float16 values, the biases and ``info``."""
    arrays = {"bias": np.asarray(biases, dtype=np.float32)}
    for cat, w in zip(shipped, weights, strict=True):
        index = np.flatnonzero(w).astype(np.int32)
        arrays[f"index_{cat}"] = index
        arrays[f"weight_{cat}"] = w[index].astype(np.float16)
    arrays["info"] = np.frombuffer(json.dumps(info, sort_keys=True).encode(), dtype=np.uint8)
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(path, **arrays)


def prune(w: np.ndarray) -> np.ndarray:
    """The weights as shipped: small ones zeroed, the rest rounded to float16."""
    return np.where(np.abs(w) >= PRUNE, w, 0.0).astype(np.float16).astype(np.float32)


def f1(gold: np.ndarray, pred: np.ndarray) -> float:
    tp = int((gold & pred).sum())
    fp = int((~gold & pred).sum())
    fn = int((gold & ~pred).sum())
    return 2 * tp / (2 * tp + fp + fn) if tp else (1.0 if fp + fn == 0 else 0.0)


def best_threshold(gold: np.ndarray, best: np.ndarray, base: np.ndarray) -> tuple[float, float]:
    """(threshold, F1) of ``base | (best >= t)`` with the best F1 (lowest t on ties)."""
    top_t, top = 1.01, -1.0
    for t in THRESHOLDS:
        s = f1(gold, base | (best >= t))
        if s > top + 1e-9:
            top_t, top = t, s
    return top_t, top


def choose(gold: np.ndarray, rules: np.ndarray, best: dict[float, np.ndarray], cats: list[str]):
    """C (by mean blend F1), then per category the blend threshold (None: rules only)
    and the classifier-alone threshold, all chosen on these contracts."""
    none = np.zeros_like(rules)
    plans = {}
    for c in C_GRID:
        blend, alone, total = {}, {}, 0.0
        for k, cat in enumerate(cats):
            base = f1(gold[:, k], rules[:, k])
            t, s = best_threshold(gold[:, k], best[c][:, k], rules[:, k])
            keep = s >= base + MIN_GAIN
            blend[cat] = t if keep else None
            total += s if keep else base
            alone[cat] = best_threshold(gold[:, k], best[c][:, k], none[:, k])[0]
        plans[c] = (total, blend, alone)
    c = max(C_GRID, key=lambda x: (plans[x][0], -x))
    return c, plans[c][1], plans[c][2]


def predict(rules: np.ndarray, best: np.ndarray, blend: dict, alone: dict, cats: list[str]):
    """Held-out presence: (classifier alone, blend) for ``best`` scores."""
    a = np.zeros_like(rules)
    b = rules.copy()
    for k, cat in enumerate(cats):
        a[:, k] = best[:, k] >= alone[cat]
        if blend[cat] is not None:
            b[:, k] |= best[:, k] >= blend[cat]
    return a, b


# --- report -----------------------------------------------------------------------------


def table(gold: np.ndarray, preds: dict[str, np.ndarray], cats: list[str]) -> list[str]:
    names = list(preds)
    lines = ["| category | support | " + " | ".join(names) + " |"]
    lines.append("| --- | ---: | " + " | ".join("---:" for _ in names) + " |")
    for k, cat in enumerate(cats):
        cells = [f"{f1(gold[:, k], p[:, k]):.3f}" for p in preds.values()]
        lines.append(f"| {cat} | {int(gold[:, k].sum())} | " + " | ".join(cells) + " |")
    macro = [np.mean([f1(gold[:, k], p[:, k]) for k in range(len(cats))]) for p in preds.values()]
    lines.append("| **macro-F1** | | " + " | ".join(f"**{m:.3f}**" for m in macro) + " |")
    return lines


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=default_data())
    ap.add_argument("-j", "--jobs", type=int, default=2)
    ap.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "cs_clf.pkl")
    ap.add_argument("--rebuild", action="store_true")
    ap.add_argument("--write", action="store_true", help="write the model and the report")
    args = ap.parse_args()

    import scipy.sparse as sp

    from contractsmith.analyse.classifier import N_FLAGS, featurize
    from contractsmith.analyse.evaluate import CUAD_COLUMNS

    t0 = time.time()
    if args.cache.is_file() and not args.rebuild:
        labels, docs, missing = pickle.loads(args.cache.read_bytes())
    else:
        labels, docs, missing = build_data(args.data, args.jobs)
        args.cache.write_bytes(pickle.dumps((labels, docs, missing)))
    cats = list(CUAD_COLUMNS)
    rows = [r for d in docs for r in d]
    doc_of = np.repeat(np.arange(len(docs)), [len(d) for d in docs])
    pos = np.asarray([r.positive for r in rows], dtype=np.int64)
    unsure = np.asarray([r.unsure for r in rows], dtype=np.int64)
    r_, c_, v_ = featurize(
        [r.text for r in rows],
        [r.heading for r in rows],
        [r.flags for r in rows],
        [r.hints for r in rows],
        DIM,
    )
    X = sp.csr_matrix((v_, (r_, c_)), shape=(len(rows), DIM + N_FLAGS), dtype=np.float64)
    gold = np.array([[r.present[c] for c in cats] for r in labels], dtype=bool)
    rules = np.zeros_like(gold)
    for d, doc in enumerate(docs):
        for r in doc:
            for c in r.flags:
                if c in CUAD_COLUMNS:
                    rules[d, cats.index(c)] = True
    types = [r.agreement_type.strip() or "?" for r in labels]
    folds = group_folds(types, FOLDS)
    n_pos = {c: int(((pos >> k) & 1).sum()) for k, c in enumerate(cats)}
    print(f"{len(labels)} contracts, {len(rows)} sentences, {missing} snippets not found")
    print("positive sentences:", n_pos)

    # Out-of-fold best-sentence probability per contract, per C (fits run in -j processes
    # that share the data by fork).
    # The scores are cached beside the data, keyed by everything they depend on.
    key = hashlib.sha256(
        pickle.dumps((X.data.tobytes(), X.indices.tobytes(), pos.tobytes(), unsure.tobytes()))
        + repr((folds.tolist(), C_GRID, PRUNE, SEED)).encode()
    ).hexdigest()[:16]
    oof_cache = args.cache.with_name(f"{args.cache.stem}-oof-{key}.pkl")
    if oof_cache.is_file():
        best = pickle.loads(oof_cache.read_bytes())
    else:
        _SHARED.update(X=X, pos=pos, unsure=unsure, doc_of=doc_of, folds=folds, n=len(labels))
        tasks = [(f, k, c) for f in range(FOLDS) for k in range(len(cats)) for c in C_GRID]
        best = {c: np.zeros(gold.shape) for c in C_GRID}
        with ProcessPoolExecutor(args.jobs) as pool:
            for (f, k, c), m in zip(tasks, pool.map(_oof_task, tasks), strict=True):
                best[c][folds == f, k] = m[folds == f]
        oof_cache.write_bytes(pickle.dumps(best))
        print(f"out-of-fold scores: {len(tasks)} fits ({time.time() - t0:.0f} s)")

    # Held-out scores: every choice made on the other folds' out-of-fold scores.
    alone_p = np.zeros_like(gold)
    blend_p = np.zeros_like(gold)
    fold_lines = []
    for f in range(FOLDS):
        tr, te = folds != f, folds == f
        c, blend, alone = choose(gold[tr], rules[tr], {x: best[x][tr] for x in C_GRID}, cats)
        alone_p[te], blend_p[te] = predict(rules[te], best[c][te], blend, alone, cats)
        r_f = np.mean([f1(gold[te, k], rules[te, k]) for k in range(len(cats))])
        b_f = np.mean([f1(gold[te, k], blend_p[te, k]) for k in range(len(cats))])
        held = sorted({t for t, g in zip(types, folds, strict=True) if g == f})
        on = sorted(k for k, v in blend.items() if v is not None)
        fold_lines.append(
            f"| {f} | {int(te.sum())} | {', '.join(held)} | {c} | {', '.join(on) or '—'} "
            f"| {r_f:.3f} | {b_f:.3f} |"
        )
    c, blend, alone = choose(gold, rules, best, cats)
    shipped = [k for k in cats if blend[k] is not None]
    print(f"chosen on all out-of-fold scores: C={c}, thresholds:", {k: blend[k] for k in shipped})

    # Final model on every contract, columns only for the categories with a threshold.
    W, B = final_weights(X, pos, unsure, cats, shipped, c)
    final = rules.copy()
    for cat, w, b in zip(shipped, W, B, strict=True):
        k = cats.index(cat)
        p = 1.0 / (1.0 + np.exp(-(X @ w + b)))
        m = np.zeros(len(labels))
        np.maximum.at(m, doc_of, p)
        final[:, k] |= m >= blend[cat]

    preds = {"rules": rules, "classifier": alone_p, "blend": blend_p}
    r_macro = np.mean([f1(gold[:, k], rules[:, k]) for k in range(len(cats))])
    b_macro = np.mean([f1(gold[:, k], blend_p[:, k]) for k in range(len(cats))])
    print("\n".join(table(gold, {**preds, "final blend, in-sample": final}, cats)))
    if not args.write:
        return 0
    info = {
        "categories": shipped,
        "thresholds": {k: blend[k] for k in shipped},
        "dim": DIM,
        "C": c,
        "seed": SEED,
        "trained_on": "CUAD v1 (The Atticus Project, CC BY 4.0), cuad-dev labelled snippets",
        "cv_rules_macro_f1": round(float(r_macro), 4),
        "cv_blend_macro_f1": round(float(b_macro), 4),
        "enabled": bool(round(float(b_macro), 4) > round(float(r_macro), 4)),
    }
    save_model(MODEL_OUT, shipped, W, B, info)
    write_report(gold, preds, final, cats, fold_lines, c, blend, labels, len(rows), n_pos, missing)
    print(f"wrote {MODEL_OUT} ({MODEL_OUT.stat().st_size / 1e3:.0f} kB) and {REPORT_OUT}")
    return 0


def write_report(gold, preds, final, cats, fold_lines, c, blend, labels, n_rows, n_pos, missing):
    """benchmarks/classifier-cv.md: the out-of-fold table, the folds and the final choice."""
    shipped = {k: v for k, v in blend.items() if v is not None}
    r_macro = np.mean([f1(gold[:, k], preds["rules"][:, k]) for k in range(len(cats))])
    b_macro = np.mean([f1(gold[:, k], preds["blend"][:, k]) for k in range(len(cats))])
    lines = [
        "# Sentence classifier: cross-validation grouped by agreement type",
        "",
        f"Written by `{COMMAND}` (deterministic: same data, same file).",
        "Data: the CUAD development set, **The Atticus Project, CUAD v1, CC BY 4.0**:",
        f"{len(labels)} contracts, {n_rows} sentences (the checker's own segmentation of the",
        f"TXT files), {sum(n_pos.values())} positive sentence labels from the snippets",
        f"({missing} snippets not found in the text).",
        "",
        "Document-level F1 over the 15 CUAD-mapped categories. **rules**, **classifier** and",
        f"**blend** are out-of-fold: {FOLDS} folds that hold out whole agreement types; for each",
        "held-out fold the regularisation C, the classifier's thresholds and the blend",
        "(present when the rules find the category or one sentence's probability reaches the",
        "category's threshold; a category stays rules-only unless the blend beats the rules",
        f"by {MIN_GAIN} F1) were chosen on the out-of-fold scores of the other folds (not",
        "fully nested: the models that scored those folds saw the held-out fold). Caveat:",
        "the rules were written while reading all of these contracts, so their figure is",
        "in-sample and flatters them against the classifier. **final blend, in-sample** is the",
        "shipped model (trained on every contract) with the thresholds chosen on all",
        "out-of-fold scores, on the contracts it was trained on.",
        "",
        *table(gold, {**preds, "final blend, in-sample": final}, cats),
        "",
        "| fold | contracts | agreement types held out | C | categories blended | rules | blend |",
        "| ---: | ---: | --- | ---: | --- | ---: | ---: |",
        *fold_lines,
        "",
        f"Chosen on all out-of-fold scores: C = {c}; thresholds "
        + (", ".join(f"`{k}` {v}" for k, v in shipped.items()) or "none")
        + "; every other category is rules-only.",
        "",
    ]
    if round(float(b_macro), 4) > round(float(r_macro), 4):
        lines += [
            f"The blend beats the rules out-of-fold ({b_macro:.3f} against {r_macro:.3f}): the",
            "shipped model has it on (`enabled`).",
            "",
        ]
    else:
        lines += [
            f"**The blend does not beat the rules out-of-fold** ({b_macro:.4f} against "
            f"{r_macro:.4f}), so the shipped model has it **off** (`enabled` false): detection",
            "is the rules alone. The model and its thresholds ship so that "
            "`CONTRACTSMITH_CLASSIFIER=on`",
            "turns the blend on, and this script repeats the comparison when the rules or the",
            "data change.",
            "",
        ]
    REPORT_OUT.write_text("\n".join(lines), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())

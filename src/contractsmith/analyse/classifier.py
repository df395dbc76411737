"""The trained sentence classifier: hashed n-gram features and one linear model per category.

A sentence is read as its text (with its list lead-in), the words of its section heading
and the categories the rules give it (evidence and heading hints). Text words and word
pairs and heading words are hashed with ``zlib.crc32`` (stable across runs, unlike
``hash()``) into ``dim`` columns; the rule flags take 2 x 27 further columns. Each
category the model was trained for has a logistic-regression weight column.

The model ships in ``contractsmith/data/classifier/model.npz`` (sparse nonzero weights),
written by ``scripts/train_classifier.py``, trained on CUAD v1 (The Atticus Project,
CC BY 4.0). Its thresholds are the blend chosen by cross-validation grouped by
agreement type: a category is present when the rules find it or when one sentence's
probability reaches the category's threshold. Categories without a threshold are
rules-only. Scoring is pure Python and numpy.

The blend is on only when it beat the rules out-of-fold (the model's ``enabled``); the
environment variable ``CONTRACTSMITH_CLASSIFIER`` set to ``on`` or ``off`` overrides
that. Off, detection is the rules alone, byte for byte.

A second model, ``influencer.npz`` (``scripts/train_influencer_classifier.py``), is
trained on the team's influencer corpus from the sentence text and heading alone (no rule
flags) and blended the same way, after the CUAD model, for the categories its
cross-validation (grouped by writing batch) kept.
"""

from __future__ import annotations

import json
import os
import re
import zlib
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from contractsmith.analyse.model import CATEGORIES

MODEL_PATH = Path(__file__).resolve().parent.parent / "data" / "classifier" / "model.npz"
# The influencer model: trained on the team's influencer corpus, text and heading only.
INFLUENCER_MODEL_PATH = MODEL_PATH.parent / "influencer.npz"
SWITCH = "CONTRACTSMITH_CLASSIFIER"  # "on" / "off" overrides the model's ``enabled``
N_FLAGS = 2 * len(CATEGORIES)  # rule evidence and heading hint, per category
_CAT_INDEX = {c: i for i, c in enumerate(CATEGORIES)}

_TOKEN_RE = re.compile(r"[a-z]+|\d+")
_TOKEN_OR_START_RE = re.compile(r"[a-z]+|\d+|\n")
_START = "<s>"
_START_MARK = 1 << 32  # the hash slot of a sentence start before it becomes crc32("<s>")
_PAIR_MUL = np.uint64(1000003)
_hashes: dict[str, int] = {}


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens with digit runs folded to "0", after a start marker."""
    return [_START] + ["0" if t[0].isdigit() else t for t in _TOKEN_RE.findall(text.lower())]


def _hash(word: str) -> int:
    """Stable hash of a token (cached): crc32 of the word, of "0" for a digit run; a
    newline (a sentence start) gets ``_START_MARK``."""
    h = _hashes.get(word)
    if h is None:
        if len(_hashes) > 200_000:
            _hashes.clear()
        if word == "\n":
            h = _START_MARK
        else:
            h = zlib.crc32(("0" if word[0].isdigit() else word).encode("utf-8"))
        _hashes[word] = h
    return h


def _text_hashes(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """(row, hash) of every token of ``texts`` (see ``tokens``), found in one pass."""
    joined = "\n" + "\n".join(t.replace("\n", " ") for t in texts).lower()
    get = _hashes.get
    h = np.asarray(
        [get(t) or _hash(t) for t in _TOKEN_OR_START_RE.findall(joined)], dtype=np.uint64
    )
    start = h == _START_MARK
    h[start] = zlib.crc32(_START.encode("utf-8"))
    return np.cumsum(start) - 1, h


def featurize(
    texts: Sequence[str],
    headings: Sequence[str] | None = None,
    flags: Sequence[Sequence[str]] | None = None,
    hints: Sequence[Sequence[str]] | None = None,
    dim: int = 1 << 18,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Features of each sentence as (row, column, value) arrays (not sorted).

    ``texts`` are sentence texts, ``headings`` their section headings, ``flags`` the
    categories the rules find each sentence evidence for and ``hints`` the categories its
    heading suggests. Hashed words and pairs share the value 1/sqrt(their number) in a row,
    so long sentences do not score higher for their length; a flag has value 1.
    """
    n = len(texts)
    r, h = _text_hashes(texts)
    d = np.uint64(dim)
    same = r[:-1] == r[1:]
    parts_r = [r, r[:-1][same]]
    parts_c = [
        (h % d).astype(np.int64),
        (((h[:-1] * _PAIR_MUL) ^ h[1:]) % d)[same].astype(np.int64),
    ]
    if headings is not None:
        seen: dict[str, list[int]] = {}
        hr: list[int] = []
        hh: list[int] = []
        for i, heading in enumerate(headings):
            if heading:
                words = seen.get(heading)
                if words is None:
                    words = seen[heading] = [_hash("h:" + w) for w in tokens(heading)[1:]]
                hh.extend(words)
                hr.extend([i] * len(words))
        parts_r.append(np.asarray(hr, dtype=np.int64))
        parts_c.append((np.asarray(hh, dtype=np.uint64) % d).astype(np.int64))
    row = np.concatenate(parts_r)
    col = np.concatenate(parts_c)
    counts = np.bincount(row, minlength=n).astype(np.float32)
    val = (1.0 / np.sqrt(np.maximum(counts, 1.0)))[row].astype(np.float32)
    fr: list[int] = []
    fc: list[int] = []
    for offset, per_row in ((0, flags), (len(CATEGORIES), hints)):
        for i, cats in enumerate(per_row or ()):
            for c in cats:
                fr.append(i)
                fc.append(dim + offset + _CAT_INDEX[c])
    if fr:
        row = np.concatenate([row, np.asarray(fr, dtype=np.int64)])
        col = np.concatenate([col, np.asarray(fc, dtype=np.int64)])
        val = np.concatenate([val, np.ones(len(fr), dtype=np.float32)])
    return row, col, val


@dataclass(frozen=True)
class Model:
    """A loaded classifier: weight columns for ``categories`` and the blend thresholds."""

    categories: tuple[str, ...]
    thresholds: dict[str, float]  # the blend in use: category -> probability for evidence
    candidates: dict[str, float]  # the blend chosen by cross-validation, on or off
    dim: int
    weights: np.ndarray  # (len(categories), dim + N_FLAGS) float32
    bias: np.ndarray  # (len(categories),) float32
    info: dict

    @property
    def topic_gate(self) -> bool:
        """Whether the model only adds evidence in sentences that speak of the category."""
        return bool(self.info.get("topic_gate", False))

    @property
    def uses_rule_flags(self) -> bool:
        """Whether the model was trained with the rule flags and heading hints as features."""
        return bool(self.info.get("uses_rule_flags", True))

    def scores(
        self,
        texts: Sequence[str],
        headings: Sequence[str] | None = None,
        flags: Sequence[Sequence[str]] | None = None,
        hints: Sequence[Sequence[str]] | None = None,
    ) -> np.ndarray:
        """Probability of each sentence (rows) being evidence for each category (columns)."""
        n = len(texts)
        if n == 0 or not self.categories:
            return np.zeros((n, len(self.categories)), dtype=np.float64)
        row, col, val = featurize(texts, headings, flags, hints, self.dim)
        z = np.empty((n, len(self.categories)), dtype=np.float64)
        for k in range(len(self.categories)):
            z[:, k] = np.bincount(row, weights=self.weights[k][col] * val, minlength=n)
        z += self.bias
        return 1.0 / (1.0 + np.exp(-z))


def blend_enabled(info: dict) -> bool:
    """Whether the blend is on: ``CONTRACTSMITH_CLASSIFIER`` if set, else the model's
    ``enabled`` (true only when the blend beat the rules out-of-fold)."""
    switch = os.environ.get(SWITCH, "").strip().lower()
    if switch in {"on", "1", "true", "yes"}:
        return True
    if switch in {"off", "0", "false", "no"}:
        return False
    return bool(info.get("enabled", False))


def load_model_from(path: Path) -> Model:
    """Read a model written by ``scripts/train_classifier.py`` (sparse weights in .npz)."""
    with np.load(path) as data:
        info = json.loads(bytes(data["info"]).decode("utf-8"))
        cats = tuple(info["categories"])
        dim = int(info["dim"])
        weights = np.zeros((len(cats), dim + N_FLAGS), dtype=np.float32)
        for k, c in enumerate(cats):
            weights[k, data[f"index_{c}"]] = data[f"weight_{c}"].astype(np.float32)
        bias = data["bias"].astype(np.float32)
    candidates = {c: float(t) for c, t in info.get("thresholds", {}).items() if c in cats}
    thresholds = candidates if blend_enabled(info) else {}
    return Model(cats, thresholds, candidates, dim, weights, bias, info)


@cache
def load_model() -> Model | None:
    """The shipped CUAD model (cached); None when the package has none."""
    return load_model_from(MODEL_PATH) if MODEL_PATH.is_file() else None


@cache
def load_influencer_model() -> Model | None:
    """The shipped influencer model (cached); None when the package has none."""
    path = INFLUENCER_MODEL_PATH
    return load_model_from(path) if path.is_file() else None


def active_models() -> list[Model]:
    """The models whose blend may add evidence: the CUAD model, then the influencer one."""
    return [m for m in (load_model(), load_influencer_model()) if m is not None and m.thresholds]


def score_texts(texts: Sequence[str]) -> list[dict[str, float]]:
    """Per sentence, the shipped model's probability for each of its categories (text
    only: no heading, no rule flags)."""
    model = load_model()
    if model is None:
        return [{} for _ in texts]
    probs = model.scores(texts)
    return [{c: float(p) for c, p in zip(model.categories, row, strict=True)} for row in probs]


def added_evidence(
    texts: Sequence[str],
    headings: Sequence[str],
    flags: Sequence[Sequence[str]],
    hints: Sequence[Sequence[str]],
    found: Collection[str],
    on_topic: Callable[[str, int], bool] | None = None,
) -> dict[str, list[tuple[int, float]]]:
    """The blend: for each category with a threshold in an active model that is not in
    ``found`` (already present by the rules, or by an earlier model), the sentences
    (index, probability) whose probability reaches the threshold, in order. A model whose
    ``topic_gate`` is set only keeps sentences for which ``on_topic(category, index)`` is
    true. Empty when no model is active."""
    if not texts:
        return {}
    done = set(found)
    out: dict[str, list[tuple[int, float]]] = {}
    for model in active_models():
        wanted = [
            k for k, c in enumerate(model.categories) if c in model.thresholds and c not in done
        ]
        if not wanted:
            continue
        rows = list(range(len(texts)))
        gated = model.topic_gate and on_topic is not None
        if gated:
            # only sentences that speak of a wanted category are scored at all
            rows = [i for i in rows if any(on_topic(model.categories[k], i) for k in wanted)]
            if not rows:
                continue
        pick = [texts[i] for i in rows]
        heads = [headings[i] for i in rows]
        if model.uses_rule_flags:
            probs = model.scores(pick, heads, [flags[i] for i in rows], [hints[i] for i in rows])
        else:
            probs = model.scores(pick, heads)
        for k in wanted:
            c = model.categories[k]
            hits = [
                (rows[j], round(float(probs[j, k]), 3))
                for j in np.flatnonzero(probs[:, k] >= model.thresholds[c])
                if not gated or on_topic(c, rows[j])
            ]
            if hits:
                out[c] = hits
                done.add(c)
    return out

"""The trained sentence classifier and its blend with the category rules."""

from __future__ import annotations

import os
import zlib
from dataclasses import replace

import numpy as np
import pytest

from contractsmith.analyse import classifier
from contractsmith.analyse.categories import detect, score_sentence
from contractsmith.analyse.evaluate import CUAD_COLUMNS
from contractsmith.analyse.model import CATEGORIES, Section, Sentence

# Sentences written in this project's influencer-contract terms, with the heading of the
# section they would sit in.
EXAMPLES = {
    "non_compete": (
        "During the Term and for one year after it, the Creator shall not, directly or "
        "indirectly, engage in or carry on any business that competes with the Brand.",
        "Non-Competition",
    ),
    "minimum_commitment": (
        "The Brand shall order a minimum of ten sponsored posts per year.",
        "Minimum Commitment",
    ),
    "governing_law": (
        "This Agreement is governed by the laws of the State of New York.",
        "Governing Law",
    ),
    "assignment": (
        "Neither party may assign this Agreement without the prior written consent of the "
        "other party.",
        "Assignment",
    ),
}
UNRELATED = [
    "The Creator will film the unboxing video in natural light.",
    "Each story frame shows the product for at least three seconds.",
    "The parties met in Brooklyn to discuss the mood board.",
    "Captions are written in English and Spanish.",
]


def _score(model: classifier.Model, texts: list[str], headings: list[str]) -> np.ndarray:
    """Probabilities as ``detect`` computes them: text, heading and rule flags."""
    flags = [tuple(score_sentence(t)) for t in texts]
    return model.scores(texts, headings, flags, [() for _ in texts])


@pytest.fixture(scope="module")
def model() -> classifier.Model:
    loaded = classifier.load_model()
    assert loaded is not None, "the package ships no classifier model"
    return loaded


def test_model_loads_from_the_package(model: classifier.Model) -> None:
    assert classifier.MODEL_PATH.is_file()
    assert classifier.load_model() is model  # cached
    assert set(model.categories) <= set(CUAD_COLUMNS)
    assert set(model.candidates) == set(model.categories)
    assert all(0.0 < t < 1.0 for t in model.candidates.values())
    assert model.weights.shape == (len(model.categories), model.dim + classifier.N_FLAGS)
    assert "Atticus" in model.info["trained_on"]
    # On only when it beat the rules out-of-fold (or when the switch says so).
    if os.environ.get(classifier.SWITCH) is None:
        expected = model.candidates if model.info["enabled"] else {}
        assert model.thresholds == expected


def test_switch_turns_the_blend_on_and_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(classifier.SWITCH, "on")
    on = classifier.load_model_from(classifier.MODEL_PATH)
    assert on.thresholds == on.candidates
    monkeypatch.setenv(classifier.SWITCH, "off")
    assert classifier.load_model_from(classifier.MODEL_PATH).thresholds == {}


def test_features_use_a_stable_hash() -> None:
    assert classifier.tokens("Pays 15% in 2025.") == ["<s>", "pays", "0", "in", "0"]
    row, col, val = classifier.featurize(["Pays"], dim=1 << 18)
    start, pays = zlib.crc32(b"<s>"), zlib.crc32(b"pays")
    pair = ((start * 1000003) ^ pays) % (1 << 18)
    assert sorted(col.tolist()) == sorted([start % (1 << 18), pays % (1 << 18), pair])
    assert np.allclose(val, 1 / np.sqrt(3))  # two words and one pair
    heading = classifier.featurize(["Pays"], ["Fees"], dim=1 << 18)[1].tolist()
    assert zlib.crc32(b"h:fees") % (1 << 18) in heading
    flagged = classifier.featurize(["Pays"], flags=[("term",)], hints=[("term",)], dim=8)[1]
    i = CATEGORIES.index("term")
    assert {8 + i, 8 + len(CATEGORIES) + i} <= set(flagged.tolist())


def test_scores_are_deterministic(model: classifier.Model) -> None:
    texts = [t for t, _ in EXAMPLES.values()] + UNRELATED
    headings = [h for _, h in EXAMPLES.values()] + [""] * len(UNRELATED)
    first = _score(model, texts, headings)
    again = _score(classifier.load_model_from(classifier.MODEL_PATH), texts, headings)
    assert first.tobytes() == again.tobytes()
    assert first.shape == (len(texts), len(model.categories))
    assert classifier.score_texts(texts[:1])[0].keys() == set(model.categories)


def test_category_sentences_score_above_threshold(model: classifier.Model) -> None:
    for category, t in model.candidates.items():
        text, heading = EXAMPLES[category]
        p = _score(model, [text], [heading])[0, model.categories.index(category)]
        assert p >= t, (category, p, t)


def test_unrelated_sentences_score_below_threshold(model: classifier.Model) -> None:
    probs = _score(model, UNRELATED, ["Deliverables"] * len(UNRELATED))
    other = [t for c, (t, _) in EXAMPLES.items() if c not in model.categories]
    probs = np.vstack([probs, _score(model, other, [""] * len(other))])
    for category, t in model.candidates.items():
        k = model.categories.index(category)
        assert (probs[:, k] < t).all(), (category, probs[:, k], t)


@pytest.fixture(autouse=True)
def _cuad_model_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests drive the CUAD model's blend; the influencer model stays out."""
    monkeypatch.setattr(classifier, "load_influencer_model", lambda: None)


def _sentences(texts: list[str]) -> list[Sentence]:
    out, pos = [], 0
    for i, text in enumerate(texts):
        out.append(Sentence(text=text, start=pos, end=pos + len(text), block=i))
        pos += len(text) + 2
    return out


def _evidence(found: dict) -> dict[str, list[str]]:
    return {c: [s.text for s in p.evidence] for c, p in found.items()}


def test_blend_off_is_the_rules_alone(
    model: classifier.Model, monkeypatch: pytest.MonkeyPatch
) -> None:
    texts = [t for t, _ in EXAMPLES.values()] + UNRELATED
    off = replace(model, thresholds={})
    monkeypatch.setattr(classifier, "load_model", lambda: off)
    blended = detect(_sentences(texts))
    monkeypatch.setattr(classifier, "load_model", lambda: None)
    assert _evidence(blended) == _evidence(detect(_sentences(texts)))


def test_blend_adds_evidence_only_for_categories_with_thresholds(
    model: classifier.Model, monkeypatch: pytest.MonkeyPatch
) -> None:
    texts = [t for t, _ in EXAMPLES.values()] + UNRELATED
    on = replace(model, thresholds=dict(model.candidates))
    monkeypatch.setattr(classifier, "load_model", lambda: on)
    blended = detect(_sentences(texts))
    monkeypatch.setattr(classifier, "load_model", lambda: None)
    rules_only = detect(_sentences(texts))
    for c in CATEGORIES:
        if c not in on.thresholds or rules_only[c].present:
            # No threshold, or the rules found it: the classifier adds nothing.
            assert blended[c].present == rules_only[c].present, c
            assert _evidence(blended)[c] == _evidence(rules_only)[c], c
        for s in blended[c].evidence:
            assert c in s.categories


def test_blend_quotes_the_sentence_it_adds(
    model: classifier.Model, monkeypatch: pytest.MonkeyPatch
) -> None:
    category = sorted(model.candidates)[0]
    k = model.categories.index(category)
    text = "The Creator will film the unboxing video in natural light."
    assert not detect(_sentences([text]))[category].present
    # A model certain of this one category makes the sentence its evidence.
    certain = replace(
        model,
        thresholds={category: 0.5},
        weights=np.zeros_like(model.weights),
        bias=np.where(np.arange(len(model.categories)) == k, 10.0, -10.0).astype(np.float32),
    )
    monkeypatch.setattr(classifier, "load_model", lambda: certain)
    sentences = _sentences([text])
    sentences[0].section = Section(None, "Miscellaneous", 1, 0, 100)
    found = detect(sentences)
    assert found[category].present
    assert found[category].evidence == [sentences[0]]
    assert category in sentences[0].categories
    assert found[category].score == 1.0

"""The influencer sentence classifier: what ships, where it may add evidence, and that it
never touches the categories CUAD measures."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from contractsmith.analyse import classifier
from contractsmith.analyse.categories import detect, is_on_topic
from contractsmith.analyse.evaluate import CUAD_COLUMNS
from contractsmith.analyse.model import CATEGORIES, Section, Sentence


@pytest.fixture(scope="module")
def model() -> classifier.Model:
    loaded = classifier.load_influencer_model()
    assert loaded is not None, "the package ships no influencer model"
    return loaded


def _sentences(texts: list[str], heading: str = "Miscellaneous") -> list[Sentence]:
    out, pos = [], 0
    for i, text in enumerate(texts):
        sent = Sentence(text=text, start=pos, end=pos + len(text), block=i)
        sent.section = Section(None, heading, 1, 0, 10_000)
        out.append(sent)
        pos += len(text) + 2
    return out


def test_the_shipped_model_reads_wording_not_rule_flags(model: classifier.Model) -> None:
    assert model.topic_gate and not model.uses_rule_flags
    assert model.info["enabled"] is True
    assert model.info["cv_blend_macro_f1"] > model.info["cv_rules_macro_f1"]
    assert set(model.thresholds) <= set(model.categories) <= set(CATEGORIES)


def test_the_categories_cuad_measures_are_left_to_the_rules(model: classifier.Model) -> None:
    assert not set(model.categories) & set(CUAD_COLUMNS)


def _certain(model: classifier.Model, category: str) -> classifier.Model:
    """A copy of ``model`` sure that every sentence is evidence for ``category``."""
    k = model.categories.index(category)
    bias = np.where(np.arange(len(model.categories)) == k, 10.0, -10.0).astype(np.float32)
    return replace(
        model, thresholds={category: 0.5}, weights=np.zeros_like(model.weights), bias=bias
    )


def test_evidence_is_added_only_where_the_contract_speaks_of_the_category(
    model: classifier.Model, monkeypatch: pytest.MonkeyPatch
) -> None:
    category = "confidentiality"
    assert category in model.categories
    sure = _certain(model, category)
    monkeypatch.setattr(classifier, "load_model", lambda: None)
    monkeypatch.setattr(classifier, "load_influencer_model", lambda: sure)
    off_topic = "The Creator will film the unboxing video in natural light."
    on_topic = "The embargo on the shade names runs until launch day."
    assert not is_on_topic(category, off_topic, "Miscellaneous")
    assert is_on_topic(category, on_topic, "Miscellaneous")
    sentences = _sentences([off_topic, on_topic])
    monkeypatch.setattr(classifier, "load_influencer_model", lambda: None)
    assert not detect(_sentences([off_topic, on_topic]))[category].present  # not the rules
    monkeypatch.setattr(classifier, "load_influencer_model", lambda: sure)
    found = detect(sentences)
    assert found[category].evidence == [sentences[1]]
    assert category in sentences[1].categories and category not in sentences[0].categories


def test_a_heading_on_the_topic_opens_its_sentences(
    model: classifier.Model, monkeypatch: pytest.MonkeyPatch
) -> None:
    sure = _certain(model, "confidentiality")
    monkeypatch.setattr(classifier, "load_model", lambda: None)
    monkeypatch.setattr(classifier, "load_influencer_model", lambda: sure)
    text = "Nothing about the shade names leaves this room."
    monkeypatch.setattr(classifier, "load_influencer_model", lambda: None)
    assert not detect(_sentences([text], "Confidentiality"))["confidentiality"].present
    monkeypatch.setattr(classifier, "load_influencer_model", lambda: sure)
    assert not detect(_sentences([text], "Logistics"))["confidentiality"].present
    assert detect(_sentences([text], "Confidentiality"))["confidentiality"].present


def test_the_switch_turns_the_influencer_model_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(classifier.SWITCH, "off")
    loaded = classifier.load_model_from(classifier.INFLUENCER_MODEL_PATH)
    assert loaded.thresholds == {}
    monkeypatch.setenv(classifier.SWITCH, "on")
    assert classifier.load_model_from(classifier.INFLUENCER_MODEL_PATH).thresholds

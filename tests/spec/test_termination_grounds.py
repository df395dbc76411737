"""Termination grounds are structured by party (issue 15, defects 1 and 2)."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from contractsmith.generate.assemble import assemble
from contractsmith.library import Library, load_library
from contractsmith.spec.load import load_spec
from contractsmith.spec.semantic import ground_fragment
from contractsmith.spec.validate import validate

EXAMPLES = Path(__file__).resolve().parent.parent.parent / "examples"
FAILURE = (
    "a failure to correct or remove non-compliant Content within the period that the "
    "advertising disclosure provisions set"
)


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library()


def _spec(grounds: list[Any]) -> dict[str, Any]:
    data = copy.deepcopy(load_spec(EXAMPLES / "sponsorship.yaml").data)
    data["termination"]["immediate_grounds"] = grounds
    return data


def _codes(data: dict[str, Any]) -> list[str]:
    return [f.rule for f in validate(data)]


def test_a_ground_split_at_its_comma_is_an_s153_error() -> None:
    """What an unquoted YAML item gives: the head of the sentence as a ground of its own."""
    data = _spec(["in the case of Creator", FAILURE, "a Morality Event"])
    findings = [f for f in validate(data) if f.rule == "S153"]
    assert len(findings) == 1
    assert findings[0].location.pointer == "/termination/immediate_grounds/0"


@pytest.mark.parametrize("text", ["Creator", "in the case of Brand", "for Creator", "breach"])
def test_fragments(text: str) -> None:
    assert ground_fragment(text)


@pytest.mark.parametrize("text", [FAILURE, "a Morality Event", "its insolvency"])
def test_complete_grounds(text: str) -> None:
    assert not ground_fragment(text)


def test_structured_grounds_bind_only_the_party_they_concern(library: Library) -> None:
    data = _spec(
        [{"party": "creator", "ground": FAILURE}, {"party": "either", "ground": "a Morality Event"}]
    )
    assert "S153" not in _codes(data)
    section = assemble(data, library, as_of="2026-01-15").section_for("termination.standard")
    assert section is not None
    paragraphs = [p.text for p in section.paragraphs]
    mutual = paragraphs.index(
        next(
            p
            for p in paragraphs
            if p.startswith("Either party may terminate this Agreement with immediate")
        )
    )
    brand_only = paragraphs.index(
        next(p for p in paragraphs if p.startswith("Brand may also terminate"))
    )
    assert paragraphs[brand_only + 1].startswith(FAILURE)
    assert not any(p.startswith(FAILURE) for p in paragraphs[mutual:brand_only])
    assert not any(p.startswith("in the case of") for p in paragraphs)


def test_a_plain_text_ground_is_still_accepted_as_mutual(library: Library) -> None:
    data = _spec(["a material breach of the exclusivity provisions"])
    assert [c for c in _codes(data) if c.startswith("S0") or c == "S153"] == []
    text = assemble(data, library, as_of="2026-01-15").text()
    assert "(a) a material breach of the exclusivity provisions;" in text


def test_morality_ground_keeps_its_procedure(library: Library) -> None:
    """Defect 2: immediate termination for a Morality Event goes through the morality Section."""
    data = _spec([{"party": "either", "ground": "a Morality Event"}])
    contract = assemble(data, library, as_of="2026-01-15")
    morality = contract.section_for("morality")
    assert morality is not None
    assert (
        f"a Morality Event, relied on only after the notice and response procedure of "
        f"Section {morality.number};"
    ) in contract.text()


@pytest.mark.parametrize("kind", ["sponsorship", "retainer", "ambassador", "ugc"])
def test_examples_have_no_fragment_grounds(kind: str) -> None:
    assert "S153" not in [f.rule for f in validate(load_spec(EXAMPLES / f"{kind}.yaml"))]

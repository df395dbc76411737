"""Statute packs follow governing law and party residence, never the audience (issue 15,
defect 6). Every example kind is assembled under every kind of governing law the schema's
free-text field is read as (a US state, England and Wales, France, another EU state)."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from contractsmith.consistency.statutes import STATUTES
from contractsmith.generate.assemble import assemble
from contractsmith.generate.legal import address_places, law_places, legal_context
from contractsmith.library import Library, load_library
from contractsmith.spec.load import load_spec

EXAMPLES = Path(__file__).resolve().parent.parent.parent / "examples"
KINDS = ("sponsorship", "retainer", "ambassador", "ugc")
LAWS = (
    "State of California",
    "State of New York",
    "State of Oregon",
    "the laws of England and Wales",
    "French law",
    "German law",
)


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library()


def _example(kind: str) -> dict[str, Any]:
    return copy.deepcopy(load_spec(EXAMPLES / f"{kind}.yaml").data)


def _text(library: Library, data: dict[str, Any]) -> str:
    return assemble(data, library, as_of="2026-01-15").text()


def _cited(text: str) -> set[str]:
    return {s.name for s in STATUTES if s.pattern.search(text)}


@pytest.mark.parametrize("law", LAWS)
@pytest.mark.parametrize("kind", KINDS)
def test_no_foreign_statute(library: Library, kind: str, law: str) -> None:
    data = _example(kind)
    data["governing_law"]["law"] = law
    context = legal_context(data)
    law_set, places = set(context["law"]), set(context["places"])
    text = _text(library, data)
    for statute in STATUTES:
        if not statute.pattern.search(text):
            continue
        if statute.place.startswith("!"):
            assert statute.place[1:] not in law_set, (kind, law, statute.name)
        else:
            allowed = law_set if statute.scope == "law" else places
            assert statute.place in allowed, (kind, law, statute.name, sorted(places))


def test_california_deal_cites_no_uk_statute_for_a_uk_audience(library: Library) -> None:
    cited = _cited(_text(library, _example("sponsorship")))
    assert "Contracts (Rights of Third Parties) Act 1999" not in cited
    assert "Electronic Communications Act 2000" not in cited
    assert {"California Consumer Privacy Act", "Defend Trade Secrets Act notice"} <= cited


def test_french_audience_keeps_the_californian_pack(library: Library) -> None:
    data = _example("sponsorship")
    data["disclosure"]["jurisdictions"] = ["FR"]
    cited = _cited(_text(library, data))
    for name in (
        "California Freelance Worker Protection Act",
        "Defend Trade Secrets Act notice",
        "California Consumer Privacy Act",
    ):
        assert name in cited


def test_oregon_deal_does_not_cite_the_ccpa(library: Library) -> None:
    cited = _cited(_text(library, _example("ugc")))
    assert "California Consumer Privacy Act" not in cited
    assert "Defend Trade Secrets Act notice" in cited


def test_french_law_penalty_and_recovery_indemnity(library: Library) -> None:
    text = _text(library, _example("retainer"))
    assert "genuine pre-estimate" not in text
    assert "article 1231-5 of the French Civil Code" in text
    assert "forty euros (EUR 40) for each invoice paid late" in text


def test_english_law_deal_keeps_the_third_party_rights_act(library: Library) -> None:
    cited = _cited(_text(library, _example("ambassador")))
    assert "Contracts (Rights of Third Parties) Act 1999" in cited
    assert "California Consumer Privacy Act" not in cited


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("State of California", {"US", "US-CA"}),
        ("the laws of England and Wales", {"UK"}),
        ("French law", {"FR", "EU"}),
        ("German law", {"EU"}),
        ("the law of Narnia", set()),
    ],
)
def test_law_places(text: str, places: set[str]) -> None:
    assert law_places(text) == places


def test_address_places() -> None:
    assert address_places("1821 Sunset Boulevard, Los Angeles, CA 90026, USA") == {"US", "US-CA"}
    assert address_places("4 Harbour Row, Bristol BS1 5DB, United Kingdom") == {"UK"}
    assert address_places("7 quai Saint-Vincent, 69001 Lyon, France") == {"FR", "EU"}

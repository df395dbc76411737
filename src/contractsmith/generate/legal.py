"""Which legal systems a deal touches: its governing law and where its parties are.

Clause bodies read this as ``legal`` to choose statute citations (third-party rights,
electronic signatures, data protection, trade-secret notices, freelancer laws, penalty
rules) by governing law and party residence. The audience (``disclosure.jurisdictions``)
decides disclosure only and plays no part here. Places are tags: ``US``, ``US-CA`` (a US
state), ``UK``, ``FR``, ``EU`` (France is also ``EU``).
"""

from __future__ import annotations

import re
from typing import Any

US_STATES: dict[str, str] = {
    "alabama": "AL", "alaska": "AK", "arizona": "AZ", "arkansas": "AR", "california": "CA",
    "colorado": "CO", "connecticut": "CT", "delaware": "DE", "florida": "FL", "georgia": "GA",
    "hawaii": "HI", "idaho": "ID", "illinois": "IL", "indiana": "IN", "iowa": "IA",
    "kansas": "KS", "kentucky": "KY", "louisiana": "LA", "maine": "ME", "maryland": "MD",
    "massachusetts": "MA", "michigan": "MI", "minnesota": "MN", "mississippi": "MS",
    "missouri": "MO", "montana": "MT", "nebraska": "NE", "nevada": "NV",
    "new hampshire": "NH", "new jersey": "NJ", "new mexico": "NM", "new york": "NY",
    "north carolina": "NC", "north dakota": "ND", "ohio": "OH", "oklahoma": "OK",
    "oregon": "OR", "pennsylvania": "PA", "rhode island": "RI", "south carolina": "SC",
    "south dakota": "SD", "tennessee": "TN", "texas": "TX", "utah": "UT", "vermont": "VT",
    "virginia": "VA", "washington": "WA", "west virginia": "WV", "wisconsin": "WI",
    "wyoming": "WY", "district of columbia": "DC",
}  # fmt: skip
_STATE_CODES = frozenset(US_STATES.values())
_UK_WORDS = ("england", "wales", "scotland", "northern ireland", "united kingdom", "english")
_FR_WORDS = ("france", "french", "français", "française")
_EU_WORDS = (
    "european union", "germany", "german", "spain", "spanish", "italy", "italian", "ireland",
    "irish", "netherlands", "dutch", "belgium", "belgian", "austria", "austrian", "portugal",
    "portuguese", "sweden", "swedish", "denmark", "danish", "finland", "finnish", "poland",
    "polish", "luxembourg",
)  # fmt: skip
_EU_CODES = frozenset(
    [
        "AT",
        "BE",
        "BG",
        "HR",
        "CY",
        "CZ",
        "DK",
        "EE",
        "FI",
        "DE",
        "GR",
        "HU",
        "IE",
        "IT",
        "LV",
        "LT",
        "LU",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SK",
        "SI",
        "ES",
        "SE",
    ]
)
# "San Francisco, CA 94105, USA": a state code before a ZIP code.
_US_ADDRESS = re.compile(r"\b([A-Z]{2})\s+\d{5}(?:-\d{4})?\b")


def _words(text: str, words: tuple[str, ...]) -> bool:
    return any(re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", text) for w in words)


def law_places(law: Any) -> set[str]:
    """The places of a governing-law text: ``"State of California"`` -> {US, US-CA}."""
    text = str(law or "").lower()
    if _words(text, _FR_WORDS):
        return {"FR", "EU"}
    if _words(text, _UK_WORDS):
        return {"UK"}
    for name, code in US_STATES.items():
        if _words(text, (name,)):
            return {"US", f"US-{code}"}
    if _words(text, ("united states", "federal", "u.s.", "usa")):
        return {"US"}
    if _words(text, _EU_WORDS):
        return {"EU"}
    return set()


def address_places(address: Any) -> set[str]:
    """The places an address names: ``"..., Los Angeles, CA 90026, USA"`` -> {US, US-CA}."""
    raw = str(address or "")
    text = raw.lower()
    match = _US_ADDRESS.search(raw)
    if match and match.group(1) in _STATE_CODES:
        return {"US", f"US-{match.group(1)}"}
    if _words(text, ("usa", "united states", "u.s.a.")):
        return {"US"}
    if _words(text, ("united kingdom", "uk", "england", "scotland", "wales", "northern ireland")):
        return {"UK"}
    if _words(text, _FR_WORDS):
        return {"FR", "EU"}
    if _words(text, _EU_WORDS):
        return {"EU"}
    return set()


def country_places(code: Any) -> set[str]:
    """The places of an ISO country code (a tax residence): ``FR`` -> {FR, EU}."""
    value = str(code or "").strip().upper()
    if value == "US":
        return {"US"}
    if value in ("GB", "UK"):
        return {"UK"}
    if value == "FR":
        return {"FR", "EU"}
    return {"EU"} if value in _EU_CODES else set()


def legal_context(data: dict[str, Any]) -> dict[str, list[str]]:
    """``{"law": [...], "places": [...]}``: the governing law's places, and those of the
    law plus the brand's and the creator's addresses and the creator's tax residence
    (an agency signs as agent and brings no law of its own)."""
    law = law_places((data.get("governing_law") or {}).get("law"))
    places = set(law)
    parties = data.get("parties") or {}
    for role in ("brand", "creator"):
        party = parties.get(role) if isinstance(parties, dict) else None
        if isinstance(party, dict):
            places |= address_places(party.get("address"))
            places |= country_places(party.get("tax_residence"))
    return {"law": sorted(law), "places": sorted(places)}

"""Statutes the clause library cites by governing law or party residence, with where each
belongs; X007 reports a citation that belongs to none of the deal's places.

Marketing and disclosure rules (16 CFR 255 and 465, the CAP Code, the DMCC Act 2024, the
UCPD) are chosen by audience and are not listed here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Statute:
    """A citation (``pattern``) that belongs where ``place`` is the governing law's place
    (``scope`` "law") or one of the deal's places (``scope`` "places"); ``place`` "!FR"
    means wording that French law does not allow."""

    name: str
    pattern: re.Pattern[str]
    scope: str
    place: str


def _s(name: str, pattern: str, scope: str, place: str) -> Statute:
    return Statute(name, re.compile(pattern), scope, place)


STATUTES: tuple[Statute, ...] = (
    _s("Contracts (Rights of Third Parties) Act 1999", r"Rights of Third Parties\) Act 1999",
       "law", "UK"),
    _s("Electronic Communications Act 2000", r"Electronic Communications Act 2000", "places",
       "UK"),
    _s("UK GDPR", r"\bUK GDPR\b", "places", "UK"),
    _s("Data Protection Act 2018", r"Data Protection Act 2018", "places", "UK"),
    _s("ESIGN", r"Electronic Signatures in Global and National Commerce Act", "places", "US"),
    _s("UETA", r"Uniform Electronic Transactions Act", "places", "US"),
    _s("Defend Trade Secrets Act notice", r"18 U\.S\.C\. 1833", "places", "US"),
    _s("California Consumer Privacy Act", r"California Consumer Privacy Act", "places", "US-CA"),
    _s("California Freelance Worker Protection Act", r"California Freelance Worker Protection",
       "places", "US-CA"),
    _s("New York Freelance Isn't Free Act", r"New York Freelance Isn't Free Act", "places",
       "US-NY"),
    _s("GDPR", r"Regulation \(EU\) 2016/679", "places", "EU"),
    _s("eIDAS", r"Regulation \(EU\) No 910/2014", "places", "EU"),
    _s("French Civil Code art. 1231-5", r"article 1231-5", "law", "FR"),
    _s("French Commercial Code art. L. 441-10", r"L\. ?441-10", "law", "FR"),
    _s("genuine pre-estimate (a penalty clause under French law)", r"genuine pre-estimate",
       "law", "!FR"),
)  # fmt: skip


def misplaced(text: str, law: set[str], places: set[str]) -> list[Statute]:
    """The statutes cited in ``text`` that do not belong to the deal's law or places."""
    out = []
    for statute in STATUTES:
        if not statute.pattern.search(text):
            continue
        if statute.place.startswith("!"):
            wrong = statute.place[1:] in law
        else:
            wrong = statute.place not in (law if statute.scope == "law" else places)
        if wrong:
            out.append(statute)
    return out

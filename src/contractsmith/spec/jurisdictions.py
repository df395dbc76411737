"""Jurisdiction packs as data: approved disclosure labels and mandatory spec fields.

Sources (summarised, not quoted): FTC Endorsement Guides (16 CFR Part 255) for US labels;
CAP Code section 2 and the CMA/ASA influencer guidance for UK labels; Loi n° 2023-451
(art. 5 and 8) for France. The EU pack has no fixed wording, only the duty to label.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass


def normalise_label(label: str) -> str:
    """Compare labels case-insensitively, with NFC accents and collapsed spaces."""
    return " ".join(unicodedata.normalize("NFC", label).casefold().split())


@dataclass(frozen=True)
class JurisdictionPack:
    """What one audience jurisdiction requires of a spec."""

    code: str
    approved_labels: frozenset[str] | None
    """Normalised labels accepted for this audience; None means any clear label."""
    label_rule: str
    """S code reported when the label is not approved."""
    creator_tax_residence: bool = False
    party_contact: bool = False
    law_words: tuple[str, ...] = ()
    """Words one of which the governing law must contain (empty: no requirement)."""


BANNED_LABELS: frozenset[str] = frozenset(
    normalise_label(x)
    for x in (
        "#sp",
        "#spon",
        "#sponsor",
        "#collab",
        "#partner",
        "#ambassador",
        "#thanks",
        "sp",
        "spon",
        "collab",
        "partner",
        "ambassador",
    )
)
"""Labels that regulators treat as unclear when used as the disclosure."""

PACKS: dict[str, JurisdictionPack] = {
    "US": JurisdictionPack(
        code="US",
        approved_labels=frozenset(
            normalise_label(x)
            for x in (
                "#ad",
                "ad",
                "advertisement",
                "#advertisement",
                "sponsored",
                "#sponsored",
                "paid partnership",
                "paid ad",
            )
        ),
        label_rule="S148",
    ),
    "UK": JurisdictionPack(
        code="UK",
        approved_labels=frozenset(
            normalise_label(x)
            for x in ("#ad", "ad", "advert", "#advert", "advertisement", "#advertisement")
        ),
        label_rule="S145",
    ),
    "EU": JurisdictionPack(code="EU", approved_labels=None, label_rule="S147"),
    "FR": JurisdictionPack(
        code="FR",
        approved_labels=frozenset(
            normalise_label(x) for x in ("Publicité", "Collaboration commerciale")
        ),
        label_rule="S142",
        creator_tax_residence=True,
        party_contact=True,
        law_words=("french", "france", "français", "française"),
    ),
}

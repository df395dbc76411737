"""Contract: the assembled document model that the Word writer, PDF stage and lint read.

Numbers are computed at build time: sections are numbered 1, 2, ...; each paragraph of
a clause is a sub-clause ``N.k``; list items under a paragraph are lettered (a), (b).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Run:
    """A stretch of text with one look; ``bold`` runs mark a defined term's definition."""

    text: str
    bold: bool = False


@dataclass
class Paragraph:
    """A numbered unit of a section: a sub-clause (level 1, ``7.1``) or an item (level 2, ``(a)``)."""

    number: str
    runs: list[Run]
    level: int = 1
    ref: str = ""  # full reference: "7.1" or "7.1(a)"

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


@dataclass
class Section:
    """One clause of the library as it appears in the contract: ``7. Fees and Payment``."""

    number: int
    title: str
    clause_id: str
    clause_version: str
    category: str
    paragraphs: list[Paragraph] = field(default_factory=list)

    @property
    def heading(self) -> str:
        return f"{self.number}. {self.title}"


@dataclass
class Party:
    """A contracting party with the short name the contract defines for it (``Brand``)."""

    role: str
    short_name: str
    legal_name: str
    entity_type: str = ""
    address: str = ""
    email: str = ""
    signatory_name: str = ""
    signatory_title: str = ""
    note: str = ""  # e.g. the agency's role

    @property
    def description(self) -> str:
        """``Northlight Cosmetics, Inc., a Delaware corporation, of 400 Market Street``."""
        text = self.legal_name
        if self.entity_type:
            article = "an" if self.entity_type[:1].lower() in "aeiou" else "a"
            text += f", {article} {self.entity_type}"
        if self.address:
            text += f", of {self.address}"
        if self.note:
            text += f", acting as {self.note}"
        return text


@dataclass
class DefinedTerm:
    """A term defined in bold (``**Fee**``): where it is defined and where it is used."""

    term: str
    defined_in: list[str] = field(default_factory=list)  # paragraph numbers or "preamble"
    clause_ids: list[str] = field(default_factory=list)
    uses: list[str] = field(default_factory=list)  # paragraph numbers where it is used


@dataclass
class Contract:
    """The assembled contract: everything the Word shell's placeholders are filled from."""

    title: str
    reference: str
    kind: str
    as_of: str
    effective_date: str
    parties: list[Party]
    preamble: list[Run]
    recitals: list[str]
    cover: list[tuple[str, str]]
    sections: list[Section]
    deliverables: list[dict[str, str]]
    payments: list[dict[str, str]]
    usage_rights: list[dict[str, str]]
    # True when the renderer writes the opening (preamble, parties, recitals) itself;
    # False when a ``parties`` clause of the library does it as a numbered section.
    intro: bool = True
    # "Letter" when US law governs, else "A4" (the Word shell's own size).
    paper: str = "A4"
    _terms: dict[str, DefinedTerm] | None = field(default=None, repr=False, compare=False)

    @property
    def defined_terms(self) -> dict[str, DefinedTerm]:
        """Each bold-defined term with where it is defined and used (computed on first use)."""
        if self._terms is None:
            self._terms = find_defined_terms(self)
        return self._terms

    @property
    def clauses(self) -> list[dict[str, str]]:
        """The clause ids and versions used, in section order (for the manifest)."""
        return [{"id": s.clause_id, "version": s.clause_version} for s in self.sections]

    @property
    def signatures(self) -> list[dict[str, str]]:
        """One signature block per party: short name, legal name, signatory and title."""
        return [
            {
                "short_name": p.short_name,
                "legal_name": p.legal_name,
                "signatory_name": p.signatory_name,
                "signatory_title": p.signatory_title,
            }
            for p in self.parties
        ]

    def section_for(self, target: str) -> Section | None:
        """The section holding clause id ``target``, or the first of category ``target``."""
        for section in self.sections:
            if section.clause_id == target:
                return section
        for section in self.sections:
            if section.category == target:
                return section
        return None

    def lines(self) -> list[str]:
        """The contract's text, one paragraph per entry, numbers included."""
        out = [self.title]
        if self.reference:
            out.append(f"Reference: {self.reference}")
        out.append("".join(run.text for run in self.preamble))
        for index, party in enumerate(self.parties, start=1):
            out.append(f'({index}) {party.description} ("{party.short_name}")')
        if self.recitals:
            out.append("Background")
            for index, recital in enumerate(self.recitals):
                out.append(f"({chr(ord('A') + index)}) {recital}")
        for label, value in self.cover:
            out.append(f"{label}: {value}")
        if self.intro:
            out.append("The parties agree as follows:")
        for section in self.sections:
            out.append(section.heading)
            for paragraph in section.paragraphs:
                out.append(f"{paragraph.number} {paragraph.text}")
        out.append("Signatures")
        for party in self.parties:
            line = f"{party.short_name}: {party.legal_name}"
            if party.signatory_name:
                line += f", by {party.signatory_name}"
                if party.signatory_title:
                    line += f", {party.signatory_title}"
            out.append(line)
        if self.deliverables:
            out.append("Schedule 1 - Deliverables")
            for row in self.deliverables:
                out.append(" | ".join(row.values()))
        if self.payments:
            out.append("Schedule 2 - Payment Schedule")
            for row in self.payments:
                out.append(" | ".join(row.values()))
        if self.usage_rights:
            out.append("Schedule 3 - Usage Rights")
            for row in self.usage_rights:
                out.append(" | ".join(row.values()))
        return out

    def text(self) -> str:
        """Plain text of the whole contract, paragraphs joined by newlines."""
        return "\n".join(self.lines())


def find_defined_terms(contract: Contract) -> dict[str, DefinedTerm]:
    """Record where each bold term is defined and where it is used afterwards."""
    terms: dict[str, DefinedTerm] = {}

    def define(term: str, where: str, clause_id: str) -> None:
        entry = terms.setdefault(term, DefinedTerm(term))
        entry.defined_in.append(where)
        entry.clause_ids.append(clause_id)

    if contract.intro:
        for run in contract.preamble:
            if run.bold:
                define(run.text.strip(), "preamble", "")
        for party in contract.parties:
            define(party.short_name, "parties", "")
    for section in contract.sections:
        for paragraph in section.paragraphs:
            for run in paragraph.runs:
                if run.bold and run.text.strip():
                    define(run.text.strip(), paragraph.ref, section.clause_id)
    if not terms:
        return terms
    pattern = re.compile(
        r"(?<![\w-])("
        + "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
        + r")(?![\w-])"
    )
    places: list[tuple[str, str]] = [("recitals", r) for r in contract.recitals]
    for section in contract.sections:
        for paragraph in section.paragraphs:
            plain = "".join(run.text for run in paragraph.runs if not run.bold)
            places.append((paragraph.ref, plain))
    for where, text in places:
        for match in pattern.finditer(text):
            uses = terms[match.group(1)].uses
            if not uses or uses[-1] != where:
                uses.append(where)
    return terms

"""What analysis knows about a contract: sections, sentences and which clauses it has.

``analyse.pipeline.analyse(document)`` builds an ``AnalysedDocument``. The rules
(V/O/D families), the playbook check (C family) and the reports all read it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from contractsmith.ingest.model import Document

# The fixed checker category ids. Reports and evaluations depend on them: change only
# with a version bump and a note in CHANGELOG.md.
CATEGORIES: tuple[str, ...] = (
    "deliverables",
    "timeline",
    "approval",
    "compensation",
    "kpis",
    "reporting",
    "ftc_disclosure",
    "usage_rights",
    "ip_ownership",
    "exclusivity",
    "non_compete",
    "term",
    "renewal",
    "termination",
    "termination_for_convenience",
    "morality",
    "non_disparagement",
    "confidentiality",
    "indemnification",
    "insurance",
    "liability_cap",
    "assignment",
    "governing_law",
    "force_majeure",
    "revenue_share",
    "minimum_commitment",
    "audit_rights",
)


@dataclass
class Section:
    """A headed part of the contract ("12. Termination", "ARTICLE IV", "(a)")."""

    number: str | None  # "12", "12.1", "IV", "(a)"; None for an unnumbered heading
    heading: str  # heading text without the number
    level: int  # 1 = top level
    start: int  # offsets into Document.text
    end: int
    is_toc: bool = False  # a table of contents (ignored by every rule)
    is_definitions: bool = False  # a definitions section
    categories: tuple[str, ...] = ()  # categories the heading suggests (a hint, not evidence)


@dataclass
class Sentence:
    """One sentence (or enumerated item) with its span and the clause context it sits in."""

    text: str
    start: int  # offsets into Document.text
    end: int
    block: int  # index into Document.blocks
    page: int | None = None
    section: Section | None = None
    is_heading: bool = False
    in_toc: bool = False
    categories: tuple[str, ...] = ()  # categories this sentence is operative evidence for
    # The label of the table row or "Label: value" line the sentence is part of
    # ("ENGAGEMENT TERM"); the sentence text still reads "Label: value".
    field_label: str | None = None


@dataclass
class ClausePresence:
    """Whether a category is present, with the operative sentences that show it."""

    category: str
    present: bool
    evidence: list[Sentence] = field(default_factory=list)
    score: float = 0.0


@dataclass
class AnalysedDocument:
    """A Document plus its structure, sentences and clause presence for every category."""

    document: Document
    sections: list[Section] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    clauses: dict[str, ClausePresence] = field(default_factory=dict)
    defined_terms: dict[str, int] = field(default_factory=dict)  # term -> offset of definition

"""Finding, Severity and Location: the one result type of validate, check and lint.

Modelled on jsonschema's errors-as-values: every problem is collected, none is raised,
and each says where it is, why it matters and what to write instead.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from enum import Enum
from typing import Any


class Severity(str, Enum):
    """How serious a finding is. Ordered: info < warning < error."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _RANK[self]

    @classmethod
    def parse(cls, value: str | Severity) -> Severity:
        if isinstance(value, Severity):
            return value
        try:
            return cls(value.strip().lower())
        except ValueError:
            raise ValueError(f"unknown severity {value!r} (use error, warning or info)") from None


_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


@dataclass(frozen=True)
class Location:
    """Where a finding is.

    Text-file findings (specs, clause files, templates) use ``line``/``column`` (1-based)
    and, for specs, a JSON ``pointer``. Contract findings use ``page`` (1-based, PDFs),
    ``paragraph`` (0-based block index) and ``start``/``end`` character offsets into the
    document's normalised text.
    """

    file: str | None = None
    line: int | None = None
    column: int | None = None
    pointer: str | None = None
    page: int | None = None
    paragraph: int | None = None
    start: int | None = None
    end: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def describe(self) -> str:
        """Short human form: ``file:line:col`` or ``file p.3 ¶12``."""
        parts: list[str] = []
        head = self.file or ""
        if self.line is not None:
            head += f":{self.line}"
            if self.column is not None:
                head += f":{self.column}"
        if head:
            parts.append(head)
        if self.page is not None:
            parts.append(f"p.{self.page}")
        if self.paragraph is not None:
            parts.append(f"¶{self.paragraph}")
        if self.pointer:
            parts.append(self.pointer)
        return " ".join(parts) or "-"


@dataclass(frozen=True)
class Finding:
    """One problem: a stable rule code, a severity, a plain message and where it is.

    ``text`` quotes the evidence; ``suggestion`` says what to write instead; ``why``
    says in one sentence why it matters (with the authority where there is one).
    """

    rule: str
    severity: Severity
    message: str
    location: Location = field(default_factory=Location)
    text: str | None = None
    suggestion: str | None = None
    category: str | None = None
    why: str | None = None
    clause_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "severity": self.severity.value,
            "category": self.category,
            "message": self.message,
            "why": self.why,
            "text": self.text,
            "suggestion": self.suggestion,
            "clause_id": self.clause_id,
            "location": self.location.to_dict(),
        }

    @property
    def sort_key(self) -> tuple:
        loc = self.location
        return (
            loc.file or "",
            loc.line if loc.line is not None else -1,
            loc.column if loc.column is not None else -1,
            loc.start if loc.start is not None else -1,
            loc.pointer or "",
            self.rule,
            self.message,
        )


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Deterministic order: by file, position, then rule code."""
    return sorted(findings, key=lambda f: f.sort_key)


def fails(findings: Iterable[Finding], fail_on: Severity | str = Severity.ERROR) -> bool:
    """True when any finding is at or above ``fail_on`` (the shared exit-code policy)."""
    threshold = Severity.parse(fail_on).rank
    return any(f.severity.rank >= threshold for f in findings)


def count_by_severity(findings: Iterable[Finding]) -> dict[str, int]:
    counts = {s.value: 0 for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)}
    for f in findings:
        counts[f.severity.value] += 1
    return counts


# Exit codes shared by every command.
EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2

"""Violation: one measured breach of a rule-data limit, keyed for the baseline."""

from __future__ import annotations

from dataclasses import dataclass

# Which way a measured value gets worse: K001/K002 measure sizes (more is worse), K003
# counts the documents a carve-out matters in (fewer is worse).
WORSE_WHEN_LOWER = frozenset({"K003"})


@dataclass(frozen=True)
class Violation:
    """A rule file breaking a limit: code, file, the expression (kind and hash of its
    written text; empty for a whole-file count), where it is for people, and the value."""

    code: str
    file: str
    kind: str
    hash: str
    where: str
    value: int
    limit: int
    message: str

    @property
    def key(self) -> tuple[str, str, str, str]:
        """The baseline key: stable when other expressions of the file are edited."""
        return (self.code, self.file, self.kind, self.hash)

    def worse_than(self, accepted: int) -> bool:
        """Whether this value is worse than an ``accepted`` baseline value."""
        if self.code in WORSE_WHEN_LOWER:
            return self.value < accepted
        return self.value > accepted

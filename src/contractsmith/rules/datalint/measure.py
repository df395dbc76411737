"""K001 and K002: sizes of rule data measured from the YAML alone (no corpus needed)."""

from __future__ import annotations

from dataclasses import dataclass

from contractsmith.rules.datalint.inventory import RuleFile
from contractsmith.rules.datalint.violations import Violation

DEFAULT_MAX_REGEX = 400
DEFAULT_MAX_CARVE_OUTS = 12
DEFAULT_MAX_UNLESS_SHARED = 3


@dataclass(frozen=True)
class Limits:
    """The limits of K001/K002 (command-line options; these are the defaults)."""

    max_regex: int = DEFAULT_MAX_REGEX  # expanded characters of one expression
    max_carve_outs: int = DEFAULT_MAX_CARVE_OUTS  # negatives + distinct unless per file
    max_unless_shared: int = DEFAULT_MAX_UNLESS_SHARED  # patterns sharing one unless


def regex_too_long(rule: RuleFile, limits: Limits) -> list[Violation]:
    """K001: every expression longer than ``max_regex`` characters after macro expansion
    (a shared lexicon counts as its ``{NAME}``: ``inventory.shared_lexicons``)."""
    out = []
    for e in rule.expressions:
        size = len(e.measured or e.expanded)
        if size > limits.max_regex:
            out.append(
                Violation(
                    "K001",
                    rule.name,
                    e.kind,
                    e.hash,
                    e.where,
                    size,
                    limits.max_regex,
                    f"{e.where}: {e.kind} expression is {size} characters after macro "
                    f"expansion, shared lexicons counted by name (limit {limits.max_regex})",
                )
            )
    return out


def too_many_carve_outs(rule: RuleFile, limits: Limits) -> list[Violation]:
    """K002: more than ``max_carve_outs`` carve-outs in one file, and an ``unless`` shared
    by more than ``max_unless_shared`` patterns."""
    out = []
    carve_outs = rule.carve_outs
    n_neg = len(rule.of_kind("negative"))
    count = len(carve_outs)
    if count > limits.max_carve_outs:
        out.append(
            Violation(
                "K002",
                rule.name,
                "rule",
                "",
                "negatives + unless",
                count,
                limits.max_carve_outs,
                f"{count} carve-outs ({n_neg} negatives, {count - n_neg} distinct unless; "
                f"limit {limits.max_carve_outs})",
            )
        )
    for e in rule.of_kind("unless"):
        shared = len(e.indices)
        if shared > limits.max_unless_shared:
            out.append(
                Violation(
                    "K002",
                    rule.name,
                    "unless",
                    e.hash,
                    e.where,
                    shared,
                    limits.max_unless_shared,
                    f"{e.where}: one unless is shared by {shared} patterns "
                    f"(limit {limits.max_unless_shared})",
                )
            )
    return out


def measure(rules: list[RuleFile], limits: Limits) -> list[Violation]:
    """K001 and K002 violations of every rule file, in file order."""
    return [v for r in rules for v in (*regex_too_long(r, limits), *too_many_carve_outs(r, limits))]

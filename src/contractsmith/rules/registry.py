"""The registry of every rule code in the project, for ``contractsmith rules`` and reports.

Wording rules (V, O, D) come from the rule engine; spec codes (S), clause-presence codes
(C), library/template lint codes (L, T), rule-data lint codes (K) and contract-reading notes
(I), render codes (R), contract-consistency codes (X) and campaign-log codes (P) come from the
modules that own them, imported when first listed.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

# (module, attribute, family description) of the code tables owned by other parts.
FOREIGN_TABLES: tuple[tuple[str, str, str], ...] = (
    ("contractsmith.spec.codes", "S_RULES", "spec validation"),
    ("contractsmith.analyse.playbook", "C_RULES", "clause presence"),
    ("contractsmith.lint.codes", "LINT_RULES", "library and template lint"),
    ("contractsmith.rules.datalint.codes", "K_RULES", "rule-data lint"),
    ("contractsmith.ingest.codes", "I_RULES", "reading the contract"),
    ("contractsmith.generate.codes", "R_RULES", "rendering"),
    ("contractsmith.consistency.codes", "X_RULES", "contract consistency"),
    ("contractsmith.review.codes", "P_RULES", "campaign log"),
)
WORDING_FAMILIES = {
    "V": "vague or weak wording",
    "O": "obligation completeness",
    "D": "disclosure adequacy",
}


@dataclass(frozen=True)
class RuleEntry:
    """Everything ``contractsmith rules`` shows about one code."""

    code: str
    name: str
    summary: str
    severity: str
    family: str
    help: str = ""
    why: str | None = None
    suggestion: str | None = None
    clause: str | None = None
    severity_by_slot: dict[str, str] = field(default_factory=dict)
    cases: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "code": self.code,
            "name": self.name,
            "family": self.family,
            "severity": self.severity,
            "summary": self.summary,
        }
        for key in ("why", "suggestion", "clause"):
            value = getattr(self, key)
            if value:
                out[key] = value
        if self.help and self.help != self.suggestion:
            out["help"] = self.help
        if self.severity_by_slot:
            out["severity_by_slot"] = dict(self.severity_by_slot)
        if self.cases:
            out["cases"] = self.cases
        return out


def _wording_entries() -> list[RuleEntry]:
    from contractsmith.rules.engine import all_rules

    entries = []
    for rule in all_rules():
        data = rule.to_dict()
        entries.append(
            RuleEntry(
                code=rule.code,
                name=rule.name,
                summary=rule.summary,
                severity=rule.default_severity.value,
                family=WORDING_FAMILIES[rule.family],
                help=rule.suggestion,
                why=rule.why,
                suggestion=rule.suggestion,
                clause=rule.clause,
                severity_by_slot={k: v for k, v in data["severity"].items() if k != "default"},
                cases=data["cases"],
            )
        )
    return entries


def _field(meta: Any, name: str) -> Any:
    if isinstance(meta, Mapping):
        return meta.get(name)
    return getattr(meta, name, None)


def _foreign_entries() -> list[RuleEntry]:
    entries: list[RuleEntry] = []
    for module_name, attr, family in FOREIGN_TABLES:
        # No fallback: a table that moved must fail loudly, not drop its codes from
        # `rules`, from --select validation and from the reports' rule metadata.
        table = getattr(importlib.import_module(module_name), attr)
        items: Iterable[Any] = table.values() if isinstance(table, Mapping) else table
        for meta in items:
            code = _field(meta, "code")
            if not code:
                continue
            help_text = _field(meta, "help") or ""
            entries.append(
                RuleEntry(
                    code=str(code),
                    name=str(_field(meta, "name") or ""),
                    summary=str(_field(meta, "summary") or ""),
                    severity=str(_field(meta, "severity") or "error"),
                    family=family,
                    help=str(help_text),
                    why=_field(meta, "why") or None,
                    suggestion=str(help_text) or None,
                    cases=dict(_field(meta, "cases") or {}),
                )
            )
    return entries


def all_entries() -> list[RuleEntry]:
    """Every known rule code, sorted by code (wording rules win on a clash)."""
    by_code: dict[str, RuleEntry] = {e.code: e for e in _foreign_entries()}
    by_code.update({e.code: e for e in _wording_entries()})
    return [by_code[c] for c in sorted(by_code, key=_code_key)]


def _code_key(code: str) -> tuple[str, int, str]:
    digits = "".join(ch for ch in code if ch.isdigit())
    return (code.rstrip("0123456789"), int(digits) if digits else -1, code)


def find_entry(code: str) -> RuleEntry | None:
    """The entry for ``code`` (case-insensitive), or None."""
    wanted = code.strip().upper()
    return next((e for e in all_entries() if e.code.upper() == wanted), None)


def _as_rule_meta(entry: RuleEntry) -> Any:
    """The report writers' ``RuleMeta`` for an entry (a local twin if they are absent)."""
    try:
        from contractsmith.report.findings_writers import RuleMeta
    except ModuleNotFoundError:
        RuleMeta = _RuleMeta  # noqa: N806
    help_text = entry.help
    if entry.why:
        help_text = f"{entry.why} Suggestion: {entry.suggestion or entry.help}".strip()
    return RuleMeta(
        code=entry.code,
        name=entry.name,
        summary=entry.summary,
        severity=entry.severity,
        help=help_text,
    )


@dataclass
class _RuleMeta:
    """Stand-in with the report writers' RuleMeta fields."""

    code: str
    name: str
    summary: str
    severity: str = "error"
    help: str = ""


def rules_meta(prefixes: Iterable[str] | None = None) -> dict[str, Any]:
    """``code -> RuleMeta`` for every code (or those starting with one of ``prefixes``)."""
    wanted = tuple(p.upper() for p in prefixes) if prefixes else None
    return {
        e.code: _as_rule_meta(e)
        for e in all_entries()
        if wanted is None or e.code.upper().startswith(wanted)
    }


def rule_meta(code: str) -> Any | None:
    """``RuleMeta`` for one code, or None when the code is unknown."""
    entry = find_entry(code)
    return _as_rule_meta(entry) if entry else None

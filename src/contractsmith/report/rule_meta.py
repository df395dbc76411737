"""Rule metadata for the checker's reports: every V/O/D wording rule, the C codes and the
I codes of reading the contract.

SARIF viewers show a rule's name, summary and help; ``--select``/``--ignore`` are
checked against the known codes. The rules registry is asked first; when it is not
available the wording rules are read from the rule engine.
"""

from __future__ import annotations

import importlib

from contractsmith.analyse.playbook import C_RULES
from contractsmith.ingest.codes import I_RULES
from contractsmith.report.findings_writers import RuleMeta


def _wording_meta() -> dict[str, RuleMeta]:
    try:
        registry = importlib.import_module("contractsmith.rules.registry")
    except ModuleNotFoundError:
        registry = None
    if registry is not None:
        for name in ("rules_meta", "all_meta", "rule_meta"):
            fn = getattr(registry, name, None)
            if callable(fn):
                try:
                    found = fn()
                except Exception:  # broken rule data is reported when the rules run
                    break
                return {
                    code: meta for code, meta in dict(found).items() if isinstance(meta, RuleMeta)
                }
    try:
        engine = importlib.import_module("contractsmith.rules.engine")
        rules = engine.all_rules()
    except Exception:  # broken rule data is reported when the rules run, per file
        return {}
    return {
        rule.code: RuleMeta(
            code=rule.code,
            name=rule.name,
            summary=rule.summary,
            severity=rule.default_severity.value,
            help=f"{rule.why} Suggestion: {rule.suggestion}".strip(),
        )
        for rule in rules
    }


CHECK_FAMILIES = ("C", "V", "O", "D", "I")


def all_rules_meta() -> dict[str, RuleMeta]:
    """Metadata of every code the checker can report (C, V, O, D, I), keyed by code, sorted."""
    meta = {**_wording_meta(), **C_RULES, **I_RULES}
    return {code: meta[code] for code in sorted(meta) if code.startswith(CHECK_FAMILIES)}

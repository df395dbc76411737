"""Wording rules: the V (vague), O (obligation completeness) and D (disclosure) families.

Rules are YAML data in ``rules/wording/``; ``rules.engine`` runs them
(``check_wording``, ``check_text``), ``rules.registry`` lists every rule code of the
project for ``contractsmith rules`` and the report writers.
"""

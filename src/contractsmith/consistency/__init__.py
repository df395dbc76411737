"""Contract consistency (the X family): invariants across the sections of an assembled contract.

``render`` refuses a contract with an X error; ``lint`` runs the same checks over every
example spec and its generated edge cases.
"""

from __future__ import annotations

from contractsmith.consistency.checks import check_assembled, check_contract, library_glossary
from contractsmith.consistency.codes import X_RULES

__all__ = ["X_RULES", "check_assembled", "check_contract", "library_glossary"]

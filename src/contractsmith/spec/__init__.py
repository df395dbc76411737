"""Contract specs: loading YAML/JSON with positions, and validation (the S rule family).

``load_spec`` reads a spec into a ``Spec``; ``contractsmith.spec.validate.validate``
returns every problem as a ``Finding`` (it is not re-exported here, because the
``validate`` submodule would shadow it); ``S_RULES`` lists the codes.
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = ["S_RULES", "Spec", "SpecLoadError", "load_spec"]

_EXPORTS = {
    "S_RULES": "contractsmith.spec.codes",
    "Spec": "contractsmith.spec.load",
    "SpecLoadError": "contractsmith.spec.load",
    "load_spec": "contractsmith.spec.load",
}


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'contractsmith.spec' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)

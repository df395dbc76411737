"""contractsmith: writes and reviews influencer-marketing contracts.

Public API (the CLI is built on it)::

    from contractsmith import load_spec, validate, render

    spec = load_spec("examples/sponsorship.yaml")
    findings = validate(spec)           # list[Finding]; empty when valid
    result = render(spec, "out/", as_of="2026-01-15")
"""

from __future__ import annotations

from typing import Any

__version__ = "0.6.0"

__all__ = ["__version__", "load_spec", "validate", "render", "check", "Finding", "Severity"]

_LAZY = {
    "load_spec": ("contractsmith.spec.load", "load_spec"),
    "validate": ("contractsmith.spec.validate", "validate"),
    "render": ("contractsmith.generate.render", "render"),
    "check": ("contractsmith.analyse.check", "check"),
    "Finding": ("contractsmith.findings", "Finding"),
    "Severity": ("contractsmith.findings", "Severity"),
}


def __getattr__(name: str) -> Any:
    # Lazy so that `import contractsmith` stays fast and spaCy loads only for `check`.
    if name in _LAZY:
        import importlib

        module, attr = _LAZY[name]
        return getattr(importlib.import_module(module), attr)
    raise AttributeError(f"module 'contractsmith' has no attribute {name!r}")

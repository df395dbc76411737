"""The X checks for a spec on its own: assemble it with a clause library, then check.

``validate`` uses this so that a spec it accepts is one ``render`` accepts too; ``render``
checks the contract it has already assembled (``check_assembled``).
"""

from __future__ import annotations

from typing import Any

from contractsmith.consistency.checks import check_assembled
from contractsmith.findings import Finding
from contractsmith.generate.assemble import AssemblyError, assemble
from contractsmith.library.load import Library, load_library

AS_OF = "2026-01-15"
"""The document date used for the check; no X invariant depends on it."""


def check_spec(spec: Any, library: Library | None = None) -> list[Finding]:
    """The X findings of ``spec`` (a Spec or plain dict) assembled with ``library``
    (default: the shipped clause library); [] when the spec cannot be assembled, which
    ``render`` reports with its own R codes."""
    lib = library if library is not None else load_library()
    if lib.findings:
        return []
    try:
        contract = assemble(spec, lib, as_of=AS_OF)
    except AssemblyError:
        return []
    return check_assembled(contract, spec, (c.body for c in lib.ordered()))

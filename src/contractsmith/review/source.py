"""Reading the contract to review: a spec (YAML/JSON) or a DOCX/PDF contractsmith rendered.

A rendered contract carries its canonical spec and a manifest (clause ids in section
order): a DOCX in a custom XML part, a PDF as attachments. Both are read with the
readers ``contractsmith inspect`` uses, from bytes read through ``read_bounded``.
"""

from __future__ import annotations

import io
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from contractsmith.inputs import InputError, read_bounded
from contractsmith.review.clauses import ClauseIndex, index_from_library, index_from_manifest
from contractsmith.spec.load import MAX_SPEC_BYTES, Spec, SpecLoadError, load_spec


class ContractError(Exception):
    """A contract that cannot be reviewed; ``str()`` is one line naming the file."""


@dataclass
class Contract:
    """The spec to review and where its clauses are in the contract."""

    path: str
    spec: Spec
    clauses: ClauseIndex
    rendered: bool


def _max_bytes() -> int:
    from contractsmith.ingest.limits import Limits

    return Limits().max_input_bytes


def load_contract(path: str | os.PathLike[str]) -> Contract:
    """Load ``path``: a spec by its suffix, else a rendered DOCX or PDF."""
    name = os.fspath(path)
    if name.lower().endswith((".yaml", ".yml", ".json")):
        try:
            spec = load_spec(Path(name), name=name)
        except SpecLoadError as exc:
            raise ContractError(str(exc)) from None
        return Contract(name, spec, index_from_library(spec.data), rendered=False)
    try:
        data = read_bounded(name, _max_bytes())
    except InputError as exc:
        raise ContractError(f"{name}: {exc}") from None
    manifest, spec_json = _embedded(name, data)
    if len(spec_json) > MAX_SPEC_BYTES:
        raise ContractError(f"{name}: the embedded spec is larger than {MAX_SPEC_BYTES} bytes")
    try:
        spec = load_spec(spec_json, name=f"{name} (embedded spec)")
    except SpecLoadError as exc:
        raise ContractError(str(exc)) from None
    return Contract(name, spec, index_from_manifest(manifest), rendered=True)


def _embedded(name: str, data: bytes) -> tuple[dict[str, Any], bytes]:
    not_ours = (
        f"{name}: not a contract contractsmith rendered (no embedded spec); give the spec "
        "(YAML/JSON) or a DOCX/PDF made by `contractsmith render`"
    )
    if data.startswith(b"%PDF-"):
        from contractsmith.generate.pdf_meta import read_pdf_embedded

        try:
            embedded = read_pdf_embedded(io.BytesIO(data))
        except Exception as exc:  # pypdf raises many types for damaged files
            raise ContractError(f"{name}: not a readable PDF ({type(exc).__name__})") from None
        if embedded.manifest is None or embedded.spec_json is None:
            raise ContractError(not_ours)
        return embedded.manifest, embedded.spec_json
    if data.startswith(b"PK") and zipfile.is_zipfile(io.BytesIO(data)):
        from contractsmith.generate.manifest import read_embedded_spec, read_manifest

        manifest, spec_json = read_manifest(data), read_embedded_spec(data)
        if manifest is None or spec_json is None:
            raise ContractError(not_ours)
        return manifest, spec_json
    raise ContractError(f"{name}: neither a spec (.yaml, .yml, .json) nor a rendered DOCX or PDF")


__all__ = ["Contract", "ContractError", "load_contract"]

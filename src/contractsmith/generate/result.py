"""RenderedContract: what rendering one spec produced, handed on to the PDF stage."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class RenderedContract:
    """One rendered contract.

    ``spec_json`` is the canonical JSON of the spec (sorted keys, UTF-8) that the
    document was generated from; ``manifest`` records the tool version, the spec's
    sha256 and each clause id with its version. Both travel inside the DOCX and PDF.
    """

    spec_path: Path
    title: str
    docx_path: Path
    spec_json: bytes
    manifest: dict[str, Any]
    as_of: str  # ISO date used for document dates and metadata
    text: str = ""  # the contract's plain text (paragraphs joined by "\n")
    pdf_path: Path | None = None
    extra: dict[str, Any] = field(default_factory=dict)

"""The provenance manifest embedded in every rendered DOCX, and how to read it back.

The manifest and the canonical spec JSON travel together in one custom XML part,
``customXml/contractsmith-manifest.xml``, related from the main document part::

    <cs:manifest xmlns:cs="urn:contractsmith:manifest:1">
      <cs:json>{"as_of": ..., "clauses": [...], ...}</cs:json>
      <cs:spec media-type="application/json">{...canonical spec...}</cs:spec>
    </cs:manifest>

``read_manifest`` and ``read_embedded_spec`` find that part by its root element, so
they work whatever the part is called.
"""

from __future__ import annotations

import io
import json
import os
import zipfile
from typing import Any
from xml.sax.saxutils import escape

from lxml import etree

from contractsmith import __version__
from contractsmith.safexml import UnsafeXMLError, parse_xml

NAMESPACE = "urn:contractsmith:manifest:1"
PART_NAME = "/customXml/contractsmith-manifest.xml"
PROPS_PART_NAME = "/customXml/contractsmith-manifestProps.xml"
# A fixed datastore id: the same for every document, so output stays reproducible.
DATASTORE_ITEM_ID = "{6B1E0C52-5C8D-4B37-9F0E-3C0A5D1E7A11}"
MAX_PART_BYTES = 20_000_000


def build_manifest(
    *,
    spec_sha256: str,
    as_of: str,
    clauses: list[dict[str, str]],
    template_name: str,
    template_sha256: str,
) -> dict[str, Any]:
    """The manifest dict: tool, version, spec hash, as_of, clause ids@versions, template."""
    return {
        "tool": "contractsmith",
        "version": __version__,
        "spec_sha256": spec_sha256,
        "as_of": as_of,
        "clauses": [{"id": c["id"], "version": c["version"]} for c in clauses],
        "template": {"name": template_name, "sha256": template_sha256},
    }


def manifest_part_xml(manifest: dict[str, Any], spec_json: bytes) -> bytes:
    """The custom XML part holding the manifest JSON and the canonical spec JSON."""
    manifest_text = json.dumps(manifest, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    spec_text = spec_json.decode("utf-8")
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<cs:manifest xmlns:cs="{NAMESPACE}">'
        f"<cs:json>{escape(manifest_text)}</cs:json>"
        f'<cs:spec media-type="application/json">{escape(spec_text)}</cs:spec>'
        "</cs:manifest>"
    ).encode()


def manifest_props_xml() -> bytes:
    """The itemProps part Word expects beside a custom XML part."""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
        '<ds:datastoreItem ds:itemID="' + DATASTORE_ITEM_ID + '" '
        'xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml">'
        f'<ds:schemaRefs><ds:schemaRef ds:uri="{NAMESPACE}"/></ds:schemaRefs>'
        "</ds:datastoreItem>"
    ).encode("utf-8")


def _manifest_root(source: str | os.PathLike[str] | bytes) -> etree._Element | None:
    data = source if isinstance(source, bytes) else None
    try:
        handle = zipfile.ZipFile(io.BytesIO(data)) if data is not None else zipfile.ZipFile(source)
    except (OSError, zipfile.BadZipFile):
        return None
    with handle as archive:
        for info in archive.infolist():
            name = info.filename
            if not name.startswith("customXml/") or not name.endswith(".xml"):
                continue
            if info.file_size > MAX_PART_BYTES:
                continue
            try:
                root = parse_xml(archive.read(info))
            except (etree.XMLSyntaxError, UnsafeXMLError):
                continue
            if root.tag == f"{{{NAMESPACE}}}manifest":
                return root
    return None


def read_manifest(docx_path: str | os.PathLike[str] | bytes) -> dict[str, Any] | None:
    """The manifest dict embedded in a DOCX (path or bytes), or None when there is none."""
    root = _manifest_root(docx_path)
    if root is None:
        return None
    node = root.find(f"{{{NAMESPACE}}}json")
    if node is None or not node.text:
        return None
    try:
        value = json.loads(node.text)
    except (ValueError, RecursionError):  # bad JSON, over-long integers, deep nesting
        return None
    return value if isinstance(value, dict) else None


def read_embedded_spec(docx_path: str | os.PathLike[str] | bytes) -> bytes | None:
    """The canonical spec JSON bytes embedded in a DOCX, or None when there is none."""
    root = _manifest_root(docx_path)
    if root is None:
        return None
    node = root.find(f"{{{NAMESPACE}}}spec")
    if node is None or node.text is None:
        return None
    return node.text.encode("utf-8")

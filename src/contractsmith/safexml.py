"""The one way the project parses XML it did not write: DOCX parts, Word shells, manifests.

``xml_parser()`` is an lxml parser that never expands entities, loads a DTD or touches
the network, and keeps libxml2's size and depth limits (no ``huge_tree``).
``parse_xml(data)`` parses with it and refuses any document that declares a DOCTYPE,
which a Word or OpenDocument part never needs and which entity-expansion attacks depend
on. The refusal looks at the parsed tree, not at the bytes, so no encoding (UTF-16
without a byte-order mark, say) can hide a declaration from it.
"""

from __future__ import annotations

from typing import Any

from lxml import etree


class UnsafeXMLError(ValueError):
    """XML that declares a DOCTYPE (and so may declare entities); the message is one line."""


def xml_parser(**options: Any) -> etree.XMLParser:
    """A hardened lxml parser; ``options`` adds settings such as ``remove_blank_text``."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        **options,
    )


_PARSER = xml_parser()


class _DoctypeSeen:
    """An lxml parser target that only notes whether a DOCTYPE went by."""

    def __init__(self) -> None:
        self.seen = False

    def doctype(self, *args: object) -> None:
        self.seen = True

    def close(self) -> bool:
        return self.seen


def _declares_doctype(data: bytes) -> bool:
    """Whether ``data`` declares a DOCTYPE before any point where it stops being XML."""
    target = _DoctypeSeen()
    parser = etree.XMLParser(
        target=target, resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        etree.fromstring(data, parser)
    except (etree.XMLSyntaxError, ValueError):
        pass
    return target.seen


def _has_doctype(root: etree._Element) -> bool:
    info = root.getroottree().docinfo
    return bool(info.doctype) or info.internalDTD is not None or info.externalDTD is not None


def reject_doctype(root: etree._Element) -> etree._Element:
    """Return ``root``; raise UnsafeXMLError when its document declares a DOCTYPE."""
    if _has_doctype(root):
        raise UnsafeXMLError("DOCTYPE declaration (entity expansion refused)")
    return root


def parse_xml(data: bytes, parser: etree.XMLParser | None = None) -> etree._Element:
    """Parse ``data`` with a hardened parser and refuse a DOCTYPE.

    Raises ``etree.XMLSyntaxError`` for malformed XML and ``UnsafeXMLError`` for a
    document that declares a DOCTYPE.
    """
    try:
        root = etree.fromstring(data, parser or _PARSER)
    except etree.XMLSyntaxError:
        # A declaration can itself break the parse (libxml2 stops an entity bomb while
        # reading the DTD); say why rather than "malformed".
        if _declares_doctype(data):
            raise UnsafeXMLError("DOCTYPE declaration (entity expansion refused)") from None
        raise
    return reject_doctype(root)

"""Repair a damaged DOCX package so that python-docx can open it and no text is lost.

python-docx trusts the package's bookkeeping: it follows every relationship to its part,
looks every part's content type up in ``[Content_Types].xml`` and parses every XML part
it knows. A relationship to a missing part (a deleted thumbnail, ``docProps/app.xml``),
a malformed side part (settings, theme, core properties), a missing or malformed
``[Content_Types].xml``, or a main part labelled with another type (a macro-enabled
document, a template, a wrong label) would each lose the whole document although its
text is intact. ``repair_docx`` mends these before python-docx opens the file:

* relationships to parts that are missing, or that should be XML and are not well-formed,
  are removed with the elements that use them (``ooxml_active.strip_links``), except the
  main document's own, whose loss is an error; a malformed ``.rels`` part is removed
  (its part is read without relationships);
* every part a relationship reaches gets a content type: the one Word uses for the kinds
  the reader needs (main document, styles, numbering, headers, footers, core
  properties), else the
  declared one, else one from its extension.

What was repaired becomes a note (finding I004). An intact package is returned as is.
"""

from __future__ import annotations

import posixpath
import zipfile
from dataclasses import dataclass, field

from lxml import etree

from contractsmith.ingest.model import IngestError
from contractsmith.ooxml_active import PackageLink, list_links, strip_links, write_zip
from contractsmith.safexml import parse_xml

CONTENT_TYPES = "[Content_Types].xml"
_CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
_WML = "application/vnd.openxmlformats-officedocument.wordprocessingml."
MAIN_TYPE = _WML + "document.main+xml"
# The content type each kind of part the reader uses must have for python-docx to load it.
READER_TYPES = {
    "officeDocument": MAIN_TYPE,
    "styles": _WML + "styles+xml",
    "numbering": _WML + "numbering+xml",
    "header": _WML + "header+xml",
    "footer": _WML + "footer+xml",
    "core-properties": "application/vnd.openxmlformats-package.core-properties+xml",
}
_RELS_TYPE = "application/vnd.openxmlformats-package.relationships+xml"
_READ_ERRORS = (zipfile.BadZipFile, OSError, EOFError, NotImplementedError)


@dataclass(frozen=True)
class ContentTypes:
    """``[Content_Types].xml`` as two lookups: by extension and by part name (both
    lower-case, as OPC compares them). ``valid`` is False when the part was missing or
    malformed and must be written anew."""

    defaults: dict[str, str]
    overrides: dict[str, str]
    valid: bool = True

    def of(self, part: str) -> str | None:
        """The declared content type of ``part`` (a member name), or None."""
        found = self.overrides.get("/" + part.lower())
        if found is not None:
            return found
        ext = posixpath.splitext(part)[1].lstrip(".").lower()
        return self.defaults.get(ext)


def read_content_types(raw: bytes | None) -> ContentTypes:
    """Parse ``[Content_Types].xml`` (None: absent); a malformed one counts as absent."""
    root = None
    if raw is not None:
        try:
            root = parse_xml(raw)
        except (etree.XMLSyntaxError, ValueError):
            root = None
    if root is None:
        return ContentTypes({}, {}, valid=False)
    defaults = {
        (el.get("Extension") or "").lower(): el.get("ContentType") or ""
        for el in root.iter(f"{{{_CT_NS}}}Default")
    }
    overrides = {
        (el.get("PartName") or "").lower(): el.get("ContentType") or ""
        for el in root.iter(f"{{{_CT_NS}}}Override")
    }
    return ContentTypes(defaults, overrides)


def target_of(link: PackageLink) -> str:
    """The member name an internal relationship points at."""
    if link.target.startswith("/"):
        return posixpath.normpath(link.target.lstrip("/"))
    return posixpath.normpath(posixpath.join(posixpath.dirname(link.source), link.target))


def _is_xml_type(content_type: str | None) -> bool:
    return content_type is not None and content_type.endswith(("+xml", "/xml"))


def _wanted_type(link: PackageLink, part: str, types: ContentTypes) -> str:
    """The content type ``part`` should be declared with (reached through ``link``)."""
    if link.kind in READER_TYPES:
        return READER_TYPES[link.kind]
    declared = types.of(part)
    if declared:
        return declared
    return "application/xml" if part.lower().endswith(".xml") else "application/octet-stream"


@dataclass
class _Plan:
    """What a package needs: links to drop, content types to declare, and why."""

    drop: set[tuple[str, str]]  # (rels part, relationship id)
    types: dict[str, str]  # member name -> content type to declare
    notes: list[str]
    drop_parts: set[str] = field(default_factory=set)  # malformed .rels, removed whole


def _plan(
    members: set[str], well_formed: set[str], rels: dict[str, bytes], types: ContentTypes
) -> _Plan:
    """Find the broken links and the content types to fix (nothing read but the rels)."""
    plan = _Plan(set(), {}, [])
    missing: list[str] = []
    malformed: list[str] = []
    for link in list_links(rels):
        if link.external or (link.source and link.source not in members):
            continue  # a link of a part that is gone is never followed
        part = target_of(link)
        main = link.kind == "officeDocument" and link.source == ""
        wanted = _wanted_type(link, part, types)
        broken = part not in members or (_is_xml_type(wanted) and part not in well_formed)
        if broken and not main:
            plan.drop.add((link.rels_part, link.rel_id))
            (missing if part not in members else malformed).append(part)
        elif part in members and (not types.valid or types.of(part) != wanted):
            # A malformed main part too, so that python-docx says what is wrong with it.
            plan.types[part] = wanted
    if missing:
        plan.notes.append("links to missing parts (" + ", ".join(sorted(set(missing))[:3]) + ")")
    if malformed:
        plan.notes.append("malformed parts (" + ", ".join(sorted(set(malformed))[:3]) + ")")
    if plan.types or not types.valid:
        plan.notes.append("wrong or missing content types")
    broken_rels = sorted(name for name in rels if name not in well_formed)
    if broken_rels:
        plan.drop_parts.update(broken_rels)
        plan.notes.append("malformed relationships (" + ", ".join(broken_rels[:3]) + ")")
    return plan


def _content_types_xml(raw: bytes | None, valid: bool, fixes: dict[str, str]) -> bytes:
    """``[Content_Types].xml`` with an Override for each part in ``fixes`` (written anew,
    with the .rels default, when the old one was missing or malformed)."""
    root = parse_xml(raw) if valid and raw is not None else None
    if root is None:
        root = etree.Element(f"{{{_CT_NS}}}Types", nsmap={None: _CT_NS})
        etree.SubElement(root, f"{{{_CT_NS}}}Default", Extension="rels", ContentType=_RELS_TYPE)
    wanted = {"/" + part.lower() for part in fixes}
    for el in list(root.iter(f"{{{_CT_NS}}}Override")):
        if (el.get("PartName") or "").lower() in wanted:
            root.remove(el)
    for part, content_type in sorted(fixes.items()):
        etree.SubElement(
            root, f"{{{_CT_NS}}}Override", PartName="/" + part, ContentType=content_type
        )
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _read(zf: zipfile.ZipFile, name: str) -> bytes:
    try:
        return zf.read(name)
    except _READ_ERRORS as exc:
        raise IngestError(f"corrupt ZIP member {name}: {exc}") from None


def repair_docx(
    data: bytes, zf: zipfile.ZipFile, well_formed: set[str]
) -> tuple[bytes, str | None]:
    """``data`` repaired as the module says, and a note of what was repaired (None and
    ``data`` itself for an intact package). ``well_formed`` names the members that
    parsed as XML (from ``safety.inspect_docx_zip``)."""
    members = {info.filename for info in zf.infolist() if not info.is_dir()}
    rels = {name: _read(zf, name) for name in sorted(members) if name.endswith(".rels")}
    raw_types = _read(zf, CONTENT_TYPES) if CONTENT_TYPES in members else None
    types = read_content_types(raw_types)
    plan = _plan(members, well_formed, rels, types)
    if not plan.notes:
        return data, None
    order = [info.filename for info in zf.infolist() if not info.is_dir()]
    parts = {name: _read(zf, name) for name in order if name not in plan.drop_parts}
    parts, _ = strip_links(parts, lambda link: (link.rels_part, link.rel_id) in plan.drop)
    parts[CONTENT_TYPES] = _content_types_xml(parts.get(CONTENT_TYPES), types.valid, plan.types)
    note = "damaged DOCX package read after repairs: " + "; ".join(plan.notes)
    return write_zip(order, parts), note

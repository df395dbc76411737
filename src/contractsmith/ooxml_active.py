"""Outside links and active content in Word (OOXML) packages: find them, remove them.

A DOCX can make Word or LibreOffice reach out when it is opened: a picture linked (not
embedded) to an http URL, an attached template on a server, a linked OLE object or frame.
Each such link is a relationship with ``TargetMode="External"`` in a part's ``.rels``,
used by an element of that part (``a:blip r:link``, ``w:attachedTemplate r:id``, ...).
Active content is code or objects that run or open by themselves: a VBA project, ActiveX
controls, OLE objects, imported HTML/RTF chunks (``w:altChunk``).

Two policies strip these deterministically (same package in, same bytes out):

* :func:`strip_outside_links` removes external relationships except hyperlinks (which
  nothing fetches until a reader clicks them) and the elements that use them. ``render``
  applies it to house templates and to every DOCX handed to LibreOffice.
* :func:`strip_active_content` removes every external relationship, hyperlinks included
  (their text is kept), and the VBA, ActiveX, OLE and altChunk parts with the elements
  that use them. ``check --annotate`` applies it to the reviewed copies.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from lxml import etree

from contractsmith.ingest.limits import Limits
from contractsmith.ingest.model import IngestError
from contractsmith.ingest.safety import check_docx_zip
from contractsmith.ooxml_fields import neutralise_fetching_fields
from contractsmith.safexml import UnsafeXMLError, parse_xml

_PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
# Relationship-id attributes: transitional and strict OOXML, and VML's o:relid.
_REL_ATTR_NS = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "http://purl.oclc.org/ooxml/officeDocument/relationships",
)
_O_RELID = "{urn:schemas-microsoft-com:office:office}relid"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"

# Elements removed whole when something inside them uses a removed relationship (a
# picture's a:blip sits in w:drawing, a VML image in w:pict, an OLE object in w:object).
_CONTAINERS = {f"{_W}drawing", f"{_W}pict", f"{_W}object", f"{_MC}AlternateContent"}
# Where the climb to a container stops: removing more would drop the paragraph's text.
_BOUNDARIES = {f"{_W}p", f"{_W}body", f"{_W}tc", f"{_W}hdr", f"{_W}ftr", f"{_W}settings"}
_UNWRAP = {f"{_W}hyperlink"}  # keep the link's text, drop the link
_SELF_ONLY = {f"{_A}hlinkClick", f"{_A}hlinkHover"}

# Relationship types (last path segment) whose internal target parts are active content.
ACTIVE_KINDS = {"vbaProject", "control", "oleObject", "aFChunk", "attachedTemplate"}
_MACRO_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"
_PLAIN_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"

_FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class PackageLink:
    """One relationship of a package: who declares it, its id, kind and target."""

    rels_part: str  # e.g. word/_rels/document.xml.rels
    source: str  # the part that uses it, e.g. word/document.xml ("" for the package)
    rel_id: str
    kind: str  # last segment of the relationship type: image, hyperlink, vbaProject, ...
    target: str
    external: bool

    def describe(self) -> str:
        """A short human description, e.g. ``image link to http://x/logo.png``."""
        if self.external:
            return f"{self.kind} link to {self.target}"
        return f"{self.kind} {self.target}"


Select = Callable[[PackageLink], bool]


def is_outside_link(link: PackageLink) -> bool:
    """An external relationship an office program may fetch on opening (not a hyperlink)."""
    return link.external and link.kind != "hyperlink"


def is_active(link: PackageLink) -> bool:
    """Any external relationship, or a relationship to VBA, ActiveX, OLE or altChunk content."""
    return link.external or link.kind in ACTIVE_KINDS


def _source_of(rels_part: str) -> str:
    """``word/_rels/document.xml.rels`` -> ``word/document.xml``; ``_rels/.rels`` -> ``""``."""
    folder, name = posixpath.split(rels_part)
    base = posixpath.dirname(folder)
    stem = name[: -len(".rels")]
    return posixpath.join(base, stem) if stem else ""


def _rels_of(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{name}.rels")


def _resolve(source: str, target: str) -> str:
    """The part name an internal relationship target points at."""
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), target))


def _parse(data: bytes) -> etree._Element | None:
    try:
        return parse_xml(data)
    except (etree.XMLSyntaxError, UnsafeXMLError):
        return None


def list_links(parts: dict[str, bytes]) -> list[PackageLink]:
    """Every relationship declared in the package's ``.rels`` parts, in part order."""
    links: list[PackageLink] = []
    for name in sorted(parts):
        if not name.endswith(".rels"):
            continue
        root = _parse(parts[name])
        if root is None:
            continue
        for rel in root.iter(f"{{{_PKG_RELS}}}Relationship"):
            links.append(
                PackageLink(
                    rels_part=name,
                    source=_source_of(name),
                    rel_id=rel.get("Id", ""),
                    kind=rel.get("Type", "").rstrip("/").rsplit("/", 1)[-1],
                    target=rel.get("Target", ""),
                    external=rel.get("TargetMode", "") == "External",
                )
            )
    return links


def find_outside_links(parts: dict[str, bytes]) -> list[PackageLink]:
    """The external, non-hyperlink relationships of a package (what ``render`` removes)."""
    return [link for link in list_links(parts) if is_outside_link(link)]


def strip_outside_links(parts: dict[str, bytes]) -> tuple[dict[str, bytes], list[PackageLink]]:
    """``parts`` without outside links and the elements using them; and what was removed."""
    return strip_links(parts, is_outside_link)


def strip_active_content(parts: dict[str, bytes]) -> tuple[dict[str, bytes], list[Any]]:
    """``parts`` without external links, VBA, ActiveX, OLE and altChunk content, and with
    fetching fields emptied."""
    return _with_fields_neutralised(strip_links(parts, is_active))


def _with_fields_neutralised(
    stripped: tuple[dict[str, bytes], list[PackageLink]],
) -> tuple[dict[str, bytes], list[Any]]:
    """The result of a strip, with fetching fields (INCLUDEPICTURE, LINK ...) emptied too."""
    parts, removed = stripped
    cleaned, fields = neutralise_fetching_fields(parts)
    return cleaned, [*removed, *fields]


def strip_links(
    parts: dict[str, bytes], select: Select
) -> tuple[dict[str, bytes], list[PackageLink]]:
    """Remove the relationships ``select`` picks, the elements using them and their parts.

    Parts that change are re-serialised; the others keep their bytes. Returns the new
    parts and the removed relationships (empty when nothing matched).
    """
    removed = [link for link in list_links(parts) if select(link)]
    if not removed:
        return parts, []
    out = dict(parts)
    by_rels: dict[str, set[str]] = {}
    for link in removed:
        by_rels.setdefault(link.rels_part, set()).add(link.rel_id)
    for rels_part, ids in sorted(by_rels.items()):
        _drop_relationships(out, rels_part, ids)
        source = _source_of(rels_part)
        if source in out:
            _drop_users(out, source, ids)
    internal = [_resolve(link.source, link.target) for link in removed if not link.external]
    dropped = _drop_orphans(out, internal)
    _fix_content_types(out, dropped, vba_removed=any(x.kind == "vbaProject" for x in removed))
    return out, removed


def _drop_relationships(parts: dict[str, bytes], rels_part: str, ids: set[str]) -> None:
    root = _parse(parts[rels_part])
    if root is None:
        return
    for rel in list(root.iter(f"{{{_PKG_RELS}}}Relationship")):
        if rel.get("Id") in ids:
            root.remove(rel)
    parts[rels_part] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _uses(element: etree._Element, ids: set[str]) -> bool:
    for name, value in element.attrib.items():
        if value in ids and (name == _O_RELID or name.split("}", 1)[0][1:] in _REL_ATTR_NS):
            return True
    return False


def _container(element: etree._Element) -> etree._Element:
    """The outermost picture/object wrapper around ``element`` (itself when none)."""
    found = element
    node = element.getparent()
    while node is not None and node.tag not in _BOUNDARIES:
        if node.tag in _CONTAINERS:
            found = node
        node = node.getparent()
    return found


def _unwrap(element: etree._Element) -> None:
    """Replace ``element`` by its children (a hyperlink becomes its plain runs)."""
    parent = element.getparent()
    if parent is None:
        return
    index = parent.index(element)
    for offset, child in enumerate(list(element)):
        parent.insert(index + offset, child)
    parent.remove(element)


def _drop_users(parts: dict[str, bytes], source: str, ids: set[str]) -> None:
    """Remove (or unwrap) every element of ``source`` that uses one of ``ids``."""
    root = _parse(parts[source])
    if root is None:
        return
    users = [el for el in root.iter() if isinstance(el.tag, str) and _uses(el, ids)]
    if not users:
        return
    for element in users:
        if element.tag in _UNWRAP:
            _unwrap(element)
            continue
        doomed = element if element.tag in _SELF_ONLY else _container(element)
        parent = doomed.getparent()
        if parent is not None:  # an earlier removal may have taken it already
            parent.remove(doomed)
    parts[source] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _drop_orphans(parts: dict[str, bytes], candidates: list[str]) -> set[str]:
    """Delete candidate parts no remaining relationship points at, with their own rels."""
    dropped: set[str] = set()
    pending = list(candidates)
    while pending:
        part = pending.pop()
        if part in dropped or part not in parts:
            continue
        still_used = any(
            not link.external and _resolve(link.source, link.target) == part
            for link in list_links({k: v for k, v in parts.items() if k.endswith(".rels")})
        )
        if still_used:
            continue
        del parts[part]
        dropped.add(part)
        own = _rels_of(part)
        if own in parts:
            pending.extend(
                _resolve(link.source, link.target)
                for link in list_links({own: parts[own]})
                if not link.external
            )
            del parts[own]
            dropped.add(own)
    return dropped


def _fix_content_types(parts: dict[str, bytes], dropped: set[str], *, vba_removed: bool) -> None:
    name = "[Content_Types].xml"
    if name not in parts or not (dropped or vba_removed):
        return
    root = _parse(parts[name])
    if root is None:
        return
    for override in list(root.iter(f"{{{_CONTENT_TYPES}}}Override")):
        part = override.get("PartName", "").lstrip("/")
        if part in dropped:
            root.remove(override)
        elif vba_removed and override.get("ContentType") == _MACRO_MAIN:
            override.set("ContentType", _PLAIN_MAIN)
    parts[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


# --- whole packages ---------------------------------------------------------------


def read_package(data: bytes, limits: Limits | None = None) -> tuple[list[str], dict[str, bytes]]:
    """The member names (in ZIP order) and parts of a DOCX, after the ingest ZIP checks.

    Raises :class:`contractsmith.ingest.model.IngestError` for a ZIP bomb, an encrypted
    or corrupt archive, or XML with DTD declarations.
    """
    zf = check_docx_zip(data, limits or Limits())
    names = [info.filename for info in zf.infolist() if not info.is_dir()]
    try:
        return names, {name: zf.read(name) for name in names}
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as exc:
        raise IngestError(f"corrupt ZIP member: {exc}") from None


def write_zip(order: list[str], parts: dict[str, bytes]) -> bytes:
    """A ZIP of ``parts`` in ``order`` (then any new names, sorted), with a fixed timestamp."""
    names = [n for n in order if n in parts] + sorted(set(parts) - set(order))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=_FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, parts[name])
    return out.getvalue()


def sanitize_docx(data: bytes, select: Select = is_outside_link) -> tuple[bytes, list[PackageLink]]:
    """``data`` with the relationships ``select`` picks stripped and every fetching field
    emptied (``contractsmith.ooxml_fields``); unchanged when nothing matches.

    Raises IngestError when the package fails the ingest ZIP checks.
    """
    order, parts = read_package(data)
    cleaned, removed = _with_fields_neutralised(strip_links(parts, select))
    if not removed:
        return data, []
    return write_zip(order, cleaned), removed


def descriptions(removed: list[PackageLink]) -> list[str]:
    """What was removed, each description once, e.g. ``image link to http://x/a.png``."""
    seen: list[str] = []
    for link in removed:
        text = link.describe() if link.external else f"{link.kind} {link.target}"
        if text not in seen:
            seen.append(text)
    return seen


__all__ = [
    "ACTIVE_KINDS",
    "PackageLink",
    "descriptions",
    "find_outside_links",
    "is_active",
    "is_outside_link",
    "list_links",
    "read_package",
    "sanitize_docx",
    "strip_active_content",
    "strip_links",
    "strip_outside_links",
    "write_zip",
]

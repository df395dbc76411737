"""Word fields that fetch on their own: INCLUDEPICTURE, INCLUDETEXT, LINK, DDE, IMPORT.

A field's instruction can name a URL or a file that Word or LibreOffice reads when the
document is opened or its fields are updated, with no relationship in the package to
show for it. Such a field is found in a simple field (``w:fldSimple w:instr``) or in the
instruction runs of a complex field (``w:instrText`` between its begin and separate
marks). Neutralising one empties its instruction and keeps its last shown result, so
the document reads the same and fetches nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from contractsmith.safexml import UnsafeXMLError, parse_xml

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
FETCHING = re.compile(r"^\s*(INCLUDEPICTURE|INCLUDETEXT|LINK|DDEAUTO|DDE|IMPORT)\b", re.I)
_TARGET = re.compile(r'"([^"]+)"|(\S+://\S+)')
_PART = re.compile(r"^word/[^/]+\.xml$")


@dataclass(frozen=True)
class FetchingField:
    """One field whose instruction fetches an outside resource."""

    source: str  # the part it is in, e.g. word/document.xml
    kind: str  # INCLUDEPICTURE, LINK, ...
    target: str  # the URL or file it names ("" when none is quoted)
    external: bool = True
    rel_id: str = ""

    @property
    def rels_part(self) -> str:
        return self.source

    def describe(self) -> str:
        """A short human description, e.g. ``INCLUDEPICTURE field to http://x/logo.png``."""
        return f"{self.kind} field to {self.target or 'an outside resource'}"


def _field(source: str, instruction: str) -> FetchingField | None:
    match = FETCHING.match(instruction)
    if match is None:
        return None
    rest = instruction[match.end() :]
    target = _TARGET.search(rest)
    name = (target.group(1) or target.group(2)) if target else ""
    return FetchingField(source, match.group(1).upper(), name[:200])


def _complex_instructions(root: etree._Element) -> list[list[etree._Element]]:
    """The ``w:instrText`` elements of each complex field, in document order."""
    fields: list[list[etree._Element]] = []
    current: list[etree._Element] | None = None
    for element in root.iter(f"{_W}fldChar", f"{_W}instrText"):
        if element.tag == f"{_W}fldChar":
            kind = element.get(f"{_W}fldCharType")
            if kind == "begin":
                current = []
                fields.append(current)
            elif kind in ("separate", "end"):
                current = None
        elif current is not None:
            current.append(element)
    return fields


def _scan(source: str, root: etree._Element, *, neutralise: bool) -> list[FetchingField]:
    found: list[FetchingField] = []
    for simple in list(root.iter(f"{_W}fldSimple")):
        field = _field(source, simple.get(f"{_W}instr") or "")
        if field is None:
            continue
        found.append(field)
        if neutralise:  # keep the shown result: the field's runs take its place
            parent = simple.getparent()
            if parent is not None:
                index = parent.index(simple)
                for offset, child in enumerate(list(simple)):
                    parent.insert(index + offset, child)
                parent.remove(simple)
    for runs in _complex_instructions(root):
        field = _field(source, "".join(e.text or "" for e in runs))
        if field is None:
            continue
        found.append(field)
        if neutralise:
            for element in runs:
                element.text = ""
    return found


def _parse(data: bytes) -> etree._Element | None:
    try:
        return parse_xml(data)
    except (etree.XMLSyntaxError, UnsafeXMLError):
        return None


def find_fetching_fields(parts: dict[str, bytes]) -> list[FetchingField]:
    """The fetching fields of every Word part of a package."""
    found: list[FetchingField] = []
    for name in sorted(parts):
        if _PART.match(name) and b"instr" in parts[name]:
            root = _parse(parts[name])
            if root is not None:
                found += _scan(name, root, neutralise=False)
    return found


def neutralise_fetching_fields(
    parts: dict[str, bytes],
) -> tuple[dict[str, bytes], list[FetchingField]]:
    """``parts`` with every fetching field emptied (its shown result kept); and what was
    neutralised. Parts without one keep their bytes."""
    out = dict(parts)
    removed: list[FetchingField] = []
    for name in sorted(parts):
        if not (_PART.match(name) and b"instr" in parts[name]):
            continue
        root = _parse(parts[name])
        if root is None:
            continue
        found = _scan(name, root, neutralise=True)
        if found:
            removed += found
            out[name] = etree.tostring(
                root, xml_declaration=True, encoding="UTF-8", standalone=True
            )
    return out, removed

"""Write a Contract into a Word shell with docxtpl, deterministically.

The Word shell is a .docx with docxtpl placeholders. The default one is
``contractsmith/templates/contract.docx`` (built by ``scripts/build_word_shell.py``);
``render --template house.docx`` takes a legal team's restyled copy. Placeholders:

==========================  ===========================================================
``title``, ``reference``    contract title and reference (body, header)
``effective_date``          the Effective Date in words (``1 February 2026``)
``as_of``                   the document date in words
``intro``                   true when the shell prints the opening itself (no
                            ``parties`` clause in the library)
``preamble``                RichText: ``This ... (the "Agreement") is made as of ...``
``parties``                 list: ``p.label`` ``(1)``, ``p.rich`` RichText description,
                            ``p.short_name``, ``p.legal_name``, ``p.entity_type``,
                            ``p.address``, ``p.email``
``recitals``                list: ``r.label`` ``(A)``, ``r.text``
``cover``                   list of key terms: ``row.label``, ``row.value``
``sections``                list: ``s.number``, ``s.title``, ``s.heading`` (``7. Fees``),
                            ``s.clause_id``, ``s.paragraphs``: each ``c.number``
                            (``7.1`` / ``(a)``), ``c.level`` (1 sub-clause, 2 item),
                            ``c.text``, ``c.rich`` (RichText with bold defined terms)
``deliverables``            Schedule 1 rows: ``row.id``, ``row.platform``, ``row.format``,
                            ``row.count``, ``row.specification``, ``row.draft_due``,
                            ``row.posting_window``, ``row.live_for``
``payments``                Schedule 2 rows: ``row.label``, ``row.percent``,
                            ``row.amount``, ``row.trigger``, ``row.due``
``usage_rights``            Schedule 3 rows: ``row.use``, ``row.media``,
                            ``row.territory``, ``row.duration``, ``row.fee``
``signature_clause``        true when a ``signature`` clause introduces the signature
                            blocks (the shell then prints no heading of its own)
``signatures``              rows: ``s.short_name``, ``s.legal_name``,
                            ``s.signatory_name``, ``s.signatory_title``
==========================  ===========================================================

Use ``{{r ...}}`` for the RichText values and ``{%p %}``/``{%tr %}`` for loops, as in the
default shell. Output is byte-identical for the same contract and shell: parts are
zipped in canonical order with a timestamp from ``as_of``, core properties are fixed,
and no random ids are written.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.opc.pkgwriter import PackageWriter
from docx.shared import Twips
from docxtpl import DocxTemplate, RichText
from jinja2 import TemplateError
from lxml import etree

from contractsmith.generate.contract import Contract, Run
from contractsmith.generate.jinja_env import long_date, shell_environment
from contractsmith.generate.manifest import (
    PART_NAME,
    PROPS_PART_NAME,
    manifest_part_xml,
    manifest_props_xml,
)
from contractsmith.generate.sandbox import LimitExceeded, RenderLimits, metered
from contractsmith.generate.zipnorm import write_package
from contractsmith.ingest.limits import Limits
from contractsmith.ingest.model import IngestError
from contractsmith.ingest.safety import check_docx_zip
from contractsmith.inputs import InputError, read_bounded
from contractsmith.ooxml_active import is_outside_link, sanitize_docx
from contractsmith.safexml import parse_xml

DEFAULT_SHELL_NAME = "contract.docx"
_TC_TAG = re.compile(r"\{%-?\s*tc\s")
_FOOTNOTES_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
_CUSTOM_XML_PROPS_CT = "application/vnd.openxmlformats-officedocument.customXmlProperties+xml"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_RENDERED_PART = re.compile(r"^word/(document|header\d*|footer\d*)\.xml$")
_STYLE_REFS = ("pStyle", "rStyle", "tblStyle")
_SAFE_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


class _ShellTemplate(DocxTemplate):
    """DocxTemplate that reuses work across renders of the same shell.

    The patched XML of a shell part is the same on every render, so it is cached; and
    since contract text never holds tabs, newlines or form feeds (the assembler turns
    them into spaces), docxtpl's "listing" pass over the output is skipped.
    """

    _patched: dict[str, tuple[str, bool]] = {}
    _uses_tc = False

    def patch_xml(self, src_xml: str) -> str:
        cached = self._patched.get(src_xml)
        if cached is None:
            if len(self._patched) > 64:
                self._patched.clear()
            plain = re.sub(r"<[^>]+>", "", src_xml)
            cached = (super().patch_xml(src_xml), bool(_TC_TAG.search(plain)))
            self._patched[src_xml] = cached
        self._uses_tc = self._uses_tc or cached[1]
        return cached[0]

    def resolve_listing(self, xml: str) -> str:
        return xml

    def fix_tables(self, xml: str):
        """Parse the rendered body strictly (never "recover" from broken XML).

        docxtpl's own pass, which also widens tables grown by ``{%tc %}`` loops, runs
        only when the shell uses such loops.
        """
        if self._uses_tc:
            parse_xml(xml.encode("utf-8"))
            return super().fix_tables(xml)
        return parse_xml(xml.encode("utf-8"))

    def render_footnotes(self, context, jinja_env=None) -> None:
        """Render footnotes only when the shell has a footnotes part."""
        if any(p.content_type == _FOOTNOTES_CT for p in self.docx.part.package.parts):
            super().render_footnotes(context, jinja_env)


class ShellError(ValueError):
    """The Word shell cannot be read or rendered (bad file, broken placeholder)."""


@dataclass(frozen=True)
class WordShell:
    """A Word shell loaded once per batch: its name, bytes and sha256.

    ``data`` is the shell without outside links (see :mod:`contractsmith.ooxml_active`);
    ``sha256`` is that of the file as given; ``removed`` describes each link taken out.
    """

    name: str
    data: bytes
    sha256: str
    path: Path | None = None
    removed: tuple[str, ...] = ()


def load_shell(path: str | Path | None = None) -> WordShell:
    """Read a Word shell (default: the packaged ``contract.docx``).

    Outside links (pictures, templates, frames linked to a URL or a network path) are
    stripped here, once per batch, so no rendered DOCX carries them and LibreOffice never
    fetches them; ``lint --template`` reports them as T009.
    """
    if path is None:
        from contractsmith.resources import templates_dir

        path = templates_dir() / DEFAULT_SHELL_NAME
    source = Path(path)
    try:
        data = read_bounded(source, Limits().max_input_bytes)
    except InputError as exc:
        raise ShellError(f"{source}: cannot read Word template: {exc}") from None
    if not data.startswith(b"PK"):
        raise ShellError(f"{source}: not a .docx file (not a ZIP package)")
    try:
        check_docx_zip(data, Limits())
    except IngestError as exc:
        raise ShellError(f"{source}: unsafe or damaged Word template: {exc}") from None
    try:
        clean, removed = sanitize_docx(data, is_outside_link)
    except IngestError as exc:
        raise ShellError(f"{source}: cannot read Word template: {exc}") from None
    sha = hashlib.sha256(data).hexdigest()
    described = tuple(f"{link.source}: {link.describe()}" for link in removed)
    return WordShell(source.name, clean, sha, source, described)


def rich_text(runs: list[Run]) -> RichText:
    """A docxtpl RichText of ``runs`` (bold where the run is bold); it escapes the text."""
    rich = RichText()
    for run in runs:
        if run.text:
            rich.add(run.text, bold=run.bold)
    return rich


def _parties_context(contract: Contract) -> list[dict[str, Any]]:
    """``parties``: each party's label, RichText description and details (intro only)."""
    if not contract.intro:
        return []
    parties = []
    for index, party in enumerate(contract.parties, start=1):
        runs = [Run(party.description + ' ("'), Run(party.short_name, bold=True), Run('")')]
        runs.append(Run(";" if index < len(contract.parties) else "."))
        parties.append(
            {
                "label": f"({index})",
                "rich": rich_text(runs),
                "short_name": party.short_name,
                "legal_name": party.legal_name,
                "entity_type": party.entity_type,
                "address": party.address,
                "email": party.email,
            }
        )
    return parties


def _sections_context(contract: Contract) -> list[dict[str, Any]]:
    """``sections``: each numbered section with its paragraphs (text and RichText)."""
    return [
        {
            "number": section.number,
            "title": section.title,
            "heading": section.heading,
            "clause_id": section.clause_id,
            "paragraphs": [
                {"number": p.number, "level": p.level, "text": p.text, "rich": rich_text(p.runs)}
                for p in section.paragraphs
            ],
        }
        for section in contract.sections
    ]


# What each placeholder of the shell holds, built from the contract (see the module
# docstring). The single source of the names a shell may use: the template lint reads
# TEMPLATE_CONTEXT_NAMES from here.
_CONTEXT_BUILDERS: dict[str, Callable[[Contract], Any]] = {
    "intro": lambda c: c.intro,
    "signature_clause": lambda c: any(s.category == "signature" for s in c.sections),
    "title": lambda c: c.title,
    "reference": lambda c: c.reference,
    "effective_date": lambda c: long_date(c.effective_date),
    "as_of": lambda c: long_date(c.as_of),
    "preamble": lambda c: rich_text(c.preamble),
    "parties": _parties_context,
    "recitals": lambda c: [
        {"label": f"({chr(ord('A') + i)})", "text": text} for i, text in enumerate(c.recitals)
    ],
    "cover": lambda c: [{"label": label, "value": value} for label, value in c.cover],
    "sections": _sections_context,
    "deliverables": lambda c: c.deliverables,
    "payments": lambda c: c.payments,
    "usage_rights": lambda c: c.usage_rights,
    "signatures": lambda c: c.signatures,
}
TEMPLATE_CONTEXT_NAMES: frozenset[str] = frozenset(_CONTEXT_BUILDERS)


def shell_context(contract: Contract) -> dict[str, Any]:
    """The values the shell's placeholders read (see the module docstring)."""
    return {name: build(contract) for name, build in _CONTEXT_BUILDERS.items()}


def style_names_used(data: bytes) -> frozenset[str]:
    """The names of the styles that a .docx's body, headers and footers use.

    Paragraph, run and table style ids are looked up in ``word/styles.xml``; an id
    that has no style there stands for itself.
    """
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = zf.namelist()
        used: set[str] = set()
        for name in names:
            if _RENDERED_PART.match(name):
                root = etree.fromstring(zf.read(name), _SAFE_PARSER)
                used.update(
                    e.get(f"{_W}val", "") for tag in _STYLE_REFS for e in root.iter(f"{_W}{tag}")
                )
        styles = (
            etree.fromstring(zf.read("word/styles.xml"), _SAFE_PARSER)
            if "word/styles.xml" in names
            else None
        )
    by_id: dict[str, str] = {}
    for style in styles.iter(f"{_W}style") if styles is not None else ():
        label = style.find(f"{_W}name")
        if label is not None:
            by_id[style.get(f"{_W}styleId", "")] = label.get(f"{_W}val", "")
    return frozenset(by_id.get(i, i) for i in used if i)


@cache
def required_styles() -> frozenset[str]:
    """The styles the renderer needs in a shell: those the default shell's text uses.

    A house shell is a restyled copy of the default one; a style it lacks leaves the
    paragraphs that use it (clauses, items, tables, headings) in Word's Normal style.
    """
    return style_names_used(load_shell().data)


# The whole shell renders in one pass: sections, schedules and signatures are all loops.
SHELL_LIMITS = RenderLimits(timeout_s=60.0, max_chars=20_000_000, max_steps=2_000_000)


def write_docx(
    contract: Contract, shell: WordShell, *, manifest: dict[str, Any], spec_json: bytes
) -> bytes:
    """Render ``contract`` into ``shell`` and return the DOCX bytes (deterministic)."""
    template = _ShellTemplate(io.BytesIO(shell.data))
    try:
        # A house template is user input like a clause body: the same sandbox bounds it,
        # with a budget for a whole document.
        with metered(SHELL_LIMITS):
            template.render(shell_context(contract), jinja_env=shell_environment())
    except LimitExceeded as exc:
        raise ShellError(f"{shell.name}: the Word template exceeds a render limit: {exc}") from None
    except TemplateError as exc:
        where = f" (line {exc.lineno} of the shell's XML)" if getattr(exc, "lineno", None) else ""
        raise ShellError(f"{shell.name}: placeholder error{where}: {exc.message}") from None
    except etree.XMLSyntaxError as exc:
        raise ShellError(f"{shell.name}: rendered document is not well-formed XML: {exc}") from None
    except (KeyError, ValueError) as exc:
        raise ShellError(f"{shell.name}: cannot render the Word template: {exc}") from None
    document = template.docx
    _set_paper(document, contract.paper)
    _set_core_properties(document, contract)
    _embed_manifest(document, manifest, spec_json)
    return write_package(_collect_parts(document), contract.as_of)


# Page sizes in twentieths of a point (w:pgSz units): A4 210 x 297 mm, Letter 8.5 x 11 in.
_A4 = (11906, 16838)
_LETTER = (12240, 15840)


def _set_paper(document: Any, paper: str) -> None:
    """Turn the shell's A4 pages into Letter pages for a US-law contract; a house template
    with any other page size keeps it."""
    if paper != "Letter":
        return
    for section in document.sections:
        width, height = section.page_width, section.page_height
        if width is None or height is None:
            continue
        if (round(width.twips), round(height.twips)) == _A4:
            section.page_width = Twips(_LETTER[0])
            section.page_height = Twips(_LETTER[1])


def _set_core_properties(document: Any, contract: Contract) -> None:
    stamp = dt.datetime.combine(dt.date.fromisoformat(contract.as_of), dt.time())
    props = document.core_properties
    props.title = contract.title
    props.subject = contract.reference or contract.kind
    props.author = "contractsmith"
    props.last_modified_by = "contractsmith"
    props.revision = 1
    props.created = stamp
    props.modified = stamp
    props.last_printed = stamp
    props.identifier = contract.reference
    props.keywords = contract.kind
    props.comments = "Generated by contractsmith from a contract spec."


def _embed_manifest(document: Any, manifest: dict[str, Any], spec_json: bytes) -> None:
    package = document.part.package
    item = Part(
        PackURI(PART_NAME), "application/xml", manifest_part_xml(manifest, spec_json), package
    )
    props = Part(PackURI(PROPS_PART_NAME), _CUSTOM_XML_PROPS_CT, manifest_props_xml(), package)
    item.relate_to(props, RT.CUSTOM_XML_PROPS)
    document.part.relate_to(item, RT.CUSTOM_XML)


class _Collector:
    """Stands in for python-docx's ZIP writer: keeps each part's bytes by name."""

    def __init__(self) -> None:
        self.parts: dict[str, bytes] = {}

    def write(self, pack_uri: PackURI, blob: bytes) -> None:
        self.parts[pack_uri.membername] = blob

    def close(self) -> None:  # pragma: no cover - interface only
        pass


def _collect_parts(document: Any) -> dict[str, bytes]:
    package = document.part.package
    parts = list(package.parts)
    for part in parts:
        part.before_marshal()
    collector = _Collector()
    PackageWriter._write_content_types_stream(collector, parts)
    PackageWriter._write_pkg_rels(collector, package.rels)
    PackageWriter._write_parts(collector, parts)
    return collector.parts

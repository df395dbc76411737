"""Checks of a house Word template (the T family).

A legal team's Word shell carries docxtpl tags (``{{ title }}``, ``{%p for s in sections %}``,
``{%tr for row in deliverable_rows %}``). Word splits text into runs whenever formatting
or editing history changes, which silently breaks tags; footnotes are never filled; and a
``{%tr %}`` block left open corrupts the table. Each problem is a Finding with the part
name, paragraph number (as line) and character column.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import TemplateSyntaxError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from lxml import etree

from contractsmith.findings import Finding, Location, Severity
from contractsmith.ingest.limits import Limits, check_input_size
from contractsmith.ingest.model import IngestError
from contractsmith.ingest.safety import check_docx_zip
from contractsmith.inputs import InputError, read_bounded
from contractsmith.lint.codes import LINT_RULES
from contractsmith.lint.jinja_paths import HELPER_NAMES, collect_field_uses, split_path
from contractsmith.ooxml_active import find_outside_links
from contractsmith.ooxml_fields import find_fetching_fields
from contractsmith.safexml import UnsafeXMLError, parse_xml

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = f"{{{W}}}"

RENDERED_PART = re.compile(r"^word/(document|header\d*|footer\d*)\.xml$")
UNRENDERED_PART = re.compile(r"^word/(footnotes|endnotes|comments)\.xml$")
TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
OPENER = re.compile(r"\{\{|\{%|\{#")
# docxtpl's prefixes: {%p ...%} paragraph, {%tr %} row, {%tc %} cell, {%r %} run, {{r x}}, {{p x}}
DOCXTPL_PREFIX = re.compile(r"^(\{[{%])\s*(p|tr|tc|r)\s+", re.S)
BLOCK_OPEN = {"if", "for", "macro", "call", "filter", "with", "block", "raw"}
BLOCK_CLOSE = {f"end{b}": b for b in BLOCK_OPEN}
LOOP_TARGET = re.compile(r"\bfor\s+(\w+)(?:\s*,\s*(\w+))?\s+in\b")


@dataclass
class _Tag:
    text: str  # the tag with docxtpl prefix removed
    prefix: str  # "", "p", "tr", "tc", "r"
    part: str
    paragraph: int  # 1-based paragraph number within the part
    column: int  # 1-based column within the paragraph text


@dataclass
class TemplateReport:
    """What the template lint found, plus the tags it saw (for tests and debugging)."""

    findings: list[Finding] = field(default_factory=list)
    tags: list[_Tag] = field(default_factory=list)
    styles: set[str] = field(default_factory=set)


def _finding(
    code: str,
    path: str,
    message: str,
    part: str,
    line: int | None = None,
    column: int | None = None,
    text: str | None = None,
) -> Finding:
    meta = LINT_RULES[code]
    pointer = part if line is None else f"{part}#p{line}"
    return Finding(
        rule=code,
        severity=Severity.parse(meta.severity),
        message=message,
        location=Location(file=path, line=line, column=column, pointer=pointer),
        text=text,
        suggestion=meta.help,
    )


def _paragraph_runs(p: etree._Element) -> list[str]:
    """Texts of the w:t elements that belong to this paragraph (not to nested text boxes)."""
    out: list[str] = []
    for t in p.iter(f"{_W}t"):
        owner = t.getparent()
        while owner is not None and owner.tag != f"{_W}p":
            owner = owner.getparent()
        if owner is p:
            out.append(t.text or "")
    return out


def _read_parts(path: Path) -> dict[str, bytes]:
    """The template's word/*.xml parts, after the same ZIP-bomb and entity checks as ingest."""
    limits = Limits()
    check_input_size(str(path), path.stat().st_size, limits)
    try:
        data = read_bounded(path, limits.max_input_bytes)
    except InputError as exc:
        raise IngestError(str(exc)) from None
    zf = check_docx_zip(data, limits)
    parts = {
        info.filename: zf.read(info)
        for info in zf.infolist()
        if (info.filename.startswith("word/") and info.filename.endswith(".xml"))
        or info.filename.endswith(".rels")
    }
    if "word/document.xml" not in parts:
        raise ValueError("no word/document.xml: not a Word document")
    return parts


def lint_template(
    path: str | Path,
    *,
    known_names: set[str] | None = None,
    required_styles: set[str] | None = None,
) -> TemplateReport:
    """Lint a Word template; ``known_names`` are the context variables the renderer provides."""
    path = Path(path)
    shown = str(path)
    report = TemplateReport()
    try:
        parts = _read_parts(path)
    except (OSError, zipfile.BadZipFile, ValueError, KeyError, IngestError) as exc:
        report.findings.append(_finding("T006", shown, f"cannot read template: {exc}", "(file)"))
        return report

    for part in sorted(parts):
        rendered = bool(RENDERED_PART.match(part))
        unrendered = bool(UNRENDERED_PART.match(part))
        if not (rendered or unrendered):
            continue
        try:
            root = parse_xml(parts[part])
        except (etree.XMLSyntaxError, UnsafeXMLError) as exc:
            report.findings.append(
                _finding("T006", shown, f"{part} is not well-formed XML: {exc}", part)
            )
            continue
        for number, p in enumerate(root.iter(f"{_W}p"), start=1):
            runs = _paragraph_runs(p)
            text = "".join(runs)
            if "{" not in text:
                continue
            boundaries = []
            pos = 0
            for r in runs:
                pos += len(r)
                boundaries.append(pos)
            covered_end = 0
            for m in TAG.finditer(text):
                covered_end = max(covered_end, m.end())
                if unrendered:
                    report.findings.append(
                        _finding(
                            "T003",
                            shown,
                            f"tag {m.group(0)!r} in {part}, which the renderer never fills",
                            part,
                            number,
                            m.start() + 1,
                            m.group(0),
                        )
                    )
                    continue
                if any(m.start() < b < m.end() for b in boundaries):
                    report.findings.append(
                        _finding(
                            "T001",
                            shown,
                            f"tag {m.group(0)!r} is split across Word runs",
                            part,
                            number,
                            m.start() + 1,
                            m.group(0),
                        )
                    )
                raw = m.group(0)
                prefix = ""
                pm = DOCXTPL_PREFIX.match(raw)
                if pm:
                    prefix = pm.group(2)
                    raw = pm.group(1) + " " + raw[pm.end() :]
                report.tags.append(_Tag(raw, prefix, part, number, m.start() + 1))
            for m in OPENER.finditer(text, covered_end):
                if not TAG.match(text, m.start()):
                    report.findings.append(
                        _finding(
                            "T008",
                            shown,
                            f"tag opened here is not closed in the same paragraph: "
                            f"{text[m.start() : m.start() + 40]!r}",
                            part,
                            number,
                            m.start() + 1,
                        )
                    )
                    break

    _check_blocks(report, shown)
    _check_variables(report, shown, known_names)
    _check_styles(report, shown, parts, required_styles)
    _check_outside_links(report, shown, parts)
    return report


def _check_outside_links(report: TemplateReport, shown: str, parts: dict[str, bytes]) -> None:
    """T009 for each external relationship other than a hyperlink, and each field that
    fetches an outside resource (INCLUDEPICTURE, INCLUDETEXT, LINK, DDE, IMPORT)."""
    for fetching in find_fetching_fields(parts):
        report.findings.append(
            _finding(
                "T009",
                shown,
                f"{fetching.source} has a field that fetches an outside resource "
                f"({fetching.describe()}); render empties it",
                fetching.source,
                text=fetching.target,
            )
        )
    for link in find_outside_links(parts):
        user = link.source or "the package"
        report.findings.append(
            _finding(
                "T009",
                shown,
                f"{user} links to an outside resource ({link.describe()}, "
                f"relationship {link.rel_id}); render removes it",
                link.rels_part,
                text=link.target,
            )
        )


def _check_blocks(report: TemplateReport, shown: str) -> None:
    stack: list[tuple[str, str, _Tag]] = []
    for tag in report.tags:
        if not tag.text.startswith("{%"):
            continue
        words = tag.text[2:].strip(" -+").split()
        if not words:
            continue
        keyword = words[0]
        if keyword in BLOCK_OPEN:
            stack.append((keyword, tag.prefix, tag))
        elif keyword in BLOCK_CLOSE:
            want = BLOCK_CLOSE[keyword]
            if not stack:
                report.findings.append(
                    _finding(
                        "T004",
                        shown,
                        f"'{keyword}' closes a block that was never opened",
                        tag.part,
                        tag.paragraph,
                        tag.column,
                        tag.text,
                    )
                )
                continue
            kind, prefix, opener = stack.pop()
            if kind != want or prefix != tag.prefix:
                report.findings.append(
                    _finding(
                        "T004",
                        shown,
                        f"'{{%{tag.prefix} {keyword} %}}' closes '{{%{prefix} {kind} %}}' opened at "
                        f"{opener.part} paragraph {opener.paragraph}",
                        tag.part,
                        tag.paragraph,
                        tag.column,
                        tag.text,
                    )
                )
    for kind, prefix, opener in stack:
        report.findings.append(
            _finding(
                "T004",
                shown,
                f"'{{%{prefix} {kind} %}}' is never closed",
                opener.part,
                opener.paragraph,
                opener.column,
                opener.text,
            )
        )


def _check_variables(report: TemplateReport, shown: str, known: set[str] | None) -> None:
    env = ImmutableSandboxedEnvironment()
    if any(f.rule == "T004" for f in report.findings):
        # The blocks do not nest, so the tags cannot be parsed as one template; still check
        # each {{ expression }} on its own, knowing the names that for-loops introduce.
        loop_names = {
            n for t in report.tags for m in LOOP_TARGET.finditer(t.text) for n in m.groups() if n
        }
        _unknown_roots(report, shown, known, env, loop_names)
        return
    source = "\n".join(t.text for t in report.tags)
    try:
        ast = env.parse(source)
    except (RecursionError, MemoryError):
        message = "Jinja tags are nested too deeply to parse"
        report.findings.append(_finding("T007", shown, message, "word/document.xml"))
        return
    except TemplateSyntaxError as exc:
        tag = report.tags[exc.lineno - 1] if 0 < exc.lineno <= len(report.tags) else None
        report.findings.append(
            _finding(
                "T007",
                shown,
                f"Jinja syntax error: {exc.message}",
                tag.part if tag else "word/document.xml",
                tag.paragraph if tag else None,
                tag.column if tag else None,
                tag.text if tag else None,
            )
        )
        return
    if known is None:
        return
    reported: set[str] = set()
    for use in collect_field_uses(ast):
        root = split_path(use.path)[0]
        if root in known or root in HELPER_NAMES or root in reported:
            continue
        reported.add(root)
        tag = report.tags[use.line - 1] if 0 < use.line <= len(report.tags) else None
        report.findings.append(
            _finding(
                "T002",
                shown,
                f"unknown variable '{root}' (the renderer provides: {', '.join(sorted(known))})",
                tag.part if tag else "word/document.xml",
                tag.paragraph if tag else None,
                tag.column if tag else None,
                tag.text if tag else None,
            )
        )


def _unknown_roots(
    report: TemplateReport,
    shown: str,
    known: set[str] | None,
    env: ImmutableSandboxedEnvironment,
    loop_names: set[str],
) -> None:
    if known is None:
        return
    reported: set[str] = set()
    for tag in report.tags:
        if not tag.text.startswith("{{"):
            continue
        try:
            ast = env.parse(tag.text)
        except (TemplateSyntaxError, RecursionError, MemoryError):
            continue
        for use in collect_field_uses(ast):
            root = split_path(use.path)[0]
            if root in known or root in HELPER_NAMES or root in loop_names or root in reported:
                continue
            reported.add(root)
            report.findings.append(
                _finding(
                    "T002",
                    shown,
                    f"unknown variable '{root}'",
                    tag.part,
                    tag.paragraph,
                    tag.column,
                    tag.text,
                )
            )


def _check_styles(
    report: TemplateReport, shown: str, parts: dict[str, bytes], required: set[str] | None
) -> None:
    data = parts.get("word/styles.xml")
    if data is not None:
        try:
            root = parse_xml(data)
            for style in root.iter(f"{_W}style"):
                name = style.find(f"{_W}name")
                if name is not None:
                    report.styles.add(name.get(f"{_W}val", ""))
        except (etree.XMLSyntaxError, UnsafeXMLError):
            pass
    lowered = {s.lower() for s in report.styles}
    for style in sorted(required or ()):
        if style.lower() not in lowered:
            report.findings.append(
                _finding("T005", shown, f"style '{style}' is missing", "word/styles.xml")
            )

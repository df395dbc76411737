"""Playbooks: which clauses a contract must contain, and the C-family findings for gaps.

A playbook is YAML data validated by ``schemas/playbook.schema.json``. Two ship with the
package (``influencer``, the default, and ``commercial``); ``--playbook`` also takes the
path of a user's own file.

Rule codes: one stable code per checker category, numbered in the fixed order of
``analyse.model.CATEGORIES``: ``C001`` deliverables, ``C002`` timeline, ... ``C027``
audit_rights. A code therefore always means "this category is required by the playbook
and missing", whichever playbook asked for it, and ``--ignore C011`` silences one gap
everywhere. The finding's severity, ``why`` and ``suggestion`` come from the playbook.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml
from jsonschema import Draft202012Validator

from contractsmith.analyse.categories import TopicIndex
from contractsmith.analyse.model import CATEGORIES, AnalysedDocument
from contractsmith.findings import Finding, Location, Severity
from contractsmith.inputs import MAX_SETTINGS_BYTES, InputError, read_text_bounded
from contractsmith.report.findings_writers import RuleMeta
from contractsmith.resources import load_schema
from contractsmith.rules.policy import QUIET, WordingPolicy

PLAYBOOKS_DIR = Path(__file__).resolve().parent.parent / "rules" / "playbooks"
DEFAULT_PLAYBOOK = "influencer"
MENTIONS = 3  # places speaking of a clause that a "not confirmed" finding considers


class PlaybookError(Exception):
    """A playbook that cannot be found or is not valid; the message is one line."""


def category_code(category: str) -> str:
    """The stable C code of ``category`` (``deliverables`` -> ``C001``)."""
    return f"C{CATEGORIES.index(category) + 1:03d}"


def category_label(category: str) -> str:
    """A category id in words (``ftc_disclosure`` -> ``FTC disclosure``)."""
    words = category.replace("_", " ")
    return words.replace("ftc", "FTC").replace("ip ", "IP ").replace("kpis", "KPIs")


C_RULES: dict[str, RuleMeta] = {
    category_code(cat): RuleMeta(
        code=category_code(cat),
        name=f"missing-{cat.replace('_', '-')}",
        summary=f"Required clause missing: {category_label(cat)}",
        severity="warning",
        help=(
            f"The playbook in use requires a {category_label(cat)} clause and no operative "
            f"sentence of that kind was found. The finding's severity, reason and suggested "
            f"wording come from the playbook."
        ),
    )
    for cat in CATEGORIES
}


@dataclass(frozen=True)
class Requirement:
    """One clause a playbook requires."""

    category: str
    severity: Severity
    why: str
    suggestion: str
    clause_id: str | None = None
    satisfied_by: tuple[str, ...] = ()

    @property
    def code(self) -> str:
        return category_code(self.category)


@dataclass(frozen=True)
class Playbook:
    """A named, versioned list of required clauses."""

    name: str
    description: str
    version: str
    required: tuple[Requirement, ...] = field(default_factory=tuple)
    source: str = ""  # built-in name or the file it was read from
    wording: WordingPolicy = QUIET  # how loud weak wording is (rules.policy)

    def to_dict(self) -> dict[str, str]:
        return {"name": self.name, "version": self.version}


def builtin_playbooks() -> list[str]:
    """Names of the playbooks shipped with the package, sorted."""
    return sorted(p.stem for p in PLAYBOOKS_DIR.glob("*.yaml"))


def load_playbook(name_or_path: str | Path = DEFAULT_PLAYBOOK) -> Playbook:
    """Load a built-in playbook by name, or a playbook file by path.

    Raises ``PlaybookError`` with a one-line message when it is unknown or invalid.
    """
    text = str(name_or_path)
    builtin = PLAYBOOKS_DIR / f"{text}.yaml"
    if re.fullmatch(r"[a-z][a-z0-9_-]*", text) and builtin.is_file():
        return _load_file(builtin, text)
    path = Path(text)
    if path.is_file():
        return _load_file(path.resolve(), str(path))
    known = ", ".join(builtin_playbooks())
    raise PlaybookError(f"unknown playbook {text!r} (built-in: {known}; or give a YAML file)")


@cache
def _load_file(path: Path, source: str) -> Playbook:
    try:
        data = yaml.safe_load(read_text_bounded(path, MAX_SETTINGS_BYTES))
    except InputError as exc:
        raise PlaybookError(f"{source}: cannot read playbook: {exc}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark is not None else ""
        raise PlaybookError(f"{source}{where}: playbook is not valid YAML") from None
    except RecursionError:
        raise PlaybookError(f"{source}: playbook is nested too deeply to read") from None
    validator = Draft202012Validator(load_schema("playbook"))
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        err = errors[0]
        pointer = "/" + "/".join(str(p) for p in err.absolute_path)
        raise PlaybookError(f"{source}: invalid playbook at {pointer}: {err.message}")
    seen: set[str] = set()
    required: list[Requirement] = []
    for item in data["required"]:
        cat = item["category"]
        if cat in seen:
            raise PlaybookError(f"{source}: category {cat!r} is required twice")
        seen.add(cat)
        patterns = tuple(item.get("satisfied_by", ()))
        for pattern in patterns:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise PlaybookError(
                    f"{source}: bad satisfied_by pattern for {cat}: {exc}"
                ) from None
        required.append(
            Requirement(
                category=cat,
                severity=Severity.parse(item["severity"]),
                why=" ".join(item["why"].split()),
                suggestion=" ".join(item["suggestion"].split()),
                clause_id=item.get("clause_id"),
                satisfied_by=patterns,
            )
        )
    return Playbook(
        name=data["name"],
        description=" ".join(data["description"].split()),
        version=data["version"],
        required=tuple(required),
        source=source,
        wording=WordingPolicy.from_data(data.get("wording")),
    )


def is_satisfied(adoc: AnalysedDocument, requirement: Requirement) -> bool:
    """True when the analysed contract has the required clause (or an accepted alternative)."""
    presence = adoc.clauses.get(requirement.category)
    if presence is not None and presence.present:
        return True
    text = adoc.document.text
    return any(re.search(p, text, flags=re.IGNORECASE) for p in requirement.satisfied_by)


def check_playbook(adoc: AnalysedDocument, playbook: Playbook) -> list[Finding]:
    """One C-family finding for each clause the playbook requires and the contract lacks.

    A gap is reported in one of two ways. When no heading or sentence speaks of the
    category at all, the clause is **missing**: the finding has the playbook's severity and
    no location inside the document. When the contract does speak of it (its ``topic``
    words, ``analyse.categories.TopicIndex``) but no operative sentence was recognised,
    the clause is **not confirmed**: the finding quotes the first place that speaks of it,
    points there, and is one severity step lower, because the clause may be there in
    wording the rules do not read.
    """
    findings: list[Finding] = []
    body = [s for s in adoc.sentences if not s.in_toc]  # headings speak of topics too
    topics: TopicIndex | None = None  # built on the first gap only
    for req in playbook.required:
        if is_satisfied(adoc, req):
            continue
        if topics is None:
            topics = TopicIndex([s.text for s in body])
        mentions = [body[k] for k in sorted(topics.holders(req.category))[:MENTIONS]]
        label = category_label(req.category)
        if not mentions:
            findings.append(
                Finding(
                    rule=req.code,
                    severity=req.severity,
                    message=f"Required clause missing: {label} (playbook {playbook.name})",
                    location=Location(file=adoc.document.path),
                    suggestion=req.suggestion,
                    category=req.category,
                    why=req.why,
                    clause_id=req.clause_id,
                )
            )
            continue
        first = mentions[0]
        blocks = adoc.document.blocks
        findings.append(
            Finding(
                rule=req.code,
                severity=_one_step_lower(req.severity),
                message=(
                    f"Required clause not confirmed: {label} (playbook {playbook.name}); "
                    f"the contract speaks of it here but no operative clause of that kind "
                    f"was recognised: read it and confirm"
                ),
                location=Location(
                    file=adoc.document.path,
                    page=first.page,
                    paragraph=blocks[first.block].paragraph
                    if 0 <= first.block < len(blocks)
                    else None,
                    start=first.start,
                    end=first.end,
                ),
                text=_short(first.text),
                suggestion=req.suggestion,
                category=req.category,
                why=req.why,
                clause_id=req.clause_id,
            )
        )
    return findings


def is_unconfirmed(finding: Finding) -> bool:
    """Whether a C finding says "not confirmed" (the contract speaks of the clause) rather
    than "missing"."""
    return finding.message.startswith("Required clause not confirmed")


def _one_step_lower(severity: Severity) -> Severity:
    return {Severity.ERROR: Severity.WARNING}.get(severity, Severity.INFO)


def _short(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"

"""Checks of a clause library (the L family): front matter, Jinja, spec fields, versions,
coverage. Rendering, wording and defined-term checks live in ``lint.rendering``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jsonschema
from jinja2 import TemplateSyntaxError, nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment

from contractsmith.findings import Finding, Location, Severity
from contractsmith.library.load import Library
from contractsmith.library.model import Clause
from contractsmith.lint.codes import LINT_RULES
from contractsmith.lint.jinja_paths import FieldUse, collect, is_guarded, split_path
from contractsmith.lint.lock import LockEntry, LockError, body_sha256, parse_semver, read_lock
from contractsmith.lint.schema_paths import SchemaIndex

# Which clause category renders each top-level section of the spec.
SPEC_SECTION_CATEGORY: dict[str, str] = {
    "parties": "parties",
    "term": "term",
    "deliverables": "deliverables",
    "approval": "approval",
    "milestones": "timeline",
    "compensation": "compensation",
    "kpis": "kpis",
    "exclusivity": "exclusivity",
    "usage_rights": "usage_rights",
    "ip": "ip_ownership",
    "disclosure": "ftc_disclosure",
    "termination": "termination",
    "morality": "morality",
    "confidentiality": "confidentiality",
    "force_majeure": "force_majeure",
    "liability": "liability_cap",
    "indemnification": "indemnification",
    "insurance": "insurance",
    "governing_law": "governing_law",
    "notices": "notices",
    "signature": "signature",
    "non_disparagement": "non_disparagement",
    "data_access": "data_privacy",
    "content_standards": "content_standards",
    "retainer": "deliverables",
}
# Top-level spec keys that describe the document, not a contract section.
SPEC_METADATA_KEYS = frozenset(
    {"$schema", "spec_version", "kind", "title", "reference", "language", "as_of", "notes"}
)


def finding(
    code: str,
    message: str,
    path: Path | str,
    line: int | None = None,
    column: int | None = None,
    *,
    clause_id: str | None = None,
    text: str | None = None,
    severity: Severity | None = None,
) -> Finding:
    """A lint finding of ``code`` at its rule's severity, unless ``severity`` is given."""
    meta = LINT_RULES[code]
    return Finding(
        rule=code,
        severity=severity or Severity.parse(meta.severity),
        message=message,
        location=Location(file=str(path), line=line, column=column),
        suggestion=meta.help,
        clause_id=clause_id,
        text=text,
    )


def parse_body(
    env: ImmutableSandboxedEnvironment, clause: Clause
) -> tuple[nodes.Template | None, list[Finding]]:
    """Parse a clause body; a syntax error is an L010 at the clause file's line."""
    try:
        return env.parse(clause.body), []
    except (RecursionError, MemoryError):
        message = "Jinja body is nested too deeply to parse"
        return None, [
            finding("L010", message, clause.path, clause.body_start_line, clause_id=clause.id)
        ]
    except TemplateSyntaxError as exc:
        return None, [
            finding(
                "L010",
                f"Jinja syntax error: {exc.message}",
                clause.path,
                clause.file_line(exc.lineno or 1),
                clause_id=clause.id,
            )
        ]


def check_front_matter_schema(clause: Clause, schema: dict[str, Any] | None) -> list[Finding]:
    """Validate the clause's front matter, as parsed by the loader, against clause.schema.json."""
    if schema is None:
        return []
    out: list[Finding] = []
    validator = jsonschema.Draft202012Validator(schema)
    for err in sorted(
        validator.iter_errors(clause.front_matter), key=lambda e: list(e.absolute_path)
    ):
        where = "/".join(str(p) for p in err.absolute_path) or "(front matter)"
        out.append(finding("L002", f"{where}: {err.message}", clause.path, 2, clause_id=clause.id))
    return out


def check_fields(clause: Clause, ast: nodes.Template, index: SchemaIndex) -> list[Finding]:
    """L011 unknown field, L013 unguarded optional field, L012/L015 on ``needs``."""
    out: list[Finding] = []
    collector = collect(ast)
    when_guards: set[str] = set()
    when_uses: set[str] = set()
    if clause.when:
        try:
            condition = collect(ImmutableSandboxedEnvironment().parse("{{ " + clause.when + " }}"))
            when_uses = {u.path for u in condition.uses} | condition.tested
            when_guards = set(when_uses)
        except (TemplateSyntaxError, RecursionError, MemoryError):
            pass  # the loader reports a broken `when`
    # The clause is only selected when its `when` holds, so what `when` tests is guarded.
    uses = [FieldUse(u.path, u.line, u.guards | frozenset(when_guards)) for u in collector.uses]
    seen_unknown: set[str] = set()
    seen_unguarded: set[str] = set()
    for use in uses:
        info = index.lookup(use.path)
        line = clause.file_line(use.line)
        if not info.exists:
            root = split_path(use.path)[0]
            key = use.path
            if key in seen_unknown:
                continue
            seen_unknown.add(key)
            what = f"'{use.path}'" if root in index.top_level_fields() else f"'{root}'"
            out.append(
                finding(
                    "L011",
                    f"{what} is not a field of the contract spec",
                    clause.path,
                    line,
                    clause_id=clause.id,
                    text=use.path,
                )
            )
            continue
        for optional in info.optional_prefixes:
            if is_guarded(use.path, optional, use.guards):
                continue
            if optional in seen_unguarded:
                break
            seen_unguarded.add(optional)
            out.append(
                finding(
                    "L013",
                    f"optional field '{optional}' is used (as '{use.path}') without a guard such as "
                    f"{{% if {optional.replace('[]', '')} is defined %}}",
                    clause.path,
                    line,
                    clause_id=clause.id,
                    text=use.path,
                )
            )
            break
    used = {u.path for u in uses} | collector.tested | when_uses
    for need in clause.needs:
        if not index.lookup(need).exists:
            out.append(
                finding(
                    "L015",
                    f"'needs' lists '{need}', which the spec schema does not define",
                    clause.path,
                    2,
                    clause_id=clause.id,
                    text=need,
                )
            )
            continue
        if not any(
            u == need or u.startswith(need + ".") or u.startswith(need + "[") for u in used
        ) and not any(need.startswith(it + ".") for it in collector.iterated):
            out.append(
                finding(
                    "L012",
                    f"'needs' lists '{need}' but the body never uses it",
                    clause.path,
                    2,
                    clause_id=clause.id,
                    text=need,
                )
            )
    return out


def check_lock(library: Library, lock_path: Path) -> list[Finding]:
    """L040-L044: body changes need a version bump; removals are deliberate."""
    try:
        locked = read_lock(lock_path)
    except LockError as exc:
        return [finding("L044", str(exc), lock_path, 1)]
    if locked is None:
        return [
            finding(
                "L044",
                f"{lock_path.name} is missing; run `contractsmith lint --update-lock`",
                lock_path,
            )
        ]
    out: list[Finding] = []
    for clause in library.ordered():
        entry = locked.get(clause.id)
        if entry is None:
            out.append(
                finding(
                    "L041",
                    f"{clause.id} {clause.version} is not in {lock_path.name}",
                    clause.path,
                    2,
                    clause_id=clause.id,
                )
            )
            continue
        now, then = parse_semver(clause.version), parse_semver(entry.version)
        if now and then and now < then:
            out.append(
                finding(
                    "L043",
                    f"{clause.id} version {clause.version} is lower than the "
                    f"locked {entry.version}",
                    clause.path,
                    2,
                    clause_id=clause.id,
                )
            )
        elif now and then and now > then:
            out.append(
                finding(
                    "L045",
                    f"{clause.id} is at {clause.version} but {lock_path.name} records "
                    f"{entry.version}",
                    clause.path,
                    2,
                    clause_id=clause.id,
                )
            )
        elif body_sha256(clause.body) != entry.sha256 and clause.version == entry.version:
            out.append(
                finding(
                    "L040",
                    f"{clause.id}: body changed but version is still {clause.version}",
                    clause.path,
                    clause.body_start_line,
                    clause_id=clause.id,
                )
            )
    for cid in sorted(set(locked) - set(library.clauses)):
        out.append(
            finding(
                "L042",
                f"{cid} is in {lock_path.name} but no clause has that id (removed or renamed)",
                lock_path,
                clause_id=cid,
            )
        )
    return out


def lock_entries(library: Library) -> dict[str, LockEntry]:
    return {c.id: LockEntry(c.version, body_sha256(c.body)) for c in library.ordered()}


def check_coverage(library: Library, index: SchemaIndex, root: Path) -> list[Finding]:
    """L050: every spec section has a clause; L051: every disclosure jurisdiction a variant."""
    out: list[Finding] = []
    categories = {c.category for c in library.clauses.values()}
    for key in index.top_level_fields():
        if key in SPEC_METADATA_KEYS:
            continue
        category = SPEC_SECTION_CATEGORY.get(key)
        if category is None:
            out.append(
                finding(
                    "L050",
                    f"spec section '{key}' maps to no clause category "
                    "(add it to the coverage map or write a clause)",
                    root,
                )
            )
        elif category not in categories:
            out.append(
                finding("L050", f"spec section '{key}' has no clause (category '{category}')", root)
            )
    jurisdictions = index.enum_values("disclosure.jurisdictions[]")
    for code in jurisdictions:
        if not any(
            c.category == "ftc_disclosure" and code in c.jurisdictions
            for c in library.clauses.values()
        ):
            out.append(
                finding("L051", f"disclosure jurisdiction {code} has no clause variant", root)
            )
    return out

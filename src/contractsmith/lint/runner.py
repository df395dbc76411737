"""Run every lint check over a clause library and Word templates; collect Findings."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2.sandbox import ImmutableSandboxedEnvironment

from contractsmith.findings import Finding, Severity
from contractsmith.generate.docx_writer import TEMPLATE_CONTEXT_NAMES, required_styles
from contractsmith.library.load import load_library
from contractsmith.lint import library as lib_checks
from contractsmith.lint.codes import LINT_RULES
from contractsmith.lint.lock import LOCK_NAME, write_lock
from contractsmith.lint.schema_paths import SchemaIndex
from contractsmith.lint.template import lint_template
from contractsmith.report.findings_writers import FileResult
from contractsmith.resources import load_schema


@dataclass
class LintOptions:
    """What to check. ``render``/``wording`` need the renderer and the checker rules."""

    examples: list[Path] = field(default_factory=list)
    render: bool = True
    wording: bool = True
    update_lock: bool = False
    templates: list[Path] = field(default_factory=list)


def _normalise_loader_finding(f: Finding) -> Finding:
    """Give a loader finding its lint hint (the loader reports the bare problem)."""
    meta = LINT_RULES.get(f.rule)
    if meta is None or f.suggestion:
        return f
    return Finding(
        rule=f.rule,
        severity=Severity.parse(meta.severity),
        message=f.message,
        location=f.location,
        suggestion=meta.help,
        clause_id=f.clause_id,
        text=f.text,
    )


def library_files(root: Path) -> list[str]:
    """The files a library lint reads: every clause file and the lock."""
    files = sorted(str(p) for p in root.rglob("*.md") if p.parent != root and p.name != "README.md")
    lock = root / LOCK_NAME
    return [*files, str(lock)] if lock.exists() else files


def lint_library_dir(root: Path, options: LintOptions) -> list[Finding]:
    """All L-family findings for the clause library at ``root``."""
    library = load_library(root)
    findings = [_normalise_loader_finding(f) for f in library.findings]
    spec_schema = load_schema("contract-spec")
    index = SchemaIndex(spec_schema)
    try:
        clause_schema: dict[str, Any] | None = load_schema("clause")
    except FileNotFoundError:
        clause_schema = None
    env = ImmutableSandboxedEnvironment()
    parsed = {}
    for clause in library.ordered():
        findings.extend(lib_checks.check_front_matter_schema(clause, clause_schema))
        ast, problems = lib_checks.parse_body(env, clause)
        findings.extend(problems)
        if ast is None:
            continue
        parsed[clause.id] = ast
        findings.extend(lib_checks.check_fields(clause, ast, index))
    lock_path = root / LOCK_NAME
    if options.update_lock:
        write_lock(lock_path, lib_checks.lock_entries(library))
    else:
        findings.extend(lib_checks.check_lock(library, lock_path))
    findings.extend(lib_checks.check_coverage(library, index, root))
    if options.render or options.wording:
        from contractsmith.lint.rendering import check_rendering

        findings.extend(
            check_rendering(
                library,
                examples=options.examples,
                render=options.render,
                wording=options.wording,
                skip={cid for cid in library.clauses if cid not in parsed},
            )
        )
    return findings


def lint_paths(paths: Iterable[Path], options: LintOptions) -> list[FileResult]:
    """Lint each path (a clause library folder or a .docx template); group by file."""
    findings: list[Finding] = []
    errors: dict[str, str] = {}
    checked: list[str] = []
    for path in paths:
        if path.is_dir():
            findings.extend(lint_library_dir(path, options))
            checked.extend(library_files(path))
        elif path.suffix.lower() in (".docx", ".dotx"):
            findings.extend(lint_template_file(path))
            checked.append(str(path))
        elif path.is_file():
            errors[str(path)] = "not a clause library folder or a .docx template"
        else:
            errors[str(path)] = "no such file or folder"
    for template in options.templates:
        findings.extend(lint_template_file(template))
        checked.append(str(template))
    return group_by_file(findings, errors, checked)


def lint_template_file(path: Path) -> list[Finding]:
    """T-family findings for a Word template, checked against what the renderer provides."""
    return lint_template(
        path, known_names=set(TEMPLATE_CONTEXT_NAMES), required_styles=set(required_styles())
    ).findings


def group_by_file(
    findings: list[Finding],
    errors: dict[str, str] | None = None,
    checked: list[str] | None = None,
) -> list[FileResult]:
    """One FileResult per file checked (clean ones too), in path order."""
    by_file: dict[str, list[Finding]] = {path: [] for path in checked or ()}
    for f in findings:
        key = f.location.file or "."
        by_file.setdefault(key, []).append(f)
    for path in errors or {}:
        by_file.setdefault(path, [])
    return [
        FileResult(path=p, findings=fs, error=(errors or {}).get(p))
        for p, fs in sorted(by_file.items())
    ]

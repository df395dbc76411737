"""Load the clause library from ``clauses/<category>/<variant>.md`` files.

Loading never stops at a broken file: each problem becomes a Finding on
``Library.findings`` and the other clauses still load.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from contractsmith.env import env_number
from contractsmith.findings import Finding, Location, Severity
from contractsmith.inputs import InputError, InputTooLarge, read_bounded
from contractsmith.library.conditions import (
    ConditionError,
    ConditionLimitError,
    compile_condition,
    evaluate_condition,
)
from contractsmith.library.frontmatter import FrontMatterError, split_front_matter
from contractsmith.library.model import CLAUSE_CATEGORIES, JURISDICTIONS, Clause

# Finding codes for clause files that cannot be loaded: the lint table's L00x codes
# (contractsmith.lint.codes), so `render` and `lint` report a broken file the same way.
RULE_UNREADABLE = "L001"  # file cannot be read or its front matter parsed
RULE_FIELD = "L002"  # a front-matter field is missing or malformed
RULE_DUPLICATE = "L006"  # two files declare one id (only possible with a mismatched path)
RULE_CATEGORY = "L004"  # unknown category
RULE_VERSION = "L005"  # version is not semver
RULE_ID_PATH = "L006"  # id does not match <category>/<variant>.md
RULE_WHEN = "L007"  # the 'when' expression does not compile
RULE_REFUSED = "L008"  # too large, or a symlink that leaves the library
RULE_WHEN_LIMIT = "R008"  # the 'when' expression exceeds a render limit (time, size ...)

KB = 1024

_SEMVER = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$")
_ID = re.compile(r"^[a-z][a-z0-9_]*\.[a-z0-9][a-z0-9_-]*$")
_NEED = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\[\])?(\.[A-Za-z_][A-Za-z0-9_]*(\[\])?)*$")


class SelectionError(ValueError):
    """A clause's ``when`` could not be evaluated for a spec; carries the Finding."""

    def __init__(self, finding: Finding) -> None:
        super().__init__(finding.message)
        self.finding = finding


@dataclass
class Library:
    """The loaded clause library: clauses by id plus the findings for files that failed."""

    root: Path
    clauses: dict[str, Clause] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    # Compiled clause bodies, filled lazily by the assembler (one compile per batch).
    compiled: dict[str, Any] = field(default_factory=dict, repr=False)

    def __len__(self) -> int:
        return len(self.clauses)

    def __iter__(self):
        return iter(self.ordered())

    def get(self, clause_id: str) -> Clause | None:
        return self.clauses.get(clause_id)

    def ordered(self) -> list[Clause]:
        """All clauses by (order, id)."""
        return sorted(self.clauses.values(), key=lambda c: c.sort_key)

    def select(self, spec_data: dict[str, Any]) -> list[Clause]:
        """The clauses a spec needs, by (order, id).

        A clause is kept when it is for ``any`` jurisdiction or one listed in the spec's
        ``disclosure.jurisdictions``, and its ``when`` (if any) is true for the spec.
        Raises SelectionError when a ``when`` cannot be evaluated.
        """
        wanted = spec_jurisdictions(spec_data)
        variables = dict(spec_data)
        variables["spec"] = spec_data
        chosen: list[Clause] = []
        for clause in self.ordered():
            if not clause.applies_to(wanted):
                continue
            if clause.when:
                try:
                    ok = evaluate_condition(clause.when, variables)
                except ConditionError as exc:
                    limit = isinstance(exc, ConditionLimitError)
                    raise SelectionError(
                        Finding(
                            rule=RULE_WHEN_LIMIT if limit else RULE_WHEN,
                            severity=Severity.ERROR,
                            message=str(exc),
                            location=Location(file=str(clause.path), line=_when_line(clause)),
                            clause_id=clause.id,
                        )
                    ) from None
                if not ok:
                    continue
            chosen.append(clause)
        return chosen


def spec_jurisdictions(spec_data: dict[str, Any]) -> frozenset[str]:
    """The jurisdiction tags of a spec (``disclosure.jurisdictions``), upper-cased."""
    disclosure = spec_data.get("disclosure")
    values = disclosure.get("jurisdictions") if isinstance(disclosure, dict) else None
    if not isinstance(values, list):
        return frozenset()
    return frozenset(str(v).upper() for v in values)


def load_library(root: str | Path | None = None) -> Library:
    """Load every ``*.md`` clause under ``root`` (default: the project's ``clauses/``)."""
    if root is None:
        from contractsmith.resources import clauses_dir

        root = clauses_dir()
    base = Path(root)
    library = Library(root=base)
    if not base.is_dir():
        library.findings.append(
            _finding(RULE_UNREADABLE, f"clause library folder {base} does not exist", base)
        )
        return library
    for path in iter_clause_files(base):
        clause, problems = load_clause(path, base)
        library.findings.extend(problems)
        if clause is None:
            continue
        if clause.id in library.clauses:
            first = library.clauses[clause.id]
            library.findings.append(
                _finding(
                    RULE_DUPLICATE,
                    f"clause id {clause.id!r} is already defined in {first.path}",
                    path,
                    line=2,
                    clause_id=clause.id,
                )
            )
            continue
        library.clauses[clause.id] = clause
    return library


def _is_clause_file(root: Path, path: Path) -> bool:
    """Clause files sit exactly one folder deep; README.md files are documentation."""
    rel = path.relative_to(root)
    return len(rel.parts) == 2 and path.name.lower() != "readme.md"


def max_clause_bytes() -> int:
    """The largest clause file read: ``CONTRACTSMITH_MAX_CLAUSE_KB`` (default 256 KB)."""
    return int(env_number("CONTRACTSMITH_MAX_CLAUSE_KB", 256.0, low=1.0, high=1e6) * KB)


class ClauseFileRefused(ValueError):
    """A clause file that is not read: too large, or a symlink leaving the library."""


def read_clause_text(path: Path, root: Path | None = None) -> str:
    """The text of a clause file, read only if it stays inside ``root`` and is small enough.

    Reads at most the limit plus one byte, so a huge file costs no more than the limit.
    Raises ClauseFileRefused, InputError (not a regular file, unreadable) or
    UnicodeDecodeError.
    """
    if root is not None and path.is_symlink():
        target = path.resolve()
        if not target.is_relative_to(root.resolve()):
            raise ClauseFileRefused(
                f"clause file is a symlink to {target}, outside the library {root}; refused"
            )
    limit = max_clause_bytes()
    try:
        data = read_bounded(path, limit)
    except InputTooLarge:
        raise ClauseFileRefused(
            f"clause file is larger than the {limit // KB} KB limit "
            "(set CONTRACTSMITH_MAX_CLAUSE_KB to raise it); refused"
        ) from None
    return data.decode("utf-8").removeprefix("\ufeff")


def load_clause(path: Path, root: Path | None = None) -> tuple[Clause | None, list[Finding]]:
    """Parse one clause file; returns the clause (or None) and the problems found."""
    try:
        text = read_clause_text(path, root)
    except ClauseFileRefused as exc:
        return None, [_finding(RULE_REFUSED, str(exc), path)]
    except (InputError, UnicodeDecodeError) as exc:
        return None, [_finding(RULE_UNREADABLE, f"cannot read clause file: {exc}", path)]
    try:
        fm = split_front_matter(text)
    except FrontMatterError as exc:
        return None, [_finding(RULE_UNREADABLE, str(exc), path, exc.line, exc.column)]
    meta = fm.meta
    problems: list[Finding] = []
    lines = _field_lines(text)

    def bad(name: str, message: str, rule: str = RULE_FIELD) -> None:
        problems.append(_finding(rule, message, path, lines.get(name, 2)))

    clause_id = _required_str(meta, "id", bad)
    title = _required_str(meta, "title", bad)
    category = _required_str(meta, "category", bad)
    raw_version = meta.get("version")
    if isinstance(raw_version, (int, float)) and not isinstance(raw_version, bool):
        bad(
            "version",
            f"version {raw_version!r} is not semver MAJOR.MINOR.PATCH (quote it)",
            RULE_VERSION,
        )
        version = None
    else:
        version = _required_str(meta, "version", bad)
    if clause_id is not None and not _ID.match(clause_id):
        bad("id", f"id {clause_id!r} must look like '<category>.<variant>' in lower case")
    if category is not None and category not in CLAUSE_CATEGORIES:
        bad("category", f"unknown category {category!r}", RULE_CATEGORY)
    if version is not None and not _SEMVER.match(version):
        bad("version", f"version {version!r} is not semver MAJOR.MINOR.PATCH", RULE_VERSION)
    order = meta.get("order")
    if "order" not in meta:
        bad("order", "missing required field 'order'")
    elif isinstance(order, bool) or not isinstance(order, int):
        bad("order", f"order must be an integer, not {order!r}")
    jurisdictions = _string_list(meta, "jurisdictions", bad, required=True)
    for value in jurisdictions or ():
        if value not in JURISDICTIONS:
            bad("jurisdictions", f"unknown jurisdiction {value!r} (use any, US, UK, EU or FR)")
    needs = _string_list(meta, "needs", bad, required=True)
    for need in needs or ():
        if not _NEED.match(need):
            bad("needs", f"'needs' entry {need!r} is not a dotted spec path")
    rationale = _required_str(meta, "rationale", bad)
    when = meta.get("when")
    if when is not None:
        if not isinstance(when, str) or not when.strip():
            bad("when", "'when' must be a non-empty Jinja expression")
            when = None
        else:
            try:
                compile_condition(when)
            except ConditionError as exc:
                problems.append(_finding(RULE_WHEN, str(exc), path, lines.get("when", 2)))
    justifications = meta.get("justifications") or {}
    if not isinstance(justifications, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in justifications.items()
    ):
        bad("justifications", "'justifications' must map rule codes to reasons")
        justifications = {}
    if root is not None and clause_id is not None and category is not None:
        rel = path.relative_to(root)
        expected = f"{rel.parts[0]}.{path.stem}" if len(rel.parts) == 2 else None
        if expected != clause_id or rel.parts[0] != category:
            problems.append(
                _finding(
                    RULE_ID_PATH,
                    f"id {clause_id!r} and category {category!r} must match the file "
                    f"location {rel.as_posix()}",
                    path,
                    lines.get("id", 2),
                )
            )
    if problems:
        for i, f in enumerate(problems):
            problems[i] = Finding(
                rule=f.rule,
                severity=f.severity,
                message=f.message,
                location=f.location,
                category=f.category,
                clause_id=clause_id,
            )
        return None, problems
    assert clause_id and title and category and version and rationale is not None
    return (
        Clause(
            id=clause_id,
            title=title,
            category=category,
            version=version,
            order=int(order or 0),
            jurisdictions=tuple(jurisdictions or ()),
            body=fm.body,
            path=path,
            body_start_line=fm.body_start_line,
            when=when,
            needs=tuple(needs or ()),
            rationale=rationale,
            justifications=dict(justifications),
            front_matter=dict(meta),
        ),
        [],
    )


def _required_str(meta: dict[str, Any], name: str, bad) -> str | None:
    value = meta.get(name)
    if value is None:
        bad(name, f"missing required field {name!r}")
        return None
    if not isinstance(value, str) or not value.strip():
        bad(name, f"field {name!r} must be a non-empty string")
        return None
    return value.strip()


def _string_list(meta: dict[str, Any], name: str, bad, *, required: bool) -> list[str] | None:
    if name not in meta:
        if required:
            bad(name, f"missing required field {name!r} (use [] when empty)")
        return None
    value = meta[name]
    if value is None:
        value = []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        bad(name, f"field {name!r} must be a list of strings")
        return None
    return value


def _field_lines(text: str) -> dict[str, int]:
    """File line of each top-level front-matter key (for locating field errors)."""
    lines: dict[str, int] = {}
    for number, line in enumerate(text.splitlines()[1:], start=2):
        if line.strip() == "---":
            break
        match = re.match(r"^([A-Za-z_][A-Za-z0-9_]*)\s*:", line)
        if match and match.group(1) not in lines:
            lines[match.group(1)] = number
    return lines


def _when_line(clause: Clause) -> int:
    try:
        text = read_clause_text(clause.path)
    except (InputError, ValueError):
        return 1
    return _field_lines(text).get("when", 1)


def _finding(
    rule: str,
    message: str,
    path: Path,
    line: int | None = 1,
    column: int | None = None,
    clause_id: str | None = None,
) -> Finding:
    return Finding(
        rule=rule,
        severity=Severity.ERROR,
        message=message,
        location=Location(file=str(path), line=line, column=column),
        category="clause_library",
        clause_id=clause_id,
    )


def iter_clause_files(root: Path) -> Iterable[Path]:
    """Clause files under ``root`` in a stable order (what load_library reads)."""
    return sorted(
        p
        for p in root.rglob("*.md")
        if (p.is_file() or p.is_symlink()) and _is_clause_file(root, p)
    )

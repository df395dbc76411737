"""Validating a contract spec: JSON Schema errors (S0xx) plus semantic rules (S1xx).

``validate`` never stops at the first problem: it collects every schema error and every
semantic issue, maps each to a stable S code, and returns Findings located by JSON Pointer
and by line and column in the source file.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from datetime import date, datetime
from functools import cache
from typing import Any

from jsonschema import Draft202012Validator, ValidationError

from contractsmith.findings import Finding, Location, Severity, sort_findings
from contractsmith.resources import load_schema
from contractsmith.spec import semantic
from contractsmith.spec.codes import S_RULES
from contractsmith.spec.limits import (
    LINE_PATTERN,
    MAX_YEAR,
    MIN_YEAR,
    approximate_digits,
    bad_character,
    clip,
    describe_character,
    is_huge,
)
from contractsmith.spec.load import Spec, escape_pointer_token

SCHEMA_NAME = "contract-spec"

_AMOUNT_PATTERNS = {r"^\d{1,12}(\.\d{1,4})?$", r"^\d{1,3}(\.\d{1,4})?$"}
_DATE_PATTERN = r"^(19|20)\d{2}-\d{2}-\d{2}$"
_DATE_SHAPE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_PATTERN_WORDS = {
    "^[A-Z]{3}$": "a 3-letter upper-case code such as USD",
    "^[A-Z]{2}$": "a 2-letter upper-case country code such as FR",
    r"^#[^\s#]+$": "a hashtag such as #BrandGlow (one word after #)",
    r"^@[^\s@]+$": "a handle such as @brand (one word after @)",
    r"^@?[^\s@]{1,100}$": "a handle such as @creator",
    r"^\d{1,2}:\d{1,2}$": "a ratio such as 9:16",
    "^[A-Za-z][A-Za-z0-9_-]{0,31}$": "an id such as D1 (letters, digits, - and _)",
    "^[a-z]{2}(-[A-Z]{2})?$": "a language code such as en or fr-FR",
    "^[a-z]{2}$": "a 2-letter language code such as en",
}
_TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list",
    "object": "a mapping",
    "null": "empty",
}


@cache
def schema_validator() -> Draft202012Validator:
    """The compiled validator for ``schemas/contract-spec.schema.json``."""
    return Draft202012Validator(
        load_schema(SCHEMA_NAME), format_checker=Draft202012Validator.FORMAT_CHECKER
    )


def _pointer(path: Any) -> str:
    return "".join(f"/{escape_pointer_token(part)}" for part in path)


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "nothing"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text {_quote(value)}" if len(value) < 60 else "a long text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _quote(value: Any) -> str:
    """``repr(value)`` cut short, so a message never echoes a whole long value."""
    return clip(repr(value))


def _is_amount(schema: dict[str, Any]) -> bool:
    return schema.get("pattern") in _AMOUNT_PATTERNS


def _is_date(schema: dict[str, Any]) -> bool:
    return schema.get("format") == "date" or schema.get("pattern") == _DATE_PATTERN


def _types(expected: Any) -> str:
    names = expected if isinstance(expected, list) else [expected]
    return " or ".join(str(_TYPE_WORDS.get(n, n)) for n in names)


def _schema_issues(error: ValidationError) -> list[semantic.Issue]:
    """Map one jsonschema error to zero or more located issues with S codes."""
    ptr = _pointer(error.absolute_path)
    kind, schema, value = error.validator, error.schema, error.instance
    if isinstance(schema, dict) is False:  # pragma: no cover - defensive
        return [semantic.Issue("S002", ptr, clip(error.message, 200))]
    if "propertyNames" in error.relative_schema_path:
        allowed = schema.get("propertyNames", {}).get("enum", [])
        return [
            semantic.Issue(
                "S003",
                f"{ptr}/{escape_pointer_token(value)}",
                f"{_quote(value)} is not allowed here; use one of: {', '.join(map(str, allowed))}",
            )
        ]
    if kind == "required":
        present = value if isinstance(value, dict) else {}
        return [
            semantic.Issue(
                "S001", f"{ptr}/{escape_pointer_token(name)}", f"missing required field '{name}'"
            )
            for name in error.validator_value
            if name not in present
        ]
    if kind == "additionalProperties":
        known = list(schema.get("properties", {}))
        issues = []
        for name in value if isinstance(value, dict) else {}:
            if name in known:
                continue
            guess = difflib.get_close_matches(name, known, n=1)
            hint = f"; did you mean '{guess[0]}'?" if guess else ""
            issues.append(
                semantic.Issue(
                    "S006", f"{ptr}/{escape_pointer_token(name)}", f"unknown field '{name}'{hint}"
                )
            )
        return issues
    if kind == "type":
        if _is_amount(schema):
            return [
                semantic.Issue(
                    "S005",
                    ptr,
                    f'found {_describe(value)}; write an exact decimal string such as "12000.00"',
                )
            ]
        if _is_date(schema):
            return [
                semantic.Issue("S004", ptr, f"found {_describe(value)}; write a date as YYYY-MM-DD")
            ]
        return [
            semantic.Issue(
                "S002", ptr, f"must be {_types(error.validator_value)}, found {_describe(value)}"
            )
        ]
    if kind in ("enum", "const"):
        allowed = error.validator_value if kind == "enum" else [error.validator_value]
        return [
            semantic.Issue(
                "S003",
                ptr,
                f"{_describe(value)} is not allowed; use one of: {', '.join(map(str, allowed))}",
            )
        ]
    if kind in ("format", "pattern", "maxLength") and _is_date(schema):
        return [semantic.Issue("S004", ptr, _date_problem(value))]
    if kind in ("pattern", "maxLength") and _is_amount(schema):
        return [
            semantic.Issue(
                "S005", ptr, f'{_quote(value)} is not an exact decimal such as "12000.00"'
            )
        ]
    if kind == "pattern" and error.validator_value == LINE_PATTERN:
        char = bad_character(value, line=True) if isinstance(value, str) else None
        what = describe_character(char) if char else "a character that is not allowed"
        return [
            semantic.Issue(
                "S012",
                ptr,
                f"{_quote(value)} holds {what}; names and titles are one line of plain text",
            )
        ]
    if kind == "pattern":
        words = _PATTERN_WORDS.get(error.validator_value, f"the pattern {error.validator_value}")
        return [semantic.Issue("S009", ptr, f"{_quote(value)} is not {words}")]
    if kind == "format":
        return [
            semantic.Issue("S009", ptr, f"{_quote(value)} is not a valid {error.validator_value}")
        ]
    if kind == "maxLength" and _fails_pattern(schema, value):
        return []  # the pattern error says what the value should look like
    if kind == "maxLength":
        length = len(value) if isinstance(value, str) else 0
        limit = error.validator_value
        return [semantic.Issue("S011", ptr, f"{length} characters; at most {limit} allowed")]
    if kind in ("minimum", "exclusiveMinimum"):
        return [
            semantic.Issue("S007", ptr, f"{value} is below the minimum {error.validator_value}")
        ]
    if kind in ("maximum", "exclusiveMaximum"):
        return [
            semantic.Issue("S007", ptr, f"{value} is above the maximum {error.validator_value}")
        ]
    if kind == "minItems":
        return [semantic.Issue("S008", ptr, f"needs at least {error.validator_value} item(s)")]
    if kind == "maxItems":
        return [semantic.Issue("S008", ptr, f"allows at most {error.validator_value} item(s)")]
    if kind == "uniqueItems":
        return [semantic.Issue("S008", ptr, "list repeats an item")]
    if kind == "minLength":
        return [semantic.Issue("S010", ptr, "text is empty")]
    return [semantic.Issue("S002", ptr, clip(error.message, 200))]


def _fails_pattern(schema: dict[str, Any], value: Any) -> bool:
    pattern = schema.get("pattern")
    return isinstance(pattern, str) and isinstance(value, str) and not re.search(pattern, value)


def _date_problem(value: Any) -> str:
    """Why ``value`` (failing the date pattern or format) is not a usable date."""
    if isinstance(value, str) and _DATE_SHAPE.match(value):
        year = int(value[:4])
        if not MIN_YEAR <= year <= MAX_YEAR:
            return f"{value!r} is outside the years {MIN_YEAR} to {MAX_YEAR}"
    return f"{_quote(value)} is not a valid YYYY-MM-DD date"


def schema_issues(data: dict[str, Any]) -> list[semantic.Issue]:
    """Every JSON Schema problem of ``data`` as S0xx issues."""
    found: list[semantic.Issue] = []
    for error in schema_validator().iter_errors(data):
        found.extend(_schema_issues(error))
    return found


def _plain(value: Any) -> Any:
    """Copy of ``value`` with date objects as ISO strings (for dicts built in code)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def _tamed(value: Any, pointer: str, huge: dict[str, int]) -> Any:
    """Copy of ``value`` with each whole number too large for any field replaced by text.

    Such numbers (from dicts built in code; the loader already keeps them as text) are
    recorded in ``huge`` by pointer; no check then has to print or compute with them.
    """
    if isinstance(value, dict):
        return {
            k: _tamed(v, f"{pointer}/{escape_pointer_token(k)}", huge) for k, v in value.items()
        }
    if isinstance(value, list):
        return [_tamed(v, f"{pointer}/{i}", huge) for i, v in enumerate(value)]
    if isinstance(value, int) and not isinstance(value, bool) and is_huge(value):
        huge[pointer] = approximate_digits(value)
        return f"<a number of {huge[pointer]} digits>"
    return value


def _huge_issues(huge: dict[str, int]) -> list[semantic.Issue]:
    return [
        semantic.Issue("S007", ptr, f"a whole number of {digits} digits is far out of range")
        for ptr, digits in huge.items()
    ]


def _character_issues(value: Any, pointer: str = "") -> Iterator[semantic.Issue]:
    """S012 for every text (value or key) holding a character no contract can contain."""
    if isinstance(value, dict):
        for key, item in value.items():
            child = f"{pointer}/{escape_pointer_token(key)}"
            yield from _character_issues(key, child)
            yield from _character_issues(item, child)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _character_issues(item, f"{pointer}/{index}")
    elif isinstance(value, str):
        char = bad_character(value)
        if char is not None:
            yield semantic.Issue(
                "S012", pointer, f"{_quote(value)} holds {describe_character(char)}"
            )


def _float_issues(spec: Spec, taken: set[str]) -> list[semantic.Issue]:
    return [
        semantic.Issue(
            "S005", ptr, f'{text} is written as a floating-point number; quote it as "{text}"'
        )
        for ptr, text in spec.floats.items()
        if ptr not in taken
    ]


def _finding(issue: semantic.Issue, spec: Spec) -> Finding:
    meta = S_RULES[issue.code]
    pos = spec.nearest_position(issue.pointer)
    line, column = pos if pos else (None, None)
    return Finding(
        rule=issue.code,
        severity=Severity.parse(meta["severity"]),
        message=f"{meta['summary']}: {issue.message}",
        location=Location(file=spec.path, line=line, column=column, pointer=issue.pointer),
        suggestion=meta["help"],
        why=meta["why"],
    )


def validate(spec: Spec | dict[str, Any], *, path: str | None = None) -> list[Finding]:
    """Every problem of ``spec`` as Findings, sorted; an empty list means the spec is valid.

    ``spec`` is a loaded ``Spec`` (findings then carry line and column) or plain data
    (dates may be ``date`` objects; ``path`` names it in the findings).
    """
    if not isinstance(spec, Spec):
        spec = Spec(_plain(spec) if isinstance(spec, dict) else spec, path=path or "<spec>")
    elif path is not None:
        spec = spec.renamed(path)
    huge = dict(spec.huge)
    data = _tamed(spec.data, "", huge)
    issues = _huge_issues(huge)
    if isinstance(data, dict):
        issues += [i for i in schema_issues(data) if i.pointer not in huge]
    else:
        issues.append(semantic.Issue("S002", "", "the spec must be a mapping of fields"))
    issues += _float_issues(spec, {i.pointer for i in issues})
    issues += _character_issues(data)
    if isinstance(data, dict):
        issues += semantic.check(data)
    seen: set[tuple[str, str]] = set()
    findings: list[Finding] = []
    for issue in issues:
        key = (issue.code, issue.pointer)
        if key in seen:
            continue
        seen.add(key)
        findings.append(_finding(issue, spec))
    return sort_findings(findings)


def is_valid(spec: Spec | dict[str, Any]) -> bool:
    """True when ``validate`` reports no error-severity finding (warnings allowed)."""
    return not any(f.severity is Severity.ERROR for f in validate(spec))

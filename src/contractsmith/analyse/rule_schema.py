"""Validation of category rule data (``rules/categories/*.yaml``) against its JSON Schema.

Errors are values, as in jsonschema: ``schema_errors`` collects every problem, each a
``RuleSchemaError`` with the JSON pointer of the bad key; ``first_problem`` is the one
line the loader shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from jsonschema import Draft202012Validator, ValidationError
from jsonschema.exceptions import best_match

from contractsmith.resources import load_schema

SCHEMA_NAME = "category-rule"


@dataclass(frozen=True)
class RuleSchemaError:
    """One schema problem of a rule file: where (a JSON pointer) and what."""

    pointer: str
    message: str

    def __str__(self) -> str:
        return f"schema error at {self.pointer or '/'}: {self.message}"


@cache
def validator() -> Draft202012Validator:
    """The (cached) validator of ``schemas/category-rule.schema.json``."""
    return Draft202012Validator(load_schema(SCHEMA_NAME))


def _pointer(parts: list[Any]) -> str:
    return "".join(f"/{p}" for p in parts)


def _as_value(error: ValidationError) -> RuleSchemaError:
    # A oneOf item (string or object) fails as a whole; show the branch that fits best.
    if error.context:
        error = best_match(error.context)
    path = list(error.absolute_path)
    message = error.message
    if error.validator == "additionalProperties":
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        if extra:
            path.append(extra[0])
            message = f"unknown key {extra[0]!r}"
    elif error.validator == "enum" and len(error.validator_value) > 5:
        message = f"{error.instance!r} is not an allowed value (see {SCHEMA_NAME}.schema.json)"
    return RuleSchemaError(_pointer(path), message)


def schema_errors(data: Any) -> list[RuleSchemaError]:
    """Every schema problem of one rule file's data, in document order."""
    errors = sorted(validator().iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
    return [_as_value(e) for e in errors]


def first_problem(data: Any) -> RuleSchemaError | None:
    """The problem to show first (jsonschema's ``best_match``), or None when valid."""
    error = best_match(validator().iter_errors(data))
    return None if error is None else _as_value(error)

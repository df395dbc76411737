"""``when`` conditions: Jinja expressions over the spec that decide if a clause applies.

They are evaluated in a sandbox where a missing spec key is simply undefined (falsy),
so ``not exclusivity.exclusive`` is true for a spec that has no ``exclusivity`` at all.
The sandbox bounds time, integer size and loop work (``generate.sandbox``). Whatever a
filter or method raises on odd values (``truncate(-1)`` asserts) is a ConditionError.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from jinja2 import ChainableUndefined, TemplateError

from contractsmith.generate.sandbox import BoundedSandbox, LimitExceeded, metered


class ConditionError(ValueError):
    """A ``when`` expression could not be compiled or evaluated."""


class ConditionLimitError(ConditionError):
    """A ``when`` expression needed more time, integer size or loop work than allowed."""


@cache
def _environment() -> BoundedSandbox:
    return BoundedSandbox(undefined=ChainableUndefined, autoescape=False)


@cache
def compile_condition(expression: str) -> Any:
    """Compile ``expression`` once; raises ConditionError with Jinja's message."""
    try:
        return _environment().compile_expression(expression, undefined_to_none=False)
    except TemplateError as exc:
        raise ConditionError(f"invalid 'when' expression {expression!r}: {exc.message}") from None
    except (RecursionError, MemoryError):
        raise ConditionError("invalid 'when' expression: nested too deeply") from None


def evaluate_condition(expression: str, variables: dict[str, Any]) -> bool:
    """True when ``expression`` holds for ``variables`` (the spec's top-level keys)."""
    compiled = compile_condition(expression)
    try:
        with metered():
            return bool(compiled(**variables))
    except LimitExceeded as exc:
        raise ConditionLimitError(f"'when' expression {expression!r} stopped: {exc}") from None
    except TemplateError as exc:
        raise ConditionError(f"'when' expression {expression!r} failed: {exc.message}") from None
    except RecursionError:
        raise ConditionError(
            f"'when' expression {expression!r} failed: nested too deeply"
        ) from None
    except Exception as exc:  # a filter or method may fail in any way on odd values
        raise ConditionError(f"'when' expression {expression!r} failed: {_reason(exc)}") from None


def _reason(exc: Exception) -> str:
    """What went wrong, in one line: the exception's message, else a plain phrase."""
    text = " ".join(str(exc).split())
    return text[:200] if text else "a filter or function failed on this value"

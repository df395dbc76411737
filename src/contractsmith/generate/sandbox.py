"""A Jinja sandbox that bounds time, output size, integer size and loop work.

Jinja's own sandbox stops a template from reaching Python internals, but not from
asking for ``9**99999999``, ``'a' * 10**9`` or two nested ``range(100000)`` loops. Clause
bodies and ``when`` conditions come from a clause library that may be hostile, so
``BoundedSandbox`` adds:

* size checks before an operator computes: ``**`` and ``*`` on integers by the bits of
  the result, ``*`` and ``+`` on strings and lists by the length of the result, and ``%``
  formatting by its field widths (which also stops Jinja from folding such constants
  at compile time);
* a ``range`` of at most ``MAX_RANGE`` items and, per render, a budget of steps (loop
  iterations and calls) and a deadline, checked at every step;
* a cap on the length of every string or list a call or filter returns, and on the
  text a clause renders (``render_bounded`` streams it and stops past the cap).

A breach raises ``LimitExceeded`` with a one-line message naming the limit.

The limits come from the environment, read when a render starts:

* ``CONTRACTSMITH_CLAUSE_TIMEOUT``: seconds one clause or condition may take (default 10).
* ``CONTRACTSMITH_CLAUSE_MAX_CHARS``: longest text a clause renders, and longest string
  or list it may build (default 200000).
* ``CONTRACTSMITH_CLAUSE_MAX_STEPS``: loop iterations and calls per render (default 200000).
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import wraps
from typing import Any

from jinja2 import nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import Namespace

from contractsmith.env import env_setting

MAX_RANGE = 10_000
MAX_INT_BITS = 4096
_SEQUENCES = (str, bytes, bytearray, list, tuple)
# %-style conversion: flags, width, precision (``%-*.*d``).
_PERCENT_FIELD = re.compile(r"%(?:\([^)]*\))?[#0 +\-]*(\*|\d+)?(?:\.(\*|\d+))?")
# str.format field with a format spec (``{0:>30}``, ``{:{w}}``).
_FORMAT_FIELD = re.compile(r"\{[^{}]*:([^{}]*(?:\{[^{}]*\}[^{}]*)*)\}")
# str methods whose int argument sets the length of the result.
_WIDTH_METHODS = frozenset({"ljust", "rjust", "center", "zfill"})


class LimitExceeded(RuntimeError):
    """A template asked for more time, text, integer size or loop work than allowed."""


def _env_number(name: str, default: float) -> float:
    return env_setting(name, default)


@dataclass(frozen=True)
class RenderLimits:
    """The bounds of one render of a clause body or one ``when`` evaluation."""

    timeout_s: float = field(
        default_factory=lambda: _env_number("CONTRACTSMITH_CLAUSE_TIMEOUT", 10.0)
    )
    max_chars: int = field(
        default_factory=lambda: int(_env_number("CONTRACTSMITH_CLAUSE_MAX_CHARS", 200_000))
    )
    max_steps: int = field(
        default_factory=lambda: int(_env_number("CONTRACTSMITH_CLAUSE_MAX_STEPS", 200_000))
    )
    max_int_bits: int = MAX_INT_BITS


class _Meter:
    """The budget of the render in progress: steps taken and the deadline."""

    def __init__(self, limits: RenderLimits) -> None:
        self.limits = limits
        self.steps = 0
        self.deadline = time.monotonic() + limits.timeout_s

    def tick(self) -> None:
        self.steps += 1
        if self.steps > self.limits.max_steps:
            raise LimitExceeded(
                f"more than {self.limits.max_steps} loop iterations and calls "
                "(CONTRACTSMITH_CLAUSE_MAX_STEPS)"
            )
        if time.monotonic() > self.deadline:
            raise LimitExceeded(
                f"took longer than {self.limits.timeout_s:g} s (CONTRACTSMITH_CLAUSE_TIMEOUT)"
            )


_METER: ContextVar[_Meter | None] = ContextVar("contractsmith_render_meter", default=None)


def _limits() -> RenderLimits:
    meter = _METER.get()
    return meter.limits if meter is not None else RenderLimits()


def _tick() -> None:
    meter = _METER.get()
    if meter is not None:
        meter.tick()


@contextmanager
def metered(limits: RenderLimits | None = None) -> Iterator[RenderLimits]:
    """Run a render (or a condition) within a fresh budget of steps and time."""
    meter = _Meter(limits or RenderLimits())
    token = _METER.set(meter)
    try:
        yield meter.limits
    finally:
        _METER.reset(token)


def render_bounded(
    template: Any, context: dict[str, Any], limits: RenderLimits | None = None
) -> str:
    """Render ``template`` with ``context``, streaming, within ``limits``."""
    with metered(limits) as active:
        parts: list[str] = []
        size = 0
        for chunk in template.generate(context):
            size += len(chunk)
            if size > active.max_chars:
                raise LimitExceeded(_too_long("rendered text", size, active))
            parts.append(chunk)
            _tick()
        return "".join(parts)


def _too_long(what: str, size: int, limits: RenderLimits) -> str:
    return (
        f"{what} of {size} characters or items is over the limit of {limits.max_chars} "
        "(CONTRACTSMITH_CLAUSE_MAX_CHARS)"
    )


def check_size(value: Any) -> Any:
    """Return ``value``, or raise when it is a string or list longer than allowed."""
    if isinstance(value, _SEQUENCES):
        limits = _limits()
        if len(value) > limits.max_chars:
            raise LimitExceeded(_too_long("a value", len(value), limits))
    return value


def text_size(value: Any, budget: int) -> int:
    """The length of ``value`` written out as text, counted until it passes ``budget``."""
    if isinstance(value, str):
        return len(value)
    if isinstance(value, bool) or value is None:
        return 5
    if isinstance(value, int):
        return value.bit_length() // 3 + 1
    if isinstance(value, dict):
        value = [*value.keys(), *value.values()]
    if isinstance(value, (list, tuple, set, frozenset)):
        total = 2
        for item in value:
            total += text_size(item, budget - total) + 2
            if total > budget:
                break
        return total
    return 16


def check_text_size(value: Any) -> Any:
    """Return ``value``, or raise when writing it out as text would be too long."""
    if isinstance(value, str):
        return check_size(value)
    limits = _limits()
    size = text_size(value, limits.max_chars)
    if size > limits.max_chars:
        raise LimitExceeded(_too_long("text made from a value", size, limits))
    return value


def _check_bits(bits: float, operator: str) -> None:
    limits = _limits()
    if bits > limits.max_int_bits:
        raise LimitExceeded(
            f"the integer result of {operator!r} would have about {bits:.0f} bits, over the "
            f"limit of {limits.max_int_bits} bits"
        )


def _check_length(length: int, operator: str) -> None:
    limits = _limits()
    if length > limits.max_chars:
        raise LimitExceeded(_too_long(f"the result of {operator!r}", length, limits))


def _is_int(value: Any) -> bool:
    return isinstance(value, int)


def check_power(base: Any, exponent: Any) -> None:
    """Refuse ``base ** exponent`` on integers whose result would be too large."""
    if _is_int(base) and _is_int(exponent) and exponent > 0 and abs(base) > 1:
        _check_bits(exponent * math.log2(abs(base)), "**")


def check_product(left: Any, right: Any) -> None:
    """Refuse ``left * right`` that makes a too-large integer or a too-long sequence."""
    if _is_int(left) and _is_int(right):
        _check_bits(left.bit_length() + right.bit_length(), "*")
    elif isinstance(left, _SEQUENCES) and _is_int(right):
        _check_length(len(left) * max(right, 0), "*")
    elif isinstance(right, _SEQUENCES) and _is_int(left):
        _check_length(len(right) * max(left, 0), "*")


def check_sum(left: Any, right: Any) -> None:
    """Refuse ``left + right`` on sequences whose result would be too long."""
    if isinstance(left, _SEQUENCES) and isinstance(right, _SEQUENCES):
        _check_length(len(left) + len(right), "+")


def _int_args(args: Any) -> list[int]:
    values = args if isinstance(args, (tuple, list)) else [args]
    if isinstance(args, dict):
        values = list(args.values())
    return [v for v in values if _is_int(v)]


def _check_fields(template: str, fields: int, values: Any, operator: str) -> None:
    """Refuse a template of ``fields`` fields whose values, each written into every field
    at worst, would make a too-long string."""
    if fields:
        limit = _limits().max_chars
        _check_length(len(template) + fields * text_size(values, limit + 1), operator)


def check_percent_format(template: Any, args: Any) -> None:
    """Refuse ``template % args`` whose field widths or values would make a too-long string."""
    if not isinstance(template, str):
        return
    limit = _limits().max_chars
    _check_fields(template, template.count("%"), args, "%")
    for match in _PERCENT_FIELD.finditer(template):
        for part in match.groups():
            if part == "*":
                widths = [abs(v) for v in _int_args(args)]
            else:
                widths = [int(part)] if part and len(part) < 20 else ([limit + 1] if part else [])
            if any(w > limit for w in widths):
                _check_length(max(widths), "%")


def check_format_method(template: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """Refuse ``template.format(...)`` whose format specs or values would make a too-long
    string."""
    limit = _limits().max_chars
    _check_fields(template, template.count("{"), (args, kwargs), "format")
    for match in _FORMAT_FIELD.finditer(template):
        spec = match.group(1)
        if "{" in spec:
            widths = [abs(v) for v in [*_int_args(args), *_int_args(kwargs)]]
        else:
            widths = [int(n) if len(n) < 20 else limit + 1 for n in re.findall(r"\d+", spec)]
        if any(w > limit for w in widths):
            _check_length(max(widths), "format")


def _check_str_method(method: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """Pre-check the str methods that can make a result far longer than their input."""
    owner = getattr(method, "__self__", None)
    name = getattr(method, "__name__", "")
    if not isinstance(owner, str):
        return
    if name in _WIDTH_METHODS and args and _is_int(args[0]):
        _check_length(args[0], name)
    elif name == "expandtabs":
        size = args[0] if args and _is_int(args[0]) else kwargs.get("tabsize", 8)
        if _is_int(size):
            _check_length(owner.count("\t") * size + len(owner), name)
    elif name == "replace" and len(args) >= 2:
        old, new = args[0], args[1]
        if isinstance(old, str) and isinstance(new, str):
            hits = len(owner) + 1 if not old else owner.count(old)
            _check_length(len(owner) + hits * len(new), name)
    elif name in ("format", "join", "format_map"):
        check_text_size((args, kwargs))
        if name == "format":
            check_format_method(owner, args, kwargs)


def bounded_range(*args: int) -> range:
    """``range`` for templates: at most MAX_RANGE items."""
    values = range(*args)
    if len(values) > MAX_RANGE:
        raise LimitExceeded(f"range of {len(values)} items is over the limit of {MAX_RANGE}")
    return values


def bounded_iter(iterable: Iterable[Any]) -> Iterator[Any]:
    """Every ``{% for %}`` loop iterates through this: one step per item."""
    for item in iterable:
        _tick()
        yield item


class BoundedNamespace(Namespace):
    """``namespace()`` whose attributes are size-checked when set."""

    def __setitem__(self, name: str, value: Any) -> None:
        if _is_int(value):
            _check_bits(value.bit_length(), "set")
        super().__setitem__(name, check_size(value))


# Filters that turn their input into text: the text is checked before it is made.
_STRINGIFYING_FILTERS = frozenset(
    {
        "join", "sum", "tojson", "pprint", "string", "format", "xmlattr", "urlize", "wordwrap",
        "indent", "center", "replace", "escape", "e", "forceescape", "striptags", "title",
        "upper", "lower", "capitalize", "trim", "truncate", "urlencode",
    }
)  # fmt: skip
# The argument (after the value) that sets the size of a filter's result.
_WIDTH_ARGUMENT = {"center": 1, "indent": 1, "batch": 1, "slice": 1}


def _bounded_filter(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap a filter: a step per call, its text and widths checked first, its result after."""
    width_at = _WIDTH_ARGUMENT.get(name)

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        _tick()
        values = [a for a in args if not _is_context_arg(a)]
        if name in _STRINGIFYING_FILTERS:
            check_text_size((values, kwargs))
        if width_at is not None and len(values) > width_at and _is_int(values[width_at]):
            _check_length(values[width_at], name)
            if name == "indent" and values:  # the width is repeated on every line
                text = str(values[0])
                _check_length(len(text) + (text.count("\n") + 1) * values[width_at], name)
        if name == "format" and values:
            check_percent_format(values[0], tuple(values[1:]) or kwargs)
        if name == "replace" and len(values) >= 3:
            _check_str_method(str(values[0]).replace, tuple(values[1:3]), {})
        if name == "wordwrap" and values:
            wrap = kwargs.get("wrapstring", values[4] if len(values) > 4 else "\n")
            _check_length(len(str(values[0])) * (len(str(wrap or "")) + 1), name)
        return check_size(func(*args, **kwargs))

    return wrapper


def _is_context_arg(value: Any) -> bool:
    """True for the environment/context/eval-context that Jinja passes to some filters."""
    from jinja2.nodes import EvalContext
    from jinja2.runtime import Context

    return isinstance(value, (ImmutableSandboxedEnvironment, Context, EvalContext))


def _bounded_lipsum(n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> str:  # noqa: A002
    from jinja2.utils import generate_lorem_ipsum

    _check_length(n * max if _is_int(n) and _is_int(max) else 0, "lipsum")
    return generate_lorem_ipsum(n, html, min, max)


def _bounded_finalize(finalize: Callable[..., Any]) -> Callable[..., Any]:
    """Check the size of every ``{{ }}`` value before ``finalize`` writes it out."""

    @wraps(finalize)
    def wrapper(value: Any) -> Any:
        return finalize(check_text_size(value))

    return wrapper


def _wrap(node: nodes.Expr, helper: str) -> nodes.Call:
    """``environment.<helper>(node)``: a call the sandbox routes through ``call``."""
    return nodes.Call(
        nodes.EnvironmentAttribute(helper), [node], [], None, None, lineno=node.lineno
    )


def _bound_tree(template: nodes.Template) -> nodes.Template:
    """Route every loop's iterable through ``bounded_iter`` and every ``~`` through
    ``check_size`` (Jinja has no operator hook for either)."""
    for loop in template.find_all(nodes.For):
        loop.iter = _wrap(loop.iter, "bounded_iter")
    for concat in list(template.find_all(nodes.Concat)):
        concat.nodes = [_wrap(n, "check_text_size") for n in concat.nodes]
    return template


class BoundedSandbox(ImmutableSandboxedEnvironment):
    """An immutable sandbox that also bounds time, sizes and loop work (see the module)."""

    intercepted_binops = frozenset({"**", "*", "+", "%"})
    bounded_iter = staticmethod(bounded_iter)
    check_text_size = staticmethod(check_text_size)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.finalize is not None:
            self.finalize = _bounded_finalize(self.finalize)
        self.globals["range"] = bounded_range
        self.globals["namespace"] = BoundedNamespace
        self.globals["lipsum"] = _bounded_lipsum
        for name, func in list(self.filters.items()):
            self.filters[name] = _bounded_filter(name, func)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        """Check the size of ``left <operator> right`` before computing it."""
        _tick()
        if operator == "**":
            check_power(left, right)
        elif operator == "*":
            check_product(left, right)
        elif operator == "+":
            check_sum(left, right)
        elif operator == "%":
            check_percent_format(left, right)
            check_text_size(right)
        return check_size(self.binop_table[operator](left, right))

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        """Every call from a template: a step, str-method width checks, a size-checked result."""
        _tick()
        _check_str_method(__obj, args, kwargs)
        return check_size(super().call(__context, __obj, *args, **kwargs))

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """Jinja's sandboxed ``str.format``, with its widths and arguments checked first."""
        formatter = super().wrap_str_format(value)
        if formatter is None:
            return None
        template = value.__self__

        @wraps(formatter)
        def checked(*args: Any, **kwargs: Any) -> str:
            named = args[0] if value.__name__ == "format_map" and args else kwargs
            check_text_size((args, kwargs))
            check_format_method(template, args, named if isinstance(named, dict) else {})
            return formatter(*args, **kwargs)

        return checked

    def _generate(self, source: Any, name: Any, filename: Any, defer_init: bool = False) -> Any:
        if isinstance(source, nodes.Template):
            source = _bound_tree(source)
        return super()._generate(source, name, filename, defer_init)

    def add_filters(self, filters: dict[str, Callable[..., Any]]) -> None:
        """Add filters (e.g. the contract helpers), bounded like the built-in ones."""
        for name, func in filters.items():
            self.filters[name] = _bounded_filter(name, func)

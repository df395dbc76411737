"""Loading a contract spec: YAML or JSON text -> ``Spec`` with a line/column for every node.

The YAML is read with YAML 1.2 core-schema rules rather than PyYAML's YAML 1.1 defaults,
so ``NO`` stays the country code, ``9:16`` stays a ratio and ``2026-02-01`` stays the
string it was written as. Numbers written with a decimal point are kept as their original
text and remembered, so validation can say "amount must be an exact decimal string"
instead of silently rounding ``12000.5`` through a binary float.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from contractsmith.inputs import InputError, read_bounded
from contractsmith.spec.limits import MAX_INTEGER_DIGITS, approximate_digits, is_huge

MAX_SPEC_BYTES = 2_000_000
"""Largest spec file accepted; a contract spec is a few kilobytes."""

MAX_NODES = 200_000
"""Largest number of YAML nodes after alias expansion (guards against alias bombs)."""

Position = tuple[int, int]


class SpecLoadError(Exception):
    """A spec that cannot be read or parsed. ``str()`` is one line: ``path:line:col: problem``."""

    def __init__(
        self,
        path: str,
        problem: str,
        line: int | None = None,
        column: int | None = None,
        hint: str | None = None,
    ):
        self.path = path
        self.problem = problem
        self.line = line
        self.column = column
        self.hint = hint
        super().__init__(self.__str__())

    @property
    def where(self) -> str:
        """``path:line:col`` (as much of it as is known)."""
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return where

    @property
    def detail(self) -> str:
        """The problem with its line and column but without the path."""
        if self.line is None:
            return self.problem
        where = f"line {self.line}"
        if self.column is not None:
            where += f", column {self.column}"
        return f"{where}: {self.problem}"

    def __str__(self) -> str:
        return f"{self.where}: {self.problem}"


class Spec:
    """A loaded contract spec.

    ``data`` is plain JSON-compatible data: dicts, lists, str, int, bool and None, with
    dates as ISO strings and no floats (a number written with a decimal point is kept as
    its source text and listed in ``floats``; a whole number too large for any field is
    kept as its source text and its digit count listed in ``huge``). ``position(pointer)``
    gives the 1-based line and column of the node a JSON Pointer names.
    """

    def __init__(
        self,
        data: dict[str, Any],
        *,
        path: str = "<spec>",
        positions: dict[str, Position] | None = None,
        floats: dict[str, str] | None = None,
        huge: dict[str, int] | None = None,
        source_format: str = "yaml",
    ) -> None:
        self.data = data
        self.path = path
        self.floats: dict[str, str] = dict(floats or {})
        self.huge: dict[str, int] = dict(huge or {})
        self.source_format = source_format
        self._positions: dict[str, Position] = dict(positions or {})

    def position(self, pointer: str) -> Position | None:
        """Line and column (1-based) of the node at ``pointer``, or None when it is absent."""
        return self._positions.get(pointer)

    def nearest_position(self, pointer: str) -> Position | None:
        """Position of ``pointer`` or of its closest ancestor that exists in the file."""
        current = pointer
        while True:
            pos = self._positions.get(current)
            if pos is not None or current == "":
                return pos
            current = current.rsplit("/", 1)[0]

    def renamed(self, path: str) -> Spec:
        """The same spec reported under another file name."""
        return Spec(
            self.data,
            path=path,
            positions=self._positions,
            floats=self.floats,
            huge=self.huge,
            source_format=self.source_format,
        )

    def canonical_json(self) -> bytes:
        """The spec as canonical JSON: sorted keys, UTF-8, compact, no floats."""
        return canonical_json(self.data)

    @property
    def sha256(self) -> str:
        """Hex SHA-256 of ``canonical_json()``: identifies the spec's content, not its layout."""
        return hashlib.sha256(self.canonical_json()).hexdigest()

    def __repr__(self) -> str:
        return f"Spec(path={self.path!r}, kind={self.data.get('kind')!r})"


def canonical_json(data: Any) -> bytes:
    """Serialise ``data`` as canonical JSON bytes (sorted keys, compact separators, UTF-8)."""
    return json.dumps(
        data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False
    ).encode("utf-8")


def escape_pointer_token(token: str | int) -> str:
    """Escape one JSON Pointer reference token (RFC 6901)."""
    return str(token).replace("~", "~0").replace("/", "~1")


# --- YAML 1.2 core schema -------------------------------------------------------------


class _CoreLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """A safe loader (libyaml when available) whose implicit scalar types follow the
    YAML 1.2 core schema."""


_CoreLoader.yaml_implicit_resolvers = {}
_IMPLICIT = [
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    (
        "tag:yaml.org,2002:int",
        r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$",
        list("-+0123456789"),
    ),
    (
        "tag:yaml.org,2002:float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        list("-+.0123456789"),
    ),
]
for _tag, _regex, _first in _IMPLICIT:
    _CoreLoader.add_implicit_resolver(_tag, re.compile(_regex), _first)

_NULL_TAG = "tag:yaml.org,2002:null"
_BOOL_TAG = "tag:yaml.org,2002:bool"
_INT_TAG = "tag:yaml.org,2002:int"
_FLOAT_TAG = "tag:yaml.org,2002:float"
_STR_TAG = "tag:yaml.org,2002:str"
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"


class _Builder:
    """Turns a composed YAML node tree into plain data plus pointer positions."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.positions: dict[str, Position] = {}
        self.floats: dict[str, str] = {}
        self.huge: dict[str, int] = {}
        self.count = 0

    def fail(self, node: yaml.Node, problem: str) -> SpecLoadError:
        mark = node.start_mark
        return SpecLoadError(self.path, problem, mark.line + 1, mark.column + 1)

    def build(self, node: yaml.Node, pointer: str, depth: int = 0) -> Any:
        self.count += 1
        if self.count > MAX_NODES or depth > 100:
            raise self.fail(node, "spec too large or too deeply nested (alias expansion?)")
        if isinstance(node, yaml.MappingNode):
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    raise self.fail(key_node, "mapping keys must be plain text")
                key = key_node.value
                if key in result:
                    raise self.fail(key_node, f"duplicate key {key!r}")
                child = f"{pointer}/{escape_pointer_token(key)}"
                mark = key_node.start_mark
                self.positions[child] = (mark.line + 1, mark.column + 1)
                result[key] = self.build(value_node, child, depth + 1)
            return result
        if isinstance(node, yaml.SequenceNode):
            items = []
            for index, item in enumerate(node.value):
                child = f"{pointer}/{index}"
                mark = item.start_mark
                self.positions[child] = (mark.line + 1, mark.column + 1)
                items.append(self.build(item, child, depth + 1))
            return items
        return self.scalar(node, pointer)

    def scalar(self, node: yaml.Node, pointer: str) -> Any:
        tag, text = node.tag, node.value
        if tag == _NULL_TAG:
            return None
        if tag == _BOOL_TAG:
            return text.lower() == "true"
        if tag == _INT_TAG:
            return self.integer(text, pointer)
        if tag == _FLOAT_TAG:
            self.floats[pointer] = text
            return text
        if tag in (_STR_TAG, _TIMESTAMP_TAG):
            return text
        raise self.fail(node, f"unsupported YAML tag {tag}")

    def integer(self, text: str, pointer: str) -> int | str:
        """The whole number ``text``; one too large for any field is kept as its text."""
        if text.startswith(("0o", "0x")):
            value = int(text[2:], 8 if text[1] == "o" else 16)  # no digit limit in base 8/16
            digits = approximate_digits(value) if is_huge(value) else 0
        else:
            digits = len(text.lstrip("+-").lstrip("0"))
            value = int(text) if digits <= MAX_INTEGER_DIGITS else 0
        if digits > MAX_INTEGER_DIGITS:
            self.huge[pointer] = digits
            return text
        return value


# --- reading --------------------------------------------------------------------------


def _read_bytes(path: Path, display: str) -> bytes:
    try:
        return read_bounded(path, MAX_SPEC_BYTES)
    except InputError as exc:
        problem = str(exc)
        if problem == "is a directory":
            problem = "is a directory, not a spec file"
        raise SpecLoadError(display, problem) from None


def _decode(raw: bytes, display: str) -> str:
    if b"\x00" in raw:
        raise SpecLoadError(display, "binary file (NUL bytes): a spec must be YAML or JSON text")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise SpecLoadError(display, "not UTF-8 text", line, column) from None
    return text.removeprefix("\ufeff")


def _looks_like_json(text: str, display: str) -> bool:
    suffix = os.path.splitext(display)[1].lower()
    if suffix == ".json":
        return True
    if suffix in (".yaml", ".yml"):
        return False
    return text.lstrip().startswith("{")


def _check_json(text: str, display: str) -> None:
    """Parse ``text`` strictly as JSON so syntax errors get JSON's own positions."""
    try:
        # Only the syntax matters here (the data comes from the YAML composer); keeping
        # numbers as text avoids int()'s 4,300-digit limit.
        json.loads(text, parse_int=str, parse_float=str)
    except json.JSONDecodeError as exc:
        raise SpecLoadError(display, f"invalid JSON: {exc.msg}", exc.lineno, exc.colno) from None
    except RecursionError:
        raise SpecLoadError(display, "invalid JSON: nested too deeply") from None


def _compose(text: str, display: str) -> yaml.Node | None:
    try:
        return yaml.compose(text, Loader=_CoreLoader)
    except yaml.MarkedYAMLError as exc:
        # The problem mark is where PyYAML gave up; the context mark is where the
        # construct it was reading began, often lines earlier.
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        if exc.context and exc.problem:
            problem = f"{exc.context}: {exc.problem}"
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        raise SpecLoadError(
            display, f"invalid YAML: {problem}", line, column, hint=yaml_hint(line)
        ) from None
    except yaml.YAMLError as exc:
        raise SpecLoadError(display, f"invalid YAML: {exc}", hint=yaml_hint(None)) from None
    except RecursionError:
        raise SpecLoadError(display, "invalid YAML: nested too deeply") from None


def yaml_hint(line: int | None) -> str:
    """Plain advice for a YAML syntax error found at ``line`` (1-based)."""
    near = f" on line {line} and the line above it" if line is not None else ""
    return (
        f"check indentation{near}: keys at one level start in the same column, nested "
        'values further right (spaces, not tabs); quote text that contains ": ".'
    )


def _node_kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if isinstance(node, yaml.ScalarNode):
        return "a single value"
    return "something else"


def parse_spec_text(text: str, *, name: str = "<spec>") -> Spec:
    """Parse spec ``text`` (YAML or JSON) into a ``Spec``; ``name`` is used in messages."""
    is_json = _looks_like_json(text, name)
    if is_json:
        _check_json(text, name)
        # Tabs can only be whitespace in valid JSON; YAML refuses them in some places.
        text = text.replace("\t", " ")
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        raise SpecLoadError(
            name, "empty spec: expected a mapping of fields such as kind:, parties:"
        )
    node = _compose(text, name)
    if node is None:
        raise SpecLoadError(
            name, "empty spec: expected a mapping of fields such as kind:, parties:"
        )
    if not isinstance(node, yaml.MappingNode):
        mark = node.start_mark
        raise SpecLoadError(
            name,
            f"top level must be a mapping of fields, found {_node_kind(node)}",
            mark.line + 1,
            mark.column + 1,
        )
    builder = _Builder(name)
    data = builder.build(node, "")
    builder.positions[""] = (node.start_mark.line + 1, node.start_mark.column + 1)
    return Spec(
        data,
        path=name,
        positions=builder.positions,
        floats=builder.floats,
        huge=builder.huge,
        source_format="json" if is_json else "yaml",
    )


def load_spec(path_or_text: str | bytes | os.PathLike[str], *, name: str | None = None) -> Spec:
    """Load a spec from a file path, or from YAML/JSON text or bytes.

    A ``Path`` (or a one-line string naming a file) is read from disk; a string with a
    newline, or bytes, is parsed as the spec itself. ``name`` replaces the path in
    messages. Raises ``SpecLoadError`` (one line: ``path:line:col: problem``).
    """
    if isinstance(path_or_text, bytes):
        display = name or "<spec>"
        return parse_spec_text(_decode(path_or_text, display), name=display)
    if isinstance(path_or_text, str) and ("\n" in path_or_text or path_or_text.lstrip()[:1] == "{"):
        return parse_spec_text(path_or_text.removeprefix("\ufeff"), name=name or "<spec>")
    path = Path(path_or_text)
    display = name or str(path_or_text)
    raw = _read_bytes(path, display)
    return parse_spec_text(_decode(raw, display), name=display)


def iter_pointers(data: Any, pointer: str = "") -> Iterator[tuple[str, Any]]:
    """Yield ``(pointer, value)`` for every node of ``data``, parents before children."""
    yield pointer, data
    if isinstance(data, dict):
        for key, value in data.items():
            yield from iter_pointers(value, f"{pointer}/{escape_pointer_token(key)}")
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from iter_pointers(value, f"{pointer}/{index}")

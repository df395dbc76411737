"""Front matter: the YAML header between ``---`` lines at the top of a clause file."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml


class FrontMatterError(ValueError):
    """The front matter is missing or is not valid YAML; ``line`` is 1-based in the file."""

    def __init__(self, message: str, line: int = 1, column: int | None = None) -> None:
        super().__init__(message)
        self.line = line
        self.column = column


@dataclass(frozen=True)
class FrontMatter:
    """A split clause file: the parsed header, the body and the body's first file line."""

    meta: dict[str, Any]
    body: str
    body_start_line: int


# Deepest nesting of lists and mappings a header may have (a clause needs two or three).
MAX_DEPTH = 20


def _check_shape(header: str) -> None:
    """Refuse YAML aliases and deep nesting before anything is built from ``header``.

    PyYAML builds nested values recursively, so a header of a thousand "[" would end in a
    RecursionError; an alias can make a value contain itself. The event stream is read
    without recursion, so this check is bounded by the header's length.
    """
    depth = 0
    for event in yaml.parse(header, Loader=yaml.SafeLoader):
        if isinstance(event, yaml.AliasEvent):
            raise _shape_error(event, "it uses a YAML alias (*name); write the value out")
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise _shape_error(event, f"lists and mappings nest more than {MAX_DEPTH} deep")
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def _shape_error(event: yaml.Event, problem: str) -> FrontMatterError:
    mark = event.start_mark
    return FrontMatterError(f"front matter is not valid YAML: {problem}", mark.line + 2, None)


def _load(header: str) -> Any:
    """The header's value, once ``_check_shape`` has passed it."""
    _check_shape(header)
    return yaml.safe_load(header)


def split_front_matter(text: str) -> FrontMatter:
    """Split ``text`` into its YAML header and body, keeping the body's starting line.

    The file must start with a line ``---``; the header ends at the next line that is
    exactly ``---``. The body is everything after that line, unchanged.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip("\r\n").rstrip() != "---":
        raise FrontMatterError("clause file must start with a '---' front-matter line", 1)
    end = None
    for index in range(1, len(lines)):
        if lines[index].rstrip("\r\n").rstrip() == "---":
            end = index
            break
    if end is None:
        raise FrontMatterError("front matter is not closed by a '---' line", 1)
    header = "".join(lines[1:end])
    try:
        meta = _load(header) if header.strip() else {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = (mark.line + 2) if mark is not None else 2  # +1 for 1-based, +1 for '---'
        column = (mark.column + 1) if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise FrontMatterError(f"front matter is not valid YAML: {problem}", line, column) from None
    if not isinstance(meta, dict):
        raise FrontMatterError("front matter must be a YAML mapping of fields", 2)
    body = "".join(lines[end + 1 :])
    return FrontMatter(meta=meta, body=body, body_start_line=end + 2)

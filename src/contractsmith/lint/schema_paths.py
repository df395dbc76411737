"""Look up dotted spec paths (``compensation.schedule[].net_days``) in the spec schema."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from contractsmith.lint.jinja_paths import join, split_path


@dataclass(frozen=True)
class PathInfo:
    """What the schema says of a path: whether it exists and which prefixes are optional.

    ``optional_prefixes`` lists each prefix whose last segment the parent object does not
    require, e.g. ``kpis`` and ``exclusivity.fee``; a use of the path must be guarded
    by a test of each of them.
    """

    exists: bool
    optional_prefixes: tuple[str, ...] = ()
    open_ended: bool = False  # passed through additionalProperties/patternProperties


class SchemaIndex:
    """Resolves paths against a JSON Schema (local ``$ref``, allOf/anyOf/oneOf, if/then)."""

    def __init__(self, schema: dict[str, Any]) -> None:
        self.schema = schema

    def deref(self, node: dict[str, Any]) -> dict[str, Any]:
        seen = 0
        while isinstance(node, dict) and "$ref" in node and seen < 32:
            ref = node["$ref"]
            if not ref.startswith("#"):
                return {}
            target: Any = self.schema
            for part in ref.lstrip("#/").split("/"):
                if not part:
                    continue
                part = part.replace("~1", "/").replace("~0", "~")
                target = target.get(part, {}) if isinstance(target, dict) else {}
            merged = {k: v for k, v in node.items() if k != "$ref"}
            node = {**target, **merged} if merged else target
            seen += 1
        return node if isinstance(node, dict) else {}

    def branches(self, node: dict[str, Any]) -> list[tuple[dict[str, Any], bool]]:
        """The node and every subschema that may add properties to it.

        Each comes with ``always``: True for the node and its ``allOf`` parts (their
        ``required`` always applies), False for anyOf/oneOf/then/else parts.
        """
        out = [(self.deref(node), True)]
        i = 0
        while i < len(out):
            cur, always = out[i]
            for sub in cur.get("allOf", []) or []:
                out.append((self.deref(sub), always))
            for key in ("anyOf", "oneOf"):
                for sub in cur.get(key, []) or []:
                    out.append((self.deref(sub), False))
            for key in ("then", "else"):
                if isinstance(cur.get(key), dict):
                    out.append((self.deref(cur[key]), False))
            i += 1
        return out

    def _child(self, node: dict[str, Any], key: str) -> tuple[dict[str, Any] | None, bool, bool]:
        """(child schema, required, open_ended) for property ``key`` of ``node``."""
        branches = self.branches(node)
        required = any(always and key in (b.get("required") or []) for b, always in branches)
        for b, _ in branches:
            props = b.get("properties") or {}
            if key in props:
                return self.deref(props[key]), required, False
        for b, _ in branches:
            for sub in (b.get("patternProperties") or {}).values():
                return self.deref(sub), False, True
            extra = b.get("additionalProperties")
            if isinstance(extra, dict):
                return self.deref(extra), False, True
        return None, False, False

    def _items(self, node: dict[str, Any]) -> dict[str, Any] | None:
        for b, _ in self.branches(node):
            items = b.get("items")
            if isinstance(items, dict):
                return self.deref(items)
            if b.get("type") == "array" or "items" in b:
                return {}
        return None

    def node_at(self, path: str) -> dict[str, Any] | None:
        """The (dereferenced) schema of the value at ``path``, or None when there is none."""
        node: dict[str, Any] | None = self.deref(self.schema)
        for seg in split_path(path):
            if node is None:
                return None
            node = self._items(node) if seg == "[]" else self._child(node, seg)[0]
        return node

    def enum_values(self, path: str) -> list[str]:
        """Every value an ``enum`` (direct or in anyOf/oneOf branches) allows at ``path``."""
        node = self.node_at(path)
        if node is None:
            return []
        values = {str(v) for b, _ in self.branches(node) for v in b.get("enum") or ()}
        return sorted(values)

    def lookup(self, path: str) -> PathInfo:
        node: dict[str, Any] | None = self.deref(self.schema)
        optional: list[str] = []
        cur = ""
        open_ended = False
        for seg in split_path(path):
            if node is None:
                return PathInfo(False)
            if seg == "[]":
                node = self._items(node)
                cur = join(cur, "[]")
                if node is None:
                    return PathInfo(False)
                continue
            child, required, open_ = self._child(node, seg)
            cur = join(cur, seg)
            if child is None:
                if open_ended:
                    return PathInfo(True, tuple(optional), True)
                return PathInfo(False)
            if not required:
                optional.append(cur)
            open_ended = open_ended or open_
            node = child
        return PathInfo(True, tuple(optional), open_ended)

    def top_level_fields(self) -> list[str]:
        names: set[str] = set()
        for b, _ in self.branches(self.schema):
            names.update((b.get("properties") or {}).keys())
        return sorted(names)

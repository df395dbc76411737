"""Which spec fields a Jinja body reads, and whether each optional one is guarded.

A clause body says ``{{ compensation.fee }}`` or ``{% for s in compensation.schedule %}
{{ s.net_days }}{% endfor %}``. This module walks the Jinja syntax tree and reports the
spec paths used (``compensation.fee``, ``compensation.schedule[].net_days``), the line of
each use, and which paths enclosing ``{% if %}`` tests guard.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import cast

from jinja2 import nodes

# Names the renderer provides that are not spec fields.
HELPER_NAMES = frozenset(
    {
        "money",
        "date",
        "words",
        "join_and",
        "unit_fees",
        "item_amount",
        "ref",
        "party",
        "legal",
        "percent",
        "label",
        "loop",
        "range",
        "dict",
        "namespace",
        "lipsum",
        "cycler",
        "joiner",
        "true",
        "false",
        "none",
        "True",
        "False",
        "None",
    }
)
# Methods called on dicts/lists: the path stops before them.
METHOD_NAMES = frozenset(
    {
        "items",
        "keys",
        "values",
        "get",
        "append",
        "index",
        "count",
        "split",
        "rsplit",
        "startswith",
        "endswith",
        "lower",
        "upper",
        "strip",
        "lstrip",
        "rstrip",
        "replace",
        "title",
        "capitalize",
        "format",
        "join",
        "splitlines",
    }
)
# Filters whose first argument (or ``attribute=``) names a field of each list item.
ATTRIBUTE_FILTERS = frozenset(
    {"selectattr", "rejectattr", "map", "sort", "groupby", "sum", "unique", "min", "max"}
)
# The whole spec is also available as ``spec``; ``spec.x`` is the field ``x``.
SPEC_ROOT = "spec"
OPAQUE = "\x00opaque"


@dataclass(frozen=True)
class FieldUse:
    """One read of a spec field: its path, line in the body, and whether it is guarded."""

    path: str
    line: int
    guards: frozenset[str]


@dataclass
class _Scope:
    names: dict[str, str] = field(default_factory=dict)
    guards: frozenset[str] = frozenset()
    # Guards an alias carries: `{% set a = approval if approval is defined else {} %}` makes
    # every later `a.x` safe even where no `{% if %}` encloses it.
    alias_guards: dict[str, frozenset[str]] = field(default_factory=dict)

    def child(
        self, *, names: dict[str, str] | None = None, guards: set[str] | None = None
    ) -> _Scope:
        return _Scope(
            names={**self.names, **(names or {})},
            guards=self.guards | frozenset(guards or ()),
            alias_guards=dict(self.alias_guards),
        )


def join(path: str, segment: str) -> str:
    if segment == "[]":
        return path + "[]"
    return f"{path}.{segment}" if path else segment


def split_path(path: str) -> list[str]:
    """``a.b[].c`` -> ``["a", "b", "[]", "c"]``."""
    out: list[str] = []
    for part in path.split("."):
        depth = 0
        while part.endswith("[]"):
            part = part[:-2]
            depth += 1
        if part:
            out.append(part)
        out.extend(["[]"] * depth)
    return out


def prefixes(path: str) -> list[str]:
    """Every proper and full prefix of a path, shortest first."""
    segs = split_path(path)
    out: list[str] = []
    cur = ""
    for s in segs:
        cur = join(cur, s)
        out.append(cur)
    return out


class FieldCollector:
    """Collects FieldUse values from a Jinja template AST."""

    def __init__(self) -> None:
        self.uses: list[FieldUse] = []
        self.iterated: set[str] = set()  # paths a for-loop walks as a whole (dicts, lists)
        self.tested: set[str] = set()  # paths read only by `is defined` tests
        self.mapped: set[str] = set()  # paths that stand for a list of mapped item fields

    # -- path resolution -------------------------------------------------
    def path_of(self, node: nodes.Node, scope: _Scope) -> str | None:
        """The spec path an expression denotes, or None when it is not a field access."""
        if isinstance(node, nodes.Name):
            if node.name in scope.names:
                return scope.names[node.name]
            if node.name in HELPER_NAMES:
                return None
            if node.name == SPEC_ROOT:
                return ""
            return node.name
        if isinstance(node, nodes.Call) and self._is_method_call(node):
            # `x.items()`, `x.split(',')`: the value read is x itself.
            return self.path_of(cast(nodes.Getattr, node.node).node, scope)
        if isinstance(node, nodes.Getattr):
            base = self.path_of(node.node, scope)
            if base is None or base.startswith(OPAQUE):
                return base
            return join(base, node.attr)
        if isinstance(node, nodes.Getitem):
            base = self.path_of(node.node, scope)
            if base is None or base.startswith(OPAQUE):
                return base
            arg = node.arg
            if isinstance(arg, nodes.Const) and isinstance(arg.value, str):
                return join(base, arg.value)
            if (
                isinstance(arg, nodes.Slice)
                or base in self.mapped
                or isinstance(node.node, nodes.Call)
            ):
                # x[:1] is still x; an item of a mapped list is the field; x.split()[0] is x
                return base
            return join(base, "[]")
        if isinstance(node, nodes.Filter) and node.node is not None:
            base = self.path_of(node.node, scope)
            attr = self._filter_attribute(node)
            if node.name == "map" and attr and base and not base.startswith(OPAQUE):
                return self._item_path(base, attr)
            return base
        if isinstance(node, nodes.CondExpr):
            # `x if x is defined else []`: the field is x.
            first = self.path_of(node.expr1, scope)
            if first is not None:
                return first
            return self.path_of(node.expr2, scope) if node.expr2 is not None else None
        return None

    def _item_path(self, base: str, attr: str) -> str:
        """Path of field ``attr`` of each item of the list at ``base``.

        ``deliverables | map(attribute='posting_window') | map(attribute='start')`` reads
        ``deliverables[].posting_window.start``: a mapped list's items are already fields.
        """
        item = join(base, attr) if base in self.mapped else join(join(base, "[]"), attr)
        self.mapped.add(item)
        return item

    def _chain_guards(self, node: nodes.Filter, scope: _Scope) -> set[str]:
        """Item fields that a ``selectattr(...)`` earlier in the same filter chain tested."""
        found: set[str] = set()
        cur = node.node
        while isinstance(cur, nodes.Filter):
            if cur.name == "selectattr" and cur.node is not None:
                attr = self._filter_attribute(cur)
                base = self.path_of(cur.node, scope)
                if attr and base and not base.startswith(OPAQUE):
                    found.add(
                        join(base, attr) if base in self.mapped else join(join(base, "[]"), attr)
                    )
            cur = cur.node
        return found

    @staticmethod
    def _filter_attribute(node: nodes.Filter) -> str | None:
        """The item field a filter reads: selectattr('x'), map(attribute='x'), sort(attribute=)."""
        attr = None
        if node.name in ("selectattr", "rejectattr", "groupby") and node.args:
            first = node.args[0]
            if isinstance(first, nodes.Const) and isinstance(first.value, str):
                attr = first.value
        for kw in node.kwargs:
            if kw.key == "attribute" and isinstance(kw.value, nodes.Const):
                attr = str(kw.value.value)
        return attr or None

    @staticmethod
    def _is_method_call(node: nodes.Call) -> bool:
        return isinstance(node.node, nodes.Getattr) and node.node.attr in METHOD_NAMES

    def guards_of(self, test: nodes.Node, scope: _Scope) -> set[str]:
        """Paths an if-test checks (``x is defined``, ``x``, ``x and y``, ``x.y > 0``)."""
        found: set[str] = set()
        for sub in test.find_all((nodes.Name, nodes.Getattr, nodes.Getitem)):
            p = self.path_of(sub, scope)
            if p and not p.startswith(OPAQUE):
                found.add(p)
        p = self.path_of(test, scope)
        if p and not p.startswith(OPAQUE):
            found.add(p)
        return found

    # -- walking ---------------------------------------------------------
    def visit(self, node: nodes.Node, scope: _Scope) -> None:
        if isinstance(node, nodes.For):
            self.visit(node.iter, scope)
            iter_path = self.path_of(node.iter, scope)
            if iter_path and not iter_path.startswith(OPAQUE):
                self.iterated.add(iter_path)
            names: dict[str, str] = {}
            if isinstance(node.target, nodes.Name):
                if iter_path is None:
                    names[node.target.name] = OPAQUE
                elif iter_path in self.mapped:
                    names[node.target.name] = iter_path
                else:
                    names[node.target.name] = join(iter_path, "[]")
            else:
                for n in node.target.find_all(nodes.Name):
                    names[n.name] = OPAQUE
            inner = scope.child(names=names)
            root = node.iter
            while isinstance(root, (nodes.Getattr, nodes.Getitem, nodes.Filter)) and root.node:
                root = root.node
            if isinstance(root, nodes.Name) and root.name in scope.alias_guards:
                inner = inner.child(guards=set(scope.alias_guards[root.name]))
            if isinstance(node.iter, nodes.Filter):
                inner = inner.child(guards=self._chain_guards(node.iter, scope))
            if isinstance(node.iter, nodes.CondExpr):
                inner = inner.child(guards=self.guards_of(node.iter.test, scope))
            if node.test is not None:
                inner = inner.child(guards=self.guards_of(node.test, inner))
            for child in node.body:
                self.visit(child, inner)
            for child in node.else_:
                self.visit(child, scope)
            return
        if isinstance(node, nodes.If):
            self.visit_expr(node.test, scope)
            guarded = scope.child(guards=self.guards_of(node.test, scope))
            for child in node.body:
                self.visit(child, guarded)
            for elif_ in node.elif_:
                self.visit(elif_, guarded)
            for child in node.else_:
                self.visit(child, guarded)
            return
        if isinstance(node, nodes.Assign):
            self.visit_expr(node.node, scope)
            if isinstance(node.target, nodes.Name):
                p = self.path_of(node.node, scope)
                scope.names[node.target.name] = p if p is not None else OPAQUE
                value = node.node
                carried: set[str] = set()
                if isinstance(value, nodes.CondExpr):
                    carried |= self.guards_of(value.test, scope)
                if isinstance(value, nodes.Filter):
                    carried |= self._chain_guards(value, scope)
                    attr = self._filter_attribute(value)
                    base = self.path_of(value.node, scope) if value.node is not None else None
                    if value.name == "selectattr" and attr and base and not base.startswith(OPAQUE):
                        carried.add(join(join(base, "[]"), attr))
                if carried:
                    scope.alias_guards[node.target.name] = frozenset(carried) | scope.guards
            return
        if isinstance(node, (nodes.Macro, nodes.CallBlock)):
            inner = scope.child(names={a.name: OPAQUE for a in getattr(node, "args", [])})
            for child in node.body:
                self.visit(child, inner)
            return
        if isinstance(node, nodes.Expr):
            self.visit_expr(node, scope)
            return
        for child in node.iter_child_nodes():
            self.visit(child, scope)

    def visit_expr(self, node: nodes.Node, scope: _Scope) -> None:
        if isinstance(node, nodes.CondExpr):
            self.visit_expr(node.test, scope)
            guarded = scope.child(guards=self.guards_of(node.test, scope))
            self.visit_expr(node.expr1, guarded)
            if node.expr2 is not None:
                self.visit_expr(node.expr2, guarded)
            return
        if isinstance(node, (nodes.And, nodes.Or)):
            # `x is defined and x.y` and `x is not defined or x.y` both read x.y only when x
            # exists.
            self.visit_expr(node.left, scope)
            self.visit_expr(node.right, scope.child(guards=self.guards_of(node.left, scope)))
            return
        if isinstance(node, nodes.Test) and node.name == "defined":
            # `x is defined` reads no value; it is the guard itself, but it does consult x.
            p = self.path_of(node.node, scope)
            if p and not p.startswith(OPAQUE):
                self.tested.add(p)
            return
        if isinstance(node, nodes.Filter) and node.name in ATTRIBUTE_FILTERS and node.node:
            self.visit_expr(node.node, scope)
            attr = self._filter_attribute(node)
            base = self.path_of(node.node, scope)
            if base and not base.startswith(OPAQUE) and attr:
                item = self._item_path(base, attr)
                guards = scope.guards | self._chain_guards(node, scope)
                if node.name in ("selectattr", "rejectattr"):
                    guards = guards | {item}  # `selectattr('x', 'defined')` tests x
                self.uses.append(FieldUse(item, node.lineno, guards))
            for child in [*node.args, *node.kwargs]:
                self.visit_expr(child, scope)
            return
        if isinstance(node, nodes.Filter) and node.name == "default":
            p = self.path_of(node.node, scope) if node.node is not None else None
            if p:
                for arg in node.args:
                    self.visit_expr(arg, scope)
                return
        if isinstance(node, nodes.Call) and self._is_method_call(node):
            self.visit_expr(cast(nodes.Getattr, node.node).node, scope)
            for child in [*node.args, *node.kwargs]:
                self.visit_expr(child, scope)
            return
        if isinstance(node, (nodes.Name, nodes.Getattr, nodes.Getitem)):
            p = self.path_of(node, scope)
            if p is not None and not p.startswith(OPAQUE) and p != "":
                guards = scope.guards
                root: nodes.Expr = node
                while isinstance(root, (nodes.Getattr, nodes.Getitem)):
                    root = root.node
                if isinstance(root, nodes.Name) and root.name in scope.alias_guards:
                    guards = guards | scope.alias_guards[root.name]
                self.uses.append(FieldUse(p, node.lineno, guards))
            # Dynamic subscripts (x[i]) read i too.
            if isinstance(node, nodes.Getitem):
                self.visit_expr(node.arg, scope)
            if p is None:
                for child in node.iter_child_nodes():
                    self.visit_expr(child, scope)
            return
        for child in node.iter_child_nodes():
            self.visit_expr(child, scope)


def collect(template_ast: nodes.Template) -> FieldCollector:
    """Walk a parsed template; the collector holds the uses and the iterated paths."""
    collector = FieldCollector()
    scope = _Scope()
    for child in template_ast.body:
        collector.visit(child, scope)
    return collector


def collect_field_uses(template_ast: nodes.Template) -> list[FieldUse]:
    """All spec-field reads in a parsed template, in source order."""
    return collect(template_ast).uses


def is_guarded(use_path: str, optional_prefix: str, guards: frozenset[str]) -> bool:
    """Whether a guard covers ``optional_prefix`` (the guard tests it, or a field inside it)."""
    for g in guards:
        if (
            g == optional_prefix
            or g.startswith(optional_prefix + ".")
            or g.startswith(optional_prefix + "[")
        ):
            return True
    return False

"""The expressions of a folder of category rules, as the lint sees them.

Each ``Expression`` is one distinct regular expression of one rule file: its kind (cue,
hint, pattern, unless, negative), where it sits in the YAML, its text as written and
after macro expansion, and a short hash of the written text that keys the baseline.
A YAML anchor shared by several patterns (one ``unless`` for many) is one expression.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from contractsmith.analyse.categories import RuleError, _expand

KINDS = ("cue", "hint", "pattern", "unless", "negative")


def short_hash(text: str) -> str:
    """Eight hex digits identifying an expression's written text (whitespace-normalised)."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:8]


@dataclass
class Expression:
    """One distinct expression of a rule file and every place the YAML uses it."""

    kind: str
    text: str  # as written, macros unexpanded
    expanded: str
    indices: list[int] = field(default_factory=list)  # pattern/hint/negative indices
    whole: bool = False  # a negative that vetoes the whole sentence
    # The text K001 measures: every macro expanded except the shared lexicons
    # (``shared_lexicons``), which count as their ``{NAME}``.
    measured: str = ""

    @property
    def hash(self) -> str:
        return short_hash(self.text)

    @property
    def where(self) -> str:
        """Where it is, for people: ``patterns[3].unless (+10 more)``, ``negatives[2]``."""
        first = self.indices[0] if self.indices else 0
        more = f" (+{len(self.indices) - 1} more)" if len(self.indices) > 1 else ""
        return {
            "cue": "cue",
            "hint": f"hints[{first}]",
            "pattern": f"patterns[{first}]",
            "unless": f"patterns[{first}].unless",
            "negative": f"negatives[{first}]",
        }[self.kind] + more


@dataclass
class RuleFile:
    """One ``<category>.yaml`` rule and its distinct expressions, in YAML order."""

    name: str
    data: dict[str, Any]
    expressions: list[Expression]

    def of_kind(self, *kinds: str) -> list[Expression]:
        return [e for e in self.expressions if e.kind in kinds]

    @property
    def carve_outs(self) -> list[Expression]:
        """The negatives and distinct ``unless`` expressions."""
        return self.of_kind("negative", "unless")


def load_macros(directory: Path) -> dict[str, str]:
    """``_macros.yaml`` of ``directory`` as the loader reads it (a lexicon list is an
    alternation)."""
    path = directory / "_macros.yaml"
    if not path.is_file():
        return {}
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {
        str(k): "(?:" + "|".join(map(str, v)) + ")" if isinstance(v, list) else str(v)
        for k, v in raw.items()
    }


def _items(data: dict[str, Any], key: str) -> list[dict[str, Any]]:
    return [{"regex": it} if isinstance(it, str) else it for it in data.get(key) or []]


def read_rule_file(path: Path, macros: dict[str, str]) -> RuleFile:
    """The expressions of one rule file (raises ``RuleError`` when it cannot be read)."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise RuleError(f"{path.name}: not valid YAML: {exc}") from None
    seen: dict[tuple[str, str], Expression] = {}

    def add(kind: str, text: str, index: int, whole: bool = False) -> None:
        key = (kind, text)
        if key not in seen:
            expanded = _expand(text, macros, path.name).pattern
            seen[key] = Expression(kind, text, expanded, whole=whole)
        seen[key].indices.append(index)

    if data.get("cue"):
        add("cue", str(data["cue"]), 0)
    for i, hint in enumerate(data.get("hints") or []):
        add("hint", str(hint), i)
    for i, item in enumerate(_items(data, "patterns")):
        add("pattern", str(item["regex"]), i)
        if item.get("unless"):
            add("unless", str(item["unless"]), i)
    for i, item in enumerate(_items(data, "negatives")):
        add("negative", str(item["regex"]), i, bool(item.get("whole")))
    return RuleFile(path.name, data, list(seen.values()))


def rule_files(directory: Path) -> list[RuleFile]:
    """Every category rule file of ``directory`` (``_*.yaml`` are not rules), by name."""
    macros = load_macros(directory)
    paths = [p for p in sorted(directory.glob("*.yaml")) if not p.name.startswith("_")]
    files = [read_rule_file(p, macros) for p in paths]
    shared = shared_lexicons(macros, [p.read_text(encoding="utf-8") for p in paths])
    for rule in files:
        for e in rule.expressions:
            e.measured = expand_except(e.text, macros, shared)
    return files


SHARED_BY = 3  # rule files that must use a macro for it to be a shared lexicon
_NAME = re.compile(r"\{([A-Z][A-Z0-9_]*)\}")


def shared_lexicons(macros: dict[str, str], rule_texts: list[str]) -> frozenset[str]:
    """Macros written in at least ``SHARED_BY`` rule files: one vocabulary reviewed once
    in ``_macros.yaml``, so K001 counts each as its name. A macro that only one or two
    rules use is measured expanded, so moving a long alternation into a macro does not
    hide it."""
    return frozenset(
        name
        for name in macros
        if sum(1 for text in rule_texts if "{" + name + "}" in text) >= SHARED_BY
    )


def expand_except(text: str, macros: dict[str, str], keep: frozenset[str]) -> str:
    """``text`` with every ``{NAME}`` macro expanded (nested ones too) except those in
    ``keep``."""
    for _ in range(6):
        new = _NAME.sub(
            lambda m: (
                m.group(0) if m.group(1) in keep or m.group(1) not in macros else macros[m.group(1)]
            ),
            text,
        )
        if new == text:
            break
        text = new
    return text

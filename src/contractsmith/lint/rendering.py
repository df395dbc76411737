"""Lint checks that render the library: examples, edge cases, wording and defined terms.

Each clause is rendered (sandboxed, strict) inside a whole contract for every example
spec that selects it, and for edge-case variants of those specs: optional lists emptied,
strings at their longest allowed length, non-ASCII party names, and ``&``/``<`` in names.
The checker's V/O/D rules then read every rendered clause, the assembled contract's
defined terms are checked for undefined, unused and duplicate terms, and each render
runs the contract-consistency (X) checks that ``render`` applies.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from contractsmith.findings import Finding, Location, Severity
from contractsmith.generate.assemble import AssemblyError, assemble
from contractsmith.generate.contract import Contract
from contractsmith.library.load import Library
from contractsmith.lint.library import finding
from contractsmith.resources import load_schema
from contractsmith.spec.load import SpecLoadError, load_spec

AS_OF = "2026-01-15"
# Render findings that keep their own lint code whatever the spec (not L020/L021).
_LINT_CODE_OF_RENDER_CODE = {"R008": "L023"}
ESCAPE_NAME = 'Smith & Sons <Media> "Ltd"'
NON_ASCII_NAME = "Zoë Łukasiewicz-Ørsted Médias SARL"
# XML/HTML escapes that must never reach a contract's text (double escaping).
ESCAPED_ENTITY = re.compile(r"&(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);")


@dataclass
class _Render:
    """One successful render of a spec: which example, which variant, the contract."""

    source: str  # example file name + variant
    contract: Contract
    edge_case: bool = False  # a generated variant: checked for rendering, not for wording


@dataclass
class _State:
    renders: list[_Render] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    fired_codes: dict[str, set[str]] = field(default_factory=dict)  # clause id -> codes


def check_rendering(
    library: Library,
    *,
    examples: list[Path],
    render: bool = True,
    wording: bool = True,
    skip: set[str] | None = None,
) -> list[Finding]:
    """Render every example (and its edge cases) and check what comes out."""
    state = _State()
    schema = load_schema("contract-spec")
    for path in examples:
        try:
            spec = load_spec(path)
        except SpecLoadError as exc:
            state.findings.append(finding("L020", f"example spec unreadable: {exc}", path))
            continue
        base = copy.deepcopy(spec.data)
        _render_one(library, base, f"{path.name}", state, "L020", skip)
        if not render:
            continue
        for variant, data in edge_cases(base, schema):
            _render_one(library, data, f"{path.name} ({variant})", state, "L021", skip, edge=True)
    if wording:
        state.findings.extend(_wording(library, state))
    state.findings.extend(_defined_terms(library, state))
    return _dedupe(state.findings)


def _render_one(
    library: Library,
    data: dict[str, Any],
    source: str,
    state: _State,
    code: str,
    skip: set[str] | None,
    *,
    edge: bool = False,
) -> None:
    try:
        contract = assemble(data, library, as_of=AS_OF)
    except AssemblyError as exc:
        for f in exc.findings:
            if f.clause_id and skip and f.clause_id in skip:
                continue  # already reported as a syntax error
            state.findings.append(
                finding(
                    _LINT_CODE_OF_RENDER_CODE.get(f.rule, code),
                    f"{source}: {f.message}",
                    f.location.file or library.root,
                    f.location.line,
                    clause_id=f.clause_id,
                )
            )
        return
    state.renders.append(_Render(source, contract, edge))
    state.findings.extend(_consistency(library, data, contract, source))
    text = contract.text()
    for name in (ESCAPE_NAME, NON_ASCII_NAME):
        if name not in _party_names(data):
            continue
        leaked = ESCAPED_ENTITY.search(text)
        if name not in text or leaked:
            what = (
                f"escaped text {leaked.group(0)!r} leaked into the contract"
                if leaked
                else "it does not appear as written"
            )
            state.findings.append(
                finding("L022", f"{source}: party name {name!r}: {what}", library.root)
            )


def _consistency(
    library: Library, data: dict[str, Any], contract: Contract, source: str
) -> list[Finding]:
    """The X findings of one rendered example, as ``render`` would refuse them (X006 aside:
    lint reports an undefined term as L060, at the clause that uses it)."""
    from contractsmith.consistency import check_contract, library_glossary

    glossary = library_glossary(c.body for c in library.ordered())
    where = Location(file=str(library.root))
    return [
        replace(f, message=f"{source}: {f.message} [{f.location.pointer}]", location=where)
        for f in check_contract(contract, data, glossary)
        if f.rule != "X006"
    ]


def _party_names(data: dict[str, Any]) -> set[str]:
    parties = data.get("parties") or {}
    return {str(p.get("legal_name")) for p in parties.values() if isinstance(p, dict)}


# ---------------------------------------------------------------- edge cases


def edge_cases(
    data: dict[str, Any], schema: dict[str, Any]
) -> Iterator[tuple[str, dict[str, Any]]]:
    """Variants of a valid spec that a clause must survive."""
    from contractsmith.lint.schema_paths import SchemaIndex

    index = SchemaIndex(schema)

    empty = copy.deepcopy(data)
    if _empty_optional_lists(empty, schema, index):
        yield "empty optional lists", empty

    longest = copy.deepcopy(data)
    if _longest_strings(longest, schema, index):
        yield "longest strings", longest

    for variant, name in (("non-ASCII names", NON_ASCII_NAME), ("& and < in names", ESCAPE_NAME)):
        named = copy.deepcopy(data)
        for party in (named.get("parties") or {}).values():
            if isinstance(party, dict) and "legal_name" in party:
                party["legal_name"] = name
        yield variant, named


def _walk(value: Any, node: dict[str, Any], index: Any, visit) -> bool:
    """Apply ``visit(parent, key, child_schema, required)`` to every object property."""
    changed = False
    node = index.deref(node)
    if isinstance(value, dict):
        branches = index.branches(node)
        for key in list(value):
            child_schema: dict[str, Any] | None = None
            required = False
            for b, always in branches:
                props = b.get("properties") or {}
                if key in props:
                    child_schema = index.deref(props[key])
                if always and key in (b.get("required") or []):
                    required = True
            if child_schema is None:
                continue
            changed |= visit(value, key, child_schema, required)
            changed |= _walk(value.get(key), child_schema, index, visit)
    elif isinstance(value, list):
        items = node.get("items")
        if isinstance(items, dict):
            for item in value:
                changed |= _walk(item, items, index, visit)
    return changed


def _empty_optional_lists(data: dict[str, Any], schema: dict[str, Any], index: Any) -> bool:
    def visit(parent: dict[str, Any], key: str, child: dict[str, Any], required: bool) -> bool:
        value = parent.get(key)
        if isinstance(value, list) and value and not required and not child.get("minItems"):
            parent[key] = []
            return True
        return False

    return _walk(data, schema, index, visit)


def _longest_strings(data: dict[str, Any], schema: dict[str, Any], index: Any) -> bool:
    def visit(parent: dict[str, Any], key: str, child: dict[str, Any], required: bool) -> bool:
        value = parent.get(key)
        limit = child.get("maxLength")
        if (
            isinstance(value, str)
            and isinstance(limit, int)
            and 0 < limit <= 2000
            and not any(k in child for k in ("pattern", "format", "enum", "const"))
        ):
            parent[key] = ("Long Text " * (limit // 10 + 1))[:limit]
            return True
        return False

    return _walk(data, schema, index, visit)


# ---------------------------------------------------------------- wording


def _wording(library: Library, state: _State) -> list[Finding]:
    from contractsmith.analyse.playbook import load_playbook
    from contractsmith.rules.engine import check_text, get_rule

    # the default playbook's wording policy, so lint and `check` rate a clause alike
    policy = load_playbook().wording

    out: list[Finding] = []
    seen: set[tuple[str, str, str]] = set()
    checked: set[tuple[str, str]] = set()
    for render in state.renders:
        if render.edge_case:
            continue
        for section in render.contract.sections:
            clause = library.get(section.clause_id)
            if clause is None:
                continue
            fired = state.fired_codes.setdefault(clause.id, set())
            # The whole clause at once, so that rules about what a clause lacks (no takedown,
            # no monitoring) see all of it; most sections read the same in every render.
            starts: list[int] = []
            parts: list[str] = []
            pos = 0
            for paragraph in section.paragraphs:
                starts.append(pos)
                parts.append(paragraph.text)
                pos += len(paragraph.text) + 2
            text = "\n\n".join(parts)
            if (clause.id, text) in checked:
                continue
            checked.add((clause.id, text))
            for f in check_text(text, clause.category, policy=policy):
                fired.add(f.rule)
                # the checker's policy: its errors and warnings, at its severity (info
                # findings are ones the checker itself does not stand behind)
                if f.severity is Severity.INFO or f.rule in clause.justifications:
                    continue
                # what a whole contract lacks (no takedown duty anywhere) is not a fault of
                # one clause read alone: such warnings belong to `check` on the contract
                rule = get_rule(f.rule)
                if (
                    f.severity is Severity.WARNING
                    and rule is not None
                    and rule.search == "document"
                ):
                    continue
                key = (clause.id, f.rule, f.text or "")
                if key in seen:
                    continue
                seen.add(key)
                offset = f.location.start if f.location.start is not None else 0
                index = max(i for i, st in enumerate(starts) if st <= offset) if starts else 0
                phrase = text[offset : f.location.end] if f.location.end else ""
                out.append(
                    finding(
                        "L030",
                        f"{clause.id} {_para_ref(section.paragraphs[index])}: {f.rule} {f.message}",
                        clause.path,
                        _line_of(clause, phrase, f.text or ""),
                        clause_id=clause.id,
                        text=f.text,
                        severity=f.severity,
                    )
                )
    rendered_ids = {s.clause_id for r in state.renders for s in r.contract.sections}
    for clause in library.ordered():
        if clause.id not in rendered_ids:
            continue
        for code in sorted(clause.justifications):
            if code not in state.fired_codes.get(clause.id, set()):
                out.append(
                    finding(
                        "L031",
                        f"{clause.id}: justification for {code} but {code} never fires",
                        clause.path,
                        2,
                        clause_id=clause.id,
                    )
                )
    return out


# ---------------------------------------------------------------- defined terms


def _defined_terms(library: Library, state: _State) -> list[Finding]:
    out: list[Finding] = []
    vocabulary: set[str] = set()
    for render in state.renders:
        vocabulary.update(render.contract.defined_terms)
    for render in state.renders:
        contract = render.contract
        terms = contract.defined_terms
        for term, entry in sorted(terms.items()):
            places = [p for p in entry.defined_in if p not in ("parties",)]
            clause_path = _clause_path(library, entry.clause_ids)
            if len(places) > 1:
                out.append(
                    finding(
                        "L062",
                        f"{render.source}: '{term}' is defined {len(places)} times "
                        f"({', '.join(places)})",
                        clause_path,
                        clause_id=_first(entry.clause_ids),
                    )
                )
            if not entry.uses and entry.defined_in != ["parties"]:
                out.append(
                    finding(
                        "L061",
                        f"{render.source}: '{term}' is defined ({', '.join(places)}) but "
                        "never used",
                        clause_path,
                        clause_id=_first(entry.clause_ids),
                    )
                )
        undefined = sorted(vocabulary - set(terms))
        if undefined:
            pattern = re.compile(
                r"(?<![\w-])(" + "|".join(re.escape(t) for t in undefined) + r")(?![\w-])"
            )
            for section in contract.sections:
                for paragraph in section.paragraphs:
                    for m in pattern.finditer(paragraph.text):
                        clause = library.get(section.clause_id)
                        out.append(
                            finding(
                                "L060",
                                f"{render.source}: '{m.group(1)}' is used in "
                                f"{_para_ref(paragraph)} but this contract never defines it",
                                clause.path if clause else library.root,
                                clause.body_start_line if clause else None,
                                clause_id=section.clause_id,
                            )
                        )
                        break
    return out


def _line_of(clause: Any, phrase: str, sentence: str = "") -> int:
    """The clause file line that produced the flagged words, else the body's first line.

    Among the body lines containing ``phrase``, the one sharing most words with the
    rendered ``sentence`` wins (template lines hold variables, not their values).
    """
    needle = phrase.strip().lower()
    if not needle:
        return clause.body_start_line
    words = set(re.findall(r"[a-z]{3,}", sentence.lower()))
    best, best_score = clause.body_start_line, -1
    for number, line in enumerate(clause.path.read_text(encoding="utf-8").splitlines(), 1):
        low = line.lower()
        if number < clause.body_start_line or needle not in low:
            continue
        score = len(words & set(re.findall(r"[a-z]{3,}", low)))
        if score > best_score:
            best, best_score = number, score
    return best


def _para_ref(paragraph: Any) -> str:
    """``clause 7.1(a)``: the paragraph's full number."""
    return "clause " + str(getattr(paragraph, "ref", None) or paragraph.number)


def _first(items: list[str]) -> str | None:
    for i in items:
        if i:
            return i
    return None


def _clause_path(library: Library, clause_ids: list[str]) -> Path:
    for cid in clause_ids:
        clause = library.get(cid) if cid else None
        if clause is not None:
            return clause.path
    return library.root


def _dedupe(findings: list[Finding]) -> list[Finding]:
    """One finding per (rule, file, clause, message without the example name)."""
    seen: set[tuple] = set()
    out: list[Finding] = []
    for f in findings:
        message = re.sub(r"^[^:]*\.(ya?ml|json)( \([^)]*\))?: ", "", f.message)
        key = (f.rule, f.location.file, f.location.line, f.clause_id, message)
        if key in seen:
            continue
        seen.add(key)
        out.append(f)
    return out

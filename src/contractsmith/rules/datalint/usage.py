"""K003: in how many development documents each carve-out changes a sentence's outcome.

Documents are read and segmented as ``contractsmith check`` reads them (ingest, then the
analysis pipeline's sentences with their list lead-ins and section hints). For every
sentence and category, a carve-out *changed the outcome* when the sentence is evidence
with the rule as written and would be evidence without that one carve-out, or the other
way round. A shared ``unless`` is removed from every pattern that uses it.
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from contractsmith.analyse.categories import CategoryRule, _matchable, load_rules_from
from contractsmith.rules.datalint.inventory import Expression, RuleFile
from contractsmith.rules.datalint.violations import Violation

CORPUS_SUFFIXES = (".txt", ".md", ".docx")
DEFAULT_MIN_DOCUMENTS = 2


@dataclass
class CarveOut:
    """One carve-out of one rule, and the rule as it would be without it."""

    file: str
    category: str
    expression: Expression
    without: CategoryRule

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.file, self.expression.kind, self.expression.hash)

    def __post_init__(self) -> None:
        self._regex = re.compile(self.expression.expanded)

    def may_matter(self, text: str) -> bool:
        """Cheap test: whether the carve-out matches ``text`` at all."""
        return self._regex.search(text) is not None


def _without(rule: CategoryRule, e: Expression) -> CategoryRule:
    """``rule`` with the carve-out ``e`` taken out."""
    if e.kind == "unless":
        patterns = [
            dataclasses.replace(p, unless=None)
            if p.unless is not None and p.unless.pattern == e.expanded
            else p
            for p in rule.patterns
        ]
        return dataclasses.replace(rule, patterns=patterns)
    if e.whole:
        return dataclasses.replace(rule, vetoes=[v for v in rule.vetoes if v.pattern != e.expanded])
    return dataclasses.replace(
        rule, negatives=[n for n in rule.negatives if n.pattern != e.expanded]
    )


def carve_outs(rules: dict[str, CategoryRule], files: list[RuleFile]) -> list[CarveOut]:
    """Every carve-out of ``files``, each with its loaded rule (``rules``) without it."""
    out = []
    for f in files:
        category = str(f.data.get("category") or Path(f.name).stem)
        rule = rules[category]
        for e in f.carve_outs:
            out.append(CarveOut(f.name, category, e, _without(rule, e)))
    return out


def corpus_files(folder: Path) -> list[Path]:
    """The .txt, .md and .docx files under ``folder`` (recursive, hidden files skipped)."""
    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file()
        and p.suffix.lower() in CORPUS_SUFFIXES
        and not p.name.startswith((".", "~$"))
    )


def _sentences(path: Path) -> Iterator[tuple[list[tuple[str, str]], frozenset[str]]]:
    """The matchable texts of each sentence of one document, with its section hints."""
    from contractsmith.analyse.pipeline import segment
    from contractsmith.ingest import read_document

    sentences, contexts, _ = segment(read_document(path))
    for sent, context in zip(sentences, contexts, strict=True):
        if sent.is_heading or sent.in_toc:
            continue
        matchable = _matchable(f"{context} {sent.text}" if context else sent.text)
        if matchable:
            hinted = frozenset(sent.section.categories) if sent.section else frozenset()
            yield matchable, hinted


def _evidence(rule: CategoryRule, matchable: list[tuple[str, str]], hinted: bool) -> bool:
    score = max(rule.score(text, hinted, folded) for text, folded in matchable)
    return score >= rule.threshold


# Set in each worker process (and in this one for jobs=1).
_CARVE_OUTS: list[CarveOut] = []
_RULES: dict[str, CategoryRule] = {}


def _init(directory: str, files: list[RuleFile]) -> None:
    global _CARVE_OUTS, _RULES
    _RULES = load_rules_from(Path(directory))
    _CARVE_OUTS = carve_outs(_RULES, files)


def _changed_in(path: str) -> tuple[str, set[tuple[str, str, str]], str | None]:
    """The carve-outs that changed some sentence's outcome in one document."""
    from contractsmith.ingest import IngestError

    changed: set[tuple[str, str, str]] = set()
    try:
        for matchable, hinted in _sentences(Path(path)):
            texts = [t for t, _ in matchable]
            for c in _CARVE_OUTS:
                if c.key in changed or not any(c.may_matter(t) for t in texts):
                    continue
                rule = _RULES[c.category]
                hint = c.category in hinted
                if _evidence(rule, matchable, hint) != _evidence(c.without, matchable, hint):
                    changed.add(c.key)
    except IngestError as exc:
        return path, changed, str(exc)
    return path, changed, None


@dataclass
class Usage:
    """Per carve-out, the documents it changed an outcome in; and unreadable documents."""

    documents: int
    changed: dict[tuple[str, str, str], list[str]]
    errors: dict[str, str]


def carve_out_usage(
    directory: Path, files: list[RuleFile], documents: list[Path], jobs: int = 1
) -> Usage:
    """Read ``documents`` and count, for each carve-out, the documents it mattered in."""
    _init(str(directory), files)
    keys: dict[tuple[str, str, str], list[str]] = {c.key: [] for c in _CARVE_OUTS}
    errors: dict[str, str] = {}
    paths = [os.fspath(p) for p in documents]
    if jobs <= 1 or len(paths) <= 1:
        results = map(_changed_in, paths)
        return _collect(results, keys, errors, len(paths))
    chunk = max(1, len(paths) // (jobs * 8))
    with ProcessPoolExecutor(
        max_workers=jobs, initializer=_init, initargs=(str(directory), files)
    ) as pool:
        return _collect(pool.map(_changed_in, paths, chunksize=chunk), keys, errors, len(paths))


def _collect(
    results: Iterable[tuple[str, set[tuple[str, str, str]], str | None]],
    keys: dict[tuple[str, str, str], list[str]],
    errors: dict[str, str],
    n: int,
) -> Usage:
    for path, changed, error in results:
        if error:
            errors[path] = error
        for key in changed:
            keys[key].append(path)
    return Usage(n, keys, errors)


def rarely_used(
    files: list[RuleFile], usage: Usage, min_documents: int = DEFAULT_MIN_DOCUMENTS
) -> list[Violation]:
    """K003: carve-outs that changed an outcome in fewer than ``min_documents`` documents."""
    out = []
    for f in files:
        for e in f.carve_outs:
            docs = usage.changed.get((f.name, e.kind, e.hash), [])
            if len(docs) >= min_documents:
                continue
            seen = f"only in {Path(docs[0]).name}" if docs else "in none"
            out.append(
                Violation(
                    "K003",
                    f.name,
                    e.kind,
                    e.hash,
                    e.where,
                    len(docs),
                    min_documents,
                    f"{e.where}: carve-out changed a sentence's outcome in {len(docs)} of "
                    f"{usage.documents} corpus documents ({seen}; want at least {min_documents})",
                )
            )
    return out

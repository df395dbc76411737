"""The counted baseline of rule-data lint violations: a ratchet.

``_lint_baseline.yaml`` beside the rules lists every accepted violation with its
measured value. Entries are keyed by file, code, expression kind and a short hash of the
expression's written text (not its index), so editing another pattern does not disturb
them. K003 entries depend on a corpus and sit under ``corpora.<id>``, where the id is the
corpus folder's last two path parts (``influencer/dev``).

Comparing today's violations with the baseline gives three lists: new (not accepted),
worse (accepted at a better value) and stale (accepted but now fixed or improved).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from contractsmith.atomic import write_text_atomic
from contractsmith.inputs import MAX_DATA_BYTES, InputError, read_text_bounded
from contractsmith.rules.datalint.violations import Violation

BASELINE_NAME = "_lint_baseline.yaml"
BASELINE_VERSION = 1
_HEADER = """\
# Accepted violations of `contractsmith rules lint` (K001/K002; K003 per corpus).
# A ratchet: `make test` fails on a violation not listed here or one that got worse;
# fixed or improved entries are reported (K004) so they can be removed. Do not edit by
# hand: run `contractsmith rules lint --update-baseline` (add --corpus DIR for K003) and
# commit the diff. Entries are keyed by file + code + kind + hash of the expression text.
"""


class BaselineError(ValueError):
    """A baseline file that cannot be used; the message is one line."""


@dataclass(frozen=True)
class Entry:
    """One accepted violation: its key, where it was, and the value accepted."""

    code: str
    file: str
    kind: str
    hash: str
    where: str
    value: int

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.code, self.file, self.kind, self.hash)

    @classmethod
    def of(cls, v: Violation) -> Entry:
        return cls(v.code, v.file, v.kind, v.hash, v.where, v.value)

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "file": self.file,
            "kind": self.kind,
            "hash": self.hash,
            "where": self.where,
            "value": self.value,
        }


@dataclass
class Baseline:
    """Accepted violations: corpus-free ones, and K003 ones per corpus id."""

    entries: list[Entry] = field(default_factory=list)
    corpora: dict[str, list[Entry]] = field(default_factory=dict)
    documents: dict[str, int] = field(default_factory=dict)  # corpus id -> documents read


@dataclass
class Comparison:
    """Today's violations against a baseline."""

    new: list[Violation] = field(default_factory=list)
    worse: list[tuple[Violation, Entry]] = field(default_factory=list)
    stale: list[tuple[Entry, Violation | None]] = field(default_factory=list)  # None: fixed
    accepted: int = 0


def corpus_id(folder: Path) -> str:
    """A stable name of a corpus folder: its last two path parts (``influencer/dev``)."""
    parts = folder.resolve().parts
    return "/".join(parts[-2:])


def _counts(entries: list[Entry]) -> dict[str, int]:
    return dict(sorted(Counter(e.code for e in entries).items()))


def _entries(raw: Any, where: str) -> list[Entry]:
    if not isinstance(raw, list):
        raise BaselineError(f"{where}: 'entries' must be a list")
    out = []
    for n, item in enumerate(raw):
        try:
            out.append(
                Entry(
                    str(item["code"]),
                    str(item["file"]),
                    str(item["kind"]),
                    str(item.get("hash") or ""),
                    str(item.get("where") or ""),
                    int(item["value"]),
                )
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise BaselineError(f"{where}: entry {n} is incomplete ({exc})") from None
    return out


def _checked(block: dict[str, Any], where: str) -> list[Entry]:
    entries = _entries(block.get("entries") or [], where)
    stated = {str(k): int(v) for k, v in (block.get("counts") or {}).items()}
    if stated != _counts(entries):
        raise BaselineError(
            f"{where}: counts {stated} do not match the entries {_counts(entries)}; "
            "run `contractsmith rules lint --update-baseline`"
        )
    return entries


def load_baseline(path: Path) -> Baseline:
    """Read ``path`` (an empty baseline when the file does not exist)."""
    if not path.is_file():
        return Baseline()
    try:
        data = yaml.safe_load(read_text_bounded(path, MAX_DATA_BYTES)) or {}
    except InputError as exc:
        raise BaselineError(f"{path.name}: cannot read: {exc}") from None
    except yaml.YAMLError as exc:
        raise BaselineError(f"{path.name}: not valid YAML: {exc}") from None
    except RecursionError:
        raise BaselineError(f"{path.name}: nested too deeply to read") from None
    if not isinstance(data, dict) or data.get("version") != BASELINE_VERSION:
        raise BaselineError(f"{path.name}: not a version {BASELINE_VERSION} lint baseline")
    baseline = Baseline(entries=_checked(data, path.name))
    for cid, block in (data.get("corpora") or {}).items():
        baseline.corpora[str(cid)] = _checked(block or {}, f"{path.name}: corpora.{cid}")
        baseline.documents[str(cid)] = int((block or {}).get("documents") or 0)
    return baseline


def compare(violations: list[Violation], accepted: list[Entry]) -> Comparison:
    """Split ``violations`` into new, worse and accepted; list entries fixed or improved."""
    by_key = {e.key: e for e in accepted}
    seen: dict[tuple[str, str, str, str], Violation] = {}
    result = Comparison()
    for v in violations:
        seen[v.key] = v
        entry = by_key.get(v.key)
        if entry is None:
            result.new.append(v)
        elif v.worse_than(entry.value):
            result.worse.append((v, entry))
        else:
            result.accepted += 1
            if v.value != entry.value:
                result.stale.append((entry, v))
    result.stale += [(e, None) for e in accepted if e.key not in seen]
    return result


def _natural(text: str) -> tuple:
    """``patterns[5]`` before ``patterns[10]``."""
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", text))


def _block(entries: list[Entry]) -> dict[str, Any]:
    ordered = sorted(entries, key=lambda e: (e.file, e.code, e.kind, _natural(e.where), e.hash))
    return {"counts": _counts(ordered), "entries": [e.to_dict() for e in ordered]}


def write_baseline(
    path: Path,
    violations: list[Violation],
    previous: Baseline,
    corpus: str | None = None,
    documents: int = 0,
) -> Baseline:
    """Write today's violations as the baseline; other corpora's K003 entries are kept.

    Without ``corpus`` the corpus-free entries are replaced; with it, that corpus's.
    """
    fresh = [Entry.of(v) for v in violations]
    baseline = Baseline(
        entries=previous.entries if corpus else fresh,
        corpora=dict(previous.corpora),
        documents=dict(previous.documents),
    )
    if corpus:
        baseline.corpora[corpus] = fresh
        baseline.documents[corpus] = documents
    data: dict[str, Any] = {"version": BASELINE_VERSION, **_block(baseline.entries)}
    if baseline.corpora:
        data["corpora"] = {
            cid: {"documents": baseline.documents.get(cid, 0), **_block(entries)}
            for cid, entries in sorted(baseline.corpora.items())
        }
    text = _HEADER + yaml.safe_dump(
        data, sort_keys=False, allow_unicode=True, default_flow_style=None, width=200
    )
    write_text_atomic(path, text)
    return baseline

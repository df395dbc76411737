"""Baselines: accept today's findings so that only new ones are reported.

A baseline is a JSON file listing one fingerprint per accepted finding. The
fingerprint hashes the document path (relative to the baseline's folder), the rule code
and the quoted text with whitespace and case normalised; it deliberately leaves out
character offsets, so editing another part of the contract does not bring an accepted
finding back. Identical findings are counted, so a second copy of the same problem is
still reported.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from contractsmith.atomic import write_text_atomic
from contractsmith.findings import Finding
from contractsmith.inputs import MAX_DATA_BYTES, InputError, read_text_bounded

BASELINE_VERSION = 1


class BaselineError(Exception):
    """A baseline file that cannot be read; the message is one line."""


def _relative(path: str, root: Path) -> str:
    p = Path(path).resolve()
    try:
        return Path(os.path.relpath(p, root)).as_posix()
    except ValueError:  # another drive on Windows
        return p.as_posix()


def normalise_text(text: str | None) -> str:
    """Quoted text with whitespace collapsed and case folded."""
    return " ".join((text or "").split()).casefold()


def fingerprint(path: str, finding: Finding, root: Path) -> str:
    """A stable id of ``finding`` in the document at ``path``, independent of offsets."""
    key = "\x1f".join(
        (_relative(path, root), finding.rule, finding.category or "", normalise_text(finding.text))
    )
    # surrogateescape hashes an undecodable file name by its bytes on disk.
    return hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()[:24]


@dataclass
class Baseline:
    """Accepted findings: fingerprint -> how many copies were accepted."""

    path: Path
    counts: Counter[str]

    @property
    def root(self) -> Path:
        return self.path.resolve().parent

    def filter(self, path: str, findings: list[Finding]) -> tuple[list[Finding], int]:
        """Drop accepted findings of one document; return what is left and how many were dropped.

        Each baseline entry suppresses one finding per run, across all documents.
        """
        kept: list[Finding] = []
        dropped = 0
        for f in findings:
            fp = fingerprint(path, f, self.root)
            if self.counts.get(fp, 0) > 0:
                self.counts[fp] -= 1
                dropped += 1
            else:
                kept.append(f)
        return kept, dropped


def load_baseline(path: str | Path) -> Baseline:
    """Read a baseline file written by ``write_baseline``."""
    p = Path(path)
    try:
        data = json.loads(read_text_bounded(p, MAX_DATA_BYTES))
    except InputError as exc:
        if "UTF-8" in str(exc):
            raise BaselineError(f"{p}: baseline is not valid JSON") from None
        raise BaselineError(f"{p}: cannot read baseline: {exc}") from None
    except (json.JSONDecodeError, RecursionError):
        raise BaselineError(f"{p}: baseline is not valid JSON") from None
    if not isinstance(data, dict) or not isinstance(data.get("findings"), list):
        raise BaselineError(f"{p}: not a contractsmith baseline (no 'findings' list)")
    counts: Counter[str] = Counter()
    for entry in data["findings"]:
        if not isinstance(entry, dict) or not isinstance(entry.get("fingerprint"), str):
            raise BaselineError(f"{p}: baseline entry without a fingerprint")
        counts[entry["fingerprint"]] += 1
    return Baseline(path=p, counts=counts)


def baseline_entries(results: list[tuple[str, list[Finding]]], root: Path) -> list[dict[str, str]]:
    """Baseline entries for ``(path, findings)`` pairs, sorted for stable output."""
    entries = [
        {
            "fingerprint": fingerprint(path, f, root),
            "path": _relative(path, root),
            "rule": f.rule,
            "text": " ".join((f.text or "").split()),
        }
        for path, findings in results
        for f in findings
    ]
    return sorted(entries, key=lambda e: (e["path"], e["rule"], e["text"], e["fingerprint"]))


def write_baseline(path: str | Path, results: list[tuple[str, list[Finding]]]) -> int:
    """Record every finding in ``results`` as accepted; return how many were written."""
    p = Path(path)
    root = p.resolve().parent
    entries = baseline_entries(results, root)
    doc = {"tool": "contractsmith", "version": BASELINE_VERSION, "findings": entries}
    write_text_atomic(p, json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
    return len(entries)

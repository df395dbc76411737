"""clauses.lock: each clause id with its version and the sha256 of its body.

Like Accord Project's hashed templates: when the text of a clause changes, its version
must change too, so a contract's manifest (clause id + version) pins the exact wording.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from contractsmith.atomic import write_text_atomic
from contractsmith.inputs import MAX_SETTINGS_BYTES, InputError, read_text_bounded

LOCK_NAME = "clauses.lock"
LOCK_FORMAT = 1


def body_sha256(body: str) -> str:
    """Hash of a clause body with line endings normalised, so checkouts agree."""
    normalised = body.replace("\r\n", "\n").replace("\r", "\n")
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class LockEntry:
    version: str
    sha256: str


class LockError(Exception):
    """clauses.lock exists but cannot be read."""


def read_lock(path: Path) -> dict[str, LockEntry] | None:
    """The lock's entries, or None when there is no lock file."""
    if not path.exists():
        return None
    try:
        data = json.loads(read_text_bounded(path, MAX_SETTINGS_BYTES))
        clauses = data["clauses"]
        return {
            cid: LockEntry(str(entry["version"]), str(entry["sha256"]))
            for cid, entry in clauses.items()
        }
    except (InputError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
        raise LockError(
            f"{path}: cannot read lock file ({exc.__class__.__name__}: {exc})"
        ) from None


def write_lock(path: Path, entries: dict[str, LockEntry]) -> Path:
    """Write the lock deterministically (sorted ids, stable key order)."""
    data = {
        "format": LOCK_FORMAT,
        "comment": "Clause id -> version and sha256 of the body. Rewrite with "
        "`contractsmith lint --update-lock` after bumping versions.",
        "clauses": {
            cid: {"version": e.version, "sha256": e.sha256} for cid, e in sorted(entries.items())
        },
    }
    return write_text_atomic(path, json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def parse_semver(version: str) -> tuple[int, int, int] | None:
    parts = version.split(".")
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        return None
    return int(parts[0]), int(parts[1]), int(parts[2])

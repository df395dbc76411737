"""Atomic file writes: write to a temporary file beside the target, then rename.

The temporary file is ``.NAME.XXXXXXXX.tmp`` in the target's folder. A run killed
between creating and renaming it leaves that file behind, so the first write into a
folder in each process removes such files older than ``CONTRACTSMITH_STALE_MINUTES``
(default 10): no live write takes that long, and a file of another user is never touched.
"""

from __future__ import annotations

import os
import re
import stat
import tempfile
import threading
import time
from pathlib import Path

from contractsmith.env import env_number

ENV_STALE_MINUTES = "CONTRACTSMITH_STALE_MINUTES"
DEFAULT_STALE_MINUTES = 10.0

# mkstemp's names: the prefix, then 8 characters from [a-z0-9_], then the suffix.
_TEMP_NAME = re.compile(r"^\..+\.[a-z0-9_]{8}\.tmp$")
_SWEPT: set[str] = set()
_SWEPT_LOCK = threading.Lock()


def stale_minutes() -> float:
    """How old a leftover temporary file or folder must be before it is removed."""
    if os.environ.get(ENV_STALE_MINUTES, "").strip() in ("0", "0.0"):
        return 0.0  # remove leftovers of any age
    return env_number(ENV_STALE_MINUTES, DEFAULT_STALE_MINUTES, low=0.0, high=1e7)


def remove_stale_temps(
    folder: str | os.PathLike[str], *, minutes: float | None = None, now: float | None = None
) -> list[Path]:
    """Remove this module's temporary files in ``folder`` older than ``minutes``.

    Returns the files removed. Only regular files of the current user whose names
    match ``.NAME.XXXXXXXX.tmp`` are candidates; errors are ignored (best effort).
    """
    limit = (stale_minutes() if minutes is None else minutes) * 60
    now = time.time() if now is None else now
    uid = os.getuid() if hasattr(os, "getuid") else None
    removed: list[Path] = []
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return removed
    for entry in entries:
        if not _TEMP_NAME.match(entry.name):
            continue
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if not stat.S_ISREG(info.st_mode) or (uid is not None and info.st_uid != uid):
            continue
        if now - info.st_mtime < limit:
            continue
        try:
            os.unlink(entry.path)
        except OSError:
            continue
        removed.append(Path(entry.path))
    return removed


def _sweep_once(folder: Path) -> None:
    """Run :func:`remove_stale_temps` on ``folder`` the first time this process writes there."""
    key = os.path.abspath(folder)
    with _SWEPT_LOCK:
        if key in _SWEPT:
            return
        _SWEPT.add(key)
    remove_stale_temps(folder)


def write_bytes_atomic(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never half."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    _sweep_once(target.parent)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        # mkstemp creates 0600 files; give the result the permissions a plain open() would.
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    return target


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def write_text_atomic(path: str | os.PathLike[str], text: str) -> Path:
    """Write ``text`` as UTF-8; lone surrogates (undecodable file-name bytes) become ``\\udcXX``."""
    return write_bytes_atomic(path, text.encode("utf-8", "backslashreplace"))

"""Reading an input file safely: regular files only, never more than a size limit.

Every reader of a user-supplied file (specs, contracts, clause files, configuration,
baselines, playbooks, templates, label files) goes through ``read_bounded``. It refuses
devices, FIFOs and sockets without blocking on them (``/dev/zero`` would never end, a
FIFO would wait for a writer) and enforces the size limit while reading, so a file
that grows after ``stat`` or lies about its size still cannot exhaust memory.
"""

from __future__ import annotations

import os
import stat

MAX_SETTINGS_BYTES = 2_000_000
"""Largest configuration, playbook, clause or lock file read (they are a few kilobytes)."""

MAX_DATA_BYTES = 256 * 1024 * 1024
"""Largest baseline or label file read."""

_CHUNK = 1 << 20
_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


class InputError(Exception):
    """A file that cannot be read as input; ``str()`` is the problem, without the path."""


class InputTooLarge(InputError):
    """A file with more bytes than the reader's limit (found while reading, not from stat)."""


def _kind(mode: int) -> str:
    """A phrase for a file type that is not a regular file."""
    if stat.S_ISDIR(mode):
        return "is a directory"
    if stat.S_ISFIFO(mode):
        return "not a regular file (a FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "not a regular file (a device)"
    if stat.S_ISSOCK(mode):
        return "not a regular file (a socket)"
    return "not a regular file"


def _describe(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return "no such file"
    if isinstance(exc, IsADirectoryError):
        return "is a directory"
    if isinstance(exc, PermissionError):
        return "permission denied"
    return f"cannot read: {exc.strerror or exc}"


def too_large(limit: int) -> str:
    """The message for a file over ``limit`` bytes."""
    return f"file too large (more than {limit} bytes)"


def read_bounded(path: str | os.PathLike[str], limit: int) -> bytes:
    """The bytes of the regular file at ``path``; raises ``InputError`` beyond ``limit`` bytes.

    The file type is checked before opening (so a device is never opened) and again on
    the open descriptor (so a file swapped for a FIFO in between is still refused).
    """
    try:
        before = os.stat(path)
        if not stat.S_ISREG(before.st_mode):
            raise InputError(_kind(before.st_mode))
        fd = os.open(path, _FLAGS)
    except OSError as exc:
        raise InputError(_describe(exc)) from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise InputError(_kind(mode))
        return _read_at_most(fd, limit)
    except OSError as exc:
        raise InputError(_describe(exc)) from None
    finally:
        os.close(fd)


def _read_at_most(fd: int, limit: int) -> bytes:
    """Read until end of file, refusing once more than ``limit`` bytes have arrived."""
    chunks: list[bytes] = []
    total = 0
    while True:
        chunk = os.read(fd, min(_CHUNK, limit + 1 - total))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        total += len(chunk)
        if total > limit:
            raise InputTooLarge(too_large(limit))


def read_text_bounded(path: str | os.PathLike[str], limit: int) -> str:
    """``read_bounded`` decoded as UTF-8 (a leading BOM removed); ``InputError`` if not UTF-8."""
    data = read_bounded(path, limit)
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(f"not UTF-8 text (line {line})") from None

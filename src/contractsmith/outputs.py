"""Where a command writes: refuse outputs that would overwrite an input, and write reports.

One rule for every command that writes a file: an output path that is the same file as
any input, or as another output of the same run, is refused before any work is done.
"The same file" is decided on resolved real paths (symlinks and ``..`` removed) and, for
files that exist, on device and inode numbers, so hard links are caught too.

Report text may carry file names that are not valid UTF-8 (Python keeps their bytes as
lone surrogates); ``echo_report`` turns those into ``\\udcXX`` escapes so every writer can
encode its text, deterministically.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import NoReturn

import click

from contractsmith.atomic import write_text_atomic
from contractsmith.findings import EXIT_USAGE
from contractsmith.report.safe_text import say

PathLike = str | os.PathLike[str]


class OutputClash(Exception):
    """An output that would overwrite an input or another output; ``str()`` is one line."""


class OutputError(Exception):
    """An output that could not be written; ``str()`` is ``cannot write OUT: reason``."""


def _keys(path: PathLike) -> set[tuple]:
    """Identities of ``path``: its resolved real path, and its inode when it exists."""
    keys: set[tuple] = {("path", os.path.normcase(os.path.realpath(path)))}
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return keys
    keys.add(("inode", st.st_dev, st.st_ino))
    return keys


class OutputGuard:
    """The files a run reads and the outputs it has claimed so far."""

    def __init__(self, inputs: Iterable[PathLike] = ()) -> None:
        self._owners: dict[tuple, str] = {}
        for path in inputs:
            for key in _keys(path):
                self._owners.setdefault(key, f"an input ({path})")

    def claim(self, label: str, path: PathLike) -> None:
        """Reserve ``path`` as an output; ``OutputClash`` if it is an input or already claimed.

        ``label`` (an option such as ``-o``) starts the message.
        """
        keys = _keys(path)
        clash = next((self._owners[k] for k in sorted(keys) if k in self._owners), None)
        if clash is not None:
            raise OutputClash(f"{label} {path}: refusing to overwrite {clash}")
        for key in keys:
            self._owners[key] = f"another output of this run ({label} {path})"


def check_outputs(
    inputs: Iterable[PathLike], outputs: Iterable[tuple[str, PathLike | None]]
) -> None:
    """Raise ``OutputClash`` when an output is an input or repeats an earlier output.

    ``outputs`` are ``(label, path)`` pairs; ``None`` paths (options not given) are skipped.
    """
    guard = OutputGuard(inputs)
    for label, path in outputs:
        if path is not None:
            guard.claim(label, path)


def files_under(paths: Iterable[PathLike]) -> list[str]:
    """``paths`` with every file below each folder among them (symlinks not followed)."""
    out: list[str] = []
    for path in paths:
        out.append(os.fspath(path))
        if os.path.isdir(path):
            for folder, _dirs, names in os.walk(path):
                out.extend(os.path.join(folder, name) for name in names)
    return out


def refuse_or_exit(
    command: str, inputs: Iterable[PathLike], outputs: Iterable[tuple[str, PathLike | None]]
) -> None:
    """``check_outputs`` for ``command``; a clash exits 2 with one line."""
    try:
        check_outputs(inputs, outputs)
    except OutputClash as exc:
        usage_exit(command, str(exc))


def write_or_exit(command: str, output: PathLike, text: str) -> None:
    """Write a report to ``output`` for ``command``; exit 2 with one line if it cannot be."""
    try:
        write_report(output, text)
    except OutputError as exc:
        usage_exit(command, str(exc))


def usage_exit(command: str, message: str) -> NoReturn:
    """Print ``contractsmith COMMAND: error: message`` on stderr and exit 2."""
    say(f"contractsmith {command}: error: {message}", err=True)
    sys.exit(EXIT_USAGE)


def _encodable(text: str) -> str:
    """``text`` with lone surrogates (undecodable bytes of file names) as ``\\udcXX``; the
    report writers have already escaped every other unsafe character."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def write_report(path: PathLike, text: str) -> Path:
    """Write a report atomically; raises ``OutputError`` (one line) when it cannot."""
    try:
        return write_text_atomic(path, text)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        if isinstance(exc, FileExistsError | NotADirectoryError):
            reason = "a parent of it is not a folder"
        raise OutputError(f"cannot write {path}: {reason}") from None


def echo_report(text: str) -> None:
    """Print a report on standard output, whatever the encoding of the names in it."""
    click.echo(_encodable(text), nl=False)

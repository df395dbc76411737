"""Finding LibreOffice and running it safely: throwaway profiles, process groups, cleanup.

Every LibreOffice process started here runs headless in its own process group with its
own user profile in a fresh temporary directory, so two contractsmith runs (or two
workers of one run) never share a profile lock. Each live process is registered so that
an interrupt, a termination signal or interpreter exit kills its whole group
(``soffice`` is a launcher that starts ``soffice.bin``; killing only the launcher would
leave the real office process behind).
"""

from __future__ import annotations

import atexit
import os
import shutil
import signal
import subprocess
import tempfile
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

ENV_SOFFICE = "CONTRACTSMITH_SOFFICE"

MISSING_SOFFICE = (
    "LibreOffice (soffice) not found: install it (Debian/Ubuntu: apt-get install "
    "libreoffice-writer-nogui; macOS: brew install --cask libreoffice; Windows: winget install "
    "TheDocumentFoundation.LibreOffice) or set CONTRACTSMITH_SOFFICE to the soffice program"
)

# Where LibreOffice installs itself when it is not on PATH.
_WELL_KNOWN = (
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
)


class SofficeNotFound(RuntimeError):
    """LibreOffice is not installed or CONTRACTSMITH_SOFFICE does not point at it."""


def find_soffice() -> str | None:
    """The soffice program to run: ``$CONTRACTSMITH_SOFFICE``, then PATH, then install dirs.

    Returns None when nothing usable is found. A CONTRACTSMITH_SOFFICE that names a
    missing or non-executable file also yields None (it is never silently ignored).
    """
    configured = os.environ.get(ENV_SOFFICE, "").strip()
    if configured:
        found = shutil.which(configured)
        if found:
            return found
        path = Path(configured)
        return str(path) if path.is_file() and os.access(path, os.X_OK) else None
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for candidate in _WELL_KNOWN:
        if Path(candidate).is_file():
            return candidate
    return None


def require_soffice() -> str:
    """Like :func:`find_soffice` but raises :class:`SofficeNotFound` with install advice."""
    found = find_soffice()
    if found is None:
        configured = os.environ.get(ENV_SOFFICE, "").strip()
        if configured:
            raise SofficeNotFound(
                f"CONTRACTSMITH_SOFFICE={configured} is not an executable program; "
                + MISSING_SOFFICE
            )
        raise SofficeNotFound(MISSING_SOFFICE)
    return found


# --- the registry of live processes -------------------------------------------------

_LIVE: set[subprocess.Popen[bytes]] = set()
_LIVE_LOCK = threading.Lock()


def kill_process_group(proc: subprocess.Popen[bytes]) -> None:
    """Kill ``proc`` and every process in its group, then reap it. Safe to call twice."""
    if proc.poll() is None or os.name != "nt":
        try:
            if os.name == "nt":
                proc.kill()
            else:
                os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError, OSError):
            pass
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:  # pragma: no cover - a process that survives SIGKILL
        pass


def kill_all() -> None:
    """Kill every LibreOffice process group this interpreter started and still owns."""
    with _LIVE_LOCK:
        procs = list(_LIVE)
        _LIVE.clear()
    for proc in procs:
        kill_process_group(proc)


atexit.register(kill_all)


def spawn(args: Sequence[str], tmpdir: Path | None = None) -> subprocess.Popen[bytes]:
    """Start ``args`` in a new process group, registered for cleanup.

    stdout and stderr are merged into one pipe (LibreOffice reports per-document progress
    on stdout and load errors on stderr, and the order between them matters). With
    ``tmpdir`` the process keeps its temporary files there (TMPDIR/TMP/TEMP), so that a
    killed office leaves nothing behind once that folder is removed.
    """
    kwargs: dict[str, object] = {}
    if os.name == "nt":  # pragma: no cover - exercised on Windows only
        kwargs["creationflags"] = subprocess.CREATE_NEW_PROCESS_GROUP
    else:
        kwargs["start_new_session"] = True
    env = dict(os.environ)
    env.setdefault("SAL_USE_VCLPLUGIN", "svp")  # never try to reach a display
    if tmpdir is not None:
        tmpdir.mkdir(parents=True, exist_ok=True)
        env.update(TMPDIR=str(tmpdir), TMP=str(tmpdir), TEMP=str(tmpdir))
    proc = subprocess.Popen(
        list(args),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=env,
        **kwargs,  # type: ignore[arg-type]
    )
    with _LIVE_LOCK:
        _LIVE.add(proc)
    return proc


def release(proc: subprocess.Popen[bytes]) -> None:
    """Kill what is left of ``proc``'s group and drop it from the registry."""
    kill_process_group(proc)
    with _LIVE_LOCK:
        _LIVE.discard(proc)


@contextmanager
def signals_kill_children() -> Iterator[None]:
    """While active, SIGTERM/SIGHUP end the program through SystemExit, so that cleanup runs.

    Ctrl-C already arrives as KeyboardInterrupt. Only the main thread can install
    handlers; elsewhere this does nothing and the atexit hook remains the safety net.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous: dict[int, object] = {}

    def _exit(signum: int, _frame: object) -> None:
        kill_all()
        raise SystemExit(128 + signum)

    for name in ("SIGTERM", "SIGHUP"):
        signum = getattr(signal, name, None)
        if signum is None:
            continue
        try:
            if signal.getsignal(signum) in (signal.SIG_DFL, None):
                previous[signum] = signal.signal(signum, _exit)
        except (ValueError, OSError):  # pragma: no cover
            pass
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)  # type: ignore[arg-type]


class Profile:
    """A throwaway LibreOffice user profile directory; :meth:`reset` starts a fresh one."""

    def __init__(self) -> None:
        self.path = Path(tempfile.mkdtemp(prefix="contractsmith-lo-"))

    @property
    def tmp(self) -> Path:
        """The office's temporary-files folder (inside the profile, removed with it)."""
        return self.path / "tmp"

    @property
    def url(self) -> str:
        """The ``-env:UserInstallation`` value for this profile."""
        return self.path.joinpath("profile").as_uri()

    def reset(self) -> None:
        """Throw the profile away (e.g. after a killed process left a lock in it)."""
        shutil.rmtree(self.path / "profile", ignore_errors=True)
        shutil.rmtree(self.tmp, ignore_errors=True)

    def remove(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)


def soffice_version(soffice: str, timeout: float = 60.0) -> str | None:
    """The ``soffice --version`` line (e.g. ``LibreOffice 7.4.7.2 40(Build:2)``), or None."""
    profile = Profile()
    try:
        proc = spawn([soffice, f"-env:UserInstallation={profile.url}", "--version"], profile.tmp)
        try:
            out, _ = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            return None
        finally:
            release(proc)
        for line in out.decode("utf-8", "replace").splitlines():
            if line.startswith("LibreOffice"):
                return line.strip()
        return None
    finally:
        profile.remove()


__all__ = [
    "ENV_SOFFICE",
    "MISSING_SOFFICE",
    "Profile",
    "SofficeNotFound",
    "find_soffice",
    "kill_all",
    "kill_process_group",
    "release",
    "require_soffice",
    "signals_kill_children",
    "soffice_version",
    "spawn",
]

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
import stat
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from contractsmith.atomic import stale_minutes

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


# The guard: a tiny Python process that leads the office's process group. It asks the
# kernel (prctl PR_SET_PDEATHSIG) for SIGTERM when its parent dies, even by SIGKILL, and
# then kills the whole group; so soffice.bin (started by oosplash, which a death signal
# set on soffice itself would not reach) never outlives contractsmith. It passes on the
# office's exit status, re-raising a fatal signal so a crash still reads as one. (The
# death signal follows the thread that started the guard; every caller waits for its
# office in that same thread.)
_GUARD = """
import ctypes, os, signal, sys
def end(signum, frame):
    try:
        os.killpg(0, signal.SIGKILL)
    finally:
        os._exit(128 + signum)
signal.signal(signal.SIGTERM, end)
signal.signal(signal.SIGHUP, end)
try:
    ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGTERM), 0, 0, 0)
except Exception:
    pass
if os.getppid() != int(sys.argv[1]):
    end(signal.SIGTERM, None)
try:
    pid = os.posix_spawnp(sys.argv[2], sys.argv[2:], os.environ)
except OSError as exc:
    print(f"cannot start {sys.argv[2]}: {exc.strerror or exc}", flush=True)
    os._exit(127)
status = os.waitpid(pid, 0)[1]
if os.WIFSIGNALED(status):
    signal.signal(os.WTERMSIG(status), signal.SIG_DFL)
    os.kill(os.getpid(), os.WTERMSIG(status))
os._exit(os.waitstatus_to_exitcode(status))
"""


def guarded(args: Sequence[str]) -> list[str]:
    """``args`` run under the guard on Linux (where prctl exists); unchanged elsewhere."""
    if not sys.platform.startswith("linux") or not sys.executable:
        return list(args)
    return [sys.executable, "-I", "-S", "-c", _GUARD, str(os.getpid()), *args]


def spawn(args: Sequence[str], tmpdir: Path | None = None) -> subprocess.Popen[bytes]:
    """Start ``args`` in a new process group, registered for cleanup.

    stdout and stderr are merged into one pipe (LibreOffice reports per-document progress
    on stdout and load errors on stderr, and the order between them matters). With
    ``tmpdir`` the process keeps its temporary files there (TMPDIR/TMP/TEMP), so that a
    killed office leaves nothing behind once that folder is removed. On Linux the
    process runs under a guard that kills its group when contractsmith dies, however
    it dies (see ``_GUARD``).
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
        guarded(args),
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


# --- throwaway profiles -------------------------------------------------------------

PROFILE_PREFIX = "contractsmith-lo-"
OWNER_FILE = "owner.pid"

# A blackhole proxy: LibreOffice sends any http/https/ftp request it still makes here
# (the discard port on loopback) instead of to the network.
_DEAD_PROXY = ("127.0.0.1", "9")


def _xcu_prop(path: str, name: str, value: str) -> str:
    return (
        f'<item oor:path="{path}"><prop oor:name="{name}" oor:op="fuse">'
        f"<value>{value}</value></prop></item>"
    )


def profile_settings() -> str:
    """The ``registrymodifications.xcu`` every profile starts with: no fetching, no macros.

    ``BlockUntrustedRefererLinks`` stops LibreOffice 7.x from loading linked pictures and
    other resources a document refers to (documents are converted from a folder that is
    not a trusted location); the proxy settings send whatever is left to a dead end.
    Converted DOCX files have their outside links stripped first, so these are a second
    line of defence.
    """
    security = "/org.openoffice.Office.Common/Security/Scripting"
    inet = "/org.openoffice.Inet/Settings"
    host, port = _DEAD_PROXY
    items = [
        _xcu_prop(security, "BlockUntrustedRefererLinks", "true"),
        _xcu_prop(security, "DisableMacrosExecution", "true"),
        _xcu_prop(security, "MacroSecurityLevel", "3"),
        _xcu_prop(inet, "ooInetProxyType", "1"),
        _xcu_prop(inet, "ooInetNoProxy", ""),
    ]
    for scheme in ("HTTP", "HTTPS", "FTP"):
        items.append(_xcu_prop(inet, f"ooInet{scheme}ProxyName", host))
        items.append(_xcu_prop(inet, f"ooInet{scheme}ProxyPort", port))
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
        'xmlns:xs="http://www.w3.org/2001/XMLSchema" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
        + "\n".join(items)
        + "\n</oor:items>\n"
    )


def pid_alive(pid: int) -> bool:
    """True when a process with ``pid`` exists (or exists but belongs to someone else)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def _profile_owner(folder: Path) -> int | None:
    try:
        return int((folder / OWNER_FILE).read_text(encoding="ascii").strip())
    except (OSError, ValueError):
        return None


def _command_lines() -> list[bytes]:
    """Every process's command line (Linux /proc; empty elsewhere)."""
    lines: list[bytes] = []
    try:
        entries = list(Path("/proc").iterdir())
    except OSError:
        return lines
    for entry in entries:
        if entry.name.isdigit():
            try:
                lines.append((entry / "cmdline").read_bytes())
            except OSError:
                continue
    return lines


def remove_stale_profiles(
    root: Path | None = None, *, minutes: float | None = None, now: float | None = None
) -> list[Path]:
    """Remove ``contractsmith-lo-*`` folders left by killed runs; return those removed.

    A folder is stale when it is older than ``minutes`` (default: :func:`stale_minutes`),
    the process recorded in its ``owner.pid`` is gone (a folder without an owner file,
    from an older version or a run killed at creation, counts as ownerless) and no
    running process names it on its command line (an office still using it does).
    Folders of other users are never touched.
    """
    root = Path(tempfile.gettempdir()) if root is None else root
    limit = (stale_minutes() if minutes is None else minutes) * 60
    now = time.time() if now is None else now
    removed: list[Path] = []
    try:
        candidates = sorted(root.glob(f"{PROFILE_PREFIX}*"))
    except OSError:
        return removed
    uid = os.getuid() if hasattr(os, "getuid") else None
    running: list[bytes] | None = None
    for folder in candidates:
        try:
            info = folder.lstat()
        except OSError:
            continue
        if not stat.S_ISDIR(info.st_mode) or (uid is not None and info.st_uid != uid):
            continue
        if now - info.st_mtime < limit:
            continue
        owner = _profile_owner(folder)
        if owner is not None and pid_alive(owner):
            continue
        running = _command_lines() if running is None else running
        if any(os.fsencode(folder) in line for line in running):
            continue
        shutil.rmtree(folder, ignore_errors=True)
        removed.append(folder)
    return removed


_SWEPT = False
_SWEPT_LOCK = threading.Lock()


def _sweep_once() -> None:
    """Remove stale profiles at the first profile this process creates."""
    global _SWEPT
    with _SWEPT_LOCK:
        if _SWEPT:
            return
        _SWEPT = True
    remove_stale_profiles()


class Profile:
    """A throwaway LibreOffice user profile directory; :meth:`reset` starts a fresh one.

    The folder records the owning process id, so that a later run can tell a folder left
    by a killed run from one in use; it starts with :func:`profile_settings`.
    """

    def __init__(self) -> None:
        _sweep_once()
        self.path = Path(tempfile.mkdtemp(prefix=PROFILE_PREFIX))
        (self.path / OWNER_FILE).write_text(f"{os.getpid()}\n", encoding="ascii")
        self._write_settings()

    def _write_settings(self) -> None:
        user = self.path / "profile" / "user"
        user.mkdir(parents=True, exist_ok=True)
        (user / "registrymodifications.xcu").write_text(profile_settings(), encoding="utf-8")

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
        self._write_settings()

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
    "guarded",
    "kill_all",
    "kill_process_group",
    "pid_alive",
    "profile_settings",
    "release",
    "remove_stale_profiles",
    "require_soffice",
    "signals_kill_children",
    "soffice_version",
    "spawn",
]

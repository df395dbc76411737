"""Resource limits for reading untrusted contract files: input size, ZIP shape, time.

Every limit has a default and an environment override so a batch run can be tuned
without code changes:

* ``CONTRACTSMITH_MAX_INPUT_MB``: largest input file read (default 100 MB).
* ``CONTRACTSMITH_INGEST_TIMEOUT``: seconds allowed to extract one file (default 60).

``time_limit`` bounds a block of work with a SIGALRM timer when it runs in a process's
main thread (which includes the main thread of a multiprocessing worker); elsewhere it
falls back to a cooperative deadline that ``Deadline.check`` enforces between steps.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from contractsmith.ingest.model import IngestError

MB = 1024 * 1024


def _env_number(name: str, default: float) -> float:
    """Read a positive number from the environment, falling back to ``default``."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        return default
    return value if value > 0 else default


def _default_max_input() -> int:
    return int(_env_number("CONTRACTSMITH_MAX_INPUT_MB", 100) * MB)


def _default_timeout() -> float:
    return _env_number("CONTRACTSMITH_INGEST_TIMEOUT", 60.0)


@dataclass(frozen=True)
class Limits:
    """The bounds one ``read_document`` call works within.

    ``max_zip_ratio`` is checked per ZIP member (uncompressed / compressed size);
    ``max_zip_total`` bounds the sum of all members' declared uncompressed sizes.
    """

    max_input_bytes: int = field(default_factory=_default_max_input)
    max_zip_members: int = 5000
    max_zip_total: int = 200 * MB
    max_zip_ratio: float = 100.0
    # Members smaller than this are never judged by ratio (tiny XML parts compress well).
    ratio_floor_bytes: int = 1 * MB
    timeout_s: float = field(default_factory=_default_timeout)


def check_input_size(path: str, size: int, limits: Limits) -> None:
    """Refuse a file larger than the input limit, before any of it is read."""
    if size > limits.max_input_bytes:
        raise IngestError(
            f"file too large: {size / MB:.1f} MB exceeds the {limits.max_input_bytes / MB:.0f} MB"
            " limit (set CONTRACTSMITH_MAX_INPUT_MB to raise it)"
        )


class IngestTimeout(BaseException):
    """Raised inside extraction when the time limit fires.

    A BaseException so that library code catching ``Exception`` to recover from bad
    input cannot swallow it.
    """


@dataclass
class Deadline:
    """A wall-clock deadline that long loops check between steps."""

    seconds: float
    started: float = field(default_factory=time.monotonic)

    def expired(self) -> bool:
        return time.monotonic() - self.started > self.seconds

    def check(self) -> None:
        """Raise IngestTimeout once the deadline has passed."""
        if self.expired():
            raise IngestTimeout()


def _can_use_alarm() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def time_limit(seconds: float) -> Iterator[Deadline]:
    """Bound the enclosed block to ``seconds``; yields a Deadline for cooperative checks.

    Raises ``IngestError`` ("timed out after N s") when the time is up. In the main
    thread a real interval timer interrupts even a loop inside a library; a timer that
    was already armed by the caller is restored afterwards.
    """
    deadline = Deadline(seconds)
    use_alarm = _can_use_alarm()
    previous_handler = None
    previous_timer = (0.0, 0.0)

    def _on_alarm(signum: int, frame: object) -> None:
        raise IngestTimeout()

    if use_alarm:
        previous_handler = signal.signal(signal.SIGALRM, _on_alarm)
        previous_timer = signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield deadline
    except IngestTimeout:
        raise IngestError(f"timed out after {seconds:g} s: file too slow to extract") from None
    finally:
        if use_alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous_handler or signal.SIG_DFL)
            if previous_timer[0] > 0:
                remaining = max(previous_timer[0] - (time.monotonic() - deadline.started), 0.001)
                signal.setitimer(signal.ITIMER_REAL, remaining, previous_timer[1])

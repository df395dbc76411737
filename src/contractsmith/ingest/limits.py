"""Resource limits for reading untrusted contract files: input size, ZIP shape, time,
pages, paragraphs and text length.

Every limit has a default and an environment override so a batch run can be tuned
without code changes:

* ``CONTRACTSMITH_MAX_INPUT_MB``: largest input file read (default 100 MB).
* ``CONTRACTSMITH_FILE_TIMEOUT``: seconds allowed to check one file, reading and analysis
  together (default 60). ``CONTRACTSMITH_INGEST_TIMEOUT`` bounds the reading alone
  (default: the file limit).
* ``CONTRACTSMITH_MAX_PAGES``: most pages a PDF may have (default 5,000); more is an error.
* ``CONTRACTSMITH_MAX_PARAGRAPHS``: most paragraphs a document may have, empty ones
  included (default 100,000); more is an error.
* ``CONTRACTSMITH_MAX_TEXT_CHARS``: most characters of text checked (default 5,000,000,
  about 2,000 pages); a longer text is cut there and the cut is reported.

``time_limit`` bounds a block of work with a SIGALRM timer when it runs in a process's
main thread (which includes the main thread of a multiprocessing worker); elsewhere it
falls back to a cooperative deadline that ``Deadline.check`` enforces between steps.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from contractsmith.env import env_setting
from contractsmith.ingest.model import IngestError

MB = 1024 * 1024


def _env_number(name: str, default: float) -> float:
    return env_setting(name, default)


def _default_max_input() -> int:
    return int(_env_number("CONTRACTSMITH_MAX_INPUT_MB", 100) * MB)


def file_timeout() -> float:
    """Seconds allowed to check one file, from reading it to the last finding."""
    return _env_number("CONTRACTSMITH_FILE_TIMEOUT", 60.0)


def _default_timeout() -> float:
    return _env_number("CONTRACTSMITH_INGEST_TIMEOUT", file_timeout())


def _default_max_pages() -> int:
    return int(_env_number("CONTRACTSMITH_MAX_PAGES", 5000))


def _default_max_paragraphs() -> int:
    return int(_env_number("CONTRACTSMITH_MAX_PARAGRAPHS", 100_000))


def _default_max_text() -> int:
    return int(_env_number("CONTRACTSMITH_MAX_TEXT_CHARS", 5_000_000))


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
    max_pages: int = field(default_factory=_default_max_pages)
    max_paragraphs: int = field(default_factory=_default_max_paragraphs)
    max_text_chars: int = field(default_factory=_default_max_text)


def check_input_size(path: str, size: int, limits: Limits) -> None:
    """Refuse a file larger than the input limit, before any of it is read."""
    if size > limits.max_input_bytes:
        raise IngestError(
            f"file too large: {size / MB:.1f} MB exceeds the {limits.max_input_bytes / MB:.0f} MB"
            " limit (set CONTRACTSMITH_MAX_INPUT_MB to raise it)"
        )


def too_many(what: str, limit: int, env: str, count: int | None = None) -> IngestError:
    """The one-line error for a document with more ``what`` than a count limit allows
    (``count`` when it is known; a reader that stops counting at the limit omits it)."""
    found = f"{count}" if count is not None else f"more than {limit}"
    return IngestError(f"too many {what}: {found} (limit {limit}; set {env} to raise it)")


TRUNCATED = "text_truncated"  # Document.metadata key of the note below
UNREADABLE_PAGES = "unreadable_pages"  # Document.metadata key: pages a reader had to skip
PACKAGE_REPAIRED = "package_repaired"  # Document.metadata key: a DOCX read after repairs


def truncation_note(limit: int) -> str:
    """The note recorded when a document's text is cut at ``limit`` characters."""
    return (
        f"text truncated at {limit} characters; the rest was not checked"
        " (set CONTRACTSMITH_MAX_TEXT_CHARS to raise the limit)"
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
def time_limit(seconds: float, *, doing: str = "extract", hint: str = "") -> Iterator[Deadline]:
    """Bound the enclosed block to ``seconds``; yields a Deadline for cooperative checks.

    Raises ``IngestError`` ("timed out after N s: file too slow to ``doing``", then
    ``hint``) when the time is up. In the main thread a real interval timer interrupts
    even a loop inside a library; a timer already armed by an enclosing limit is never
    outlived (the shorter one fires) and is restored afterwards.
    """
    deadline = Deadline(seconds)
    use_alarm = _can_use_alarm()
    previous_handler = None
    previous_timer = (0.0, 0.0)

    def _on_alarm(signum: int, frame: object) -> None:
        raise IngestTimeout()

    try:
        # Armed inside the try: a timer shorter than the arming itself still ends here.
        if use_alarm:
            previous_handler = signal.signal(signal.SIGALRM, _on_alarm)
            previous_timer = signal.setitimer(signal.ITIMER_REAL, seconds)
            if 0 < previous_timer[0] < seconds:  # the enclosing limit ends first
                signal.setitimer(signal.ITIMER_REAL, previous_timer[0])
        yield deadline
    except IngestTimeout:
        message = f"timed out after {seconds:g} s: file too slow to {doing}"
        raise IngestError(f"{message} {hint}".strip()) from None
    finally:
        if use_alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous_handler or signal.SIG_DFL)
            if previous_timer[0] > 0:
                remaining = max(previous_timer[0] - (time.monotonic() - deadline.started), 0.001)
                signal.setitimer(signal.ITIMER_REAL, remaining, previous_timer[1])

"""A pool of batched, long-lived headless LibreOffice workers converting DOCX to PDF.

Each worker owns a throwaway profile and converts documents in chunks with one
``soffice --convert-to pdf d1.docx d2.docx ...`` process per chunk, so LibreOffice's
start-up (about a second) is paid once per chunk instead of once per document, and the
process is recycled after ``chunk_size`` documents, which bounds memory growth.

LibreOffice reports each document as it goes (``convert <src> -> <dst> ...`` after a
successful load, ``Error: source file could not be loaded`` otherwise). That stream is
the worker's heartbeat: when nothing arrives for ``timeout`` seconds the process group is
killed, the profile thrown away, the document that was in progress is retried once (on
its own), and the documents after it go back to the queue untouched.

Measured on LibreOffice 7.4, 2 cores: a persistent UNO listener converted 15-page
documents at 0.15 s each, a batched ``--convert-to`` run at 0.16 s each plus about 1 s of
start-up per chunk; batching needs no Python-UNO bridge (which Debian ships separately as
python3-uno and which is tied to the system interpreter), so it is the engine used here.
"""

from __future__ import annotations

import json
import math
import queue
import re
import shutil
import subprocess
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from contractsmith.generate.soffice import (
    Profile,
    release,
    signals_kill_children,
    spawn,
)
from contractsmith.ingest.model import IngestError
from contractsmith.ooxml_active import is_outside_link, sanitize_docx

DEFAULT_CHUNK = 50  # documents per LibreOffice process before it is recycled
MIN_CHUNK = 8  # smallest chunk handed out while more documents are waiting
MAX_ATTEMPTS = 2  # the first try and one retry
STARTUP_FAILURES = 3  # runs in a row that end before the first document: give up

_CONVERT_RE = re.compile(r"^convert (?P<src>.+?) -> (?P<dst>.+?) using filter")
_LOAD_ERROR = "Error: source file could not be loaded"

# Called from worker threads as each document finishes: (index, pdf path or None, error).
DoneCallback = Callable[[int, Path | None, str | None], None]


def pdf_filter(pdf_version: int | None = None) -> str:
    """The ``--convert-to`` target: LibreOffice's PDF export, optionally PDF/A.

    ``pdf_version`` is the export filter's ``SelectPdfVersion``: 1, 2 or 3 for
    PDF/A-1b, -2b, -3b; None for plain PDF. The JSON option syntax needs LibreOffice 7.4+.
    """
    if not pdf_version:
        return "pdf:writer_pdf_Export"
    options = {"SelectPdfVersion": {"type": "long", "value": str(int(pdf_version))}}
    return "pdf:writer_pdf_Export:" + json.dumps(options, separators=(",", ":"))


def is_complete_pdf(path: Path) -> bool:
    """True when ``path`` looks like a finished PDF (header and a trailing ``%%EOF``)."""
    try:
        size = path.stat().st_size
        if size < 64:
            return False
        with path.open("rb") as fh:
            head = fh.read(5)
            fh.seek(max(0, size - 1024))
            tail = fh.read()
    except OSError:
        return False
    return head == b"%PDF-" and b"%%EOF" in tail


def stage_document(source: Path, target: Path) -> None:
    """Copy ``source`` to ``target`` without outside links, so LibreOffice fetches nothing.

    A file that is not a readable package is copied as it is: LibreOffice then reports it
    as a load failure like any other broken document.
    """
    data = source.read_bytes()
    if data.startswith(b"PK"):
        try:
            data, _ = sanitize_docx(data, is_outside_link)
        except IngestError:
            pass
    target.write_bytes(data)


@dataclass
class _Job:
    """One document in the queue."""

    index: int
    source: Path
    attempts: int = 0
    last_error: str | None = None


@dataclass
class _Run:
    """What one LibreOffice process did with a chunk."""

    started: set[int] = field(default_factory=set)  # job indexes LibreOffice loaded
    load_failed: set[int] = field(default_factory=set)
    store_failed: set[int] = field(default_factory=set)
    events: int = 0
    killed: bool = False
    returncode: int | None = None
    last_line: str = ""


class ConverterPool:
    """Converts DOCX files to PDF with ``jobs`` LibreOffice workers.

    ``timeout`` is the longest LibreOffice may go without finishing a document (start-up
    included for the first one of a chunk). Use :meth:`convert`; each call starts its
    workers and tears them down (processes killed, profiles removed) before returning,
    also when interrupted.
    """

    def __init__(
        self,
        soffice: str,
        *,
        jobs: int = 1,
        timeout: float = 120.0,
        pdf_version: int | None = None,
        chunk_size: int = DEFAULT_CHUNK,
        max_attempts: int = MAX_ATTEMPTS,
        on_start: Callable[[subprocess.Popen[bytes]], None] | None = None,
    ) -> None:
        self.soffice = soffice
        self.jobs = max(1, int(jobs))
        self.timeout = float(timeout)
        self.filter = pdf_filter(pdf_version)
        self.chunk_size = max(1, int(chunk_size))
        self.max_attempts = max(1, int(max_attempts))
        self.on_start = on_start  # observer hook (benchmarks sample memory with it)
        self._queue: deque[_Job] = deque()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._abort: str | None = None
        self._startup_failures = 0
        self._live: set[subprocess.Popen[bytes]] = set()  # this pool's office processes

    # --- public --------------------------------------------------------------------

    def convert(self, sources: Sequence[Path], on_done: DoneCallback) -> None:
        """Convert every source; ``on_done`` is called exactly once per source index.

        The PDF handed to ``on_done`` lives in a staging folder and is deleted once the
        callback returns, so the callback must copy or post-process it right away.
        """
        if not sources:
            return
        self._queue = deque(_Job(i, Path(s)) for i, s in enumerate(sources))
        self._stop.clear()
        self._abort = None
        self._startup_failures = 0
        done_lock = threading.Lock()
        reported: set[int] = set()

        def report(index: int, pdf: Path | None, error: str | None) -> None:
            with done_lock:
                if index in reported:
                    return
                reported.add(index)
                on_done(index, pdf, error)

        workers = min(self.jobs, len(sources))
        finished = [threading.Event() for _ in range(workers)]
        threads = [
            threading.Thread(
                target=self._worker, args=(report, finished[n]), name=f"soffice-{n}", daemon=True
            )
            for n in range(workers)
        ]
        # Waiting uses Events, not Thread.join: a join interrupted by Ctrl-C marks the
        # thread as finished while it still runs (CPython bpo-45274), and the cleanup
        # below must really wait for the workers to remove their profiles.
        with signals_kill_children():
            try:
                for t in threads:
                    t.start()
                for event in finished:
                    while not event.wait(0.2):
                        pass
            except BaseException:
                self._stop.set()
                with self._lock:
                    live = list(self._live)
                for proc in live:
                    release(proc)
                deadline = time.monotonic() + 20
                for event in finished:
                    event.wait(max(0.0, deadline - time.monotonic()))
                raise
        if self._stop.is_set():
            return
        for i in range(len(sources)):  # anything a worker could not settle
            report(i, None, self._abort or "LibreOffice did not convert the document")

    # --- worker --------------------------------------------------------------------

    def _take(self) -> list[_Job]:
        """The next chunk: a retried document alone, otherwise an even share of the rest."""
        with self._lock:
            if not self._queue or self._stop.is_set() or self._abort:
                return []
            if self._queue[0].attempts > 0:
                return [self._queue.popleft()]
            # An even share of what is left balances the workers at the end of a batch;
            # MIN_CHUNK keeps that tail from costing one office start-up per document.
            share = math.ceil(len(self._queue) / self.jobs)
            size = min(self.chunk_size, max(share, MIN_CHUNK))
            chunk: list[_Job] = []
            while self._queue and len(chunk) < size and self._queue[0].attempts == 0:
                chunk.append(self._queue.popleft())
            return chunk

    def _requeue(self, jobs: list[_Job]) -> None:
        """Put jobs back: untried ones first (in order), retries last (run one at a time)."""
        with self._lock:
            self._queue.extendleft(reversed([job for job in jobs if job.attempts == 0]))
            self._queue.extend(job for job in jobs if job.attempts > 0)

    def _worker(self, report: DoneCallback, finished: threading.Event) -> None:
        try:
            self._work(report)
        except Exception as exc:  # a bug must not hang the batch: report it for all left
            with self._lock:
                if self._abort is None:
                    self._abort = f"PDF conversion failed: {type(exc).__name__}: {exc}"
                    self._abort = self._abort.splitlines()[0]
        finally:
            finished.set()

    def _work(self, report: DoneCallback) -> None:
        profile = Profile()
        stage_in = profile.path / "in"
        stage_out = profile.path / "out"
        try:
            while not self._stop.is_set():
                chunk = self._take()
                if not chunk:
                    break
                self._run_chunk(chunk, profile, stage_in, stage_out, report)
            with self._lock:
                abort = self._abort
                leftovers = list(self._queue) if abort else []
                if abort:
                    self._queue.clear()
            for job in leftovers:
                report(job.index, None, abort)
        finally:
            profile.remove()

    def _run_chunk(
        self,
        chunk: list[_Job],
        profile: Profile,
        stage_in: Path,
        stage_out: Path,
        report: DoneCallback,
    ) -> None:
        shutil.rmtree(stage_in, ignore_errors=True)
        shutil.rmtree(stage_out, ignore_errors=True)
        stage_in.mkdir(parents=True)
        stage_out.mkdir(parents=True)
        staged: dict[str, _Job] = {}
        inputs: list[Path] = []
        for job in chunk:
            # Unique staged names: two contracts called "agreement.docx" in different
            # folders would otherwise overwrite each other's PDF in one --outdir.
            name = f"c{job.index:07d}"
            target = stage_in / f"{name}{job.source.suffix.lower() or '.docx'}"
            try:
                stage_document(job.source, target)
            except OSError as exc:
                report(job.index, None, f"cannot read {job.source}: {exc.strerror or exc}")
                continue
            staged[name] = job
            inputs.append(target)
        if not inputs:
            return
        order = [staged[p.stem] for p in inputs]
        settled: set[int] = set()

        def settle_finished(upto: int) -> None:
            """Hand over every document before position ``upto`` whose PDF is complete."""
            for job in order[:upto]:
                if job.index in settled:
                    continue
                pdf = stage_out / f"c{job.index:07d}.pdf"
                if is_complete_pdf(pdf):
                    settled.add(job.index)
                    try:
                        report(job.index, pdf, None)
                    finally:
                        pdf.unlink(missing_ok=True)

        run = self._execute(inputs, profile, stage_out, order, settle_finished)
        settle_finished(len(order))

        pending = [job for job in order if job.index not in settled]
        if not pending:
            self._startup_failures = 0
            return
        crashed = run.returncode not in (0, None)
        if crashed and not run.killed and run.events == 0:
            # Exited before reporting on any document: the first one may have crashed it,
            # or LibreOffice cannot start at all. Three such runs in a row mean the latter.
            profile.reset()
            with self._lock:
                self._startup_failures += 1
                if self._startup_failures >= STARTUP_FAILURES and self._abort is None:
                    detail = f": {run.last_line}" if run.last_line else ""
                    self._abort = (
                        f"LibreOffice failed to start (exit code {run.returncode}){detail}"
                    )
                abort = self._abort
            if abort:
                for job in pending:
                    report(job.index, None, abort)
                return
        else:
            self._startup_failures = 0
        failed: list[_Job] = []  # attempted and failed: counts as a try
        unknown: list[_Job] = []  # LibreOffice never reported on these
        for job in pending:
            if job.index in run.load_failed:
                job.last_error = "LibreOffice could not load the document"
                failed.append(job)
            elif job.index in run.store_failed:
                job.last_error = "LibreOffice could not write the PDF"
                failed.append(job)
            else:
                unknown.append(job)
        if unknown and (run.killed or crashed):
            # Hung or crashed: the first unreported document is the one it was working on;
            # the documents after it go back to the queue without losing a try.
            culprit, rest = unknown[0], unknown[1:]
            if run.killed:
                culprit.last_error = f"LibreOffice timed out after {self.timeout:g}s"
            else:
                culprit.last_error = f"LibreOffice crashed (exit code {run.returncode})"
                if run.last_line:
                    culprit.last_error += f": {run.last_line}"
            failed.append(culprit)
            self._requeue(rest)
        else:
            for job in unknown:
                job.last_error = "LibreOffice produced no PDF"
            failed += unknown
        for job in failed:
            job.attempts += 1
        self._finish_or_retry(failed, report)

    def _finish_or_retry(self, jobs: list[_Job], report: DoneCallback) -> None:
        retry: list[_Job] = []
        for job in jobs:
            if job.attempts >= self.max_attempts:
                tries = " (after a retry)" if job.attempts > 1 else ""
                report(job.index, None, f"{job.last_error}{tries}")
            else:
                retry.append(job)
        self._requeue(retry)

    def _execute(
        self,
        inputs: list[Path],
        profile: Profile,
        outdir: Path,
        order: list[_Job],
        settle_finished: Callable[[int], None],
    ) -> _Run:
        """Run one LibreOffice process over ``inputs``, watching its progress lines."""
        run = _Run()
        args = [
            self.soffice,
            f"-env:UserInstallation={profile.url}",
            "--headless",
            "--invisible",
            "--nologo",
            "--nodefault",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            self.filter,
            "--outdir",
            str(outdir),
            *[str(p) for p in inputs],
        ]
        position = {f"c{job.index:07d}": n for n, job in enumerate(order)}
        proc = spawn(args, profile.tmp)
        with self._lock:
            self._live.add(proc)
        if self.on_start is not None:
            self.on_start(proc)
        lines: queue.Queue[str | None] = queue.Queue()

        def pump() -> None:
            assert proc.stdout is not None
            for raw in proc.stdout:
                lines.put(raw.decode("utf-8", "replace").rstrip())
            lines.put(None)

        reader = threading.Thread(target=pump, daemon=True)
        reader.start()
        cursor = 0  # position of the next document LibreOffice has not reported on
        deadline = time.monotonic() + self.timeout
        try:
            while True:
                if self._stop.is_set():
                    run.killed = True
                    break
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    run.killed = True
                    break
                try:
                    line = lines.get(timeout=min(remaining, 0.5))
                except queue.Empty:
                    continue
                if line is None:
                    break
                if line:
                    run.last_line = line[:300]
                match = _CONVERT_RE.match(line)
                if match:
                    stem = Path(match.group("src")).stem
                    if stem in position:
                        cursor = position[stem] + 1
                        run.started.add(order[position[stem]].index)
                        run.events += 1
                        deadline = time.monotonic() + self.timeout
                        settle_finished(cursor - 1)  # everything before this one is done
                    continue
                if line.startswith(_LOAD_ERROR):
                    if cursor < len(order):
                        run.load_failed.add(order[cursor].index)
                        cursor += 1
                    run.events += 1
                    deadline = time.monotonic() + self.timeout
                    continue
                if line.startswith("Error:") and cursor > 0:
                    run.store_failed.add(order[cursor - 1].index)
                    run.events += 1
                    deadline = time.monotonic() + self.timeout
            if not run.killed:
                try:
                    run.returncode = proc.wait(timeout=max(1.0, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    run.killed = True
        finally:
            release(proc)  # kills whatever is left of the group (soffice.bin included)
            with self._lock:
                self._live.discard(proc)
            reader.join(5)
            if proc.stdout is not None:
                proc.stdout.close()
        if run.killed:
            profile.reset()  # a killed office may leave a lock or a half-written profile
        return run

"""Time and size limits: a hung extraction ends with IngestError, also in a worker."""

from __future__ import annotations

import multiprocessing
import signal
import threading
import time
from concurrent.futures import ProcessPoolExecutor

import pytest

import contractsmith.ingest.pdf as pdf_module
from contractsmith.ingest import IngestError, Limits, read_document
from contractsmith.ingest.limits import time_limit
from tests.ingest.builders import make_pdf


def spin_forever(*args, **kwargs):
    """Stand-in for an extraction stuck in an endless loop."""
    while True:
        pass


def test_time_limit_interrupts_a_busy_loop():
    started = time.perf_counter()
    with pytest.raises(IngestError, match="timed out after 0.2 s"), time_limit(0.2):
        spin_forever()
    assert time.perf_counter() - started < 2


def test_time_limit_restores_previous_handler_and_timer():
    fired = []
    previous = signal.signal(signal.SIGALRM, lambda *a: fired.append(True))
    try:
        signal.setitimer(signal.ITIMER_REAL, 5.0)
        with time_limit(1.0):
            pass
        remaining, _ = signal.getitimer(signal.ITIMER_REAL)
        assert 3.0 < remaining <= 5.0
        assert signal.getsignal(signal.SIGALRM) is not None and not fired
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_cooperative_deadline_outside_main_thread():
    errors = []

    def work():
        try:
            with time_limit(0.1) as deadline:
                while True:
                    time.sleep(0.01)
                    deadline.check()
        except IngestError as exc:
            errors.append(str(exc))

    thread = threading.Thread(target=work)
    thread.start()
    thread.join(5)
    assert errors and errors[0].startswith("timed out")


def _hung_pdf(tmp_path):
    path = tmp_path / "hang.pdf"
    path.write_bytes(make_pdf([["The Creator shall post."]]))
    return path


def test_read_document_times_out(tmp_path, monkeypatch):
    monkeypatch.setattr(pdf_module, "extract_pages", spin_forever)
    started = time.perf_counter()
    with pytest.raises(IngestError, match="timed out after 0.3 s"):
        read_document(_hung_pdf(tmp_path), Limits(timeout_s=0.3))
    assert time.perf_counter() - started < 3


def test_timeout_from_environment(tmp_path, monkeypatch):
    monkeypatch.setattr(pdf_module, "extract_pages", spin_forever)
    monkeypatch.setenv("CONTRACTSMITH_INGEST_TIMEOUT", "0.2")
    with pytest.raises(IngestError, match="timed out after 0.2 s"):
        read_document(_hung_pdf(tmp_path))


def _read_in_worker(path: str) -> str:
    """Runs in a pool worker: hang the extraction and report what read_document raised."""
    pdf_module.extract_pages = spin_forever
    try:
        read_document(path, Limits(timeout_s=0.3))
    except IngestError as exc:
        return str(exc)
    return "no error"


def test_time_limit_inside_multiprocessing_worker(tmp_path):
    path = _hung_pdf(tmp_path)
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        result = pool.submit(_read_in_worker, str(path)).result(timeout=20)
    assert result.startswith("timed out after 0.3 s")


def test_batch_goes_on_after_a_bad_file(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("The Creator shall disclose the partnership.")
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    results = {}
    for path in (bad, good):
        try:
            results[path.name] = read_document(path).text
        except IngestError as exc:
            results[path.name] = f"error: {exc}"
    assert results["bad.docx"].startswith("error: corrupt ZIP")
    assert results["good.txt"] == "The Creator shall disclose the partnership."

"""Failure handling of the LibreOffice pool, driven by a fake soffice (no LibreOffice needed)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from contractsmith.generate.pdf import convert_docx_files, convert_rendered
from contractsmith.generate.pdf_meta import MANIFEST_ATTACHMENT, SPEC_ATTACHMENT
from contractsmith.generate.pdf_pool import ConverterPool
from contractsmith.generate.soffice import find_soffice

from .helpers import make_rendered, pid_alive, write_fake_soffice

pytestmark = pytest.mark.skipif(os.name != "posix", reason="fake soffice is a POSIX script")


@pytest.fixture
def fake(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point CONTRACTSMITH_SOFFICE at the fake; return its JSON-lines log."""
    bindir = tmp_path / "bin"
    bindir.mkdir()
    monkeypatch.setenv("CONTRACTSMITH_SOFFICE", str(write_fake_soffice(bindir)))
    log = tmp_path / "fake.log"
    monkeypatch.setenv("FAKE_SOFFICE_LOG", str(log))
    monkeypatch.delenv("FAKE_SOFFICE_EXIT", raising=False)
    return log


def _inputs(folder: Path, contents: list[str]) -> list[tuple[Path, Path]]:
    pairs = []
    for n, content in enumerate(contents):
        src = folder / f"in{n}" / "contract.docx"  # same file name in every folder
        src.parent.mkdir(parents=True)
        src.write_text(content)
        pairs.append((src, folder / "out" / f"contract{n}.pdf"))
    return pairs


def _log(log: Path) -> list[dict]:
    if not log.exists():
        return []
    return [json.loads(line) for line in log.read_text().splitlines()]


def test_hung_document_is_killed_retried_alone_then_reported(tmp_path: Path, fake: Path) -> None:
    pairs = _inputs(tmp_path, ["OK", "HANG", "OK", "OK"])
    started = time.monotonic()
    errors = convert_docx_files(pairs, jobs=1, timeout=1.5)
    assert time.monotonic() - started < 30
    assert errors[0] is None and errors[2] is None and errors[3] is None
    assert errors[1] is not None
    assert "timed out after 1.5s" in errors[1] and "retry" in errors[1]
    for (_, pdf), err in zip(pairs, errors, strict=True):
        assert pdf.exists() == (err is None)
    entries = _log(fake)
    starts = [e["start"] for e in entries if "start" in e]
    # first run: all four; the two after the hang go back to the queue; the retry runs alone
    assert starts[0] == ["c0000000.docx", "c0000001.docx", "c0000002.docx", "c0000003.docx"]
    assert ["c0000001.docx"] in starts[1:]
    assert sum(1 for s in starts if "c0000001.docx" in s) == 2
    children = [e["child"] for e in entries if "child" in e]
    assert len(children) == 2
    assert not any(pid_alive(pid) for pid in children), "a hung office child survived"
    assert not any(pid_alive(e["pid"]) for e in entries if "pid" in e)


def test_document_that_hangs_once_succeeds_on_retry(tmp_path: Path, fake: Path) -> None:
    marker = tmp_path / "hung-once"
    pairs = _inputs(tmp_path, ["OK", f"HANGONCE:{marker}", "OK"])
    errors = convert_docx_files(pairs, jobs=2, timeout=1.5)
    assert errors == [None, None, None]
    assert marker.exists()
    assert all(pdf.read_bytes().startswith(b"%PDF-") for _, pdf in pairs)


def test_crashing_document_is_retried_alone_and_the_rest_go_on(tmp_path: Path, fake: Path) -> None:
    pairs = _inputs(tmp_path, ["OK", "CRASH", "OK", "OK", "CRASH"])
    errors = convert_docx_files(pairs, jobs=1, timeout=10)
    assert errors[0] is None and errors[2] is None and errors[3] is None
    for index in (1, 4):
        assert errors[index] is not None
        assert errors[index].startswith("LibreOffice crashed (exit code -11)")
        assert errors[index].endswith("(after a retry)")
    starts = [e["start"] for e in _log(fake) if "start" in e]
    names = [f"c{n:07d}.docx" for n in range(5)]
    assert starts[0] == names
    assert starts[1] == names[2:]  # the documents after the crash, untouched
    assert starts[2:] == [[names[1]], [names[4]]]  # each retried once, alone


def test_unloadable_document_is_reported_and_the_batch_goes_on(tmp_path: Path, fake: Path) -> None:
    pairs = _inputs(tmp_path, ["OK", "BADLOAD", "OK"])
    errors = convert_docx_files(pairs, jobs=1, timeout=10)
    assert errors[0] is None and errors[2] is None
    assert errors[1] == "LibreOffice could not load the document (after a retry)"


def test_unreadable_source_is_reported(tmp_path: Path, fake: Path) -> None:
    pairs = _inputs(tmp_path, ["OK"])
    pairs.append((tmp_path / "missing.docx", tmp_path / "out" / "missing.pdf"))
    errors = convert_docx_files(pairs, jobs=1, timeout=10)
    assert errors[0] is None
    assert errors[1] is not None and "missing.docx" in errors[1]


def test_startup_failure_fails_every_document_quickly(
    tmp_path: Path, fake: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAKE_SOFFICE_EXIT", "3")
    pairs = _inputs(tmp_path, ["OK"] * 6)
    errors = convert_docx_files(pairs, jobs=2, timeout=10)
    assert all(e and e.startswith("LibreOffice failed to start (exit code 3)") for e in errors)
    assert "fake soffice: cannot start" in errors[0]


def test_chunks_recycle_the_office_process(tmp_path: Path, fake: Path) -> None:
    pairs = _inputs(tmp_path, ["OK"] * 5)
    soffice = find_soffice()
    assert soffice is not None
    done: dict[int, str | None] = {}
    ConverterPool(soffice, jobs=1, timeout=10, chunk_size=2).convert(
        [p[0] for p in pairs], lambda i, pdf, err: done.__setitem__(i, err)
    )
    assert done == {i: None for i in range(5)}
    starts = [e["start"] for e in _log(fake) if "start" in e]
    assert [len(s) for s in starts] == [2, 2, 1]


def test_missing_soffice_gives_install_advice_for_every_contract(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CONTRACTSMITH_SOFFICE", str(tmp_path / "no-such-soffice"))
    rendered = [make_rendered(tmp_path / f"c{n}.docx", f"Contract {n}") for n in range(2)]
    seen: list[str | None] = []
    result = convert_rendered(rendered, progress=lambda item, err: seen.append(err))
    assert [r for r, _ in result] == rendered
    for _, error in result:
        assert error is not None and "\n" not in error
        for needle in (
            "apt-get install libreoffice-writer-nogui",
            "brew install --cask libreoffice",
            "winget install TheDocumentFoundation.LibreOffice",
            "CONTRACTSMITH_SOFFICE",
        ):
            assert needle in error
    assert seen == [e for _, e in result]
    assert all(r.pdf_path is None for r in rendered)


def test_missing_soffice_on_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CONTRACTSMITH_SOFFICE", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    errors = convert_docx_files([(tmp_path / "a.docx", tmp_path / "a.pdf")])
    assert errors[0] is not None and errors[0].startswith("LibreOffice (soffice) not found")


def test_rendered_contracts_get_metadata_and_attachments(tmp_path: Path, fake: Path) -> None:
    rendered = [make_rendered(tmp_path / "out" / "a.docx", "Alpha Agreement")]
    Path(rendered[0].docx_path).write_text("OK")  # the fake office only reads the word
    calls: list[str | None] = []
    result = convert_rendered(rendered, jobs=1, timeout=10, progress=lambda r, e: calls.append(e))
    assert result == [(rendered[0], None)] and calls == [None]
    pdf = rendered[0].pdf_path
    assert pdf == tmp_path / "out" / "a.pdf"
    from pypdf import PdfReader

    reader = PdfReader(str(pdf))
    assert reader.metadata["/Title"] == "Alpha Agreement"
    assert reader.metadata["/Producer"].startswith("contractsmith ")
    assert "FakeOffice 1.0" in reader.metadata["/Creator"]
    assert set(reader.attachments) == {SPEC_ATTACHMENT, MANIFEST_ATTACHMENT}


def test_interrupt_leaves_no_office_process(tmp_path: Path, fake: Path) -> None:
    """Ctrl-C during a conversion kills the office process group and removes profiles."""
    pairs = _inputs(tmp_path, ["OK", "HANG", "OK"])
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    script = textwrap.dedent(
        f"""
        from pathlib import Path
        from contractsmith.generate.pdf import convert_docx_files
        pairs = {[(str(a), str(b)) for a, b in pairs]!r}
        convert_docx_files([(Path(a), Path(b)) for a, b in pairs], jobs=1, timeout=120)
        """
    )
    env = dict(os.environ, TMPDIR=str(tmp))
    proc = subprocess.Popen([sys.executable, "-c", script], env=env)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not any("child" in e for e in _log(fake)):
            time.sleep(0.1)
        assert any("child" in e for e in _log(fake)), "the fake office never hung"
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=30) != 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    entries = _log(fake)
    pids = [e["child"] for e in entries if "child" in e] + [e["pid"] for e in entries if "pid" in e]
    time.sleep(0.2)
    assert not any(pid_alive(pid) for pid in pids), "an office process survived Ctrl-C"
    assert not [p for p in tmp.iterdir() if p.name.startswith("contractsmith-lo-")]


def test_sigterm_leaves_no_office_process(tmp_path: Path, fake: Path) -> None:
    pairs = _inputs(tmp_path, ["HANG"])
    script = (
        "from pathlib import Path\n"
        "from contractsmith.generate.pdf import convert_docx_files\n"
        f"convert_docx_files([(Path({str(pairs[0][0])!r}), Path({str(pairs[0][1])!r}))],"
        " timeout=120)\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", script])
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not any("child" in e for e in _log(fake)):
            time.sleep(0.1)
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 128 + signal.SIGTERM
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    time.sleep(0.2)
    assert not any(pid_alive(e["child"]) for e in _log(fake) if "child" in e)


def test_render_command_without_soffice_keeps_docx_and_exits_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from contractsmith.cli import main
    from contractsmith.resources import examples_dir

    monkeypatch.setenv("CONTRACTSMITH_SOFFICE", str(tmp_path / "no-such-soffice"))
    spec = examples_dir() / "sponsorship.yaml"
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["render", str(spec), "--format", "docx,pdf", "-o", str(out)])
    assert result.exit_code == 1
    assert (out / "sponsorship.docx").exists() and not (out / "sponsorship.pdf").exists()
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert len(errors) == 1
    assert "apt-get install libreoffice-writer-nogui" in errors[0]
    assert "CONTRACTSMITH_SOFFICE" in errors[0]

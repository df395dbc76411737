"""A stand-in for LibreOffice's ``soffice --convert-to pdf`` used to test failure handling.

It follows soffice's command line and progress output. What it does with each input
depends on the input's content (the tests write these words instead of real DOCX):

* ``OK``         write a one-page PDF and report ``convert <src> -> <dst> ...``
* ``BADLOAD``    report ``Error: source file could not be loaded``
* ``HANG``       start a child process (like soffice.bin) and hang forever
* ``HANGONCE:<marker>``  hang the first time (creating <marker>), succeed afterwards
* ``CRASH``      die of SIGSEGV, as a crashing office would

``FAKE_SOFFICE_EXIT=<n>`` makes it fail at start-up with exit code n. Every start and
every child pid is appended to ``$FAKE_SOFFICE_LOG`` as JSON lines.
"""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path


def _log(entry: dict) -> None:
    path = os.environ.get("FAKE_SOFFICE_LOG")
    if path:
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(json.dumps(entry) + "\n")


def _pdf_bytes(text: str) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Producer": "FakeOffice 1.0", "/Title": text})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _hang() -> None:
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
    _log({"child": child.pid})
    time.sleep(600)


def main(argv: list[str]) -> int:
    if os.environ.get("FAKE_SOFFICE_EXIT"):
        print("fake soffice: cannot start", flush=True)
        return int(os.environ["FAKE_SOFFICE_EXIT"])
    outdir = Path(".")
    inputs: list[Path] = []
    it = iter(argv)
    for arg in it:
        if arg == "--outdir":
            outdir = Path(next(it))
        elif arg == "--convert-to":
            next(it)
        elif not arg.startswith("-"):
            inputs.append(Path(arg))
    _log({"start": [p.name for p in inputs], "pid": os.getpid()})
    for src in inputs:
        try:
            content = src.read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError):
            content = "BADLOAD"
        if content.startswith("HANGONCE:"):
            marker = Path(content.split(":", 1)[1])
            if not marker.exists():
                marker.write_text("hung once")
                _hang()
            content = "OK"
        if content == "HANG":
            _hang()
        if content == "CRASH":
            os.kill(os.getpid(), signal.SIGSEGV)
        if content == "OK":
            dst = outdir / (src.stem + ".pdf")
            dst.write_bytes(_pdf_bytes(src.stem))
            print(f"convert {src} -> {dst} using filter : writer_pdf_Export", flush=True)
        else:
            print("Error: source file could not be loaded", file=sys.stderr, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

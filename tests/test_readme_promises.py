"""Each promise the README makes about inputs, outputs and errors, tested as a user meets it.

Every test names the README sentence it backs (``PROMISES``), and the first test checks
that the sentence is still in the README, so that neither can change without the other.
"""

from __future__ import annotations

import json
import os
import socket
from pathlib import Path

import pytest
from click.testing import CliRunner

from contractsmith.atomic import write_bytes_atomic
from contractsmith.cli import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SPEC = EXAMPLES / "sponsorship.yaml"
GOOD = EXAMPLES / "contracts" / "sponsorship-good.md"

PROMISES = {
    "one_line": "A bad input gets one line that\nnames the file and the problem, never a\ntraceback.",
    "batches": "Batches carry on past a bad file and report it at the end.",
    "outputs": "Every command that writes refuses, before any work, an output path that is one of its\ninputs or another output of the same run",
    "regular": "Only regular files are read (never a device, FIFO or socket)",
    "atomic": "every output is written to a temporary file and then renamed",
    "network": "contractsmith never\ndownloads anything while it runs.",
    "same_bytes": "the\nsame spec and `--as-of` date always give the same bytes",
    "escapes": "shows control and bidi-override characters as escapes",
}


def _readme() -> str:
    return " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())


@pytest.mark.parametrize("key", sorted(PROMISES))
def test_the_promise_is_still_in_the_readme(key: str) -> None:
    assert " ".join(PROMISES[key].split()) in _readme()


def _run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_one_line_never_a_traceback(tmp_path: Path) -> None:
    bad_yaml = tmp_path / "bad.yaml"
    bad_yaml.write_text("parties:\n  - name: [unclosed\n", encoding="utf-8")
    binary = tmp_path / "c.txt"
    binary.write_bytes(b"\x00\x01\x02PK\x03\x04" * 50)
    broken_docx = tmp_path / "c.docx"
    broken_docx.write_bytes(b"PK\x03\x04 not really a zip")
    for args in (
        ["validate", str(bad_yaml)],
        ["render", str(bad_yaml), "-o", str(tmp_path / "out")],
        ["check", str(binary), str(broken_docx)],
        ["inspect", str(broken_docx)],
    ):
        result = _run(*args)
        assert result.exit_code in (1, 2), (args, result.output)
        assert result.exception is None or isinstance(result.exception, SystemExit), args
        assert "Traceback" not in result.output
        errors = [line for line in result.output.splitlines() if "error" in line.lower()]
        assert errors, (args, result.output)


def test_batches_carry_on_past_a_bad_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"not a docx")
    result = _run("check", str(bad), str(GOOD), "--format", "json")
    assert result.exit_code == 1  # a file could not be read
    docs = {Path(d["path"]).name: d for d in json.loads(result.stdout)["documents"]}
    assert docs["bad.docx"]["error"]
    assert docs[GOOD.name].get("error") is None and docs[GOOD.name]["clauses"]


def test_outputs_never_land_on_inputs(tmp_path: Path) -> None:
    spec = tmp_path / "s.yaml"
    spec.write_bytes(SPEC.read_bytes())
    result = _run("validate", str(spec), "-o", str(spec))
    assert result.exit_code == 2
    assert spec.read_bytes() == SPEC.read_bytes()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_only_regular_files_are_read(tmp_path: Path) -> None:
    fifo = tmp_path / "c.txt"
    os.mkfifo(fifo)
    result = _run("check", str(fifo), "--format", "json")
    assert result.exit_code == 1
    (doc,) = json.loads(result.stdout)["documents"]
    assert "not a regular file" in doc["error"]


def test_atomic_writes_leave_the_old_file_whole(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "report.json"
    target.write_text("old", encoding="utf-8")

    def failing_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(OSError):
        write_bytes_atomic(target, b"new")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]  # no temporary file left


def test_network_is_never_used(tmp_path: Path, monkeypatch) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError("contractsmith opened a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    assert _run("validate", str(SPEC)).exit_code == 0
    assert _run("render", str(SPEC), "-o", str(tmp_path / "out")).exit_code == 0
    result = _run("check", str(GOOD), "--format", "json", "--fail-on", "never")
    assert result.exit_code == 0, result.output


def test_same_spec_same_bytes(tmp_path: Path) -> None:
    for name in ("a", "b"):
        assert (
            _run("render", str(SPEC), "-o", str(tmp_path / name), "--as-of", "2026-01-15").exit_code
            == 0
        )
    first = (tmp_path / "a" / "sponsorship.docx").read_bytes()
    assert first == (tmp_path / "b" / "sponsorship.docx").read_bytes()


def test_escapes_in_terminal_text(tmp_path: Path) -> None:
    path = tmp_path / "c.txt"
    path.write_text("The Creator shall post promptly.\x1b]0;title\x07\u202e\n", encoding="utf-8")
    result = _run("check", str(path), "--fail-on", "never")
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "\u202e" not in result.output

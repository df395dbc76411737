"""Hostile inputs and outputs: no input overwritten, no unbounded read or walk, no traceback.

Each test names the red-team case it covers: outputs that resolve to an input (1-3),
special files and size limits (5), symlink loops under a glob (7), file names that are
not UTF-8 (15) and one error-line format (24).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import contractsmith.analyse.check as check_module
from contractsmith.analyse.check import CheckUsageError, expand_paths
from contractsmith.cli import main
from contractsmith.inputs import InputError, InputTooLarge, read_bounded
from contractsmith.outputs import OutputClash, check_outputs
from tests.check.conftest import CONTRACTS, FAKE_ENGINE

REPO = Path(__file__).resolve().parent.parent
EXAMPLE_SPEC = REPO / "examples" / "sponsorship.yaml"
DOCX = CONTRACTS / "ambassador-agreement.docx"
TXT = CONTRACTS / "quickpost-problems.txt"
needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
needs_dev_zero = pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    """Run the CLI in ``tmp_path`` with the stand-in wording rules."""
    monkeypatch.setattr(check_module, "DEFAULT_ENGINE", FAKE_ENGINE)
    monkeypatch.chdir(tmp_path)

    def invoke(*args: str):
        return CliRunner().invoke(main, list(args), catch_exceptions=False)

    return invoke


def _one_line(result) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.output
    return lines[0]


# --- 1-3: an output never overwrites an input --------------------------------------


def test_annotated_copy_over_an_input_is_refused_before_any_work(cli, tmp_path: Path) -> None:
    for folder in ("d1", "d2"):
        (tmp_path / folder).mkdir()
        shutil.copy(DOCX, tmp_path / folder / "c.docx")
    before = (tmp_path / "d2" / "c.docx").read_bytes()
    result = cli("check", "d1/c.docx", "d2/c.docx", "--annotate", "d2")
    assert result.exit_code == 2
    assert "refusing to overwrite an input" in _one_line(result)
    assert (tmp_path / "d2" / "c.docx").read_bytes() == before
    assert sorted(p.name for p in (tmp_path / "d2").iterdir()) == ["c.docx"]


def test_inputs_sharing_a_name_get_distinct_annotated_copies(cli, tmp_path: Path) -> None:
    for folder in ("d1", "d2"):
        (tmp_path / folder).mkdir()
        shutil.copy(DOCX, tmp_path / folder / "c.docx")
    result = cli("check", "d1/c.docx", "d2/c.docx", "--annotate", "out", "-o", "r.json")
    assert result.exit_code in (0, 1)
    assert "d1/c.docx -> out/c.docx" in result.stderr
    assert "d2/c.docx -> out/c-2.docx" in result.stderr


def test_report_over_a_hard_link_of_an_input_is_refused(cli, tmp_path: Path) -> None:
    shutil.copy(TXT, tmp_path / "c.txt")
    os.link(tmp_path / "c.txt", tmp_path / "alias.txt")
    before = TXT.read_bytes()
    result = cli("check", "c.txt", "-o", "alias.txt")
    assert result.exit_code == 2
    assert "refusing to overwrite an input" in _one_line(result)
    assert (tmp_path / "c.txt").read_bytes() == before


def test_report_clashing_with_an_annotated_copy_is_refused(cli, tmp_path: Path) -> None:
    shutil.copy(DOCX, tmp_path / "c.docx")
    result = cli("check", "c.docx", "--annotate", "out", "-o", "out/sub/../c.docx")
    assert result.exit_code == 2
    assert "another output of this run" in _one_line(result)


def test_validate_report_over_its_spec_is_refused(cli, tmp_path: Path) -> None:
    shutil.copy(EXAMPLE_SPEC, tmp_path / "s.yaml")
    (tmp_path / "link.yaml").symlink_to(tmp_path / "s.yaml")
    for target in ("s.yaml", "link.yaml", "./sub/../s.yaml"):
        result = cli("validate", "s.yaml", "-o", target)
        assert result.exit_code == 2
        assert "refusing to overwrite an input" in _one_line(result)
    assert (tmp_path / "s.yaml").read_bytes() == EXAMPLE_SPEC.read_bytes()


def test_render_pdf_over_a_spec_named_pdf_is_refused(cli, tmp_path: Path) -> None:
    shutil.copy(EXAMPLE_SPEC, tmp_path / "p.pdf")
    result = cli("render", "p.pdf", "-o", ".", "--format", "docx,pdf")
    assert result.exit_code == 2
    assert "refusing to overwrite an input (p.pdf)" in _one_line(result)
    assert (tmp_path / "p.pdf").read_bytes() == EXAMPLE_SPEC.read_bytes()
    assert not (tmp_path / "p.docx").exists()  # refused before any work


def test_render_specs_with_one_output_name_are_refused(cli, tmp_path: Path) -> None:
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        shutil.copy(EXAMPLE_SPEC, tmp_path / folder / "x.yaml")
    result = cli("render", "a/x.yaml", "b/x.yaml", "-o", "out")
    assert result.exit_code == 2
    assert "another output of this run" in _one_line(result)
    assert not (tmp_path / "out").exists()


def test_lint_refuses_to_overwrite_a_clause_file(cli, tmp_path: Path) -> None:
    shutil.copytree(REPO / "clauses", tmp_path / "clauses")
    clause = sorted((tmp_path / "clauses").rglob("*.md"))[0]
    before = clause.read_bytes()
    result = cli("lint", "clauses", "-o", str(clause.relative_to(tmp_path)))
    assert result.exit_code == 2
    assert "refusing to overwrite an input" in _one_line(result)
    assert clause.read_bytes() == before


def test_check_outputs_names_the_clash(tmp_path: Path) -> None:
    spec = tmp_path / "s.yaml"
    spec.write_text("kind: ugc\n", encoding="utf-8")
    check_outputs([spec], [("-o", tmp_path / "r.txt"), ("--x", None)])
    with pytest.raises(OutputClash, match=r"^-o .*s\.yaml: refusing to overwrite an input"):
        check_outputs([spec], [("-o", tmp_path / "." / "s.yaml")])


# --- 5: only regular files, never more than the limit --------------------------------


@needs_dev_zero
def test_bounded_read_refuses_devices_and_symlinks_to_them(tmp_path: Path) -> None:
    (tmp_path / "z.yaml").symlink_to("/dev/zero")
    with pytest.raises(InputError, match="not a regular file"):
        read_bounded(tmp_path / "z.yaml", 10)


def test_bounded_read_enforces_the_limit_while_reading(tmp_path: Path) -> None:
    path = tmp_path / "f.txt"
    path.write_bytes(b"x" * 11)
    assert read_bounded(path, 11) == b"x" * 11
    with pytest.raises(InputTooLarge):
        read_bounded(path, 10)


@needs_fifo
def test_bounded_read_does_not_block_on_a_fifo(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "f.yaml")
    with pytest.raises(InputError, match="FIFO"):
        read_bounded(tmp_path / "f.yaml", 10)


@needs_dev_zero
@needs_fifo
def test_spec_contract_config_and_baseline_readers_refuse_special_files(
    cli, tmp_path: Path
) -> None:
    (tmp_path / "z.yaml").symlink_to("/dev/zero")
    os.mkfifo(tmp_path / "f.yaml")
    result = cli("validate", "z.yaml", "f.yaml")
    assert result.exit_code == 2
    assert "z.yaml: error: not a regular file (a device)" in result.stdout
    assert "f.yaml: error: not a regular file (a FIFO)" in result.stdout

    (tmp_path / "z.txt").symlink_to("/dev/zero")
    os.mkfifo(tmp_path / "f.txt")
    result = cli("check", "z.txt", "f.txt", "--format", "json")
    assert result.exit_code == 1
    assert result.stdout.count("not a regular file") == 2

    shutil.copy(TXT, tmp_path / "c.txt")
    (tmp_path / "base.json").symlink_to("/dev/zero")
    result = cli("check", "c.txt", "--baseline", "base.json")
    assert result.exit_code == 2
    assert "not a regular file" in _one_line(result)

    os.mkfifo(tmp_path / "contractsmith.toml")
    result = cli("check", "c.txt")  # a settings file that cannot be read: no hang, one line
    assert result.exit_code == 2
    assert "not a regular file" in _one_line(result)


def test_config_over_its_size_limit_is_a_usage_error(cli, tmp_path: Path, monkeypatch) -> None:
    import contractsmith.config as config_module

    monkeypatch.setattr(config_module, "MAX_SETTINGS_BYTES", 10)
    shutil.copy(TXT, tmp_path / "c.txt")
    (tmp_path / "contractsmith.toml").write_text('format = "json"\n', encoding="utf-8")
    result = cli("check", "c.txt")
    assert result.exit_code == 2
    assert "contractsmith.toml: cannot read: file too large" in _one_line(result)


@needs_fifo
def test_clause_and_label_readers_refuse_fifos(tmp_path: Path, monkeypatch) -> None:
    from contractsmith.analyse.evaluate import EvalError, load_labels
    from contractsmith.library.load import load_clause

    os.mkfifo(tmp_path / "labels.csv")
    with pytest.raises(EvalError, match="no labels.csv"):
        load_labels(tmp_path)
    os.unlink(tmp_path / "labels.csv")
    (tmp_path / "labels.csv").write_text("File\n" + "x.txt\n" * 10, encoding="utf-8")
    monkeypatch.setattr("contractsmith.analyse.evaluate.MAX_DATA_BYTES", 20)
    with pytest.raises(EvalError, match="file too large"):
        load_labels(tmp_path)
    (tmp_path / "cat").mkdir()
    os.mkfifo(tmp_path / "cat" / "x.md")
    clause, problems = load_clause(tmp_path / "cat" / "x.md", tmp_path)
    assert clause is None and "not a regular file" in problems[0].message


def test_contract_over_the_input_limit_is_refused(cli, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("CONTRACTSMITH_MAX_INPUT_MB", "0.0001")
    (tmp_path / "big.txt").write_bytes(b"The Creator shall post.\n" * 100)
    result = cli("check", "big.txt", "--format", "json")
    assert result.exit_code == 1
    assert "file too large" in result.stdout


# --- 7: globs over symlink loops ---------------------------------------------------


def _loop_tree(root: Path) -> None:
    (root / "L" / "a").mkdir(parents=True)
    shutil.copy(TXT, root / "L" / "a" / "x.txt")
    for name in ("up1", "up2", "up3"):
        (root / "L" / "a" / name).symlink_to("..")


def test_recursive_glob_over_symlink_loops_is_finite(tmp_path: Path, monkeypatch) -> None:
    _loop_tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert expand_paths(["L/**/*.txt"]) == ["L/a/x.txt"]
    assert expand_paths(["L/**"]) == ["L/a/x.txt"]
    assert expand_paths(["L/*/*.txt"]) == ["L/a/x.txt"]
    assert expand_paths(["L"]) == ["L/a/x.txt"]


def test_too_many_files_is_a_usage_error(cli, tmp_path: Path, monkeypatch) -> None:
    for n in range(3):
        shutil.copy(TXT, tmp_path / f"c{n}.txt")
    monkeypatch.setenv("CONTRACTSMITH_MAX_FILES", "2")
    with pytest.raises(CheckUsageError, match="more than 2 files"):
        expand_paths(["*.txt"])
    result = cli("check", ".")
    assert result.exit_code == 2
    assert "CONTRACTSMITH_MAX_FILES" in _one_line(result)


def test_glob_keeps_glob_semantics(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "d" / ".hidden").mkdir(parents=True)
    (tmp_path / "d" / "sub").mkdir()
    for rel in ("d/a.txt", "d/.h.txt", "d/.hidden/b.txt", "d/sub/c.md", "d/sub/e.csv"):
        shutil.copy(TXT, tmp_path / rel)
    monkeypatch.chdir(tmp_path)
    assert expand_paths(["d/**/*.*"]) == ["d/a.txt", "d/sub/c.md"]
    assert expand_paths(["d/*"]) == ["d/a.txt", "d/sub/c.md"]
    assert expand_paths([str(tmp_path / "d" / "s?b")]) == [str(tmp_path / "d" / "sub" / "c.md")]


# --- 15: names that are not UTF-8, outputs that cannot be written ------------------


@pytest.mark.parametrize("fmt", ["text", "json", "csv", "sarif", "html", "junit", "github"])
def test_every_report_format_survives_a_non_utf8_file_name(cli, tmp_path: Path, fmt) -> None:
    folder = tmp_path / "u"
    folder.mkdir()
    try:
        name = os.fsdecode(b"contr\xe9t.txt")
        shutil.copy(TXT, folder / name)
    except (UnicodeEncodeError, OSError):
        pytest.skip("this file system needs UTF-8 names")
    result = cli("check", "u", "--format", fmt, "-o", f"r.{fmt}")
    assert result.exit_code in (0, 1), result.output
    assert "report written to r." in result.stderr
    text = (tmp_path / f"r.{fmt}").read_text(encoding="utf-8")
    assert "contr\\udce9t.txt" in text
    again = cli("check", "u", "--format", fmt, "-o", f"again.{fmt}")
    assert (tmp_path / f"again.{fmt}").read_text(encoding="utf-8") == text
    assert again.exit_code == result.exit_code


def test_report_that_cannot_be_written_is_one_line(cli, tmp_path: Path) -> None:
    shutil.copy(EXAMPLE_SPEC, tmp_path / "s.yaml")
    (tmp_path / "file").write_text("x", encoding="utf-8")
    result = cli("validate", "s.yaml", "-o", "file/r.txt")
    assert result.exit_code == 2
    line = _one_line(result)
    assert line.startswith("contractsmith validate: error: cannot write file/r.txt: ")
    shutil.copy(TXT, tmp_path / "c.txt")
    result = cli("check", "c.txt", "-o", "file/r.txt")
    assert result.exit_code == 2
    assert "cannot write file/r.txt" in _one_line(result)


# --- 24: one error-line format, YAML hints, a summary for check -o --------------------


def test_yaml_errors_have_path_line_col_and_an_indentation_hint(cli, tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("kind: ugc\nterm:\n  start: 1\n end: 2\n", "utf-8")
    validated = cli("validate", "bad.yaml")
    assert validated.exit_code == 2
    assert "bad.yaml:4:2: error: invalid YAML" in validated.stdout
    assert "    hint: check indentation on line 4" in validated.stdout
    to_json = cli("validate", "bad.yaml", "--format", "json")
    assert "bad.yaml:4:2: error: invalid YAML" in to_json.stderr
    rendered = cli("render", "bad.yaml", "-o", "out")
    assert rendered.exit_code == 1
    assert "bad.yaml:4:2: error: invalid YAML" in rendered.stderr
    assert "[R010]" in rendered.stderr
    assert "    hint: check indentation on line 4" in rendered.stderr


def test_check_to_a_file_prints_a_summary_and_the_path(cli, tmp_path: Path) -> None:
    shutil.copy(TXT, tmp_path / "c.txt")
    result = cli("check", "c.txt", "--format", "json", "-o", "r.json")
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert lines[0].startswith("contractsmith check: 1 contract checked (playbook influencer): ")
    assert lines[1] == "contractsmith check: report written to r.json"

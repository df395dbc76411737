"""Issue 14: breakages an independent red-team pass found after the first round of fixes."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from contractsmith.analyse.check import check
from contractsmith.cli import main

ROOT = Path(__file__).resolve().parent.parent
DOCX = ROOT / "examples" / "contracts" / "ambassador-agreement.docx"
TXT = ROOT / "examples" / "contracts" / "quickpost-problems.txt"


def _run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_annotated_copy_of_a_docx_with_another_suffix_never_lands_on_a_file_the_run_reads(
    tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "contractsmith.toml").write_bytes(DOCX.read_bytes())
    settings = tmp_path / "contractsmith.toml"
    settings.write_text('fail-on = "never"\n', encoding="utf-8")
    result = _run("check", "in/contractsmith.toml", "--annotate", ".")
    assert "Traceback" not in result.output
    assert settings.read_text(encoding="utf-8") == 'fail-on = "never"\n'
    assert (tmp_path / "contractsmith.toml.docx").is_file()  # the copy has its own suffix


def test_annotated_copy_never_replaces_the_report_of_the_same_run(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "out").mkdir()
    source = tmp_path / "in" / "rep.json"
    source.write_bytes(DOCX.read_bytes())
    report = tmp_path / "out" / "rep.json"
    result = _run(
        "check",
        str(source),
        "-o",
        str(report),
        "--format",
        "json",
        "--annotate",
        str(report.parent),
    )
    assert "Traceback" not in result.output
    assert json.loads(report.read_text(encoding="utf-8"))["documents"]


def test_deeply_nested_settings_and_playbooks_are_one_line(tmp_path: Path, monkeypatch) -> None:
    deep_yaml = tmp_path / "deep.yaml"
    deep_yaml.write_text("name: " + "[" * 20000 + "]" * 20000 + "\n", encoding="utf-8")
    result = _run("check", str(TXT), "--playbook", str(deep_yaml))
    assert result.exit_code == 2 and "nested too deeply" in result.output
    (tmp_path / "cfg").mkdir()
    (tmp_path / "cfg" / "contractsmith.toml").write_text(
        "select = " + "[" * 20000 + "]" * 20000 + "\n", encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path / "cfg")
    result = _run("check", str(TXT))
    assert result.exit_code == 2 and "nested too deeply" in result.output
    assert "Traceback" not in result.output


def test_a_file_gone_after_it_was_found_is_an_error_row(tmp_path: Path) -> None:
    gone = tmp_path / "gone.txt"
    report = check([str(gone), str(TXT)], expand=False)
    assert report.documents[0].error and report.documents[1].error is None


def test_limit_settings_that_would_break_the_run_fall_back_or_are_held(monkeypatch) -> None:
    from contractsmith.env import env_number
    from contractsmith.ingest.limits import file_timeout

    for raw in ("inf", "1e309", "nan", "-3", "0", "abc"):
        monkeypatch.setenv("CONTRACTSMITH_FILE_TIMEOUT", raw)
        assert file_timeout() == 60.0
    monkeypatch.setenv("CONTRACTSMITH_FILE_TIMEOUT", "0.00001")
    assert file_timeout() == 0.1  # held at the lowest bound: the run still ends cleanly
    monkeypatch.setenv("X_LIMIT", "5e12")
    assert env_number("X_LIMIT", 7, low=1, high=1e9) == 1e9


def test_a_tiny_file_time_limit_is_an_error_row_not_a_traceback(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("CONTRACTSMITH_FILE_TIMEOUT", "0.00001")
    result = _run("check", str(TXT), "--format", "json")
    assert "Traceback" not in result.output
    assert result.exit_code in (0, 1)


def test_clause_bytes_and_field_repeats_are_bounded_before_they_are_built() -> None:
    import pytest

    from contractsmith.generate.sandbox import (
        LimitExceeded,
        check_format_method,
        check_percent_format,
        check_product,
    )

    with pytest.raises(LimitExceeded):
        check_product(b"a", 3 * 10**9)
    with pytest.raises(LimitExceeded):
        check_percent_format("%(x)s" * 39000, {"x": "a" * 150000})
    with pytest.raises(LimitExceeded):
        check_format_method("{0}" * 60000, ("a" * 190000,), {})
    check_percent_format("%s and %s", ("a", "b"))  # ordinary use passes


def test_line_separators_in_file_names_are_escaped() -> None:
    from contractsmith.report.safe_text import printable

    assert printable("a\u2028b\u2029c") == "a\\u2028b\\u2029c"


def test_a_hostile_house_template_is_bounded_like_a_clause(tmp_path: Path) -> None:
    import docx

    shell = ROOT / "src" / "contractsmith" / "templates" / "contract.docx"
    for body in (
        "{% for i in range(10000) %}{% for j in range(10000) %}x{% endfor %}{% endfor %}",
        "{{ 9**99999999 }}",
        "{{ 'a'*10**9 }}",
    ):
        house = tmp_path / "house.docx"
        document = docx.Document(str(shell))
        document.add_paragraph(body)
        document.save(str(house))
        spec = ROOT / "examples" / "ugc.yaml"
        result = _run("render", str(spec), "-o", str(tmp_path / "out"), "--template", str(house))
        assert result.exit_code == 1, result.output
        assert "exceeds a render limit" in result.output and "[R020]" in result.output
        assert "Traceback" not in result.output


def test_a_settings_file_that_is_a_fifo_is_an_error_not_skipped(tmp_path: Path, monkeypatch):
    import os

    import pytest

    if not hasattr(os, "mkfifo"):
        pytest.skip("needs FIFOs")
    os.mkfifo(tmp_path / "contractsmith.toml")
    monkeypatch.chdir(tmp_path)
    result = _run("check", str(TXT))
    assert result.exit_code == 2
    assert "contractsmith.toml" in result.output and "not a regular file" in result.output


def test_eval_labels_never_point_outside_their_folder(tmp_path: Path) -> None:
    import pytest

    from contractsmith.analyse.evaluate import EvalError, contract_path

    for name in ("/etc/passwd", "../outside.txt", "a\x00b.txt"):
        with pytest.raises(EvalError):
            contract_path(tmp_path, name, "txt")
    assert contract_path(tmp_path, "ok.pdf", "txt") == tmp_path / "txt" / "ok.txt"

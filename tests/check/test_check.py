"""The orchestrator: path expansion, per-file errors, parallel runs, select/ignore."""

from __future__ import annotations

from pathlib import Path

import pytest

from contractsmith.analyse.check import (
    CheckUsageError,
    Engine,
    check,
    check_document,
    code_selected,
    expand_paths,
)
from contractsmith.analyse.model import CATEGORIES
from contractsmith.report.check_json import render_json
from tests.check.conftest import FAKE_ENGINE


def test_expand_paths_walks_folders_sorted_and_filters_extensions(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    for name in ("b/z.txt", "b/a.md", "c.docx", "notes.csv", "b/.hidden.txt", "a.pdf"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    found = [Path(p).relative_to(tmp_path).as_posix() for p in expand_paths([tmp_path])]
    assert found == ["a.pdf", "b/a.md", "b/z.txt", "c.docx"]


def test_expand_paths_globs_explicit_files_and_duplicates(tmp_path: Path) -> None:
    for name in ("one.txt", "two.txt", "three.md"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    explicit = tmp_path / "data.csv"
    explicit.write_text("x", encoding="utf-8")
    found = expand_paths([str(tmp_path / "*.txt"), str(explicit), str(tmp_path / "one.txt")])
    assert [Path(p).name for p in found] == ["one.txt", "two.txt", "data.csv"]


def test_expand_paths_rejects_missing_paths(tmp_path: Path) -> None:
    with pytest.raises(CheckUsageError, match="no such file or directory"):
        expand_paths([tmp_path / "absent.docx"])
    with pytest.raises(CheckUsageError, match="no contract files match"):
        expand_paths([str(tmp_path / "*.pdf")])


def test_every_category_is_reported_for_every_readable_document(contracts: Path) -> None:
    report = check([contracts], engine=FAKE_ENGINE)
    assert len(report.documents) == 3
    for doc in report.documents:
        assert doc.error is None
        assert [c.category for c in doc.clauses] == list(CATEGORIES)
        assert doc.text


def test_batch_goes_on_past_a_bad_file(contracts: Path) -> None:
    (contracts / "broken.docx").write_bytes(b"this is not a zip file at all")
    (contracts / "empty.txt").write_bytes(b"")
    report = check([contracts], engine=FAKE_ENGINE)
    by_name = {Path(d.path).name: d for d in report.documents}
    assert set(by_name) == {
        "ambassador-agreement.docx",
        "broken.docx",
        "empty.txt",
        "quickpost-problems.txt",
        "sponsorship-good.md",
    }
    for bad in ("broken.docx", "empty.txt"):
        doc = by_name[bad]
        assert doc.error and "\n" not in doc.error
        assert doc.clauses == [] and doc.findings == []
    assert by_name["quickpost-problems.txt"].findings
    assert report.unreadable == 2
    assert report.exit_code("never") == 1


def test_unexpected_exception_becomes_a_one_line_error(contracts: Path) -> None:
    engine = Engine(analyser="tests.check.fakes:exploding_analyser")
    doc = check_document(str(contracts / "quickpost-problems.txt"), engine=engine)
    assert doc.error == "RuntimeError: analyser bug"


def test_findings_carry_the_path_and_sit_in_document_order(contracts: Path) -> None:
    path = str(contracts / "quickpost-problems.txt")
    doc = check_document(path, engine=FAKE_ENGINE)
    assert all(f.location.file == path for f in doc.findings)
    positioned = [f.location.start for f in doc.findings if f.location.start is not None]
    assert positioned == sorted(positioned)
    first_positioned = next(i for i, f in enumerate(doc.findings) if f.location.start is not None)
    assert all(f.rule.startswith("C") for f in doc.findings[:first_positioned])
    v = next(f for f in doc.findings if f.rule == "V901")
    assert doc.text[v.location.start : v.location.end].lower() == "promptly"


def test_parallel_run_gives_identical_output(contracts: Path) -> None:
    (contracts / "broken.pdf").write_bytes(b"%PDF-1.4 truncated")
    serial = render_json(check([contracts], engine=FAKE_ENGINE, jobs=1))
    parallel = render_json(check([contracts], engine=FAKE_ENGINE, jobs=2))
    assert serial == parallel


def test_progress_is_reported_per_file(contracts: Path) -> None:
    seen: list[tuple[int, int]] = []
    check([contracts], engine=FAKE_ENGINE, progress=lambda d, t, p: seen.append((d, t)))
    assert seen == [(1, 3), (2, 3), (3, 3)]


@pytest.mark.parametrize(
    ("code", "select", "ignore", "expected"),
    [
        ("V001", None, None, True),
        ("V001", ["V"], None, True),
        ("V001", ["D"], None, False),
        ("V001", None, ["V"], False),
        ("V001", None, ["V0"], False),
        ("V101", None, ["V0"], True),
        ("D002", ["V", "D002"], None, True),
        ("D003", ["V", "D002"], None, False),
        ("V002", ["V"], ["V002"], False),
        ("V002", ["V002"], ["V"], True),  # the more specific selection wins
        ("C012", ["C01"], ["C"], True),
        ("C012", ["C"], ["C"], False),  # a tie goes to ignore
    ],
)
def test_code_selected_prefix_rules(code, select, ignore, expected) -> None:
    assert code_selected(code, select, ignore) is expected


def test_select_and_ignore_filter_all_families(contracts: Path) -> None:
    path = str(contracts / "quickpost-problems.txt")
    only_c01 = check_document(path, engine=FAKE_ENGINE, select=["C01"])
    assert only_c01.findings and all(f.rule.startswith("C01") for f in only_c01.findings)
    no_c = check_document(path, engine=FAKE_ENGINE, ignore=["C"])
    assert sorted({f.rule for f in no_c.findings}) == ["D901", "V901"]


def test_commercial_playbook_changes_the_missing_list(contracts: Path) -> None:
    path = str(contracts / "quickpost-problems.txt")
    influencer = check_document(path, engine=FAKE_ENGINE)
    commercial = check_document(path, engine=FAKE_ENGINE, playbook="commercial")
    assert "liability_cap" in commercial.missing
    assert "liability_cap" not in influencer.missing
    assert "approval" in influencer.missing
    assert "approval" not in commercial.missing


def test_public_api_is_the_orchestrator(contracts: Path) -> None:
    import contractsmith

    assert contractsmith.check is check
    report = contractsmith.check(contracts / "quickpost-problems.txt", engine=FAKE_ENGINE)
    data = report.to_dict()
    assert data["documents"][0]["path"].endswith("quickpost-problems.txt")
    assert report.exit_code("error") == 1
    assert report.exit_code("never") == 0

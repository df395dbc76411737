"""Issue 14, cases 6 and 9: the per-file time limit covers the whole check, a worker
killed in the middle of a batch costs only the file it was reading, and the analysis
stays linear on the shapes of text that used to make it quadratic."""

from __future__ import annotations

from pathlib import Path

import pytest

from contractsmith.analyse import enumeration
from contractsmith.analyse.check import Engine, check, check_document
from contractsmith.analyse.pipeline import MAX_LEAD_IN_CHARS, segment
from contractsmith.analyse.workers import WORKER_DIED
from contractsmith.ingest import read_document

KILLING = Engine(
    analyser="tests.check.fakes:killing_analyser", wording="tests.check.fakes:no_wording"
)
ENDLESS = Engine(analyser="tests.check.fakes:endless_analyser")

TEXT = "The Creator shall post two videos by 1 June 2026.\n"


def _files(folder: Path, names: list[str]) -> list[str]:
    folder.mkdir(exist_ok=True)
    for name in names:
        (folder / name).write_text(TEXT, encoding="utf-8")
    return [str(folder / n) for n in names]


# --- case 9: a killed worker --------------------------------------------------------


def test_a_killed_worker_fails_only_its_own_file(tmp_path: Path) -> None:
    files = _files(tmp_path / "batch", ["a.txt", "b.txt", "kill-me.txt", "c.txt", "d.txt"])
    report = check(files, jobs=2, engine=KILLING)
    by_name = {Path(d.path).name: d for d in report.documents}
    assert [d.path for d in report.documents] == files  # input order
    assert by_name["kill-me.txt"].error == WORKER_DIED
    for name in ("a.txt", "b.txt", "c.txt", "d.txt"):
        assert by_name[name].error is None, by_name[name].error
        assert by_name[name].clauses  # really analysed, not an empty row


def test_progress_counts_every_file_once_after_a_worker_died(tmp_path: Path) -> None:
    files = _files(tmp_path / "batch", ["kill-1.txt", "x.txt", "y.txt"])
    seen: list[int] = []
    check(files, jobs=2, engine=KILLING, progress=lambda done, total, path: seen.append(done))
    assert seen == [1, 2, 3]


# --- case 6: the time limit covers the analysis ---------------------------------------


def test_a_file_too_slow_to_analyse_is_an_error_row(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("CONTRACTSMITH_FILE_TIMEOUT", "1")
    (path,) = _files(tmp_path, ["slow.txt"])
    doc = check_document(path, engine=ENDLESS)
    assert doc.error is not None
    assert doc.error.startswith("timed out after 1 s: file too slow to check")
    assert "CONTRACTSMITH_FILE_TIMEOUT" in doc.error


def test_the_batch_goes_on_after_a_file_timed_out(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("CONTRACTSMITH_FILE_TIMEOUT", "1")
    files = _files(tmp_path / "b", ["one.txt", "two.txt"])
    report = check(files, jobs=2, engine=ENDLESS)
    assert [d.error is not None and "timed out" in d.error for d in report.documents] == [
        True,
        True,
    ]


# --- case 6: work per item stays bounded ------------------------------------------------


def test_lead_ins_of_a_run_of_nested_lists_stay_bounded(tmp_path: Path) -> None:
    path = tmp_path / "items.txt"
    path.write_text("The Creator shall:\n" + "(a) post content as agreed; and shall:\n" * 3000)
    _sentences, contexts, _sections = segment(read_document(path))
    assert max(len(c) for c in contexts) <= MAX_LEAD_IN_CHARS + 200


def test_open_lists_never_nest_deeper_than_the_limit() -> None:
    lists: list[list[str]] = []
    for _ in range(1000):
        enumeration.open_nested(lists, ["a"])
    assert len(lists) == enumeration.MAX_LIST_DEPTH


def test_inline_markers_are_read_up_to_the_limit() -> None:
    sentence = "The Creator shall " + " ".join(f"({k}) post" for k in range(1, 99)) * 30
    marks = enumeration._chain_markers(sentence)
    assert len(marks) <= enumeration.MAX_INLINE_MARKERS


def test_completeness_searches_the_document_once_per_requirement(tmp_path: Path, monkeypatch):
    from contractsmith.rules import engine

    pools: list[int] = []
    original = engine._any

    def counting_any(patterns, text):
        if len(text) > 20_000:  # only the whole-document pool is this long here
            pools.append(1)
        return original(patterns, text)

    monkeypatch.setattr(engine, "_any", counting_any)
    path = tmp_path / "heads.txt"
    path.write_text("ARTICLE 1 PAYMENT\nThe Brand shall pay the fee promptly.\n\n" * 600)
    report = check_document(str(path))
    assert report.error is None
    assert len([f for f in report.findings if f.rule.startswith("V")]) >= 100
    assert len(pools) < 100  # bounded by the rules, not by the number of findings


@pytest.mark.parametrize("size", [20_000])
def test_one_long_block_of_semicolons_is_split_in_sentences(tmp_path: Path, size: int) -> None:
    path = tmp_path / "semis.txt"
    path.write_text("Fee: 100; " * (size // 10))
    report = check_document(str(path))
    assert report.error is None

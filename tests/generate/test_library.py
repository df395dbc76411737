"""The clause library: front matter, loading with errors as values, selection."""

from __future__ import annotations

from pathlib import Path

import pytest

from contractsmith.library import load_library
from contractsmith.library.frontmatter import FrontMatterError, split_front_matter
from contractsmith.library.load import SelectionError

from .conftest import write_clause

GOOD = """
id: general.boilerplate
title: General
category: general
version: 1.0.0
order: 90
jurisdictions: [any]
needs: []
rationale: Test clause.
"""


def test_front_matter_keeps_body_start_line() -> None:
    text = "---\nid: a.b\ntitle: T\n---\nline one\n{{ oops }}\n"
    fm = split_front_matter(text)
    assert fm.meta == {"id": "a.b", "title": "T"}
    assert fm.body == "line one\n{{ oops }}\n"
    assert fm.body_start_line == 5


@pytest.mark.parametrize(
    ("text", "line"),
    [("no front matter\n", 1), ("---\nid: x\n", 1), ("---\nid: [unclosed\n---\nbody", 3)],
)
def test_front_matter_errors_have_lines(text: str, line: int) -> None:
    with pytest.raises(FrontMatterError) as info:
        split_front_matter(text)
    assert info.value.line == line


def test_fixture_library_loads_in_order(fixture_library) -> None:
    ids = [c.id for c in fixture_library.ordered()]
    assert ids[0] == "definitions.basic"
    assert ids.index("exclusivity.exclusive") < ids.index("exclusivity.none")  # order tie -> id
    clause = fixture_library.get("compensation.fixed")
    assert clause.version == "2.0.1"
    assert clause.needs == (
        "compensation.fee",
        "compensation.currency",
        "compensation.schedule[].net_days",
    )
    assert clause.body_start_line == 14
    assert clause.path.read_text().splitlines()[clause.body_start_line - 1].startswith("{{ party")


def test_one_bad_clause_does_not_stop_the_others(tmp_path: Path) -> None:
    write_clause(tmp_path, "general/boilerplate.md", GOOD, "Text.\n")
    write_clause(tmp_path, "general/broken.md", "id: [oops", "Text.\n")
    write_clause(
        tmp_path,
        "term/fixed.md",
        GOOD.replace("general.boilerplate", "term.fixed")
        .replace("category: general", "category: term")
        .replace("version: 1.0.0", "version: 1.0"),
        "Text.\n",
    )
    write_clause(
        tmp_path,
        "notices/email.md",
        GOOD.replace("general.boilerplate", "notices.other").replace("general", "notices"),
        "Text.\n",
    )
    library = load_library(tmp_path)
    assert list(library.clauses) == ["general.boilerplate"]
    by_file = {Path(f.location.file).name: f for f in library.findings}
    assert by_file["broken.md"].rule == "L001"
    assert by_file["broken.md"].location.line in (2, 3)  # YAML notices at the closing line
    semver = [f for f in library.findings if "semver" in f.message]
    assert [(Path(f.location.file).name, f.rule, f.location.line) for f in semver] == [
        ("fixed.md", "L005", 5)
    ]
    assert by_file["email.md"].rule == "L006"


def test_duplicate_ids_and_bad_when_are_reported(tmp_path: Path) -> None:
    write_clause(tmp_path, "general/boilerplate.md", GOOD, "Text.\n")
    write_clause(
        tmp_path,
        "general/other.md",
        GOOD.replace("general.boilerplate", "general.other") + "when: exclusivity.exclusive ==\n",
        "Text.\n",
    )
    library = load_library(tmp_path)
    assert [f.rule for f in library.findings] == ["L007"]
    assert library.findings[0].location.line == 10


def test_missing_folder_is_a_finding(tmp_path: Path) -> None:
    library = load_library(tmp_path / "nope")
    assert len(library) == 0
    assert library.findings[0].rule == "L001"


def test_select_applies_jurisdictions_and_when(fixture_library, example_data) -> None:
    ids = [c.id for c in fixture_library.select(example_data)]
    assert "ftc_disclosure.us" in ids and "ftc_disclosure.uk" in ids
    assert "exclusivity.exclusive" in ids and "exclusivity.none" not in ids

    example_data["disclosure"]["jurisdictions"] = ["UK"]
    del example_data["exclusivity"]
    ids = [c.id for c in fixture_library.select(example_data)]
    assert "ftc_disclosure.us" not in ids and "ftc_disclosure.uk" in ids
    assert "exclusivity.none" in ids and "exclusivity.exclusive" not in ids
    assert ids == sorted(ids, key=lambda i: (fixture_library.get(i).order, i))


def test_select_reports_a_failing_when(tmp_path: Path) -> None:
    write_clause(
        tmp_path,
        "general/boilerplate.md",
        GOOD + "when: term.end_date > 3\n",
        "Text.\n",
    )
    library = load_library(tmp_path)
    assert library.findings == []
    with pytest.raises(SelectionError) as info:
        library.select({"term": {"end_date": "2026-05-31"}})
    assert info.value.finding.location.line == 10
    assert info.value.finding.clause_id == "general.boilerplate"


def test_every_reported_code_is_documented() -> None:
    import re

    from contractsmith.generate.codes import RENDER_CODES

    src = Path(__file__).resolve().parents[2] / "src" / "contractsmith"
    used = set()
    for folder in ("generate", "library"):
        for path in (src / folder).glob("*.py"):
            if path.name != "codes.py":
                used |= set(re.findall(r'"((?:R0\d\d)|(?:L9\d\d))"', path.read_text()))
    assert used and used <= set(RENDER_CODES)

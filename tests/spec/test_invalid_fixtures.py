"""Every invalid-spec fixture yields exactly the codes and pointers its header expects.

Each file in tests/fixtures/specs/invalid/ starts with ``# expect: CODE POINTER`` lines;
the findings of ``validate`` must be exactly that set, each with a line number.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from contractsmith.spec.codes import S_RULES
from contractsmith.spec.load import load_spec
from contractsmith.spec.validate import validate

SPECS = Path(__file__).resolve().parent.parent / "fixtures" / "specs"
INVALID = sorted((SPECS / "invalid").glob("*.yaml"))
_EXPECT = re.compile(r"^# expect: (S\d{3}) (\S+)$", re.MULTILINE)


def expected(path: Path) -> set[tuple[str, str]]:
    return set(_EXPECT.findall(path.read_text(encoding="utf-8")))


def test_corpus_is_large_enough() -> None:
    assert len(INVALID) >= 45


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_fixture_yields_expected_findings(path: Path) -> None:
    want = expected(path)
    assert want, f"{path.name} has no '# expect:' line"
    findings = validate(load_spec(path))
    got = {(f.rule, f.location.pointer) for f in findings}
    assert got == want
    for f in findings:
        assert f.location.line is not None and f.location.line > 2, f
        assert f.location.file == str(path)
        assert f.suggestion and f.message


def test_every_s_code_has_a_fixture() -> None:
    covered = {code for path in INVALID for code, _ in expected(path)}
    assert set(S_RULES) - covered == set()


def test_minimal_valid_fixture_is_clean() -> None:
    assert validate(load_spec(SPECS / "valid" / "minimal.yaml")) == []


def test_pointer_line_points_at_the_offending_key() -> None:
    path = SPECS / "invalid" / "draft-after-posting.yaml"
    finding = next(f for f in validate(load_spec(path)) if f.rule == "S101")
    line = path.read_text(encoding="utf-8").splitlines()[finding.location.line - 1]
    assert line.strip().startswith("draft_due:")

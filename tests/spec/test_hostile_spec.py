"""Hostile specs: every value out of range is one S finding, and whatever validates renders.

Numbers too large to print, dates past any calendar the tools support, texts longer than a
Word property or holding characters Word cannot store: ``validate`` reports each as a
finding (never a traceback), and a spec it accepts always renders.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import math
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from contractsmith.commands.validate import validate_files
from contractsmith.consistency.spec import check_spec
from contractsmith.findings import Severity
from contractsmith.generate import render as render_module
from contractsmith.generate.docx_writer import WordShell, load_shell
from contractsmith.generate.render import RenderError, render, render_many
from contractsmith.generate.zipnorm import zip_date_time
from contractsmith.library import Library, load_library
from contractsmith.resources import examples_dir, load_schema
from contractsmith.spec import semantic
from contractsmith.spec.load import Spec, SpecLoadError, iter_pointers, load_spec
from contractsmith.spec.validate import validate

EXAMPLES = sorted(examples_dir().glob("*.yaml"))
SPONSORSHIP = examples_dir() / "sponsorship.yaml"


@cache
def _tools() -> tuple[Library, WordShell]:
    """The shipped clause library and Word shell, loaded once."""
    lib = load_library()
    assert lib.findings == []
    return lib, load_shell(None)


@pytest.fixture
def library() -> Library:
    return _tools()[0]


@pytest.fixture
def shell() -> WordShell:
    return _tools()[1]


def example() -> dict[str, Any]:
    """A fresh, mutable copy of the sponsorship example's data."""
    return copy.deepcopy(load_spec(SPONSORSHIP).data)


def codes(data: dict[str, Any] | Spec) -> set[tuple[str, str | None]]:
    """``(rule, pointer)`` of every error finding of ``data``."""
    return {(f.rule, f.location.pointer) for f in validate(data) if f.severity is Severity.ERROR}


def example_text(old: str, new: str) -> str:
    text = SPONSORSHIP.read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new, 1)


# --- case 14: numbers out of range and date arithmetic ------------------------------


def test_yaml_integer_beyond_python_digit_limit_is_one_s007() -> None:
    text = example_text("kill_fee_due_days: 14", "kill_fee_due_days: " + "9" * 5000)
    findings = validate(load_spec(text, name="big.yaml"))
    assert [(f.rule, f.location.pointer) for f in findings] == [
        ("S007", "/compensation/kill_fee_due_days")
    ]
    assert findings[0].location.line is not None
    assert "5000 digits" in findings[0].message
    assert len(findings[0].message) < 200


def test_json_integer_beyond_python_digit_limit_is_one_s007() -> None:
    data = json.loads(json.dumps(example(), ensure_ascii=False))
    data["approval"]["revision_rounds"] = "HUGE"
    text = json.dumps(data).replace('"HUGE"', "-" + "7" * 4400)
    assert codes(load_spec(text, name="big.json")) == {("S007", "/approval/revision_rounds")}


def test_hex_integer_too_large_to_print_is_s007() -> None:
    text = example_text("kill_fee_due_days: 14", "kill_fee_due_days: 0x" + "f" * 4000)
    assert codes(load_spec(text, name="hex.yaml")) == {("S007", "/compensation/kill_fee_due_days")}


def test_python_integer_too_large_to_print_is_s007() -> None:
    data = example()
    data["deliverables"][0]["count"] = 10**5000
    data["confidentiality"]["years"] = -(10**30)
    assert codes(data) == {
        ("S007", "/deliverables/0/count"),
        ("S007", "/confidentiality/years"),
    }


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"term": {"duration_months": 10**8}}, {("S007", "/term/duration_months")}),
        ({"term": {"duration_months": 10**17}}, {("S007", "/term/duration_months")}),
        ({"term": {"duration_months": -(10**8)}}, {("S007", "/term/duration_months")}),
        ({"term": {"duration_months": "1e8"}}, {("S002", "/term/duration_months")}),
        ({"exclusivity": {"days_after": 10**8}}, {("S007", "/exclusivity/days_after")}),
        ({"exclusivity": {"days_before": 10**8}}, {("S007", "/exclusivity/days_before")}),
        ({"exclusivity": {"days_before": 10**12}}, {("S007", "/exclusivity/days_before")}),
    ],
    ids=["months-1e8", "months-1e17", "months-negative", "months-float", "after", "before", "1e12"],
)
def test_out_of_range_numbers_are_findings_not_overflows(
    change: dict[str, dict[str, Any]], expected: set[tuple[str, str]]
) -> None:
    data = example()
    for block, values in change.items():
        data[block].update(values)
        if "duration_months" in values:
            del data["term"]["end_date"]
        if block == "exclusivity":
            del data["exclusivity"]["fee"]  # so that S131 computes the end of exclusivity
    assert codes(data) == expected


def test_term_in_year_9999_plus_months_is_s004() -> None:
    data = example()
    data["term"] = {"effective_date": "9999-02-01", "duration_months": 12}
    assert ("S004", "/term/effective_date") in codes(data)


def test_retainer_months_out_of_range_do_not_overflow() -> None:
    data = load_spec(examples_dir() / "retainer.yaml").data
    data["retainer"]["months"] = 10**15
    data["term"]["effective_date"] = "2099-12-31"
    found = codes(data)
    assert ("S007", "/retainer/months") in found
    assert not any(code == "S118" for code, _ in found)


def test_date_arithmetic_returns_none_outside_pythons_calendar() -> None:
    last = dt.date(2099, 12, 31)
    assert semantic.add_months(last, 10**17) is None
    assert semantic.add_months(dt.date(1900, 1, 1), -(10**6)) is None
    assert semantic.add_months(last, 1) == dt.date(2100, 1, 31)
    assert semantic.add_days(dt.date.max, 1) is None
    assert semantic.add_days(last, 10**12) is None
    assert semantic.add_days(None, 1) is None


def _schema_nodes(node: Any) -> list[dict[str, Any]]:
    """Every sub-schema of ``node`` (examples and enums are data, not schemas)."""
    found: list[dict[str, Any]] = []
    if isinstance(node, dict):
        found.append(node)
        for key, value in node.items():
            if key not in ("examples", "enum", "const", "required"):
                found += _schema_nodes(value)
    elif isinstance(node, list):
        for value in node:
            found += _schema_nodes(value)
    return found


def _types(node: dict[str, Any]) -> list[str]:
    kind = node.get("type")
    return kind if isinstance(kind, list) else [kind]


def test_every_schema_number_has_a_maximum() -> None:
    nodes = [n for n in _schema_nodes(load_schema("contract-spec")) if "integer" in _types(n)]
    assert nodes
    assert [n.get("title") for n in nodes if "maximum" not in n or "minimum" not in n] == []
    assert max(n["maximum"] for n in nodes) <= 999_999_999
    assert not any("number" in _types(n) for n in _schema_nodes(load_schema("contract-spec")))


def test_every_schema_text_has_a_max_length() -> None:
    nodes = [n for n in _schema_nodes(load_schema("contract-spec")) if "string" in _types(n)]
    unbounded = [n.get("title", n) for n in nodes if "maxLength" not in n and "enum" not in n]
    assert unbounded == []
    assert max(n.get("maxLength", 0) for n in nodes) <= 2000


def test_validate_batch_goes_on_past_an_unexpected_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad, good = tmp_path / "bad.yaml", tmp_path / "good.yaml"
    bad.write_text(SPONSORSHIP.read_text(encoding="utf-8"), encoding="utf-8")
    good.write_text(SPONSORSHIP.read_text(encoding="utf-8"), encoding="utf-8")
    import contractsmith.commands.validate as command

    real = command.validate

    def flaky(spec: Spec) -> list[Any]:
        if spec.path.endswith("bad.yaml"):
            raise ValueError("x" * 100_000)
        return real(spec)

    monkeypatch.setattr(command, "validate", flaky)
    first, second = validate_files([str(bad), str(good)])
    assert first.error is not None and "please report it" in first.error
    assert len(first.error) < 300
    assert second.error is None and second.findings == []


# --- case 16: what validates renders ------------------------------------------------


def test_r099_never_echoes_more_than_a_short_detail(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, library: Library, shell: WordShell
) -> None:
    def explode(*_args: Any, **_kwargs: Any) -> Any:
        raise ValueError("exceeded limit, got:\n\n'" + "A" * 2_000_000 + "'")

    monkeypatch.setattr(render_module, "assemble", explode)
    batch = render_many([SPONSORSHIP], tmp_path, template=shell, library=library)
    (failure,) = batch.failures
    (line,) = failure.lines()
    assert "[R099]" in line and "please report it" in line
    assert len(line) < 400
    assert "\n" not in line


@pytest.mark.parametrize("field", ["title", "reference"])
def test_title_and_reference_over_200_characters_are_s011(field: str) -> None:
    data = example()
    data[field] = "A" * 300
    found = validate(data)
    assert [(f.rule, f.location.pointer) for f in found] == [("S011", f"/{field}")]
    assert "A" * 61 not in found[0].message


def test_longest_title_and_reference_render(
    tmp_path: Path, library: Library, shell: WordShell
) -> None:
    data = example()
    data["title"] = ("Spring Glow Launch Sponsorship Agreement " * 6)[:200]
    data["reference"] = "R" * 200
    data["parties"]["creator"]["legal_name"] = "N" * 200
    assert validate(data) == []
    rendered = render(Spec(data, path="longest.yaml"), tmp_path, template=shell, library=library)
    assert rendered.docx_path.exists()


@pytest.mark.parametrize(
    "char", ["\x01", "\x7f", "\x85", "\t", "\n", "\ufffe", "\uffff", "\ud800", "\ufdd0"]
)
def test_control_and_noncharacters_in_names_are_s012(char: str) -> None:
    data = example()
    data["parties"]["creator"]["signatory"]["name"] = f"Maya{char}Okafor"
    assert codes(data) == {("S012", "/parties/creator/signatory/name")}


@pytest.mark.parametrize("char", ["\x0b", "\x1f", "\ufffe", "\uffff", "\udfff"])
def test_characters_word_cannot_store_are_s012_in_any_text(char: str) -> None:
    data = example()
    data["kpis"]["makegood"]["remedy"] = f"republication{char}"
    data["disclosure"]["labels_by_jurisdiction"][f"U{char}"] = "#ad"
    found = codes(data)
    assert ("S012", "/kpis/makegood/remedy") in found
    assert any(code == "S012" and "/labels_by_jurisdiction/U" in ptr for code, ptr in found)


def test_line_breaks_and_tabs_in_long_text_validate_and_render(
    tmp_path: Path, library: Library, shell: WordShell
) -> None:
    data = example()
    data["kpis"]["makegood"]["remedy"] = "republication\n\tof the Deliverable\u2028at no fee"
    data["compensation"]["invoice_requirements"] = "x" * 2000
    assert validate(data) == []
    render(Spec(data, path="breaks.yaml"), tmp_path, template=shell, library=library)


def test_no_finding_echoes_a_whole_long_value() -> None:
    data = example()
    long = "L" * 100_000
    data["title"] = long
    data["kind"] = long
    data["compensation"]["currency"] = long
    data["deliverables"][1]["id"] = long
    data["kpis"]["metrics"][0]["deliverable"] = long + "X"
    data["disclosure"]["jurisdictions"].append("FR")
    data["disclosure"]["labels_by_jurisdiction"]["FR"] = long
    data["governing_law"]["law"] = long + "\x01"
    found = validate(data)
    assert {"S003", "S009", "S011", "S012", "S108", "S142", "S143"} <= {f.rule for f in found}
    assert max(len(f.message) for f in found) < 300


@pytest.mark.parametrize("year", [1899, 2100, 2108, 9999])
def test_dates_outside_1900_to_2099_are_s004(year: int) -> None:
    data = example()
    data["confidentiality"]["embargo_until"] = f"{year}-03-09"
    found = [f for f in validate(data) if f.rule == "S004"]
    assert [f.location.pointer for f in found] == ["/confidentiality/embargo_until"]
    assert "1900 to 2099" in found[0].message


def test_as_of_outside_the_years_is_r011(
    tmp_path: Path, library: Library, shell: WordShell
) -> None:
    with pytest.raises(RenderError) as caught:
        render(SPONSORSHIP, tmp_path, as_of="2150-01-01", template=shell, library=library)
    assert [f.rule for f in caught.value.findings] == ["R011"]


def test_zip_timestamp_is_clamped_to_the_years_zip_can_store() -> None:
    assert zip_date_time("2150-06-01") == (2107, 12, 31, 0, 0, 0)
    assert zip_date_time("2099-12-31") == (2099, 12, 31, 0, 0, 0)


# --- property: validate never raises; a spec it accepts renders ---------------------


class Huge:
    """A whole number of ``digits`` nines, too long for Python's int-from-text limit."""

    def __init__(self, digits: int) -> None:
        self.digits = digits

    def as_int(self) -> int:
        return 10**self.digits - 1


SAFE_TEXT = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Co", "Cn")), max_size=30
)
HOSTILE_CHARS = st.sampled_from(
    ["\x00", "\x01", "\x08", "\x0b", "\x1b", "\x7f", "\x85", "\x9f", "\t", "\n", "\r"]
    + ["\u2028", "\ufdd0", "\ufffe", "\uffff", "\ud800", "\udfff", "\U0001fffe", "\u202e"]
)
INTEGERS = st.one_of(
    st.sampled_from([0, 1, 12, 28, 31, 60, 120, 365, 730, 3650, 36000, 999_999_999]),
    st.integers(-(10**20), 10**20),
    st.integers(19, 6000).map(Huge),
)
DATES = st.one_of(
    st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)).map(dt.date.isoformat),
    st.dates(dt.date(2025, 6, 1), dt.date(2027, 6, 1)).map(dt.date.isoformat),
    st.sampled_from(["1899-12-31", "1900-01-01", "2099-12-31", "2100-01-01", "2108-01-01"]),
)
LONG_TEXT = st.integers(150, 2100).map(lambda n: ("Long Text " * (n // 10 + 1))[:n])
JUNK = st.recursive(
    st.one_of(st.none(), st.booleans(), INTEGERS, st.floats(), SAFE_TEXT),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(SAFE_TEXT, inner, max_size=3),
    max_leaves=6,
)
VALUES = st.one_of(INTEGERS, DATES, LONG_TEXT, SAFE_TEXT, JUNK, st.floats())


# Same-kind changes are weighted up so that enough mutants stay valid and get rendered.
ACTIONS = ["replace", "delete", "insert_char", "add_key"] + ["same_kind"] * 8
PLAUSIBLE_TEXT = st.one_of(
    st.text(
        st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Co", "Cn")),
        min_size=1,
        max_size=200,
    ),
    st.sampled_from(["Zoë שלום 😀", "a b", "‮evil"]),
    st.integers(1, 200).map(lambda n: "N" * n),
)


def _same_kind(old: Any) -> st.SearchStrategy[Any]:
    """Values of the same kind as ``old``: in and just out of range, often still valid."""
    if isinstance(old, bool):
        return st.booleans()
    if isinstance(old, int):
        return st.one_of(
            st.integers(max(0, old - 3), max(0, old + 3)), st.integers(1, 28), INTEGERS
        )
    if semantic.as_date(old) is not None:
        day = dt.date.fromisoformat(old)
        near = st.integers(-20, 20).map(lambda n: (day + dt.timedelta(days=n)).isoformat())
        return st.one_of(near, DATES)
    if isinstance(old, str):
        return st.one_of(PLAUSIBLE_TEXT, st.just(old + " " + old), LONG_TEXT)
    return VALUES


def _parent(data: Any, pointer: str) -> tuple[Any, str | int]:
    """The container holding ``pointer`` and the key or index of the node in it."""
    *path, last = pointer.split("/")[1:]
    node = data
    for token in path:
        node = node[int(token)] if isinstance(node, list) else node[_unescape(token)]
    return node, (int(last) if isinstance(node, list) else _unescape(last))


def _unescape(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


@st.composite
def mutants(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
    """An example spec with one to three hostile or plausible changes."""
    path = draw(st.sampled_from(EXAMPLES))
    data = copy.deepcopy(load_spec(path).data)
    for _ in range(draw(st.integers(1, 3))):
        pointers = [p for p, _ in iter_pointers(data) if p]
        pointer = draw(st.sampled_from(pointers))
        parent, key = _parent(data, pointer)
        old = parent[key]
        action = draw(st.sampled_from(ACTIONS))
        if action == "delete":
            del parent[key]
        elif action == "insert_char" and isinstance(old, str):
            at = draw(st.integers(0, len(old)))
            parent[key] = old[:at] + draw(HOSTILE_CHARS) + old[at:]
        elif action == "add_key" and isinstance(old, dict):
            old[draw(SAFE_TEXT)] = draw(JUNK)
        elif action == "same_kind":
            parent[key] = draw(_same_kind(old))
        else:
            parent[key] = draw(VALUES)
    return path.stem, data


def _as_python(value: Any) -> Any:
    """The mutant as plain Python data (what ``validate(dict)`` receives)."""
    if isinstance(value, dict):
        return {k: _as_python(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_python(v) for v in value]
    return value.as_int() if isinstance(value, Huge) else value


def _as_json(value: Any) -> str:
    """The mutant as JSON text; huge numbers are written digit by digit, as a file would."""
    if isinstance(value, dict):
        return "{" + ",".join(f"{json.dumps(k)}:{_as_json(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ",".join(_as_json(v) for v in value) + "]"
    if isinstance(value, Huge):
        return "9" * value.digits
    if isinstance(value, float) and not math.isfinite(value):
        return json.dumps(str(value))
    return json.dumps(value)


@settings(
    derandomize=True,
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(mutant=mutants())
def test_validate_never_raises_and_whatever_validates_renders(
    mutant: tuple[str, dict[str, Any]], tmp_path: Path
) -> None:
    """Invariant, over 150 mutants of the example specs: ``validate`` (of the data, and of
    the spec loaded from its JSON text) never raises, and a spec without error findings
    renders to DOCX."""
    library, shell = _tools()
    name, data = mutant
    validate(_as_python(data), path=f"{name}.yaml")
    try:
        spec = load_spec(_as_json(data), name=f"{name}.json")
    except SpecLoadError:
        event("one-line load error")  # e.g. a lone surrogate, which UTF-8 cannot carry
        return
    if any(f.severity is Severity.ERROR for f in validate(spec)):
        event("invalid: S findings")
        return
    if any(f.severity is Severity.ERROR for f in check_spec(spec, library)):
        event("invalid: X findings")  # `contractsmith validate` reports these too
        return
    event("valid: rendered")
    rendered = render(spec, tmp_path, template=shell, library=library)
    assert rendered.docx_path.stat().st_size > 0

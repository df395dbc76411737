"""L-family: each library rule has a failing and a passing case."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest
from jinja2.sandbox import ImmutableSandboxedEnvironment

from contractsmith.library.load import load_library
from contractsmith.lint import library as checks
from contractsmith.lint.lock import LockEntry, body_sha256, write_lock
from contractsmith.lint.runner import LintOptions, lint_library_dir
from contractsmith.lint.schema_paths import SchemaIndex
from contractsmith.resources import load_schema
from tests.conftest import REPO_ROOT

INDEX = SchemaIndex(load_schema("contract-spec"))


def clause_file(root: Path, cid: str, body: str, **front: object) -> Path:
    category, variant = cid.split(".")
    meta = {
        "id": cid,
        "title": front.pop("title", "Fees and Payment"),
        "category": category,
        "version": front.pop("version", "1.0.0"),
        "order": front.pop("order", 10),
        "jurisdictions": front.pop("jurisdictions", ["any"]),
        "needs": front.pop("needs", []),
        "rationale": "Test clause that follows the project drafting guide.",
        **front,
    }
    import yaml

    path = root / category / f"{variant}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        "---\n" + yaml.safe_dump(meta, sort_keys=False) + "---\n" + textwrap.dedent(body),
        encoding="utf-8",
    )
    return path


def only(findings, code: str):
    return [f for f in findings if f.rule == code]


def field_findings(tmp_path: Path, body: str, needs: list[str] | None = None) -> list:
    clause_file(tmp_path, "compensation.test", body, needs=needs or [])
    lib = load_library(tmp_path)
    clause = lib.get("compensation.test")
    ast, problems = checks.parse_body(ImmutableSandboxedEnvironment(), clause)
    assert ast is not None, problems
    return checks.check_fields(clause, ast, INDEX)


def test_L010_syntax_error_reports_the_clause_file_line(tmp_path: Path) -> None:
    path = clause_file(tmp_path, "compensation.bad", "Line one.\n\n{% iff compensation.fee %}x\n")
    lib = load_library(tmp_path)
    ast, problems = checks.parse_body(ImmutableSandboxedEnvironment(), lib.get("compensation.bad"))
    assert ast is None and [f.rule for f in problems] == ["L010"]
    lines = path.read_text().splitlines()
    assert "{% iff" in lines[problems[0].location.line - 1]
    clause_file(tmp_path, "compensation.good", "{% if compensation.fee %}Fee.{% endif %}\n")
    lib = load_library(tmp_path)
    assert checks.parse_body(ImmutableSandboxedEnvironment(), lib.get("compensation.good"))[1] == []


def test_L011_unknown_spec_field(tmp_path: Path) -> None:
    bad = field_findings(tmp_path, "Pay {{ compensation.fees }} by {{ budget.total }}.\n")
    assert {f.text for f in only(bad, "L011")} == {"compensation.fees", "budget.total"}
    assert only(field_findings(tmp_path, "Pay {{ compensation.fee }}.\n"), "L011") == []


def test_L011_nested_list_paths_resolve_through_items(tmp_path: Path) -> None:
    body = "{% for s in compensation.schedule %}{{ s.net_days }} {{ s.netdays }}{% endfor %}\n"
    bad = only(field_findings(tmp_path, body), "L011")
    assert [f.text for f in bad] == ["compensation.schedule[].netdays"]


def test_L012_declared_need_unused(tmp_path: Path) -> None:
    bad = field_findings(
        tmp_path,
        "Pay {{ compensation.fee }}.\n",
        needs=["compensation.fee", "compensation.currency"],
    )
    assert [f.text for f in only(bad, "L012")] == ["compensation.currency"]
    ok = field_findings(
        tmp_path,
        "Pay {{ money(compensation.fee, compensation.currency) }}.\n",
        needs=["compensation.fee", "compensation.currency"],
    )
    assert only(ok, "L012") == []


def test_L013_optional_field_needs_a_guard(tmp_path: Path) -> None:
    bad = field_findings(tmp_path, "Cap {{ compensation.expenses.cap }}.\n")
    assert only(bad, "L013")
    ok = field_findings(
        tmp_path,
        "{% if compensation.expenses is defined and compensation.expenses.cap is defined %}"
        "Cap {{ compensation.expenses.cap }}.{% endif %}\n",
    )
    assert only(ok, "L013") == []


def test_L015_need_not_in_schema(tmp_path: Path) -> None:
    bad = field_findings(tmp_path, "Pay {{ compensation.fee }}.\n", needs=["compensation.budget"])
    assert [f.text for f in only(bad, "L015")] == ["compensation.budget"]


def test_L002_front_matter_schema(tmp_path: Path) -> None:
    ok = clause_file(tmp_path, "compensation.ok", "Text.\n")
    bad = clause_file(tmp_path, "compensation.bad", "Text.\n", reviewer="someone")
    schema = load_schema("clause")
    lib = load_library(tmp_path)
    assert checks.check_front_matter_schema(lib.get("compensation.ok"), schema) == []
    found = checks.check_front_matter_schema(lib.get("compensation.bad"), schema)
    assert [f.rule for f in found] == ["L002"] and "reviewer" in found[0].message
    assert ok.exists() and bad.exists()


def test_loader_problems_map_to_lint_codes(tmp_path: Path) -> None:
    clause_file(tmp_path, "compensation.one", "A.\n")
    dup = clause_file(tmp_path, "compensation.two", "B.\n")
    dup.write_text(dup.read_text().replace("id: compensation.two", "id: compensation.one"))
    (tmp_path / "term").mkdir()
    (tmp_path / "term" / "broken.md").write_text("no front matter here\n")
    findings = lint_library_dir(tmp_path, LintOptions(render=False, wording=False))
    codes = {f.rule for f in findings}
    assert {"L001", "L006"} <= codes or {"L001", "L003"} <= codes
    assert all(f.suggestion for f in findings)


def test_L040_to_L043_lock_rules(tmp_path: Path) -> None:
    clause_file(tmp_path, "compensation.a", "Alpha.\n", version="1.1.0")
    clause_file(tmp_path, "compensation.b", "Beta.\n")
    lib = load_library(tmp_path)
    lock = tmp_path / "clauses.lock"
    assert only(checks.check_lock(lib, lock), "L044")  # missing lock
    write_lock(lock, checks.lock_entries(lib))
    assert checks.check_lock(lib, lock) == []  # pass case
    entries = checks.lock_entries(lib)
    entries["compensation.a"] = LockEntry("1.1.0", body_sha256("Old alpha.\n"))
    entries["compensation.b"] = LockEntry("2.0.0", entries["compensation.b"].sha256)
    entries["compensation.gone"] = LockEntry("1.0.0", "0" * 64)
    write_lock(lock, entries)
    codes = sorted(f.rule for f in checks.check_lock(lib, lock))
    assert codes == ["L040", "L042", "L043"]
    original = (tmp_path / "compensation" / "b.md").read_text()
    clause_file(tmp_path, "compensation.b", "Beta, revised.\n", version="2.1.0")
    assert "L045" in [f.rule for f in checks.check_lock(load_library(tmp_path), lock)]
    (tmp_path / "compensation" / "b.md").write_text(original)
    clause_file(tmp_path, "compensation.c", "Gamma.\n")
    write_lock(lock, checks.lock_entries(lib))
    assert [f.rule for f in checks.check_lock(load_library(tmp_path), lock)] == ["L041"]
    lock.write_text("{not json")
    assert [f.rule for f in checks.check_lock(lib, lock)] == ["L044"]


def test_update_lock_rewrites_after_a_bump(tmp_path: Path) -> None:
    path = clause_file(tmp_path, "compensation.a", "Alpha.\n")
    lib = load_library(tmp_path)
    write_lock(tmp_path / "clauses.lock", checks.lock_entries(lib))
    path.write_text(path.read_text().replace("Alpha.", "Alpha, revised.").replace("1.0.0", "1.0.1"))
    lint_library_dir(tmp_path, LintOptions(render=False, wording=False, update_lock=True))
    after = checks.check_lock(load_library(tmp_path), tmp_path / "clauses.lock")
    assert after == []


def test_L050_L051_coverage(tmp_path: Path) -> None:
    clause_file(tmp_path, "compensation.a", "Alpha.\n")
    lib = load_library(tmp_path)
    found = checks.check_coverage(lib, INDEX, tmp_path)
    assert any(f.rule == "L050" and "'deliverables'" in f.message for f in found)
    assert {f.message.split()[2] for f in only(found, "L051")} >= {"US", "UK", "EU", "FR"}
    project = load_library(REPO_ROOT / "clauses")
    assert checks.check_coverage(project, INDEX, REPO_ROOT / "clauses") == []


def _render_check(root: Path, examples: list[Path]):
    from contractsmith.lint.rendering import check_rendering

    return check_rendering(load_library(root), examples=examples, render=False, wording=False)


@pytest.fixture
def library_copy(tmp_path: Path) -> Path:
    import shutil

    root = tmp_path / "clauses"
    shutil.copytree(REPO_ROOT / "clauses", root)
    return root


SPONSORSHIP = REPO_ROOT / "examples" / "sponsorship.yaml"


def test_project_library_has_clean_defined_terms(library_copy: Path) -> None:
    found = _render_check(library_copy, [SPONSORSHIP])
    assert [f for f in found if f.rule in ("L060", "L061", "L062")] == []


def test_L061_defined_but_never_used(library_copy: Path) -> None:
    clause_file(
        library_copy,
        "general.extra",
        'Each listed retailer is a ("**Stockist**").\n',
        title="Extra",
        order=999,
    )
    assert [f.rule for f in _render_check(library_copy, [SPONSORSHIP])] == ["L061"]


def test_L062_defined_twice(library_copy: Path) -> None:
    clause_file(
        library_copy,
        "general.extra",
        'The ("**Stockist**") list is in Schedule 4. Each ("**Stockist**") is named.\n',
        title="Extra",
        order=999,
    )
    assert "L062" in [f.rule for f in _render_check(library_copy, [SPONSORSHIP])]


def test_L060_used_where_not_defined(library_copy: Path, tmp_path: Path) -> None:
    clause_file(
        library_copy,
        "general.define",
        'Each ("**Stockist**") is named in Schedule 4.\n',
        title="Stockists",
        order=998,
        when="exclusivity.exclusive",
    )
    clause_file(
        library_copy,
        "general.use",
        "No Stockist may be charged a fee.\n",
        title="Stockist Fees",
        order=999,
    )
    import yaml

    from contractsmith.spec.load import load_spec

    data = load_spec(SPONSORSHIP).data
    data["exclusivity"] = {"exclusive": False}
    other = tmp_path / "non-exclusive.yaml"
    other.write_text(yaml.safe_dump(data), encoding="utf-8")
    found = _render_check(library_copy, [SPONSORSHIP, other])
    assert [f.rule for f in found] == ["L060"]
    assert "Stockist" in found[0].message


def _wording_check(root: Path) -> list:
    from contractsmith.lint.rendering import check_rendering

    return check_rendering(load_library(root), examples=[SPONSORSHIP], render=False, wording=True)


def test_L030_vague_wording_in_a_clause_is_reported_at_its_line(library_copy: Path) -> None:
    assert [f for f in _wording_check(library_copy) if f.rule in ("L030", "L031")] == []
    fees = library_copy / "compensation" / "fees.md"
    fees.write_text(fees.read_text() + "\nBrand shall pay each invoice promptly.\n")
    found = [f for f in _wording_check(library_copy) if f.rule == "L030"]
    assert len(found) == 1 and "V001" in found[0].message
    assert found[0].location.line == len(fees.read_text().splitlines())


def test_L030_justified_code_is_accepted_and_L031_flags_stale_ones(library_copy: Path) -> None:
    fees = library_copy / "compensation" / "fees.md"
    text = fees.read_text()
    justified = text.replace(
        "\nrationale:", '\njustifications:\n  V001: "test: accepted for this clause"\nrationale:', 1
    )
    fees.write_text(justified + "\nBrand shall pay each invoice promptly.\n")
    assert [f.rule for f in _wording_check(library_copy) if f.rule in ("L030", "L031")] == []
    fees.write_text(justified)  # the phrase is gone, the justification stays
    stale = [f for f in _wording_check(library_copy) if f.rule == "L031"]
    assert len(stale) == 1 and "V001" in stale[0].message


@pytest.mark.parametrize(
    ("code", "front", "where"),
    [
        ("L004", {"category": "astrology"}, "compensation.bad"),
        ("L005", {"version": "1.0"}, "compensation.bad"),
        ("L006", {"id": "compensation.other"}, "compensation.bad"),
        ("L007", {"when": "exclusivity.exclusive =="}, "compensation.bad"),
    ],
)
def test_loader_codes_each_fail_and_pass(
    tmp_path: Path, code: str, front: dict, where: str
) -> None:
    options = LintOptions(render=False, wording=False)
    clause_file(tmp_path, "compensation.good", "Alpha.\n")
    write_lock(tmp_path / "clauses.lock", checks.lock_entries(load_library(tmp_path)))
    assert code not in {f.rule for f in lint_library_dir(tmp_path, options)}
    if where == "duplicate":
        dup = clause_file(tmp_path, "compensation.copy", "Beta.\n")
        dup.write_text(dup.read_text().replace("id: compensation.copy", "id: compensation.good"))
    else:
        path = clause_file(tmp_path, "compensation.bad", "Beta.\n")
        text = path.read_text()
        for key, value in front.items():
            text = re.sub(rf"^{key}: .*$", f"{key}: {value}", text, count=1, flags=re.M)
            if f"\n{key}:" not in text:
                text = text.replace("\n---\n", f"\n{key}: {value}\n---\n", 1)
        path.write_text(text)
    assert code in {f.rule for f in lint_library_dir(tmp_path, options)}


def _example_copy(tmp_path: Path, library_copy: Path, body: str, code: str) -> list:
    from contractsmith.lint.rendering import check_rendering

    clause_file(library_copy, "general.extra", body, title="Extra", order=999)
    found = check_rendering(load_library(library_copy), examples=[SPONSORSHIP], wording=False)
    return [f for f in found if f.rule == code]


def test_L020_render_failure_against_an_example(library_copy: Path, tmp_path: Path) -> None:
    assert _example_copy(tmp_path, library_copy, "Fee {{ compensation.fee }}.\n", "L020") == []
    bad = _example_copy(
        tmp_path,
        library_copy,
        "Fee {{ money(compensation.fee, 'XX') }} {{ ref('no_such_clause') }}.\n",
        "L020",
    )
    assert bad and "general.extra" in (bad[0].clause_id or "")


def test_L021_render_failure_on_an_edge_case(library_copy: Path, tmp_path: Path) -> None:
    ok = "{% for h in deliverables[0].hashtags if deliverables[0].hashtags is defined %}{{ h }}{% endfor %}x\n"
    assert _example_copy(tmp_path, library_copy, ok, "L021") == []
    # Works for the example, breaks when optional lists are emptied.
    bad = "{% if deliverables[0].hashtags is defined %}{{ deliverables[0].hashtags[0] }}{% endif %}x\n"
    assert _example_copy(tmp_path, library_copy, bad, "L021")


def test_L022_names_must_come_out_literally(library_copy: Path, tmp_path: Path) -> None:
    assert _example_copy(tmp_path, library_copy, "{{ parties.brand.legal_name }}.\n", "L022") == []
    # Escaping twice leaks "&amp;" into the contract text.
    bad = "{{ parties.brand.legal_name | forceescape | forceescape }}.\n"
    found = _example_copy(tmp_path, library_copy, bad, "L022")
    assert found and "&amp;" in found[0].message


def test_L030_reports_checker_warnings_at_warning(library_copy: Path) -> None:
    from contractsmith.findings import Severity

    expenses = library_copy / "compensation" / "fees.md"
    expenses.write_text(
        expenses.read_text() + "\nBrand shall reimburse approved expenses as soon as practicable.\n"
    )
    found = [f for f in _wording_check(library_copy) if f.rule == "L030"]
    assert found and all(f.severity in (Severity.WARNING, Severity.ERROR) for f in found)
    assert any("V001" in f.message for f in found)

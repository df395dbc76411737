"""A hostile clause library is bounded, and every L and T lint code fires through the CLI.

Case 8: a clause body or ``when`` that asks for huge integers, huge strings, runaway
loops or endless time, a huge clause file, or a symlink out of the library, becomes one
clean finding (L008/L023 in ``lint``, R008 in ``render``) and the other clauses go on.

Case 20: ``contractsmith lint`` is run on a tiny library or template made here, once per
code, so that a check that is switched off (or never wired up) fails a test.
"""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from docx import Document

from contractsmith.cli import main
from contractsmith.generate.docx_writer import (
    TEMPLATE_CONTEXT_NAMES,
    required_styles,
    shell_context,
)
from contractsmith.generate.jinja_env import clause_environment
from contractsmith.generate.sandbox import LimitExceeded, RenderLimits, render_bounded
from contractsmith.lint.codes import LINT_RULES
from contractsmith.resources import examples_dir, templates_dir
from tests.lint.test_library_rules import clause_file as clause
from tests.pdf.test_hostile_office import docx_with_linked_picture

SPONSORSHIP = examples_dir() / "sponsorship.yaml"
SHELL = templates_dir() / "contract.docx"


# ---------------------------------------------------------------- helpers


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    """Run the CLI; a traceback (any exception but SystemExit) fails the test."""
    result = CliRunner().invoke(main, list(args), env=env)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout, result.stderr


def lint(*args: str, env: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """The findings of ``contractsmith lint ... --format json``."""
    _, out, _ = run("lint", *args, "--format", "json", env=env)
    return [f for entry in json.loads(out)["files"] for f in entry["findings"]]


def rules_of(findings: list[dict[str, Any]], name: str | None = None) -> set[str]:
    """The codes found, optionally only for files whose name is ``name``."""
    return {
        f["rule"]
        for f in findings
        if name is None or Path(f["location"]["file"] or "").name == name
    }


@pytest.fixture
def lib(tmp_path: Path) -> Path:
    """A tiny library with one clause that renders for any spec."""
    root = tmp_path / "clauses"
    clause(root, "compensation.ok", "Brand shall pay the Fee of {{ compensation.fee }}.\n")
    return root


@pytest.fixture
def examples(tmp_path: Path) -> Path:
    folder = tmp_path / "examples"
    folder.mkdir()
    shutil.copy(SPONSORSHIP, folder / "sponsorship.yaml")
    return folder


def render_codes(lib: Path, tmp_path: Path, env: dict[str, str] | None = None) -> tuple[int, str]:
    """Exit code and stderr of ``render`` with the library ``lib``."""
    code, _, err = run(
        "render", str(SPONSORSHIP), "--clauses", str(lib), "-o", str(tmp_path / "out"), env=env
    )
    return code, err


# ---------------------------------------------------------------- case 8: the sandbox

HOSTILE_BODIES = {
    "nested_ranges": "{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}"
    "{% endfor %}\n",
    "huge_power": "{{ 9**99999999 }}\n",
    "huge_string": "{{ 'a'*10**9 }}\n",
    "doubling": "{% set ns = namespace(s='a') %}{% for i in range(60) %}"
    "{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s|length }}\n",
    "width": "{{ 'a'.ljust(10**9) }}{{ '%999999999d'|format(1) }}\n",
}


@pytest.mark.parametrize("name", sorted(HOSTILE_BODIES))
def test_hostile_body_is_L023_in_lint_and_the_other_clause_still_renders(
    lib: Path, examples: Path, name: str
) -> None:
    clause(lib, f"compensation.{name}", HOSTILE_BODIES[name], title="Hostile")
    found = lint(str(lib), "--examples", str(examples), "--no-wording", "--select", "L02")
    assert rules_of(found, f"{name}.md") == {"L023"}
    assert rules_of(found, "ok.md") == set()
    message = next(f["message"] for f in found if f["rule"] == "L023")
    assert f"{name}.md" in message and "limit" in message


@pytest.mark.parametrize("name", sorted(HOSTILE_BODIES))
def test_hostile_body_is_R008_in_render(lib: Path, tmp_path: Path, name: str) -> None:
    clause(lib, f"compensation.{name}", HOSTILE_BODIES[name], title="Hostile")
    code, err = render_codes(lib, tmp_path)
    assert code == 1
    assert "[R008]" in err and f"{name}.md" in err and "limit" in err


def test_hostile_when_is_bounded_in_lint_and_render(
    lib: Path, examples: Path, tmp_path: Path
) -> None:
    clause(lib, "compensation.when", "Alpha.\n", when="9**99999999 > 1", title="Hostile")
    found = lint(str(lib), "--examples", str(examples), "--no-wording", "--select", "L0")
    assert "L023" in rules_of(found, "when.md") and "bits" in str(found)
    code, err = render_codes(lib, tmp_path)
    assert code == 1 and "[R008]" in err and "when" in err


def test_loop_work_is_bounded_by_steps(lib: Path, tmp_path: Path) -> None:
    body = "{% for i in range(100) %}{% for j in range(100) %}{% endfor %}{% endfor %}Done.\n"
    clause(lib, "compensation.loops", body, title="Loops")
    assert render_codes(lib, tmp_path)[0] == 0
    code, err = render_codes(lib, tmp_path, {"CONTRACTSMITH_CLAUSE_MAX_STEPS": "1000"})
    assert code == 1 and "[R008]" in err and "CONTRACTSMITH_CLAUSE_MAX_STEPS" in err


def test_render_time_is_bounded_by_a_deadline(lib: Path, tmp_path: Path) -> None:
    body = "{% for i in range(10000) %}{% for j in range(10000) %}{% endfor %}{% endfor %}\n"
    clause(lib, "compensation.slow", body, title="Slow")
    env = {"CONTRACTSMITH_CLAUSE_TIMEOUT": "0.01", "CONTRACTSMITH_CLAUSE_MAX_STEPS": "10000000"}
    code, err = render_codes(lib, tmp_path, env)
    assert code == 1 and "[R008]" in err and "CONTRACTSMITH_CLAUSE_TIMEOUT" in err


def test_rendered_text_is_capped(lib: Path, tmp_path: Path) -> None:
    clause(lib, "compensation.long", "{% for i in range(500) %}word {% endfor %}\n", title="Long")
    assert render_codes(lib, tmp_path)[0] == 0
    code, err = render_codes(lib, tmp_path, {"CONTRACTSMITH_CLAUSE_MAX_CHARS": "1000"})
    assert code == 1 and "[R008]" in err and "rendered text" in err


def test_clause_file_over_the_size_limit_is_L008(lib: Path) -> None:
    clause(lib, "compensation.big", "Alpha. " * 300 + "\n", title="Big")
    assert rules_of(lint(str(lib), "--no-render", "--no-wording"), "big.md") == set()
    env = {"CONTRACTSMITH_MAX_CLAUSE_KB": "1"}
    found = lint(str(lib), "--no-render", "--no-wording", env=env)
    assert rules_of(found, "big.md") == {"L008"}
    assert "1 KB limit" in next(f["message"] for f in found if f["rule"] == "L008")


def test_symlink_leaving_the_library_is_L008(lib: Path, tmp_path: Path) -> None:
    outside = clause(tmp_path / "elsewhere", "compensation.secret", "Secret.\n")
    inside = clause(tmp_path / "clauses-src", "compensation.shared", "Shared.\n")
    (lib / "compensation" / "secret.md").symlink_to(outside)
    (lib / "compensation" / "shared.md").symlink_to(inside)
    found = lint(str(lib), "--no-render", "--no-wording")
    assert rules_of(found, "secret.md") == {"L008"}
    assert "outside the library" in str(found)
    # a symlink that stays inside the library root is an ordinary clause
    shutil.move(tmp_path / "clauses-src" / "compensation" / "shared.md", lib / "shared.md")
    (lib / "compensation" / "shared.md").unlink()
    (lib / "compensation" / "shared.md").symlink_to(lib / "shared.md")
    assert rules_of(lint(str(lib), "--no-render", "--no-wording"), "shared.md") == set()


SANDBOX_ATTACKS = [
    "{{ 9**99999999 }}",
    "{{ 'a'*10**9 }}",
    "{{ [1]*10**9 }}",
    "{% set s = 'a'*3000 %}{{ s + s }}",
    "{{ 3**3000 * 3**3000 }}",
    "{% for i in range(100000) %}{% endfor %}",
    "{% for a in 'x'*100 %}{% for b in 'x'*100 %}{% endfor %}{% endfor %}",
    "{{ lipsum(10**6) }}",
    "{{ 'a'|center(10**9) }}",
    "{{ range(10)|batch(10**9, 'x')|list|length }}",
    "{{ '%999999999d' % 1 }}",
    "{{ '{:>999999999}'.format(1) }}",
    "{{ ('\t'*100).expandtabs(10**9)|length }}",
    "{% set s = 'a'*1000 %}{{ s|replace('a', s)|length }}",
    "{% set s = 'a'*1000 %}{{ ([s]*100)|join|length }}",
    "{% set s = 'a'*1000 %}{{ [s]*100 }}",
    "{% macro f(s, n) %}{{ f(s ~ s, n - 1) if n else s|length }}{% endmacro %}{{ f('a', 60) }}",
]


@pytest.mark.parametrize("body", SANDBOX_ATTACKS)
def test_sandbox_checks_before_it_computes(body: str) -> None:
    limits = RenderLimits(timeout_s=30, max_chars=5000, max_steps=5000)
    template = clause_environment().from_string(body)
    with pytest.raises(LimitExceeded):
        render_bounded(template, {}, limits)


def test_sandbox_leaves_ordinary_clauses_alone() -> None:
    body = (
        "{{ money(5000000, 'USD') }} {{ '%d'|format(5000000) }} {{ 2**10 }} {{ 'ab' * 3 }} "
        "{% for i in range(3) %}{{ i }}{% endfor %} {{ [1, 2]|join(', ') }}"
    )
    template = clause_environment().from_string(body)
    assert render_bounded(template, {}) == "USD 5,000,000.00 5000000 1024 ababab 012 1, 2"


# ---------------------------------------------------------------- case 20: T codes


def test_template_context_names_are_what_the_writer_provides() -> None:
    from contractsmith.generate.assemble import assemble
    from contractsmith.library.load import load_library
    from contractsmith.spec.load import load_spec

    contract = assemble(load_spec(SPONSORSHIP), load_library(), as_of="2026-01-15")
    assert set(shell_context(contract)) == TEMPLATE_CONTEXT_NAMES
    assert {"Clause", "Clause Item", "Title"} <= required_styles()


def _shell_with(tmp_path: Path, *paragraphs: str) -> Path:
    doc = Document(str(SHELL))
    for text in paragraphs:
        doc.add_paragraph(text)
    path = tmp_path / "house.docx"
    doc.save(str(path))
    return path


def _split_runs(tmp_path: Path) -> Path:
    doc = Document(str(SHELL))
    p = doc.add_paragraph()
    p.add_run("{{ ti")
    p.add_run("tle }}").bold = True
    path = tmp_path / "house.docx"
    doc.save(str(path))
    return path


def _footnote(tmp_path: Path) -> Path:
    path = _shell_with(tmp_path)
    footnotes = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        '<w:footnote w:id="1"><w:p><w:r><w:t>See {{ reference }}</w:t></w:r></w:p></w:footnote>'
        "</w:footnotes>"
    )
    with zipfile.ZipFile(path, "a") as zf:
        zf.writestr("word/footnotes.xml", footnotes)
    return path


def _plain_word(tmp_path: Path) -> Path:
    doc = Document()
    doc.add_paragraph("{{ title }}")
    path = tmp_path / "house.docx"
    doc.save(str(path))
    return path


def _not_word(tmp_path: Path) -> Path:
    path = tmp_path / "house.docx"
    path.write_bytes(b"%PDF-1.7 not a zip")
    return path


TEMPLATE_CASES = {
    "T001": _split_runs,
    "T002": lambda tmp: _shell_with(tmp, "{{ client_logo }}"),
    "T003": _footnote,
    "T004": lambda tmp: _shell_with(tmp, "{%p if title %}", "{{ title }}"),
    "T005": _plain_word,
    "T006": _not_word,
    "T007": lambda tmp: _shell_with(tmp, "{{ title | }}"),
    "T008": lambda tmp: _shell_with(tmp, "{{ title", "}}"),
    "T009": lambda tmp: docx_with_linked_picture(tmp / "house.docx", "{{ title }}"),
}


def _template_codes(lib: Path, template: Path) -> set[str]:
    return rules_of(
        lint(str(lib), "--template", str(template), "--no-render", "--no-wording", "--select", "T")
    )


def test_default_shell_is_clean_through_the_cli(lib: Path) -> None:
    assert _template_codes(lib, SHELL) == set()


@pytest.mark.parametrize("code", sorted(TEMPLATE_CASES))
def test_each_T_code_fires_through_the_cli(lib: Path, tmp_path: Path, code: str) -> None:
    assert code in _template_codes(lib, TEMPLATE_CASES[code](tmp_path))


def test_every_T_code_has_a_cli_case() -> None:
    assert {c for c in LINT_RULES if c.startswith("T")} == set(TEMPLATE_CASES)


# ---------------------------------------------------------------- case 20: L codes


def _set_front(path: Path, key: str, value: str) -> None:
    text = path.read_text(encoding="utf-8")
    if re.search(rf"^{key}:", text, re.M):
        text = re.sub(rf"^{key}: .*$", f"{key}: {value}", text, count=1, flags=re.M)
    else:
        text = text.replace("\n---\n", f"\n{key}: {value}\n---\n", 1)
    path.write_text(text, encoding="utf-8")


def _locked(lib: Path) -> Path:
    run("lint", str(lib), "--no-render", "--no-wording", "--update-lock")
    return lib / "clauses.lock"


def _l040(lib: Path) -> None:
    _locked(lib)
    ok = lib / "compensation" / "ok.md"
    ok.write_text(ok.read_text(encoding="utf-8") + "Changed.\n", encoding="utf-8")


def _l042(lib: Path) -> None:
    clause(lib, "compensation.gone", "Gone.\n")
    _locked(lib)
    (lib / "compensation" / "gone.md").unlink()


def _l043(lib: Path) -> None:
    _set_front(lib / "compensation" / "ok.md", "version", "2.0.0")
    _locked(lib)
    _set_front(lib / "compensation" / "ok.md", "version", "1.0.0")


def _l045(lib: Path) -> None:
    _locked(lib)
    _set_front(lib / "compensation" / "ok.md", "version", "1.0.1")


LIBRARY_CASES = {
    "L001": lambda lib: (lib / "term").mkdir() or (lib / "term" / "x.md").write_text("no front\n"),
    "L002": lambda lib: _set_front(lib / "compensation" / "ok.md", "reviewer", "someone"),
    "L004": lambda lib: clause(lib, "astrology.bad", "Beta.\n"),
    "L005": lambda lib: _set_front(lib / "compensation" / "ok.md", "version", "'1.0'"),
    "L006": lambda lib: _set_front(lib / "compensation" / "ok.md", "id", "compensation.other"),
    "L007": lambda lib: _set_front(lib / "compensation" / "ok.md", "when", "'a =='"),
    "L010": lambda lib: clause(lib, "compensation.bad", "{% iff x %}\n"),
    "L011": lambda lib: clause(lib, "compensation.bad", "Pay {{ budget.total }}.\n"),
    "L012": lambda lib: clause(lib, "compensation.bad", "Beta.\n", needs=["compensation.fee"]),
    "L013": lambda lib: clause(lib, "compensation.bad", "{{ exclusivity.category }}\n"),
    "L015": lambda lib: clause(lib, "compensation.bad", "Beta.\n", needs=["compensation.nope"]),
    "L040": _l040,
    "L041": lambda lib: _locked(lib) and clause(lib, "compensation.new", "New.\n"),
    "L042": _l042,
    "L043": _l043,
    "L044": lambda lib: (lib / "clauses.lock").write_text("{not json"),
    "L045": _l045,
}
# Found whatever the tiny library holds (it covers almost no section of the schema).
ALWAYS = {"L041", "L044", "L050", "L051"}


@pytest.mark.parametrize("code", sorted(LIBRARY_CASES))
def test_each_library_L_code_fires_through_the_cli(lib: Path, code: str) -> None:
    if code not in ALWAYS:
        _locked(lib)
        before = rules_of(lint(str(lib), "--no-render", "--no-wording"))
        assert code not in before
    LIBRARY_CASES[code](lib)
    assert code in rules_of(lint(str(lib), "--no-render", "--no-wording"))


def test_L041_L044_L050_L051_pass_when_the_lock_and_coverage_are_there(lib: Path) -> None:
    found = rules_of(lint(str(lib), "--no-render", "--no-wording"))
    assert {"L044", "L050", "L051"} <= found
    _locked(lib)
    assert not {"L041", "L044"} & rules_of(lint(str(lib), "--no-render", "--no-wording"))
    project = Path(__file__).resolve().parents[2] / "clauses"
    found = rules_of(lint(str(project), "--no-render", "--no-wording", "--select", "L05"))
    assert found == set()


RENDER_CASES = {
    "L020": "Fee {{ money(compensation.fee, 'XX') }} {{ ref('no_such_clause') }}.\n",
    "L021": "{% if deliverables[0].hashtags is defined %}{{ deliverables[0].hashtags[0] }}"
    "{% endif %}x\n",
    "L022": "{{ parties.brand.legal_name | forceescape | forceescape }}.\n",
    "L023": "{{ 9**99999999 }}\n",
    "L061": 'Each listed retailer is a ("**Stockist**").\n',
    "L062": 'The ("**Stockist**") list is in Schedule 4. Each ("**Stockist**") is named.\n',
}


@pytest.mark.parametrize("code", sorted(RENDER_CASES))
def test_each_rendering_L_code_fires_through_the_cli(lib: Path, examples: Path, code: str) -> None:
    args = (str(lib), "--examples", str(examples), "--no-wording", "--select", "L02,L06")
    where = None if code == "L022" else "extra.md"  # L022 is reported on the library
    clause(lib, "general.extra", "Extra text.\n", title="Extra", order=999)
    assert code not in rules_of(lint(*args), where)
    clause(lib, "general.extra", RENDER_CASES[code], title="Extra", order=999)
    assert code in rules_of(lint(*args), where)


def test_L060_term_used_where_this_contract_never_defines_it(lib: Path, examples: Path) -> None:
    clause(
        lib,
        "general.define",
        'Each ("**Stockist**") is named in Schedule 4.\n',
        title="Stockists",
        order=998,
        when="exclusivity.exclusive",
    )
    clause(lib, "general.use", "No Stockist may be charged a fee.\n", title="Fees", order=999)
    args = (str(lib), "--examples", str(examples), "--no-wording", "--select", "L06")
    assert "L060" not in rules_of(lint(*args))
    data = yaml.safe_load(SPONSORSHIP.read_text(encoding="utf-8"))
    data["exclusivity"] = {"exclusive": False}
    (examples / "other.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    assert "L060" in rules_of(lint(*args), "use.md")


def test_L030_and_L031_wording_through_the_cli(lib: Path, examples: Path) -> None:
    args = (str(lib), "--examples", str(examples), "--no-render", "--select", "L03")
    path = clause(lib, "compensation.vague", "Brand shall pay each invoice.\n")
    assert rules_of(lint(*args), "vague.md") == set()
    clause(lib, "compensation.vague", "Brand shall pay each invoice promptly.\n")
    assert rules_of(lint(*args), "vague.md") == {"L030"}
    _set_front(path, "justifications", "{V001: test accepted}")
    path.write_text(path.read_text(encoding="utf-8").replace(" promptly", ""), encoding="utf-8")
    assert rules_of(lint(*args), "vague.md") == {"L031"}


def test_every_L_code_has_a_cli_case() -> None:
    covered = (
        set(LIBRARY_CASES) | set(RENDER_CASES) | ALWAYS | {"L008", "L023", "L030", "L031", "L060"}
    )
    assert {c for c in LINT_RULES if c.startswith("L")} == covered

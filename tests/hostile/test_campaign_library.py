"""A hostile-input campaign against clause libraries: generated clause bodies, ``when``
conditions and front matter, through ``lint`` and ``render``.

A tiny library (one to three clause files) is written for each example; bodies and
conditions are drawn from a grammar of Jinja fragments, valid and invalid, and the front
matter is valid YAML with hostile values or not YAML at all. Whatever the library,
``contractsmith lint LIB --format json`` and ``contractsmith render SPEC --clauses LIB``
exit 0, 1 or 2 with their findings and never a traceback, within the sandbox's limits
(set small here). Runs are derandomized, so every run of the suite tries the same
libraries.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from contractsmith.cli import main
from contractsmith.library.frontmatter import FrontMatterError, split_front_matter
from contractsmith.resources import examples_dir

SPONSORSHIP = examples_dir() / "sponsorship.yaml"
# Front matter nested a thousand deep (a bug the campaign found; see the end of the file).
DEEP_FRONT = "---\nid: " + "[" * 1000 + "\n---\nBody.\n"
# A ``when`` whose filter asserts inside Jinja (another bug it found).
TRUNCATE_WHEN = (
    "---\nid: compensation.v0\ntitle: Fees\ncategory: compensation\nversion: 1.0.0\n"
    "order: 10\njurisdictions: [any]\nneeds: []\nrationale: A test clause.\n"
    "when: compensation.fee|truncate(-1)\n---\nBody.\n"
)
# Small sandbox limits, so that a runaway clause stops early (each is a finding).
LIMITS = {
    "CONTRACTSMITH_CLAUSE_TIMEOUT": "2",
    "CONTRACTSMITH_CLAUSE_MAX_STEPS": "20000",
    "CONTRACTSMITH_CLAUSE_MAX_CHARS": "20000",
    "CONTRACTSMITH_MAX_CLAUSE_KB": "64",
}

CAMPAIGN = settings(
    derandomize=True,
    deadline=None,
    max_examples=200,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

# --- the grammar --------------------------------------------------------------------

NAMES = st.sampled_from(
    [
        "compensation.fee",
        "compensation.currency",
        "parties.brand.name",
        "term",
        "deliverables[0].count",
        "deliverables|length",
        "undefined_name",
        "undefined_name.attr.deeper",
        "compensation.fee.__class__",
        "''.__class__.__mro__",
        "lipsum",
        "range",
        "cycler",
        "namespace",
        "money",
        "self",
        "loop",
        "caller",
        "none",
        "true",
    ]
)
NUMBERS = st.sampled_from(["0", "1", "-1", "3", "10**9", "9**99999999", "2**64", "1e308", "1/0"])
FILTERS = st.sampled_from(
    [
        "length",
        "list",
        "upper",
        "title",
        "join(',')",
        "attr('__class__')",
        "format(1)",
        "int",
        "float",
        "sum",
        "sort",
        "unique",
        "batch(10**9)",
        "wordwrap(1)",
        "indent(10**9)",
        "center(10**9)",
        "truncate(-1)",
        "replace('', 'x')",
        "tojson",
        "pprint",
        "default(none)",
        "nosuchfilter",
    ]
)


def _expression(depth: int = 0) -> st.SearchStrategy[str]:
    """A Jinja expression: names, numbers, arithmetic with huge operands, filters, calls."""
    leaf = st.one_of(
        NAMES,
        NUMBERS,
        st.sampled_from(["'a'", "'%s'", "[1, 2]", "{'a': 1}", "(1, 2)"]),
    )
    if depth >= 2:
        return leaf
    inner = st.deferred(lambda: _expression(depth + 1))
    return st.one_of(
        leaf,
        st.builds(lambda a, op, b: f"{a} {op} {b}", inner, st.sampled_from(OPERATORS), inner),
        st.builds(lambda a, f: f"{a}|{f}", inner, FILTERS),
        st.builds(lambda a: f"range({a})", inner),
        st.builds(lambda a: f"lipsum({a})", inner),
        st.builds(lambda a, n: "(" * n + a + ")" * n, inner, st.integers(1, 300)),
        st.builds(lambda a: f"{a}.__class__.__subclasses__()", inner),
    )


OPERATORS = ["+", "*", "**", "//", "%", "~", "and", "or", "==", "<", "in", "is", "if"]
EXPRESSIONS = _expression()


# Fragments that parse, many of them hostile when run.
SOUND_STATEMENTS = [
    "Brand shall pay the Fee.",
    "\n",
    "{{ compensation.fee }}",
    "{% raw %}{{ kept }}{% endraw %}",
    "{% include 'other.md' %}",
    "{% import 'x' as y %}",
    "{% set ns = namespace(s='a') %}{% for i in range(60) %}{% set ns.s = ns.s ~ ns.s %}"
    "{% endfor %}",
    "{% macro m(n) %}{{ m(n + 1) }}{% endmacro %}{{ m(1) }}",
    "{% macro r() %}{{ r() }}{% endmacro %}{{ r() }}",
    "{{ 'a' * 10**9 }}",
    "{{ 9**99999999 }}",
    "{{ [1] * 10**8 }}",
    "{{ '%999999999d'|format(1) }}",
    "{{ 'a'.ljust(10**9) }}",
    "{{ money(10**100, 'USD') }}",
    "{{ money(compensation.fee, 'XXX') }}",
    "{% for k, v in compensation|dictsort %}{{ k }}={{ v }} {% endfor %}",
    "{% for c in compensation.fee %}{{ c.x.y }}{% endfor %}",
    "{{ compensation.fee.__class__.__mro__[1].__subclasses__() }}",
    "{{ cycler(1, 2).next() }}{{ joiner()() }}",
    "\ufeff\x00\u202e",
]
# Fragments that do not parse: unclosed and stray tags, deep braces.
BROKEN_STATEMENTS = st.one_of(
    st.sampled_from(
        [
            "{{ x",
            "{% if %}",
            "{% for %}",
            "{% endfor %}",
            "{% endif %}",
            "{# unclosed comment",
            "{% raw %}{{ kept }}",
            "{% extends 'base' %}",
            "{{ {{ }} }}",
            "{{ ( }}",
            "{{ .. }}",
            "{{ 'unclosed }}",
            "{% macro %}",
        ]
    ),
    st.builds(lambda n: "{" * n, st.integers(1, 500)),
    st.builds(lambda n: "{{ " + "{" * n + "1" + "}" * n + " }}", st.integers(1, 200)),
)


def _statement(depth: int = 0) -> st.SearchStrategy[str]:
    """A body fragment that parses: text, output, loops, conditions, macros."""
    leaf = st.one_of(
        st.sampled_from(SOUND_STATEMENTS),
        st.builds(lambda e: "{{ " + e + " }}", EXPRESSIONS),
        st.builds(lambda n: "{{ " + "(" * n + "1" + ")" * n + " }}", st.integers(1, 300)),
        st.builds(lambda n: "{{ " + "[" * n + "1" + "]" * n + " }}", st.integers(1, 300)),
    )
    if depth >= 2:
        return leaf
    inner = st.deferred(lambda: _statement(depth + 1))
    return st.one_of(
        leaf,
        st.builds(lambda e, b: "{% for i in " + e + " %}" + b + "{% endfor %}", EXPRESSIONS, inner),
        st.builds(lambda e, b: "{% if " + e + " %}" + b + "{% endif %}", EXPRESSIONS, inner),
        st.builds(lambda e, b: "{% set x = " + e + " %}" + b, EXPRESSIONS, inner),
        st.builds(lambda b: "{% filter upper %}" + b + "{% endfilter %}", inner),
    )


STATEMENTS = st.lists(_statement(), min_size=0, max_size=6)
BODIES = st.one_of(
    st.just("Brand shall pay the Fee of {{ compensation.fee }}."),
    STATEMENTS.map("".join),
    STATEMENTS.map("".join),
    st.builds(
        lambda a, b, c: "".join(a) + b + "".join(c), STATEMENTS, BROKEN_STATEMENTS, STATEMENTS
    ),
)
CONDITIONS = st.one_of(
    EXPRESSIONS,
    EXPRESSIONS,
    st.sampled_from(["", "{{ 1 }}", "true and", "(", "x = 1", "\n\n", "'unclosed", "a..b"]),
)
MALFORMED_FRONT = st.sampled_from(
    [
        "id: [unclosed\n",
        "id: a\n  bad: indent\n",
        "- just\n- a list\n",
        "!!python/object/apply:os.system ['true']\n",
        "&a [*a]\n",
        "id: &x a\nother: *y\n",
        "\t\n",
        "? complex\n: key\n",
        "id: " + "[" * 1000 + "\n",
        "a: 1\na: 2\n",
        "",
    ]
)


def _mostly(valid: object, hostile: list[object]) -> st.SearchStrategy[object]:
    """``valid`` three times in four, else one of ``hostile``."""
    return st.one_of(st.just(valid), st.just(valid), st.just(valid), st.sampled_from(hostile))


# Values a field of valid front matter may be swapped for (one field per clause at most,
# so that most clauses load and their bodies and conditions are rendered).
HOSTILE_FIELDS: dict[str, list[object]] = {
    "title": ["", "x" * 500, "\x07", 12],
    "version": ["1", "x.y.z", "9" * 100],
    "order": [-1, 10**30, "ten", None, 1.5],
    "jurisdictions": [[], "any", ["xx"], [None]],
    "needs": [["compensation.fee"], "fee", [["nested"]], [1]],
    "id": ["", "compensation", "other.id", ["list"]],
    "extra": ["unknown field"],
}


@st.composite
def front_matter(draw: st.DrawFn, cid: str, category: str) -> str:
    """Front matter: valid, with one hostile value or field missing, or malformed YAML."""
    if draw(st.integers(0, 7)) == 0:
        return draw(MALFORMED_FRONT)
    meta: dict[str, object] = {
        "id": cid,
        "title": "Fees and Payment",
        "category": category,
        "version": "1.0.0",
        "order": 10,
        "jurisdictions": ["any"],
        "needs": [],
        "rationale": "Test clause that follows the project drafting guide.",
    }
    if draw(st.booleans()):
        meta["when"] = draw(CONDITIONS)
    change = draw(st.integers(0, 2))
    if change == 1:
        field = draw(st.sampled_from(sorted(HOSTILE_FIELDS)))
        meta[field] = draw(st.sampled_from(HOSTILE_FIELDS[field]))
    elif change == 2 and draw(st.booleans()):
        meta.pop(draw(st.sampled_from(sorted(meta))))
    return yaml.safe_dump(meta, sort_keys=False, allow_unicode=True)


CATEGORIES = _mostly("compensation", ["term", "exclusivity", "nosuch", "Bad Category"])


@st.composite
def libraries(draw: st.DrawFn) -> dict[str, str]:
    """Relative path -> text of each clause file of a tiny library."""
    files: dict[str, str] = {}
    for n in range(draw(st.integers(1, 3))):
        category = str(draw(CATEGORIES))
        cid = f"{category}.v{n}"
        front = draw(front_matter(cid, category))
        fence = "---\n" if draw(st.integers(0, 7)) else draw(st.sampled_from(["--- \n", ""]))
        text = fence + front + "---\n" + draw(BODIES) + "\n"
        files[f"{category}/v{n}.md"] = text
    return files


# --- running the CLI ----------------------------------------------------------------


def write_library(root: Path, files: dict[str, str]) -> Path:
    """Write ``files`` under a fresh ``root`` (removed first) and return it."""
    shutil.rmtree(root, ignore_errors=True)
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
    return root


def run(*args: str) -> Result:
    """Run the CLI in-process with the small limits; assert it ended without a crash."""
    result = CliRunner().invoke(main, list(args), env=LIMITS)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert result.exit_code in (0, 1, 2), (result.exit_code, result.output[-2000:])
    assert "Traceback" not in result.output
    return result


def lint_and_render(tmp_path: Path, files: dict[str, str]) -> tuple[Result, Result]:
    """``lint LIB --format json`` and ``render`` of the sponsorship example with LIB."""
    lib = write_library(tmp_path / "clauses", files)
    linted = run("lint", str(lib), "--format", "json")
    if linted.exit_code in (0, 1):
        report = json.loads(linted.stdout)
        assert all(isinstance(entry["findings"], list) for entry in report["files"])
    out = tmp_path / "out"
    shutil.rmtree(out, ignore_errors=True)
    rendered = run("render", str(SPONSORSHIP), "--clauses", str(lib), "-o", str(out))
    return linted, rendered


@settings(CAMPAIGN)
@given(files=libraries())
@example(files={"compensation/deep.md": DEEP_FRONT})
@example(files={"compensation/v0.md": TRUNCATE_WHEN})
@example(
    files={
        "compensation/r.md": "---\nid: compensation.r\n---\n{% macro r() %}{{ r() }}{% endmacro %}{{ r() }}\n"
    }
)
def test_any_library_lints_and_renders_without_a_traceback(
    tmp_path: Path, files: dict[str, str]
) -> None:
    lint_and_render(tmp_path, files)


def _fee_clause(**extra: str) -> dict[str, str]:
    """A one-clause library the grammar can produce: a plain fee clause, with ``extra``
    front-matter fields."""
    meta = {
        "id": "compensation.v0",
        "title": "Fees and Payment",
        "category": "compensation",
        "version": "1.0.0",
        "order": 10,
        "jurisdictions": ["any"],
        "needs": [],
        "rationale": "Test clause that follows the project drafting guide.",
        **extra,
    }
    front = yaml.safe_dump(meta, sort_keys=False)
    return {"compensation/v0.md": "---\n" + front + "---\nBrand shall pay the Fee.\n"}


def test_a_valid_generated_library_renders(tmp_path: Path) -> None:
    """The harness itself: a clause the grammar can produce renders and lints clean."""
    files = _fee_clause()
    _, rendered = lint_and_render(tmp_path, files)
    assert rendered.exit_code == 0, rendered.output
    assert list((tmp_path / "out").glob("*.docx"))


# Bug the campaign found: front matter nesting a thousand "[" made PyYAML recurse until a
# RecursionError escaped ``lint`` and ``render`` as a traceback; an alias could make a
# field contain itself.


@pytest.mark.parametrize(
    ("header", "problem"),
    [
        ("id: " + "[" * 1000, "nest more than 20 deep"),
        ("id: " + "{a: " * 50 + "1" + "}" * 50, "nest more than 20 deep"),
        ("needs: &a [*a]", "alias"),
        ("title: &t Fees\nrationale: *t", "alias"),
    ],
    ids=["deep-list", "deep-mapping", "self-alias", "alias"],
)
def test_deep_or_aliased_front_matter_is_one_clean_error(header: str, problem: str) -> None:
    with pytest.raises(FrontMatterError) as caught:
        split_front_matter("---\n" + header + "\n---\nBody.\n")
    assert problem in str(caught.value) and caught.value.line >= 2


def test_deep_front_matter_is_l001_in_lint_and_render(tmp_path: Path) -> None:
    linted, rendered = lint_and_render(tmp_path, {"compensation/deep.md": DEEP_FRONT})
    assert linted.exit_code == 1 and "nest more than 20 deep" in linted.stdout
    assert rendered.exit_code == 1 and "nest more than 20 deep" in rendered.output
    assert "[L001]" in rendered.output


# Bug the campaign found: a ``when`` whose filter or method fails with an error other than
# TypeError/ValueError (``truncate(-1)`` asserts inside Jinja, a format string indexes past
# its arguments) escaped ``lint`` and ``render`` as a traceback.

FAILING_WHENS = [
    "compensation.fee|truncate(-1)",
    "[]|first|attr('x')|truncate(-1)",
    "'{}'.format()",
    "{}|dictsort(by='nothing')",
]


@pytest.mark.parametrize("when", FAILING_WHENS)
def test_a_when_whose_filter_fails_is_l007(tmp_path: Path, when: str) -> None:
    files = _fee_clause(when=when)
    linted, rendered = lint_and_render(tmp_path, files)
    assert rendered.exit_code == 1 and "[L007]" in rendered.output
    assert "failed" in rendered.output

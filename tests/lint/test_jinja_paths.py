"""Which spec fields a clause body reads, and which reads are guarded."""

from __future__ import annotations

import pytest
from jinja2.sandbox import ImmutableSandboxedEnvironment

from contractsmith.lint.jinja_paths import collect, is_guarded, split_path
from contractsmith.lint.schema_paths import SchemaIndex
from contractsmith.resources import load_schema

ENV = ImmutableSandboxedEnvironment()


def paths(src: str) -> set[str]:
    return {u.path for u in collect(ENV.parse(src)).uses}


def guards(src: str, path: str) -> frozenset[str]:
    return next(u.guards for u in collect(ENV.parse(src)).uses if u.path == path)


@pytest.mark.parametrize(
    ("src", "expected"),
    [
        ("{{ parties.brand.legal_name }}", {"parties.brand.legal_name"}),
        ("{{ spec.title }}", {"title"}),
        (
            "{% for s in compensation.schedule %}{{ s.net_days }}{% endfor %}",
            {"compensation.schedule", "compensation.schedule[].net_days"},
        ),
        # Field names that are also method names are fields unless called.
        (
            "{% for d in deliverables %}{{ d.count | words }} {{ label(d.format) }}{% endfor %}",
            {"deliverables", "deliverables[].count", "deliverables[].format"},
        ),
        ("{{ parties.brand.legal_name.split(',')[0] }}", {"parties.brand.legal_name"}),
        ("{{ title[:1] }}", {"title"}),
        (
            "{{ deliverables | map(attribute='posting_window') | map(attribute='start') | min }}",
            {
                "deliverables",
                "deliverables[].posting_window",
                "deliverables[].posting_window.start",
            },
        ),
        (
            "{{ kpis.reporting.snapshot_days | map('words') | join_and }}",
            {"kpis.reporting.snapshot_days"},
        ),
        (
            "{% set u = usage_rights %}{% for x in (u.uses if u.uses is defined else []) %}"
            "{{ x.media }}{% endfor %}",
            {"usage_rights", "usage_rights.uses", "usage_rights.uses[].media"},
        ),
    ],
)
def test_field_paths(src: str, expected: set[str]) -> None:
    assert paths(src) == expected


def test_guards_from_if_and_or_and_alias() -> None:
    assert "exclusivity.fee" in guards(
        "{% if exclusivity.fee is defined %}{{ exclusivity.fee }}{% endif %}", "exclusivity.fee"
    )
    assert "approval.x" in guards(
        "{% if approval.x is not defined or approval.x %}y{% endif %}", "approval.x"
    )
    alias = "{% set a = approval if approval is defined else {} %}{{ a.revision_rounds }}"
    assert "approval" in guards(alias, "approval.revision_rounds")
    chain = (
        "{% set d = deliverables | selectattr('draft_due', 'defined') "
        "| map(attribute='draft_due') | list %}{{ d[0] }}"
    )
    assert "deliverables[].draft_due" in guards(chain, "deliverables[].draft_due")


def test_unguarded_optional_read_is_detectable() -> None:
    index = SchemaIndex(load_schema("contract-spec"))
    info = index.lookup("exclusivity.fee")
    assert info.exists and "exclusivity.fee" in info.optional_prefixes
    use = collect(ENV.parse("{{ exclusivity.fee }}")).uses[0]
    assert not is_guarded(use.path, "exclusivity.fee", use.guards)
    assert not index.lookup("compensation.fees").exists
    assert index.lookup("parties.creator.handles.instagram").exists  # open mapping


def test_split_path() -> None:
    assert split_path("a.b[].c") == ["a", "b", "[]", "c"]
    assert split_path("x[][]") == ["x", "[]", "[]"]

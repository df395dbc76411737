"""label() wording for every spec enum it can receive, and spacing in rendered clauses.

Regression tests: ``photo_set`` and ``code_redemptions`` used to fall through to the raw
value ("photo set"), and the clause ``finalize`` used to strip and collapse the spaces of
every ``{{ }}`` output, so ``{{ 'the ' if x }}`` lost its trailing space.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from contractsmith.generate.assemble import assemble
from contractsmith.generate.jinja_env import LABELS, clause_environment, label, unescape_text
from contractsmith.library import load_library
from contractsmith.resources import clauses_dir, examples_dir, load_schema
from contractsmith.spec.load import load_spec

AS_OF = "2026-01-15"
EXAMPLES = ("sponsorship", "retainer", "ambassador", "ugc")

# Where label() gets its values: JSON pointers (in the spec schema) of enums whose values
# reach label() from the schedules or from clause bodies.
LABELLED_ENUMS = {
    "platforms": "/$defs/deliverable/properties/platform",
    "handle platforms": "/properties/parties/properties/creator/properties/handles/propertyNames",
    "formats": "/$defs/deliverable/properties/format",
    "triggers": "/$defs/schedule_item/properties/trigger",
    "use types": "/$defs/use/properties/type",
    "use starts": "/$defs/use/properties/start",
    "bonus metrics": "/properties/compensation/properties/performance_bonus/items/properties/metric",
    "kpi metrics": "/properties/kpis/properties/metrics/items/properties/metric",
    "kill-fee stages": "/properties/compensation/properties/kill_fee/items/properties/stage",
    "survival items": "/properties/term/properties/survival/items",
    "exclusivity channels": "/properties/exclusivity/properties/channels",
}


def _resolve(schema: dict[str, Any], pointer: str) -> list[str]:
    node: Any = schema
    for part in pointer.strip("/").split("/"):
        node = node[part]
    return list(node["enum"])


def _cases() -> list[tuple[str, str]]:
    schema = load_schema("contract-spec")
    return [
        (group, value)
        for group, pointer in LABELLED_ENUMS.items()
        for value in _resolve(schema, pointer)
    ]


@pytest.mark.parametrize(("group", "value"), _cases())
def test_every_labelled_enum_value_has_wording(group, value) -> None:
    assert value in LABELS, f"{group}: label({value!r}) has no entry"
    wording = label(value)
    assert wording and wording.strip() == wording and "_" not in wording


def test_labels_found_in_review() -> None:
    assert label("photo_set") == "Photo set"
    assert label("code_redemptions") == "promo code redemptions"
    assert label("brand_channels") == "Brand's own channels"
    assert label("month_end") == "the last day of each month"
    assert label("tv") == "Television and cinema advertising"
    assert label("followers_gained") == "new followers"


# ---------------------------------------------------------------- finalize and spacing


def render(source: str, **values: Any) -> str:
    return unescape_text(clause_environment().from_string(source).render(**values))


def test_literal_spaces_in_outputs_are_kept() -> None:
    source = "to {{ 'the ' if x }}Creator and {{ ' ' ~ y }}"
    assert render(source, x=True, y="end") == "to the Creator and  end"
    assert render(source, x=False, y="end") == "to Creator and  end"
    assert render("[{{ v }}]", v="a  b ") == "[a  b ]"  # data spacing is left alone


def test_line_breaks_in_values_still_become_single_spaces() -> None:
    assert render("[{{ v }}]", v="line one \n  line two") == "[line one line two]"
    assert render("[{{ v }}]", v="a\r\n\r\nb") == "[a b]"
    assert render("[{{ v }}]", v="a\u2028b") == "[a b]"
    assert render("[{{ v }}]", v="block scalar\n") == "[block scalar]"
    assert render("[{{ v }}]", v="\n  leading") == "[leading]"
    assert render("[{{ v }}]", v="tab\there") == "[tab here]"
    assert render("[{{ v }}]", v="no\u00a0break") == "[no\u00a0break]"


def test_data_still_cannot_make_structure() -> None:
    out = clause_environment().from_string("A {{ v }} B").render(v="x\n\n- item **bold**")
    assert "\n" not in out and "**" not in out
    assert unescape_text(out) == "A x - item **bold** B"


@pytest.fixture(scope="module")
def example_texts() -> dict[str, str]:
    library = load_library(clauses_dir())
    texts = {}
    for name in EXAMPLES:
        spec = load_spec(examples_dir() / f"{name}.yaml")
        contract = assemble(spec, library, as_of=AS_OF)
        texts[name] = "\n".join(
            f"{s.heading}\n" + "\n".join(p.text for p in s.paragraphs) for s in contract.sections
        )
    return texts


# A space missing between words or after punctuation; allowed: brand spellings, handles,
# web and email addresses, abbreviations and numbers such as 9:16 or 255.0(f).
_MISSING_SPACE = re.compile(r"[a-z][,;][A-Za-z]|[a-z]{2}[.:][A-Z][a-z]|[a-z][A-Z][a-z]")
_ALLOWED = re.compile(r"TikTok|YouTube|LinkedIn|eIDAS|[#@]\w+|\w+\.example\S*|\S+@\S+")


@pytest.mark.parametrize("name", EXAMPLES)
def test_example_clause_text_has_no_spacing_faults(example_texts, name) -> None:
    text = example_texts[name]
    assert "  " not in text
    assert not re.search(r" [,.;:)]|\( ", text)
    assert not re.search(r"^ | $", text, re.MULTILINE)
    assert not _MISSING_SPACE.findall(_ALLOWED.sub("", text))

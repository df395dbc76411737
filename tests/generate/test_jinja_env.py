"""Helpers of the clause environment, the sandbox, strictness and escaping."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from jinja2 import UndefinedError
from jinja2.exceptions import SecurityError

from contractsmith.generate.jinja_env import (
    clause_environment,
    join_and,
    label,
    long_date,
    money,
    number_words,
    percent,
    unescape_text,
    words,
)


@pytest.mark.parametrize(
    ("amount", "currency", "expected"),
    [
        ("12000.00", "USD", "USD 12,000.00"),
        ("0.1", "EUR", "EUR 0.10"),
        ("1234567.005", "GBP", "GBP 1,234,567.01"),  # half-up on the exact decimal
        (500, "usd", "USD 500.00"),
        ("15000", "JPY", "JPY 15,000"),
        (Decimal("2.5"), "", "2.50"),
    ],
)
def test_money(amount, currency, expected) -> None:
    assert money(amount, currency) == expected


def test_money_rejects_non_numbers() -> None:
    with pytest.raises(ValueError):
        money("twelve", "USD")


def test_percent_date_words_join_label() -> None:
    assert percent("50") == "50%"
    assert percent("1.50") == "1.5%"
    assert percent("33.333") == "33.333%"
    assert long_date("2026-02-01") == "1 February 2026"
    assert long_date(dt.date(2026, 12, 31)) == "31 December 2026"
    assert words(15) == "fifteen (15)"
    assert words(0) == "zero (0)"
    assert words(21) == "twenty-one (21)"
    assert number_words(365) == "three hundred sixty-five"
    assert number_words(1_000_001) == "one million one"
    assert join_and(["a"]) == "a"
    assert join_and(["a", "b"]) == "a and b"
    assert join_and(["a", "b", "c"]) == "a, b and c"
    assert join_and(["a", "b"], "or") == "a or b"
    assert label("instagram") == "Instagram"
    assert label("story_set") == "Story set"
    assert label("first_publication") == "the first publication of the relevant Deliverable"
    assert label("some_new_value") == "some new value"


@pytest.mark.parametrize("bad", [-1, 2.5, True, "ten"])
def test_words_needs_whole_numbers(bad) -> None:
    with pytest.raises(ValueError):
        words(bad)


def test_bad_date_is_an_error() -> None:
    with pytest.raises(ValueError, match="ISO date"):
        long_date("next Tuesday")


def test_filters_and_functions_in_templates() -> None:
    env = clause_environment()
    out = env.from_string(
        "{{ money(fee, 'USD') }} | {{ fee | money('USD') }} | {{ d | date }} | {{ n | words }}"
        " | {{ xs | join_and }} | {{ percent(p) }} | {{ label('tiktok') }}"
    ).render(fee="1500", d="2026-03-09", n=3, xs=["x", "y"], p="12.5")
    assert (
        out == "USD 1,500.00 | USD 1,500.00 | 9 March 2026 | three (3) | x and y | 12.5% | TikTok"
    )


def test_undefined_is_strict() -> None:
    with pytest.raises(UndefinedError):
        clause_environment().from_string("{{ missing.field }}").render()
    # a guard makes optional keys safe
    assert clause_environment().from_string("{% if kpis is defined %}x{% endif %}").render() == ""


def test_sandbox_blocks_internals() -> None:
    with pytest.raises(SecurityError):
        clause_environment().from_string("{{ ''.__class__.__mro__ }}").render()
    with pytest.raises(SecurityError):
        clause_environment().from_string("{{ xs.append(1) }}").render(xs=[])


def test_values_are_escaped_and_cannot_make_structure() -> None:
    env = clause_environment()
    rendered = env.from_string("A {{ name }} B").render(name='S & S <M> "L" **bold**\n\n- item')
    assert "&amp;" in rendered and "&lt;M&gt;" in rendered
    assert "**" not in rendered  # data cannot open a bold run
    assert "\n" not in rendered  # nor start a paragraph or a list item
    assert unescape_text(rendered) == 'A S & S <M> "L" **bold** - item B'


def test_control_characters_are_rejected() -> None:
    with pytest.raises(ValueError, match="U\\+0007"):
        clause_environment().from_string("{{ v }}").render(v="bell\x07")

"""Word number formats and list counters."""

from __future__ import annotations

import pytest
from lxml import etree

from contractsmith.ingest.numbering import Numbering, format_number, to_letters, to_roman

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


@pytest.mark.parametrize(
    ("n", "fmt", "expected"),
    [
        (4, "upperRoman", "IV"),
        (14, "lowerRoman", "xiv"),
        (1999, "upperRoman", "MCMXCIX"),
        (1, "lowerLetter", "a"),
        (27, "lowerLetter", "aa"),
        (28, "upperLetter", "BB"),
        (3, "decimalZero", "03"),
        (2, "ordinal", "2nd"),
        (11, "ordinal", "11th"),
        (7, "somethingNew", "7"),
    ],
)
def test_format_number(n, fmt, expected):
    assert format_number(n, fmt) == expected


def test_roman_and_letters_out_of_range():
    assert to_roman(0) == "0" and to_roman(4000) == "4000"
    assert to_letters(0) == "0"


def _numbering(xml: str) -> Numbering:
    return Numbering(etree.fromstring(f'<w:numbering xmlns:w="{W}">{xml}</w:numbering>'))


def test_legal_numbering_and_skipped_levels():
    numbering = _numbering(
        '<w:abstractNum w:abstractNumId="0">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/>'
        '<w:lvlText w:val="%1."/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:isLgl/>'
        '<w:lvlText w:val="%1.%2"/></w:lvl>'
        "</w:abstractNum>"
        '<w:num w:numId="5"><w:abstractNumId w:val="0"/></w:num>'
    )
    assert numbering.label("5", 1) == "1.1"  # level 0 never used: shows its start
    assert numbering.label("5", 0) == "II."
    assert numbering.label("5", 1) == "2.1"  # isLgl: the outer roman shows as decimal
    assert numbering.label("9", 0) is None  # unknown list
    assert numbering.label("5", 4) is None  # undefined level


def test_level_override_replaces_format():
    numbering = _numbering(
        '<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
        '<w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/>'
        '<w:lvlText w:val="(%1)"/></w:lvl></w:lvlOverride></w:num>'
    )
    assert [numbering.label("1", 0) for _ in range(3)] == ["(a)", "(b)", "(c)"]

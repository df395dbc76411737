"""The spaCy pipeline: legal sentence boundaries and entity patterns."""

from __future__ import annotations

import pytest

from contractsmith.analyse.nlp import entities, get_nlp, sentence_spans


def _sentences(text: str) -> list[str]:
    (spans,) = list(sentence_spans([text]))
    return [text[a:b] for a, b in spans]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Acme Inc. shall pay the Fee. The Creator shall post.",
            ["Acme Inc. shall pay the Fee.", "The Creator shall post."],
        ),
        (
            "Beta Ltd. and Gamma Co. agree. They sign.",
            ["Beta Ltd. and Gamma Co. agree.", "They sign."],
        ),
        (
            "See Sec. 7.2(a) of the U.S. Code for details. Next.",
            ["See Sec. 7.2(a) of the U.S. Code for details.", "Next."],
        ),
        (
            "Use a platform, e.g. Instagram, i.e. a social network. Done.",
            ["Use a platform, e.g. Instagram, i.e. a social network.", "Done."],
        ),
        (
            "Under 15 U.S.C. 45 et seq. the FTC acts. It may fine.",
            ["Under 15 U.S.C. 45 et seq. the FTC acts.", "It may fine."],
        ),
        ("Invoice No. 5 is due. Pay it.", ["Invoice No. 5 is due.", "Pay it."]),
        (
            "1.1 LICENSE. The Creator grants a licence.",
            ["1.1 LICENSE.", "The Creator grants a licence."],
        ),
        (
            "The Creator shall: (a) post two Reels; and (b) post one Story; (c) tag the Brand.",
            [
                "The Creator shall:",
                "(a) post two Reels; and",
                "(b) post one Story;",
                "(c) tag the Brand.",
            ],
        ),
        (
            "ARTICLE IV\nPAYMENT\nThe Brand shall pay within 30 days.",
            ["ARTICLE IV", "PAYMENT", "The Brand shall pay within 30 days."],
        ),
        ("12. TERMINATION", ["12. TERMINATION"]),
        ("", []),
    ],
)
def test_sentence_boundaries(text: str, expected: list[str]) -> None:
    assert _sentences(text) == expected


def test_blocks_are_never_joined() -> None:
    spans = list(sentence_spans(["First block without a stop", "Second block."]))
    assert spans == [[(0, 26)], [(0, 13)]]


def test_pipeline_is_cached_and_blank() -> None:
    nlp = get_nlp()
    assert nlp is get_nlp()
    assert nlp.pipe_names == ["legal_sentences", "legal_entities"]


@pytest.mark.parametrize(
    ("text", "label", "value"),
    [
        ("a fee of $1,000 payable", "MONEY", "$1,000"),
        ("USD 12,000.00 in total", "MONEY", "USD 12,000.00"),
        ("EUR 500 per post", "MONEY", "EUR 500"),
        ("\u00a3500 per Story", "MONEY", "\u00a3500"),
        ("a 10% commission", "PERCENT", "10%"),
        ("five percent of Net Sales", "PERCENT", "five percent"),
        ("on 1 February 2026 the", "DATE", "1 February 2026"),
        ("on February 1, 2026 the", "DATE", "February 1, 2026"),
        ("on 2026-02-01 the", "DATE", "2026-02-01"),
        ("within thirty (30) days of", "DURATION", "thirty (30) days"),
        ("within 48 hours of", "DURATION", "48 hours"),
        ("for 6 months after", "DURATION", "6 months"),
        ("within five Business Days", "DURATION", "five Business Days"),
        ("publish two (2) Reels on", "COUNT", "two (2) Reels"),
        ("post on TikTok and", "PLATFORM", "TikTok"),
        ("on youtube daily", "PLATFORM", "youtube"),
        ("tag @brand_official in", "HANDLE", "@brand_official"),
        ("use #ad at the start", "HASHTAG", "#ad"),
    ],
)
def test_entity_patterns(text: str, label: str, value: str) -> None:
    assert (label, value) in [(e[0], e[1]) for e in entities(text)]


def test_entity_near_misses() -> None:
    found = entities("Email me at ann@example.com; the Brand may use it. Section #3.")
    labels = {e[0] for e in found}
    assert "HANDLE" not in labels
    assert "DATE" not in labels  # the modal "may" is not a month


@pytest.mark.parametrize(
    "text", ["", "   ", "ARTICLE IV", "  Exhibit A\t", "EXCLUSIVE LICENSE AGREEMENT", "$ 5,000"]
)
def test_text_without_sentence_end_is_one_sentence_untokenised(text: str) -> None:
    """The shortcut for texts with no period, colon, semicolon or line break agrees with
    the pipeline's own answer."""
    nlp = get_nlp()
    doc = nlp.make_doc(text)
    doc.user_data["text"] = text
    doc = nlp.get_pipe("legal_sentences")(doc)
    starts = doc.user_data["sent_chars"] or [0]
    expected = []
    for start, end in zip(starts, [*starts[1:], len(text)], strict=True):
        chunk = text[start:end]
        if chunk.strip():
            lead = start + len(chunk) - len(chunk.lstrip())
            expected.append((lead, lead + len(chunk.strip())))
    assert next(sentence_spans([text])) == expected

"""Literal prefilters: they may let a non-match through, never stop a match."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from contractsmith.analyse.categories import clean_for_matching, load_rules, score_sentence
from contractsmith.analyse.pipeline import analyse
from contractsmith.ingest import read_document
from contractsmith.rules import prefilter
from contractsmith.rules.context import slot_specs
from contractsmith.rules.engine import all_rules, check_wording
from contractsmith.rules.model import Rule
from contractsmith.rules.prefilter import Gate, fold, holders, required_literals, required_sets

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "rules"
CATEGORY_CASES = Path(__file__).resolve().parent.parent / "analyse" / "category_cases.yaml"
_ALL_CHARS = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)


def _lit(pattern: str, flags: int = 0) -> set[str] | None:
    found = required_literals(re.compile(pattern, flags))
    return None if found is None else set(found)


@pytest.mark.parametrize(
    ("pattern", "flags", "expected"),
    [
        (r"\bpromptly\b", re.I, {"promptly"}),
        (r"\bPROMPTLY\b", re.I, {"promptly"}),
        (r"reasonabl[ey]", 0, {"reasonabl"}),  # one shorter string is cheaper than two
        (r"\b(days?|weeks?)\b", 0, {"day", "week"}),
        (r"best\s+efforts?", re.I, {"best effort"}),  # whitespace folds to one space
        (r"(?:shall|will)\s+\w+", 0, {"shall ", "will "}),
        (r"(?i:abc)", 0, {"abc"}),  # case flags do not matter after folding
        (r"(?-i:\bCommission\b)", re.I, {"commission"}),
        (r"a(?=xyz)bc", 0, {"abc"}),
        (r"(ab)+cde", 0, {"cde"}),
        (r"x{2,3}yyz", 0, {"yyz"}),
        (r"café", re.I, {"caf"}),  # non-ASCII ends the literal under IGNORECASE
        (r"café", 0, {"caf"}),
    ],
)
def test_required_literals(pattern: str, flags: int, expected: set[str]) -> None:
    assert _lit(pattern, flags) == expected


@pytest.mark.parametrize(
    ("pattern", "flags"),
    [
        (r".*", 0),
        (r"\w+\s+\d+", 0),
        (r"(?:abc)?", 0),
        (r"abc|\w+", 0),
        (r"\bé+", re.I),  # non-ASCII under IGNORECASE
        (r"(\w)\1", 0),
        (r"[^abc]+", 0),
    ],
)
def test_no_literals_when_none_are_certain(pattern: str, flags: int) -> None:
    assert _lit(pattern, flags) is None


def test_required_sets_are_all_necessary() -> None:
    pattern = re.compile(r"\bterminat\w*\b[^.]*\bfor\s+convenience\b", re.I)
    assert set(required_sets(pattern)) == {frozenset({"terminat"}), frozenset({"for convenience"})}
    gate = Gate.of(pattern)
    assert not gate.may_match("Either party may terminate this Agreement.")
    assert gate.may_match("Either party may TERMINATE this Agreement for\n convenience.")


def test_fold_agrees_with_re_ignorecase_and_whitespace() -> None:
    assert fold("  A\tB\u00a0\u2003C \n") == " a b c "
    assert fold("\u0130stanbul") == "istanbul"
    # Every character folds to one character, whitespace to a space.
    for ch in _ALL_CHARS:
        assert (fold(ch) == " ") if ch.isspace() else (len(fold(ch)) == 1), ch
    # Every character re matches case-insensitively against an ASCII character folds to
    # that character, lower-cased.
    for ascii_char in map(chr, range(128)):
        pattern = re.compile(re.escape(ascii_char), re.IGNORECASE)
        for m in pattern.finditer(_ALL_CHARS):
            expected = " " if ascii_char.isspace() else ascii_char.lower()
            assert fold(m.group()) == expected, (ascii_char, m.group())


def test_gate_sees_unicode_case_variants() -> None:
    gate = Gate.of(re.compile(r"\bsky\b", re.IGNORECASE))
    for text in ("SKY", "\u017fky", "\u212aY s\u212ay"):
        assert gate.pattern.search(text)
        assert gate.may_match(text)
    assert not gate.may_match("the ground")


def _shipped_patterns() -> list[tuple[str, re.Pattern[str]]]:
    out: list[tuple[str, re.Pattern[str]]] = []
    for rule in all_rules():
        for name in ("patterns", "suppress_if", "trigger_unless", "when", "search_near"):
            out.extend((f"{rule.code}.{name}", p) for p in getattr(rule, name))
    for spec in slot_specs().values():
        out.extend((f"slot {spec.name}", p) for p in spec.cues + spec.unless + spec.heading)
    for category, rule in load_rules().items():
        regexes = [rule.cue, *rule.negatives, *rule.vetoes, *(p.regex for p in rule.patterns)]
        out.extend((f"category {category}", p) for p in regexes)
    return out


def _sample_texts() -> list[str]:
    texts: list[str] = []
    for rule in all_rules():
        texts.extend(case.text for case in rule.cases)
    texts.extend(case["text"] for case in yaml.safe_load(CATEGORY_CASES.read_text()))
    for path in sorted(FIXTURES.glob("*.txt")):
        texts.extend(re.split(r"(?<=[.;:])\s+|\n", path.read_text(encoding="utf-8")))
    texts = [t for t in texts if t.strip()]
    # The category rules run on cleaned, lower-cased text; case variants probe folding.
    variants = [clean_for_matching(t).lower() for t in texts]
    variants += [t.upper() for t in texts]
    variants += [t.replace("s", "\u017f").replace("k", "\u212a") for t in texts]
    return texts + variants


def test_no_shipped_pattern_match_is_dropped_by_its_gate() -> None:
    texts = _sample_texts()
    folded = [fold(t) for t in texts]
    matched = 0
    for name, pattern in _shipped_patterns():
        gate = Gate.of(pattern)
        for text, f in zip(texts, folded, strict=True):
            if pattern.search(text):
                matched += 1
                assert gate.may_match(text, f), (name, pattern.pattern, text)
    assert matched > 1000  # the samples exercise the rules


def test_most_shipped_patterns_have_literals() -> None:
    patterns = _shipped_patterns()
    with_literals = sum(1 for _, p in patterns if required_literals(p) is not None)
    assert with_literals >= 0.9 * len(patterns)


def _without_prefilter(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(prefilter.Gate, "may_match", lambda self, text, folded_text=None: True)
    monkeypatch.setattr(prefilter.Gate, "may_match_folded", lambda self, folded_text: True)
    monkeypatch.setattr(Rule, "may_trigger", lambda self, folded, holds_any=None: True)
    # every text is a candidate for every literal
    monkeypatch.setattr(prefilter.LiteralIndex, "holders", lambda self, strings: None)


@pytest.mark.parametrize(
    "texts,strings",
    [
        (["the fee is due", "no match here", "a fee again"], frozenset({"fee"})),
        (["exclusive", "non-exclusive", "other"], frozenset({"exclusiv", "sole"})),
        (["", "x", "ab", "b"], frozenset({"ab"})),
        (["end a", "b start"], frozenset({"a b"})),  # spans a joint: an extra candidate only
        (["anything"], None),
    ],
)
def test_holders_finds_every_text_that_holds_a_string(
    texts: list[str], strings: frozenset[str] | None
) -> None:
    starts, at = [], 0
    for t in texts:
        starts.append(at)
        at += len(t) + 1
    found = holders(" ".join(texts), starts, strings)
    if strings is None:
        assert found is None
        return
    truly = {i for i, t in enumerate(texts) if any(s in t for s in strings)}
    assert found is not None and truly <= found
    # a text is only added beyond the true holders when a string spans its joint
    for extra in found - truly:
        assert any(" " in s for s in strings), extra


def _index(texts: list[str]) -> prefilter.LiteralIndex:
    whole, starts = prefilter.joined(texts)
    return prefilter.LiteralIndex(whole, starts)


@pytest.mark.parametrize(
    "lit",
    [
        "fee",  # a whole word
        "exclusiv",  # the start of a word
        "clusive",  # the end of one
        "xclusi",  # inside one
        "the fee",  # the end of a word, then a whole one
        "e fee is",  # a word's end, a whole word, a word's start
        " fee ",  # spaces on both sides
        "ive other",  # across two words, no whole word
        "a b",  # only across the joint of two texts: held by none
        "fee is due",
        "absent",
        "non-exclusive",
        " ",
    ],
)
def test_literal_index_finds_exactly_the_texts_that_hold_a_literal(lit: str) -> None:
    texts = ["the fee is due", "non-exclusive other", "", "exclusive", "end a", "b start", " fee"]
    index = _index(texts)
    assert index.holders(frozenset({lit})) == {k for k, t in enumerate(texts) if lit in t}
    assert index.holds_any([lit]) == any(lit in t for t in texts)


def test_literal_index_agrees_with_a_scan_on_a_contract() -> None:
    """Every piece of a contract's sentences, and the same pieces changed so that
    they occur nowhere, is found in exactly the sentences that hold it."""
    contract = (FIXTURES / "cuad_excerpt.txt").read_text(encoding="utf-8")
    texts = [fold(sentence) for sentence in contract.split(". ")]
    index = _index(texts)
    whole = " ".join(texts)
    checked = 0
    for size in (3, 7, 16):
        for at in range(0, len(whole) - size, 97):
            for lit in (whole[at : at + size], whole[at : at + size] + "qq"):
                truly = {k for k, t in enumerate(texts) if lit in t}
                assert index.holders(frozenset({lit})) == truly, lit
                checked += 1
    assert checked > 100


def test_literal_index_of_no_texts() -> None:
    index = _index([])
    assert index.holders(frozenset({"fee"})) == set()
    assert index.holds_any(["fee"]) is False


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.glob("*.txt")))
def test_findings_and_categories_same_without_prefilter(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = str(FIXTURES / name)
    adoc = analyse(read_document(path))
    fast = (check_wording(adoc), {c: p.present for c, p in adoc.clauses.items()})
    texts = [s.text for s in adoc.sentences]
    scores = [score_sentence(t) for t in texts]

    _without_prefilter(monkeypatch)
    adoc = analyse(read_document(path))
    slow = (check_wording(adoc), {c: p.present for c, p in adoc.clauses.items()})
    assert fast == slow
    assert scores == [score_sentence(t) for t in texts]


@pytest.mark.shared
def test_cuad_reports_same_without_prefilter(shared_dir: Path, monkeypatch: pytest.MonkeyPatch):
    """A slice of real contracts (CUAD v1, The Atticus Project): byte-identical reports."""
    from contractsmith.analyse.check import check
    from contractsmith.report.check_json import render_json

    files = sorted((shared_dir / "data" / "cuad-dev" / "txt").glob("*.txt"))[::40]
    fast = render_json(check(files))
    _without_prefilter(monkeypatch)
    assert render_json(check(files)) == fast

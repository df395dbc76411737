"""The project's spaCy pipeline: a blank English tokenizer plus two legal components.

``get_nlp()`` builds it once per process (no model download). Its components:

* ``legal_sentences`` sets ``Token.is_sent_start`` with rules that know legal text:
  abbreviations ("Inc.", "U.S.", "Sec. 7.2(a)", "e.g.", "et seq."), heading numbers
  ("1.", "12.1"), enumerations ("(a) ...; (b) ...") and line-level headings;
* ``legal_entities`` marks MONEY, PERCENT, DATE, DURATION, COUNT, PLATFORM, HANDLE and
  HASHTAG spans in ``Doc.ents`` (regular expressions plus a PhraseMatcher for platforms).

Callers that only need sentences use ``sentence_spans`` (entities disabled, fast);
``entities(text)`` returns the entity spans of one text.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from functools import cache

import numpy
import spacy
from spacy.attrs import IDX, IS_SPACE, LIKE_NUM, LOWER, NORM, SENT_START
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.symbols import ORTH
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

# Abbreviations that end in a period but never end a sentence in a contract.
ABBREVIATIONS: tuple[str, ...] = (
    "Sec.",
    "Secs.",
    "Sect.",
    "No.",
    "Nos.",
    "Art.",
    "Arts.",
    "Para.",
    "Paras.",
    "Cl.",
    "seq.",
    "Ex.",
    "Exh.",
    "Sch.",
    "Ref.",
    "Vol.",
    "Ch.",
    "approx.",
    "Approx.",
    "etc.",
    "vs.",
    "v.",
    "cf.",
    "Cf.",
    "viz.",
    "Ltd.",
    "Inc.",
    "Co.",
    "Corp.",
    "Bros.",
    "L.P.",
    "L.L.C.",
    "P.C.",
    "N.A.",
    "S.A.",
    "N.V.",
    "B.V.",
    "A.G.",
    "P.L.C.",
    "U.S.",
    "U.S.A.",
    "U.K.",
    "E.U.",
    "Mr.",
    "Mrs.",
    "Ms.",
    "Dr.",
    "Jr.",
    "Sr.",
    "St.",
    "Ave.",
    "Blvd.",
    "Dept.",
    "Fig.",
    "Min.",
    "Max.",
    "Pty.",
    "Int'l.",
    "Assoc.",
    "Jan.",
    "Feb.",
    "Mar.",
    "Apr.",
    "Jun.",
    "Jul.",
    "Aug.",
    "Sep.",
    "Sept.",
    "Oct.",
    "Nov.",
    "Dec.",
)
_ABBREV_LOWER = {a.lower() for a in ABBREVIATIONS} | {"e.g.", "i.e.", "u.s.c.", "et."}
# Words before a number that make "Section 5." a reference, not a sentence end.
_REF_WORDS = {
    "section",
    "sections",
    "article",
    "articles",
    "clause",
    "clauses",
    "paragraph",
    "exhibit",
    "schedule",
    "annex",
    "appendix",
    "item",
    "sec.",
    "no.",
    "art.",
}

_ENUM_RE = re.compile(r"^(?:\(?[a-z]{1,2}\)|\(?[ivxlc]{1,5}\)|\(?\d{1,2}\)|\([A-Z]\))$")
_HEADING_LINE_RE = re.compile(
    r"^\s*(?:(?:ARTICLE|Article|SECTION|Section)\s+[\dIVXLC]+[.:]?"
    r"|\d{1,2}(?:\.\d{1,2})*\.?\s+[A-Z][A-Z0-9 ,;&'/\-]{2,80}"
    r"|[A-Z][A-Z0-9 ,;&'/\-]{3,80}"
    r"|#{1,6}\s.*)\s*$"
)
_OPENERS = {"(", "[", '"', "\u201c", "'", "\u2018"}


def _is_enumerator(doc: Doc, i: int) -> bool:
    """Whether the tokens at ``i`` form an enumerator such as "(a)", "(iv)" or "2)"."""
    tok = doc[i]
    if tok.text == "(" and i + 2 < len(doc) and doc[i + 2].text == ")":
        inner = doc[i + 1].text
        return bool(re.fullmatch(r"[a-zA-Z]{1,2}|[ivxlcIVXLC]{1,5}|\d{1,2}", inner))
    return bool(_ENUM_RE.match(tok.text))


def _starts_upper(doc: Doc, i: int) -> bool:
    """Whether the token at ``i`` could open a new sentence."""
    if i >= len(doc):
        return False
    tok = doc[i]
    if tok.text in _OPENERS:
        return i + 1 < len(doc) and (
            doc[i + 1].text[:1].isupper() or doc[i + 1].text[:1].isdigit() or _is_enumerator(doc, i)
        )
    first = tok.text[:1]
    return first.isupper() or (first.isdigit() and tok.i > 0)


def _period_ends_sentence(doc: Doc, i: int) -> bool:
    """Whether the period-like token at ``i`` ends a sentence."""
    tok = doc[i]
    nxt = i + 1
    while nxt < len(doc) and doc[nxt].is_space:
        nxt += 1
    if nxt >= len(doc) or not _starts_upper(doc, nxt):
        return False
    if tok.text == ".":
        if i == 0:
            return False
        prev = doc[i - 1]
        low = prev.text.lower()
        if low + "." in _ABBREV_LOWER or low in _ABBREV_LOWER:
            return False
        # "1." / "12.1." at the start of a block is a heading number, not a sentence.
        if i <= 2 and re.fullmatch(r"[\dIVXLCivxlc]+(?:\.\d+)*", prev.text):
            return False
        # "Section 5." opening a block is a heading number too.
        if i == 2 and prev.like_num and doc[0].text.lower() in _REF_WORDS:
            return False
        return len(prev.text) > 1 or prev.text.isdigit() or prev.text in {")", '"', "\u201d"}
    # Tokens such as "x." kept whole by the tokenizer.
    low = tok.text.lower()
    if low in _ABBREV_LOWER or len(tok.text) <= 2:
        return False
    return re.fullmatch(r"[A-Za-z]{3,}\.", tok.text) is not None


def _line_is_heading(line: str) -> bool:
    """Whether one line of a block reads as a heading ("ARTICLE IV", "12. TERMINATION")."""
    line = line.strip()
    if not line or len(line) > 90 or line.endswith((",", ";")):
        return False
    return bool(_HEADING_LINE_RE.match(line))


# Characters where a sentence may end or a line may break: the only tokens inspected.
_CANDIDATE_RE = re.compile(r"[.?!;:\n]")


def _next_non_space(doc: Doc, j: int) -> int:
    n = len(doc)
    while j < n and doc[j].is_space:
        j += 1
    return j


def _boundary_after(doc: Doc, i: int, full: str) -> int | None:
    """The token index a new sentence starts at because of token ``i``, or None."""
    tok = doc[i]
    text = tok.text
    n = len(doc)
    if text in {".", "?", "!"} or (text.endswith(".") and len(text) > 1 and not tok.like_num):
        if _period_ends_sentence(doc, i):
            j = _next_non_space(doc, i + 1)
            return j if j < n else None
        return None
    if text in {";", ":"}:
        j = i + 1
        while j < n and (doc[j].is_space or doc[j].lower_ in {"and", "or"}):
            j += 1
        return j if j < n and _is_enumerator(doc, j) else None
    if tok.is_space and "\n" in text and i + 1 < n:
        # Line breaks inside a block: break around heading lines and before items.
        line_start = doc[i + 1].idx
        line_end = full.find("\n", line_start)
        line = full[line_start : line_end if line_end >= 0 else len(full)]
        prev_start = full.rfind("\n", 0, tok.idx) + 1
        prev_line = full[prev_start : tok.idx]
        if (
            _line_is_heading(line)
            or _line_is_heading(prev_line)
            or (_is_enumerator(doc, i + 1) and prev_line.rstrip().endswith((";", ":", ".")))
        ):
            return i + 1
    return None


@Language.component("legal_sentences")
def legal_sentences(doc: Doc) -> Doc:
    """Set sentence starts for legal text (one Doc is one block of the Document).

    Only tokens at candidate characters (periods, semicolons, colons, line breaks) are
    inspected; the start flags of all tokens are then set in one array operation. The
    character offsets of the sentence starts are kept in ``doc.user_data["sent_chars"]``.
    """
    n = len(doc)
    if n == 0:
        doc.user_data["sent_chars"] = []
        return doc
    # A plain list: numpy's searchsorted converts the whole uint64 array to compare it
    # with a Python int, which made each lookup cost the length of the block.
    starts = doc.to_array([IDX]).tolist()
    flags = numpy.full((n,), -1, dtype="int64")
    flags[0] = 1
    seen = -1
    # Doc.text joins every token; sentence_spans passes the text in to save that work.
    full = doc.user_data.get("text") or doc.text
    for m in _CANDIDATE_RE.finditer(full):
        i = bisect.bisect_right(starts, m.start()) - 1
        if i <= seen or i < 0:
            continue
        seen = i
        j = _boundary_after(doc, i, full)
        if j is not None:
            flags[j] = 1
    doc.from_array([SENT_START], flags.reshape(-1, 1).astype("uint64"))
    doc.user_data["sent_chars"] = [starts[k] for k in numpy.flatnonzero(flags == 1)]
    return doc


# ---------------------------------------------------------------- entities

_MONTHS = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
)
_NUMBER_WORDS = (
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|forty-five|fifty|sixty|"
    r"seventy|eighty|ninety|hundred|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
    r"[- ](?:one|two|three|four|five|six|seven|eight|nine))"
)
_QTY = rf"(?:\d+(?:\.\d+)?|{_NUMBER_WORDS}(?:\s*\(\d+\))?|\d+\s*\(\s*{_NUMBER_WORDS}\s*\))"
_UNITS = (
    r"(?:business\s+days?|calendar\s+days?|working\s+days?|days?|hours?|weeks?|months?|"
    r"years?|quarters?|minutes?)"
)
_AMOUNT = r"\d{1,3}(?:[,.]\d{3})*(?:[.,]\d{1,2})?|\d+(?:\.\d{1,2})?"
_CURRENCY_CODES = r"(?:USD|EUR|GBP|CAD|AUD|CHF|JPY|CNY|INR|NZD|SEK|NOK|DKK|US\$)"
_DELIVERABLE_NOUNS = (
    r"(?:posts?|reels?|stories|story|videos?|tiktoks?|shorts?|lives?|livestreams?|streams?|"
    r"tweets?|photos?|images?|articles?|blog\s+posts?|newsletters?|episodes?|mentions?|"
    r"deliverables?|units?|copies|revisions?|rounds?|appearances?|pieces?|assets?)"
)

ENTITY_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "MONEY",
        re.compile(
            rf"(?:[$\u00a3\u20ac\u00a5]\s?(?:{_AMOUNT})(?:\s?(?:million|billion|thousand|k)\b)?"
            rf"(?:\s?{_CURRENCY_CODES}\b)?"
            rf"|\b{_CURRENCY_CODES}\s?(?:{_AMOUNT})(?:\s?(?:million|billion|thousand)\b)?"
            rf"|\b(?:{_AMOUNT})\s?(?:{_CURRENCY_CODES}|dollars|euros|pounds)\b)"
        ),
    ),
    (
        "PERCENT",
        re.compile(
            rf"\b(?:\d+(?:\.\d+)?\s?%|(?:\d+(?:\.\d+)?|{_NUMBER_WORDS})\s+per\s?cent\b)", re.I
        ),
    ),
    (
        "DATE",
        re.compile(
            rf"\b(?:\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTHS}\s*,?\s+\d{{4}}"
            rf"|{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?\s*,?\s+\d{{4}}"
            r"|\d{4}-\d{2}-\d{2}"
            r"|\d{1,2}/\d{1,2}/\d{2,4})\b"
        ),
    ),
    (
        "DURATION",
        re.compile(rf"\b{_QTY}\s*(?:\(\s*\d+\s*\)\s*)?(?:consecutive\s+)?{_UNITS}\b", re.I),
    ),
    (
        "COUNT",
        re.compile(
            rf"(?<![$\u00a3\u20ac\u00a5\d,.])\b(?:{_NUMBER_WORDS}\s*\(\s*\d+\s*\)|\d+)\s+"
            rf"(?:(?!per\b|a\b|an\b)[A-Za-z]+\s+)?{_DELIVERABLE_NOUNS}\b",
            re.I,
        ),
    ),
    ("HANDLE", re.compile(r"(?<![\w@.])@[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?")),
    ("HASHTAG", re.compile(r"(?<![\w#&])#[A-Za-z][A-Za-z0-9_]{1,49}")),
)

PLATFORMS: tuple[str, ...] = (
    "Instagram",
    "TikTok",
    "YouTube",
    "YouTube Shorts",
    "Facebook",
    "Twitter",
    "X (Twitter)",
    "Snapchat",
    "Pinterest",
    "LinkedIn",
    "Twitch",
    "Threads",
    "Reddit",
    "Discord",
    "Kick",
    "Spotify",
    "Instagram Reels",
    "Instagram Stories",
    "BeReal",
    "Tumblr",
    "Substack",
    "Patreon",
    "WhatsApp",
    "Telegram",
    "Douyin",
    "Weibo",
    "WeChat",
    "Xiaohongshu",
)


class LegalEntities:
    """A pipeline component setting ``doc.ents`` from the entity patterns and platforms."""

    def __init__(self, nlp: Language) -> None:
        self.platforms = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.platforms.add("PLATFORM", [nlp.make_doc(p) for p in PLATFORMS])

    def __call__(self, doc: Doc) -> Doc:
        spans: list[Span] = []
        text = doc.text
        for label, pattern in ENTITY_PATTERNS:
            for m in pattern.finditer(text):
                span = doc.char_span(m.start(), m.end(), label=label, alignment_mode="expand")
                if span is not None:
                    spans.append(span)
        for _, start, end in self.platforms(doc):
            spans.append(Span(doc, start, end, label="PLATFORM"))
        doc.ents = filter_spans(spans)
        return doc


@Language.factory("legal_entities")
def make_legal_entities(nlp: Language, name: str) -> LegalEntities:
    """spaCy factory for :class:`LegalEntities`."""
    return LegalEntities(nlp)


# Lexeme attributes the pipeline reads: Token.lower_ (and the platform PhraseMatcher on
# LOWER), Token.like_num, Token.is_space, and NORM, which spaCy falls back on for others.
_LEXEME_ATTRS = frozenset({LOWER, NORM, LIKE_NUM, IS_SPACE})


@cache
def get_nlp() -> Language:
    """The shared pipeline (built once per process; no model download)."""
    nlp = spacy.blank("en")
    # A new word's lexeme is built by calling every attribute getter of the language
    # (shape, stop word, URL, ...), a large share of tokenising a contract. The components
    # read only these, so the others are not computed.
    getters = nlp.vocab.lex_attr_getters
    for attr in [a for a in getters if a not in _LEXEME_ATTRS]:
        del getters[attr]
    for abbr in ABBREVIATIONS:
        nlp.tokenizer.add_special_case(abbr, [{ORTH: abbr}])
    nlp.add_pipe("legal_sentences")
    nlp.add_pipe("legal_entities")
    nlp.max_length = 5_000_000
    return nlp


# Longest text given to spaCy in one piece. A longer block (a file with no paragraph
# breaks) is read in pieces cut at a line break or sentence end where there is one, which
# keeps spaCy's memory bounded and its max_length never reached.
MAX_PIECE = 1_000_000


def pieces(text: str, size: int | None = None) -> Iterator[tuple[int, str]]:
    """``(offset, piece)`` parts of ``text`` of at most ``size`` (default ``MAX_PIECE``)
    characters, in order."""
    size = size or MAX_PIECE
    start, n = 0, len(text)
    while n - start > size:
        cut = _cut(text, start, start + size)
        yield start, text[start:cut]
        start = cut
    yield start, text[start:]


def _cut(text: str, start: int, end: int) -> int:
    """Where to end a piece of ``text[start:end]``: after its last line break, else after
    its last sentence end (". "), else after its last space, else at ``end``."""
    for mark, keep in (("\n", 1), (". ", 2), (" ", 1)):
        at = text.rfind(mark, start, end)
        if at > start:
            return at + keep
    return end


def _sentence_starts(nlp: Language, steps: list, text: str) -> list[int]:
    """Character offsets where the sentences of ``text`` start (one spaCy pass)."""
    if _CANDIDATE_RE.search(text) is None:
        # No character where a sentence could end: legal_sentences would mark only
        # the first token, so the text is one sentence and need not be tokenised.
        return [0]
    doc = nlp.make_doc(text)
    doc.user_data["text"] = text
    for proc in steps:
        doc = proc(doc)
    return doc.user_data.get("sent_chars") or [0]


def sentence_spans(texts: Iterable[str]) -> Iterator[list[tuple[int, int]]]:
    """For each text, the (start, end) character offsets of its sentences (whitespace trimmed)."""
    nlp = get_nlp()
    steps = [proc for name, proc in nlp.pipeline if name != "legal_entities"]
    for text in texts:
        starts = [
            offset + start
            for offset, piece in pieces(text)
            for start in _sentence_starts(nlp, steps, piece)
        ]
        spans: list[tuple[int, int]] = []
        ends = starts[1:] + [len(text)]
        for start, end in zip(starts, ends, strict=True):
            chunk = text[start:end]
            stripped = chunk.strip()
            if not stripped:
                continue
            start += len(chunk) - len(chunk.lstrip())
            spans.append((start, start + len(stripped)))
        yield spans


def entities(text: str) -> list[tuple[str, str, int, int]]:
    """The entities of ``text`` as (label, text, start, end) tuples, in order."""
    nlp = get_nlp()
    found = []
    for offset, piece in pieces(text):
        doc = nlp(piece)
        found += [(e.label_, e.text, offset + e.start_char, offset + e.end_char) for e in doc.ents]
    return found

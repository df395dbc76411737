"""The sandboxed Jinja environment that renders clause bodies, and its helpers.

Clause bodies are rendered with autoescaping on: every value that comes from the spec
is escaped (``&`` -> ``&amp;`` ...) and, before escaping, ``finalize`` neutralises the
characters that would otherwise change the clause's structure (line breaks become
spaces, ``*`` is swapped for a private-use placeholder so data cannot create bold
markers; ordinary spaces are left as they are) and rejects characters that are illegal
in XML. The assembler then splits the rendered text into paragraphs and runs and turns
it back into plain text with ``unescape_text``; python-docx/docxtpl escape that plain
text when they write XML.

Helpers (both callable and usable as filters): ``money``, ``date``, ``words``,
``join_and``, ``percent``, ``label``, ``unit_fees``, ``item_amount``. The per-contract helpers ``ref`` and ``party``
are passed in the render context by the assembler.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation
from functools import cache
from typing import Any

from jinja2 import StrictUndefined
from markupsafe import Markup

from contractsmith.generate.sandbox import BoundedSandbox

# Stands in for "*" inside spec values until the body has been split into runs.
STAR_PLACEHOLDER = "\ue000"

_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# A run of line breaks with the spaces and tabs around it (inside a value, and at its ends).
_LINE_BREAKS = re.compile("[ \t]*[\r\n\x85\u2028\u2029][ \t\r\n\x85\u2028\u2029]*")
_LINE_BREAK_EDGES = re.compile(
    "^[ \t]*[\r\n\x85\u2028\u2029][ \t\r\n\x85\u2028\u2029]*"
    "|[ \t]*[\r\n\x85\u2028\u2029][ \t\r\n\x85\u2028\u2029]*$"
)
_ENTITY = re.compile(r"&(amp|lt|gt|#34|#39|quot|#x27);")
_ENTITIES = {"amp": "&", "lt": "<", "gt": ">", "#34": '"', "#39": "'", "quot": '"', "#x27": "'"}

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_ONES = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_ZERO_DECIMAL_CURRENCIES = frozenset({"JPY", "KRW", "CLP", "VND", "ISK", "HUF"})

# Human wording for enum values of the spec (platforms, formats, triggers, rights ...).
# Every value of the enums that reach label() (deliverable platforms and formats, payment
# triggers, use types and starts, metrics, kill-fee stages, survival items ...) has an
# entry; tests check this against schemas/contract-spec.schema.json.
LABELS: dict[str, str] = {
    # platforms (deliverable platform, handle keys)
    "instagram": "Instagram",
    "tiktok": "TikTok",
    "youtube": "YouTube",
    "facebook": "Facebook",
    "x": "X",
    "twitter": "X (formerly Twitter)",
    "twitch": "Twitch",
    "snapchat": "Snapchat",
    "pinterest": "Pinterest",
    "linkedin": "LinkedIn",
    "threads": "Threads",
    "blog": "Blog",
    "podcast": "Podcast",
    "newsletter": "Newsletter",
    "brand_channels": "Brand's own channels",
    # formats
    "reel": "Reel",
    "story": "Story",
    "story_set": "Story set",
    "video": "Video",
    "short": "Short",
    "post": "Post",
    "static_post": "Static post",
    "feed_post": "Feed post",
    "carousel": "Carousel",
    "live": "Live stream",
    "livestream": "Live stream",
    "integration": "Integrated segment",
    "dedicated_video": "Dedicated video",
    "ugc_video": "UGC video",
    "photo": "Photo",
    "photo_set": "Photo set",
    "blog_post": "Blog post",
    "podcast_read": "Podcast ad read",
    "appearance": "Personal appearance",
    # usage-right starts
    "first_publication": "the first publication of the relevant Deliverable",
    "delivery": "delivery of the relevant Deliverable",
    "approval": "approval of the relevant Deliverable",
    "effective_date": "the Effective Date",
    # usage-right types
    "organic_repost": "Organic reposting on Brand channels",
    "paid_brand_handle": "Paid media from Brand accounts",
    "whitelisting_creator_handle": "Paid media through Creator accounts (whitelisting)",
    "whitelisting": "Paid media through Creator accounts (whitelisting)",
    "website": "Brand website and e-commerce",
    "email": "Email marketing",
    "ooh": "Out-of-home advertising",
    "broadcast": "Broadcast advertising",
    "print": "Print advertising",
    "tv": "Television and cinema advertising",
    "retail_partner": "Use by authorised retailers",
    "non_exclusive": "non-exclusive",
    "exclusive": "exclusive",
    # payment triggers ("effective_date" is above)
    "signature": "signature of this Agreement",
    "brief_approval": "approval of the creative brief",
    "draft_approval": "approval of the first draft",
    "delivery_of_all_deliverables": "delivery of all Deliverables",
    "approval_of_all_deliverables": "approval of all Deliverables",
    "publication_of_all_deliverables": "publication of all Deliverables",
    "each_delivery": "delivery of each Deliverable",
    "each_publication": "publication of each Deliverable",
    "month_start": "the first day of each month",
    "month_end": "the last day of each month",
    "invoice": "the date of the invoice",
    "publication": "publication of the relevant Deliverable",
    "campaign_end": "the end of the campaign",
    "monthly": "the end of each calendar month",
    # exclusivity channels
    "all_social": "all social media platforms",
    "all_media": "all media",
    "platform_only": "the platforms on which the Deliverables are published",
    # kill-fee stages
    "before_production": "before production starts",
    "after_production_start": "after production has started",
    "after_draft_submitted": "after a draft has been submitted",
    "after_final_approval": "after final approval",
    # metrics (KPIs and performance bonuses)
    "views": "views",
    "reach": "reach",
    "impressions": "impressions",
    "engagements": "engagements",
    "engagement_rate": "engagement rate",
    "likes": "likes",
    "comments": "comments",
    "saves": "saves",
    "shares": "shares",
    "link_clicks": "link clicks",
    "conversions": "conversions",
    "code_redemptions": "promo code redemptions",
    "followers_gained": "new followers",
    "watch_time_hours": "hours of watch time",
    "completion_rate": "video completion rate",
    # survival items ("the provisions on ..."; "exclusivity" and the like read as they are)
    "usage_rights": "usage rights",
    "confidentiality": "confidentiality",
    "indemnification": "indemnification",
    "payment": "payment",
    "exclusivity": "exclusivity",
    "ip": "intellectual property",
    "liability": "limitation of liability",
    "governing_law": "governing law and disputes",
    "morality": "morality and reputation",
    "disclosure": "advertising disclosure",
    # misc enums
    "creator": "Creator",
    "brand": "Brand",
    "agency": "Agency",
    "both": "either party",
    "courts": "the courts",
    "arbitration": "arbitration",
    "none": "none",
    "option": "an option to renew",
    "automatic": "automatic renewal",
    "archive_allowed": "may remain in the Brand's archive",
    "takedown": "must be taken down",
    "creator_cleared": "cleared by the Creator",
    "brand_licensed_library": "from the Brand's licensed music library",
    "royalty_free_only": "royalty-free only",
}


def to_decimal(value: Any) -> Decimal:
    """A Decimal from a decimal string or an int; floats go through their repr, never binary."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool):
        raise ValueError(f"not an amount: {value!r}")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    try:
        return Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation:
        raise ValueError(f"not a decimal amount: {value!r}") from None


def money(amount: Any, currency: str = "") -> str:
    """``money("12000", "USD")`` -> ``USD 12,000.00`` (two decimals, or none for JPY...)."""
    code = str(currency or "").upper()
    places = Decimal(1) if code in _ZERO_DECIMAL_CURRENCIES else Decimal("0.01")
    value = to_decimal(amount).quantize(places, rounding=ROUND_HALF_UP)
    text = f"{value:,}"
    return f"{code} {text}" if code else text


def unit_fees(total: Any, currency: str, units: Any, allocated: Any = "0") -> dict[str, Any]:
    """The equal Unit Fee of ``units`` Deliverables sharing ``total`` less ``allocated``,
    with the contract's rounding rule: each share is rounded down to the currency's
    smallest unit and the last Deliverable takes the remainder, so the shares add up to
    the amount exactly. ``{"each": "USD 228.57", "last": "USD 228.59", "even": False,
    "share": "USD 3,200.00"}`` for USD 3,200 among 14."""
    count = int(units)
    if count < 1:
        raise ValueError(f"no Deliverable to share the Fee among: {units!r}")
    code = str(currency or "").upper()
    places = Decimal(1) if code in _ZERO_DECIMAL_CURRENCIES else Decimal("0.01")
    share = to_decimal(total) - to_decimal(allocated)
    if share < 0:
        raise ValueError(f"the stated Deliverable fees exceed the Fee by {-share}")
    each = (share / count).quantize(places, rounding=ROUND_DOWN)
    last = share - each * (count - 1)
    return {
        "each": money(each, code),
        "last": money(last, code),
        "even": each == last,
        "share": money(share, code),
    }


def item_amount(amount: Any, count: Any, plus: Any = "0") -> str:
    """``amount`` times ``count``, plus ``plus``, as an exact decimal string (a running
    total of stated Deliverable fees for ``unit_fees``, with no binary float)."""
    return format(to_decimal(amount) * int(count) + to_decimal(plus), "f")


def percent(value: Any) -> str:
    """``percent("50")`` -> ``50%``; ``percent("1.50")`` -> ``1.5%``."""
    return f"{plain_decimal(to_decimal(value))}%"


def plain_decimal(value: Decimal) -> str:
    """A decimal without trailing zeros or exponent: 50.00 -> 50, 1.50 -> 1.5."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


def to_date(value: Any) -> dt.date:
    """A date from an ISO string (``2026-02-01``) or a date/datetime."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        raise ValueError(f"not an ISO date (YYYY-MM-DD): {value!r}") from None


def long_date(value: Any) -> str:
    """``"2026-02-01" | date`` -> ``1 February 2026``."""
    day = to_date(value)
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def number_words(n: int) -> str:
    """English words for a non-negative integer below one billion: 115 -> one hundred fifteen."""
    if n < 20:
        return _ONES[n]
    if n < 100:
        tens, rest = divmod(n, 10)
        return _TENS[tens] + (f"-{_ONES[rest]}" if rest else "")
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        return f"{_ONES[hundreds]} hundred" + (f" {number_words(rest)}" if rest else "")
    for size, name in ((1_000_000, "million"), (1000, "thousand")):
        if n >= size:
            big, rest = divmod(n, size)
            if big >= 1000:
                break
            return f"{number_words(big)} {name}" + (f" {number_words(rest)}" if rest else "")
    raise ValueError(f"number too large to write in words: {n}")


def words(value: Any) -> str:
    """``15 | words`` -> ``fifteen (15)``."""
    if isinstance(value, bool):
        raise ValueError(f"not a whole number: {value!r}")
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if not isinstance(value, int) or value < 0:
        raise ValueError(f"words needs a whole number >= 0, got {value!r}")
    return f"{number_words(value)} ({value})"


def join_and(items: Any, conjunction: str = "and") -> str:
    """``["a", "b", "c"] | join_and`` -> ``a, b and c``."""
    if isinstance(items, str):
        return items
    parts = [str(item) for item in items]
    if not parts:
        return ""
    if len(parts) == 1:
        return parts[0]
    return f"{', '.join(parts[:-1])} {conjunction} {parts[-1]}"


def label(value: Any) -> str:
    """Human wording for a spec enum value: ``story_set`` -> ``Story set``."""
    key = str(value)
    if key in LABELS:
        return LABELS[key]
    return key.replace("_", " ")


def check_xml_text(text: str) -> None:
    """Raise ValueError when ``text`` holds a character that cannot appear in XML."""
    match = _XML_ILLEGAL.search(text)
    if match:
        raise ValueError(
            f"value {text[:40]!r} contains the control character U+{ord(match.group()):04X}, "
            "which a Word document cannot hold"
        )


def _finalize(value: Any) -> Any:
    """Applied to every ``{{ }}`` output before escaping: keep data from making structure.

    A line break (with the spaces and tabs around it) becomes one space, or nothing at
    either end of the value, so data cannot start a paragraph or a list item; a tab
    becomes a space; ``*`` is swapped for a placeholder so data cannot open a bold run.
    Ordinary spaces are kept as they are: ``{{ 'the ' if x }}`` keeps its trailing space.
    """
    if isinstance(value, Markup):
        return value
    if isinstance(value, (dt.date, dt.datetime)):
        value = value.isoformat()
    text = value if isinstance(value, str) else str(value)
    check_xml_text(text)
    if not text:
        return text
    text = _LINE_BREAK_EDGES.sub("", text)
    text = _LINE_BREAKS.sub(" ", text).replace("\t", " ")
    return text.replace("*", STAR_PLACEHOLDER)


def unescape_text(text: str) -> str:
    """Undo the escaping of a rendered clause body and restore ``*`` from spec values."""
    return _ENTITY.sub(lambda m: _ENTITIES[m.group(1)], text).replace(STAR_PLACEHOLDER, "*")


HELPERS: dict[str, Any] = {
    "money": money,
    "date": long_date,
    "words": words,
    "join_and": join_and,
    "percent": percent,
    "label": label,
    "unit_fees": unit_fees,
    "item_amount": item_amount,
}


@cache
def clause_environment() -> BoundedSandbox:
    """The shared environment for clause bodies (cached: build it once per process).

    Render its templates with ``sandbox.render_bounded`` so time, output size and loop
    work are bounded for each clause.
    """
    env = BoundedSandbox(
        undefined=StrictUndefined,
        autoescape=True,
        finalize=_finalize,
        keep_trailing_newline=True,
    )
    env.add_filters(HELPERS)
    env.globals.update(HELPERS)
    return env


class _CompilingCacheEnvironment(BoundedSandbox):
    """The bounded sandbox of clause bodies, compiling each distinct template source once.

    docxtpl calls ``from_string`` on the shell's XML for every document; the XML of a
    given shell never changes, so the compiled template is kept (bounded cache).
    """

    _compiled: dict[str, Any]

    def from_string(self, source, globals=None, template_class=None):  # noqa: A002
        if globals is not None or template_class is not None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        cache_ = self.__dict__.setdefault("_compiled", {})
        template = cache_.get(source)
        if template is None:
            if len(cache_) > 64:
                cache_.clear()
            template = super().from_string(source)
            cache_[source] = template
        return template


@cache
def shell_environment() -> BoundedSandbox:
    """The environment docxtpl uses for the Word shell's XML (autoescaped, strict)."""
    env = _CompilingCacheEnvironment(undefined=StrictUndefined, autoescape=True)
    env.filters.update(HELPERS)
    env.globals.update(HELPERS)
    return env

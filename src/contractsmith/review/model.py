"""The campaign log as the review reads it: posts with their metrics, and events.

Everything here has been validated: times are timezone-aware, dates are dates and numbers
are exact. ``where`` is ``file:line`` (or ``file:row``) for quoting as evidence.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

METRICS = (
    "views", "reach", "impressions", "engagements", "engagement_rate", "likes", "comments",
    "saves", "shares", "link_clicks", "conversions", "code_redemptions", "followers_gained",
    "watch_time_hours", "completion_rate",
)  # fmt: skip
"""The metric names a log may use (the same as the spec's KPI metrics)."""

EVENT_TYPES = (
    "signed", "brief_sent", "product_delivered", "draft_submitted", "approved",
    "revision_requested", "delivered", "invoice_sent", "payment", "notice", "paid_usage",
    "whitelisting", "competitor_post", "report_delivered", "expense_claimed",
    "production_started", "cancelled",
)  # fmt: skip
"""The kinds of event a log may record."""

LABEL_POSITIONS = ("start", "middle", "end", "none")


@dataclass(frozen=True)
class Metric:
    """One figure read from a measurement source on a given date."""

    metric: str
    value: Decimal
    measured_at: dt.date
    source: str | None = None


@dataclass(frozen=True)
class Post:
    """A published post as the log records it."""

    deliverable: str
    url: str
    posted_at: dt.datetime
    where: str
    removed_at: dt.datetime | None = None
    caption: str | None = None
    label: str | None = None
    label_position: str | None = None
    platform_tool: bool | None = None
    spoken: bool | None = None
    on_screen: bool | None = None
    metrics: tuple[Metric, ...] = ()


@dataclass(frozen=True)
class Event:
    """Something either party did: a draft, an invoice, a payment, a notice, a media flight."""

    type: str
    date: dt.date
    where: str
    deliverable: str | None = None
    instalment: str | None = None
    use: str | None = None
    amount: Decimal | None = None
    end: dt.date | None = None
    note: str | None = None


@dataclass
class CampaignLog:
    """A validated campaign log: the posts and events the review judges by."""

    path: str
    posts: list[Post] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)

    def latest_date(self) -> dt.date | None:
        """The latest date the log records as having happened (the default ``--as-of``).

        An event's ``end`` (a media flight's planned last day) is a plan, not a fact, so
        it does not count.
        """
        days: list[dt.date] = []
        for p in self.posts:
            days.append(p.posted_at.date())
            if p.removed_at is not None:
                days.append(p.removed_at.date())
            days += [m.measured_at for m in p.metrics]
        for e in self.events:
            days.append(e.date)
        return max(days) if days else None

    def events_of(self, kind: str) -> list[Event]:
        """The events of type ``kind``, in date order."""
        return sorted((e for e in self.events if e.type == kind), key=lambda e: (e.date, e.where))

"""The X rule family: contract-consistency invariants checked on the assembled contract.

Each entry names one cross-section invariant, says why it matters and carries pass/fail
cases. A case is a change to one of the shipped example specs (``base``, a file stem in
``examples/``; ``spec``, dotted path -> value, None to remove) and, for wording no spec can
produce any more, a paragraph added to a section (``add_text``, clause id -> text).
``tests/consistency`` assembles each case and asserts the code fires on the fail cases and
stays silent on the pass cases.
"""

from __future__ import annotations

from typing import Any

# fmt: off
X_RULES: dict[str, dict[str, Any]] = {
    "X001": {
        "code": "X001",
        "name": "cure-shorter-than-makegood",
        "severity": "error",
        "summary": "The cure period for a breach is shorter than the makegood window.",
        "why": "Termination for cause treats a breach that cannot be undone as cured by its "
               "makegood within the cure period; a makegood window longer than the cure period "
               "lets a party terminate while the other is still on time for the makegood.",
        "help": "Set termination.cause.cure_days to at least kpis.makegood.window_days.",
        "cases": {
            "fail": [
                {"text": "cure_days: 10 with makegood window_days: 14",
                 "base": "sponsorship",
                 "spec": {"termination.cause.cure_days": 10, "kpis.makegood.window_days": 14}},
            ],
            "pass": [
                {"text": "cure_days: 14 with makegood window_days: 14",
                 "base": "sponsorship",
                 "spec": {"termination.cause.cure_days": 14, "kpis.makegood.window_days": 14}},
            ],
        },
    },
    "X002": {
        "code": "X002",
        "name": "kill-fee-stated-twice",
        "severity": "error",
        "summary": "The cancellation fee is paid on, or valued at, more than one moment.",
        "why": "Two payment periods for one fee (14 days in one Section, 30 in another) leave the "
               "due date to argument, and valuing the stage at the notice in one Section and at "
               "the termination date in another lets one Deliverable earn both its cancellation "
               "fee and its Unit Fee.",
        "help": "State the cancellation fee's payment period and the moment its stage is taken "
                "in the cancellation-fee Section only; other Sections refer to it.",
        "cases": {
            "fail": [
                {"text": "Section 34: '... the cancellation fee under Section 10, within thirty (30) "
                         "days after the termination takes effect' while Section 10 says fourteen "
                         "(14) days after the notice",
                 "base": "sponsorship", "spec": {}, "add_text": {
                     "termination_for_convenience.allowed":
                     "If Brand terminates under this Section, Brand shall pay for each Deliverable "
                     "published or approved before the termination takes effect its Unit Fee, and "
                     "for each other Deliverable the cancellation fee under Section 10, within "
                     "thirty (30) days after the termination takes effect."}},
            ],
            "pass": [
                {"text": "every Section that mentions the cancellation fee refers to the "
                         "cancellation-fee Section for its timing and valuation",
                 "base": "sponsorship", "spec": {}},
            ],
        },
    },
    "X003": {
        "code": "X003",
        "name": "monitoring-shorter-than-exposure",
        "severity": "error",
        "summary": "Brand's disclosure monitoring ends before the content stops being shown.",
        "why": "Regulators expect the advertiser to monitor the disclosure for as long as the "
               "content is live (FTC 16 CFR 255.1(d); CMA/ASA influencer guidance). Monitoring "
               "for 30 days while posts stay live for 90 days and are reposted for 365 leaves "
               "most of the exposure unmonitored.",
        "help": "Set disclosure.brand_monitoring_days to at least the longest minimum live "
                "period and the longest licensed use of Creator-published Deliverables.",
        "cases": {
            "fail": [
                {"text": "brand_monitoring_days: 30 with min_live_days: 90 and a 365-day repost "
                         "licence",
                 "base": "sponsorship", "spec": {"disclosure.brand_monitoring_days": 30}},
            ],
            "pass": [
                {"text": "brand_monitoring_days: 365 with min_live_days: 90 and a 365-day "
                         "repost licence",
                 "base": "sponsorship", "spec": {"disclosure.brand_monitoring_days": 365}},
            ],
        },
    },
    "X004": {
        "code": "X004",
        "name": "draft-before-product",
        "severity": "error",
        "summary": "A draft is due before the product it depends on can arrive.",
        "why": "The product clause makes drafts depend on the product (delivered ten Business "
               "Days before the first draft; no draft due earlier than five Business Days after "
               "receipt). A draft date that this puts before the Effective Date, or before the "
               "product can arrive, is a timeline no one can keep.",
        "help": "Move the first draft_due (or the monthly draft_due_day) to at least ten "
                "Business Days after the Effective Date.",
        "cases": {
            "fail": [
                {"text": "effective 2026-02-01, first draft due 2026-02-05, product to be "
                         "delivered 10 Business Days before the first draft",
                 "base": "sponsorship",
                 "spec": {"deliverables.0.draft_due": "2026-02-05",
                          "deliverables.1.draft_due": "2026-02-05"}},
            ],
            "pass": [
                {"text": "effective 2026-02-01, first draft due 2026-03-02",
                 "base": "sponsorship", "spec": {}},
            ],
        },
    },
    "X005": {
        "code": "X005",
        "name": "posting-before-embargo-ends",
        "severity": "error",
        "summary": "A posting window opens before the campaign embargo ends.",
        "why": "The confidentiality clause forbids publishing anything about the campaign until "
               "the end of the embargo day; a window that opens on or before that day requires "
               "the Creator to break one clause to keep the other.",
        "help": "Set confidentiality.embargo_until to a day before the earliest posting window "
                "opens, or move the window.",
        "cases": {
            "fail": [
                {"text": "embargo_until 2026-03-09 and D1's posting window opens 2026-03-09",
                 "base": "sponsorship", "spec": {"confidentiality.embargo_until": "2026-03-09"}},
            ],
            "pass": [
                {"text": "embargo_until 2026-03-08 and the first posting window opens 2026-03-09",
                 "base": "sponsorship", "spec": {"confidentiality.embargo_until": "2026-03-08"}},
            ],
        },
    },
    "X006": {
        "code": "X006",
        "name": "term-used-undefined",
        "severity": "error",
        "summary": "A defined term of the clause library is used but this contract never defines "
                   "it.",
        "why": "A capitalised term such as \"Morality Event\" or \"Exclusivity Period\" used without "
               "its definition has no agreed meaning; it usually means a clause refers to a "
               "Section the deal left out.",
        "help": "Include the clause that defines the term, or reword the clause that uses it.",
        "cases": {
            "fail": [
                {"text": "immediate termination for \"a Morality Event\" in a deal without a "
                         "morality clause",
                 "base": "ugc", "spec": {"morality": None}},
            ],
            "pass": [
                {"text": "immediate termination for \"a Morality Event\" with a morality clause "
                         "that defines it",
                 "base": "ugc", "spec": {}},
            ],
        },
    },
    "X007": {
        "code": "X007",
        "name": "statute-foreign-to-deal",
        "severity": "error",
        "summary": "A statute is cited that neither the governing law nor any party's place brings "
                   "into the deal.",
        "why": "Third-party rights, electronic signatures, data protection, trade-secret notices, "
               "freelancer pay and penalty rules follow the governing law and where the parties "
               "are, not where the audience is. Citing a foreign statute misstates the law that "
               "applies and invites the argument that the parties chose it.",
        "help": "Choose statute citations by governing_law.law and the parties' addresses and "
                "tax residence (the clause library's `legal` context), never by "
                "disclosure.jurisdictions.",
        "cases": {
            "fail": [
                {"text": "a California-law deal between US parties that cites the Contracts "
                         "(Rights of Third Parties) Act 1999 because the audience includes the UK",
                 "base": "sponsorship", "spec": {}, "add_text": {
                     "general.standard":
                     "No person other than the parties has any right to enforce any term of "
                     "this Agreement, including under the Contracts (Rights of Third Parties) "
                     "Act 1999."}},
                {"text": "a French-law deal whose cancellation fee is a \"genuine pre-estimate\"",
                 "base": "retainer", "spec": {}, "add_text": {
                     "compensation.kill_fee":
                     "The cancellation fee is the parties' genuine pre-estimate of Creator's "
                     "loss."}},
            ],
            "pass": [
                {"text": "the same California-law deal: third-party rights excluded without "
                         "citing an English statute",
                 "base": "sponsorship", "spec": {}},
                {"text": "the deal under the laws of England and Wales may cite the 1999 Act",
                 "base": "sponsorship",
                 "spec": {"governing_law.law": "the laws of England and Wales"}},
            ],
        },
    },
    "X008": {
        "code": "X008",
        "name": "liability-cap-nil-at-signature",
        "severity": "warning",
        "summary": "The liability cap can be nil when the Agreement is signed.",
        "why": "A cap measured by the fees paid and payable before the event is nil until the "
               "first payment falls due, so a breach early in the deal (a leaked embargo, a post "
               "published too soon) leaves the injured party with no remedy above nothing. A "
               "fixed floor, or fees measured over the whole Agreement, keeps the cap meaningful "
               "from signature.",
        "help": "Set liability.cap to total_fees and liability.cap_floor to the least amount "
                "the cap should be; or, for fees_paid_12_months, schedule a payment on signature.",
        "cases": {
            "fail": [
                {"text": "cap: fees_paid_12_months, no cap_floor, monthly fees from the first "
                         "month (nothing payable on signing)",
                 "base": "ambassador",
                 "spec": {"liability.cap": "fees_paid_12_months", "liability.cap_floor": None}},
                {"text": "cap: fixed_amount of 0.00",
                 "base": "ambassador",
                 "spec": {"liability.cap": "fixed_amount", "liability.cap_amount": "0.00",
                          "liability.cap_floor": None}},
            ],
            "pass": [
                {"text": "cap: total_fees with cap_floor GBP 25,000: the greater of the two",
                 "base": "ambassador", "spec": {}},
                {"text": "cap: fees_paid_12_months with no cap_floor but 50% of the fee payable "
                         "on signature",
                 "base": "sponsorship",
                 "spec": {"liability.cap": "fees_paid_12_months", "liability.cap_floor": None}},
                {"text": "cap: fees_paid_12_months, monthly fees, cap_floor GBP 25,000",
                 "base": "ambassador", "spec": {"liability.cap": "fees_paid_12_months"}},
            ],
        },
    },
}
# fmt: on
"""Every X code, as ``contractsmith rules`` lists it (``help`` is the suggestion)."""


def x_meta(code: str) -> dict[str, Any]:
    """The table entry for ``code`` (KeyError for an unknown code)."""
    return X_RULES[code]

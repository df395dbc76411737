"""The S rule family: every code ``validate`` can report, in one table.

S0xx codes come from the JSON Schema (one per kind of schema error); S1xx codes are the
semantic rules in ``contractsmith.spec.semantic``. Codes are stable once released: add
new ones, never renumber. ``S_RULES`` is what ``contractsmith rules`` and the docs list.
"""

from __future__ import annotations

from typing import Any

# code, name, severity, summary (the message), hint (what to do), why (optional)
# fmt: off
_TABLE: list[tuple[str, str, str, str, str, str]] = [
    # --- schema errors -------------------------------------------------------------
    ("S001", "missing-field", "error", "required field is missing",
     "Add the field; `contractsmith schema` shows its shape and an example.", ""),
    ("S002", "wrong-type", "error", "value has the wrong type",
     "Write the kind of value the schema asks for (text, whole number, true/false, list or "
     "mapping).", ""),
    ("S003", "not-allowed-value", "error", "value is not one of the allowed values",
     "Use one of the values listed in the message.", ""),
    ("S004", "bad-date", "error", "date must be a real calendar date written YYYY-MM-DD",
     "Write the date as YYYY-MM-DD, e.g. 2026-03-09, with a year from 1900 to 2099.", ""),
    ("S005", "inexact-amount", "error", "amount must be an exact decimal string",
     'Quote the number so it is kept exactly, e.g. fee: "12000.50" (no float, no currency sign).',
     "Binary floats cannot hold most decimal amounts exactly; a contract must state the exact "
     "sum."),
    ("S006", "unknown-field", "error", "field is not part of the spec format",
     "Check the spelling against `contractsmith schema`, or remove the field.", ""),
    ("S007", "out-of-range", "error", "number is outside the allowed range",
     "Use a number within the range given in the message.", ""),
    ("S008", "bad-list", "error", "list has too few items or repeats an item",
     "Add the missing items or remove the duplicates.", ""),
    ("S009", "bad-format", "error", "value does not have the expected format",
     "Follow the format in the message (e.g. a 3-letter currency code, #hashtag, @handle).", ""),
    ("S010", "empty-text", "error", "text must not be empty",
     "Write the text, or remove the field if it is optional.", ""),
    ("S011", "text-too-long", "error", "text is longer than the field allows",
     "Shorten the text to the length given in the message.",
     "Every field has a length limit so that what validates also fits the contract's "
     "document properties and tables."),
    ("S012", "bad-character", "error", "text holds a character a contract cannot contain",
     "Remove the character. Names and titles are one line without control characters; "
     "longer texts may hold tabs and line breaks but no other control character, and no "
     "text may hold a Unicode noncharacter such as U+FFFE.",
     "Word documents cannot store these characters, so the contract could not be rendered."),
    # --- dates and term -----------------------------------------------------------
    ("S101", "draft-after-posting", "error", "draft is due after the posting starts",
     "Set draft_due on or before the posting window start, leaving time for review.", ""),
    ("S102", "window-reversed", "error", "a range ends before it starts",
     "Swap or correct the start and end so that start <= end.", ""),
    ("S103", "term-reversed", "error", "term ends on or before its effective date",
     "Set term.end_date after term.effective_date.", ""),
    ("S104", "term-open-ended", "error", "term has no end",
     "Give term.end_date or term.duration_months.",
     "A term without an end leaves every duty and the exclusivity running indefinitely."),
    ("S105", "deliverable-outside-term", "error", "deliverable date falls outside the term",
     "Move the date inside the term or extend the term.", ""),
    ("S106", "deliverable-undated", "error", "deliverable has no date",
     "Give posting_window or posting_date (creator posts), final_due (brand posts) "
     "or monthly (monthly quota).",
     "A deliverable without a date cannot be late, so it cannot be enforced."),
    ("S107", "duplicate-deliverable-id", "error", "two deliverables share an id",
     "Give each deliverable its own id.", ""),
    ("S108", "unknown-deliverable", "error", "refers to a deliverable id that does not exist",
     "Use the id of one of the deliverables.", ""),
    ("S109", "date-outside-term", "warning", "date falls outside the term",
     "Check the date; campaign events normally fall inside the term.", ""),
    # --- money ------------------------------------------------------------------------
    ("S110", "instalment-amount", "error", "instalment needs exactly one of percent or amount",
     "Give the instalment a percent of the fee or a fixed amount, not both and not neither.", ""),
    ("S111", "schedule-sum", "error", "payment schedule does not add up to the fee",
     "Make the percents add up to 100, or the amounts add up to compensation.fee.",
     "Freelancer laws (e.g. California SB 988) require the amount and the date of each payment."),
    ("S112", "unknown-currency", "error", "currency is not a known ISO 4217 code",
     "Use an ISO 4217 code such as USD, EUR or GBP.", ""),
    ("S113", "kill-fee-order", "error", "kill-fee stages are out of order or decrease",
     "List each stage once, from before_production to after_final_approval, "
     "with percents that never go down.", ""),
    ("S114", "kill-fee-over-100", "error", "kill fee exceeds 100% of the fee",
     "Use a percent between 0 and 100.", ""),
    ("S115", "retainer-fee-mismatch", "error", "fee is not the monthly fee times the months",
     "Set compensation.fee to retainer.monthly_fee x retainer.months.", ""),
    ("S116", "retainer-missing", "error", "retainer or ambassador deal has no retainer terms",
     "Add a retainer block (months, monthly_fee, missed_deliverables).", ""),
    ("S117", "monthly-quota-mismatch", "error",
     "monthly quotas and the retainer block must go together",
     "Use per: month deliverables with a retainer block, and a retainer block with at least one "
     "monthly deliverable.", ""),
    ("S118", "retainer-term-mismatch", "warning",
     "retainer months differ from the length of the term",
     "Make retainer.months match the term, or explain the difference in the deal.", ""),
    ("S119", "deliverable-fees-mismatch", "error",
     "deliverable fees do not add up to the fee",
     "Make the per-item fees (times count, and months for monthly quotas) add up to "
     "compensation.fee, or leave them out.", ""),
    # --- usage and IP ---------------------------------------------------------------
    ("S121", "usage-no-duration", "error", "licensed use has no duration",
     "Give duration_days, or mark it perpetual with a stated fee.",
     "Usage without a time limit is the most common source of creator-brand disputes."),
    ("S122", "perpetual-no-fee", "error", "perpetual use has no stated fee",
     "State a fee for the perpetual use (use.fee or usage_rights.perpetual_fee).",
     "Perpetual rights are normally priced at a premium; an unpriced perpetual grant is a red "
     "flag."),
    ("S123", "paid-usage-no-fee", "warning", "paid usage has no fee of its own",
     "State the fee for paid or whitelisted usage, unless the brand owns the content.", ""),
    ("S124", "whitelisting-no-spend-cap", "warning", "whitelisting has no ad spend cap",
     "Add spend_cap to the whitelisting use.", ""),
    ("S125", "assignment-no-fee", "error", "brand owns the content but no assignment fee is stated",
     "State ip.assignment_fee for the transfer of ownership.", ""),
    ("S126", "brand-ads-undisclosed", "error",
     "brand posts creator content but its ads need not disclose the connection",
     "Set disclosure.brand_ads_disclose_connection: true.",
     "When a paid creator appears as an ordinary customer in the brand's ads, the material "
     "connection must be disclosed (FTC Endorsement Guides, 16 CFR 255.5)."),
    ("S127", "ugc-creator-posting", "warning", "UGC deliverable is posted by the creator",
     "Set posted_by: brand, or use kind: sponsorship if the creator posts.", ""),
    # --- exclusivity ------------------------------------------------------------------
    ("S131", "exclusivity-beyond-term-no-fee", "error",
     "exclusivity runs past the end of the term without a fee",
     "Shorten days_after, extend the term, or state exclusivity.fee.",
     "Exclusivity that outlasts the deal blocks the creator's income and is normally paid for."),
    ("S132", "exclusivity-undefined", "error",
     "exclusivity has no category and no named competitors",
     "Give exclusivity.category and/or exclusivity.competitors.", ""),
    ("S133", "exclusivity-before-term", "warning", "exclusivity starts before the term",
     "Reduce days_before so the restriction starts on or after the effective date.", ""),
    # --- disclosure and jurisdictions -------------------------------------------------
    ("S141", "fr-tax-residence", "error", "French audience: creator's tax residence is missing",
     "Add parties.creator.tax_residence (e.g. FR).",
     "Loi n° 2023-451 art. 8 requires the influencer's tax residence in the written contract."),
    ("S142", "fr-label", "error",
     'French audience: label must be "Publicité" or "Collaboration commerciale"',
     'Set labels_by_jurisdiction.FR to "Publicité" or "Collaboration commerciale".',
     "Loi n° 2023-451 requires one of these two mentions, clear and legible."),
    ("S143", "fr-law", "error", "French audience: the contract must be governed by French law",
     'Set governing_law.law to "French law".',
     "Loi n° 2023-451 art. 8 submits the contract to French law when it targets a French "
     "audience."),
    ("S144", "fr-party-contact", "error",
     "French audience: a party's postal or email address is missing",
     "Give address and email for every party.",
     "Loi n° 2023-451 art. 8 requires the parties' postal and electronic addresses."),
    ("S145", "uk-label", "error", 'UK audience: label must be "#ad", "Ad" or "Advert"',
     'Use "#ad" (or "Ad", "Advert", "Advertisement") at the start of the content.',
     "CAP Code rule 2.1 and the CMA/ASA influencer guidance."),
    ("S146", "banned-label", "error", "disclosure label is ambiguous or a campaign hashtag",
     'Use a clear label such as "#ad"; #sp, #spon, #collab, #partner, #ambassador or a brand '
     "hashtag do not disclose an ad.",
     "Regulators treat these labels as unclear disclosures."),
    ("S147", "label-missing", "error", "creator posts content but no in-content label is set",
     "Set disclosure.label (or a label for each jurisdiction in labels_by_jurisdiction).",
     "A platform tool alone is not enough: the label must be in the content itself."),
    ("S148", "us-label-unclear", "warning",
     "US audience: label is not one the FTC guidance calls clear",
     'Use "#ad", "Ad", "Advertisement", "Sponsored" or "Paid partnership".', ""),
    ("S149", "platform-tool-off", "warning", "platform's paid-partnership tool is not required",
     "Set disclosure.platform_tool_required: true (platforms require it, as well as the "
     "label).", ""),
    ("S150", "label-jurisdiction-unlisted", "warning",
     "label given for a jurisdiction not in the audience",
     "Add the jurisdiction to disclosure.jurisdictions or remove the label.", ""),
    # --- parties and renewal -------------------------------------------------------------
    ("S151", "minor-no-guardian", "error", "creator is a minor but no guardian is named",
     "Add parties.creator.guardian with the guardian's name and relationship.",
     "A minor's contract needs a parent or guardian to sign to be enforceable."),
    ("S152", "renewal-no-notice", "error", "renewal has no notice period",
     "Give term.renewal.notice_days.",
     "An option or automatic renewal without a notice date cannot be exercised or stopped "
     "reliably."),
    # --- termination ------------------------------------------------------------------------
    ("S153", "ground-fragment", "error",
     "termination ground is a sentence fragment",
     "Write each ground as { party: creator|brand|either, ground: <complete phrase> }; quote "
     "a plain-text ground that holds a comma.",
     "An unquoted YAML list splits \"in the case of Creator, a failure ...\" at the comma, so a "
     "ground meant for one party becomes a mutual ground and the contract reads \"in the case "
     "of Creator;\" as a ground of its own."),
]
# fmt: on

S_RULES: dict[str, dict[str, Any]] = {
    code: {
        "code": code,
        "name": name,
        "summary": summary,
        "severity": severity,
        "help": hint,
        "why": why or None,
    }
    for code, name, severity, summary, hint, why in _TABLE
}
"""Every S code: ``{code, name, summary, severity, help, why}`` (``help`` is the hint)."""


def rules_meta() -> dict[str, Any]:
    """``S_RULES`` as report-writer ``RuleMeta`` objects (for SARIF rule metadata)."""
    from contractsmith.report.findings_writers import RuleMeta

    return {
        code: RuleMeta(
            code=code,
            name=meta["name"],
            summary=meta["summary"],
            severity=meta["severity"],
            help=meta["help"],
        )
        for code, meta in S_RULES.items()
    }


def is_semantic(code: str) -> bool:
    """True for a semantic rule (S100 and up: how the terms fit together), False for a
    schema code (S001-S099: whether the spec is well formed)."""
    return code.startswith("S") and code[1:].isdigit() and int(code[1:]) >= 100

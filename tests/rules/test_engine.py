"""The wording engine on hand-built documents: locations, slots, gating, selection."""

from __future__ import annotations

from pathlib import Path

import pytest

from contractsmith.analyse.model import AnalysedDocument
from contractsmith.findings import Severity
from contractsmith.rules.engine import (
    RULES_VERSION,
    all_rules,
    check_text,
    check_wording,
    get_rule,
    selected_rules,
)
from contractsmith.rules.model import RuleDataError, load_rule_file

from .helpers import build


def _codes(findings) -> list[str]:
    return [f.rule for f in findings]


def test_finding_points_at_the_phrase_in_document_text() -> None:
    adoc = build(
        [
            ("Payment", "The Brand shall pay each invoice promptly.", ("compensation",)),
            ("Notices", "Each party shall promptly notify the other of a new address.", ()),
        ]
    )
    findings = [f for f in check_wording(adoc) if f.rule == "V001"]
    assert len(findings) == 2
    pay, notice = findings
    text = adoc.document.text
    assert text[pay.location.start : pay.location.end] == "promptly"
    assert text[notice.location.start : notice.location.end] == "promptly"
    assert pay.location.file == "contract.txt"
    assert pay.location.paragraph == 1 and notice.location.paragraph == 3
    assert pay.location.page == 1
    assert pay.severity is Severity.ERROR and pay.category == "compensation"
    assert notice.severity is Severity.INFO
    assert pay.text == "The Brand shall pay each invoice promptly."
    assert "Adams" in (pay.why or "")
    assert pay.suggestion and pay.clause_id == "compensation.fees"


def test_severity_follows_the_words_next_to_the_phrase() -> None:
    # One sentence, two slots: the cue words beside the phrase decide.
    text = "The Creator shall remove the post promptly, and the Brand shall pay the fee on 1 May."
    (finding,) = [f for f in check_text(text) if f.rule == "V001"]
    assert finding.severity is Severity.ERROR


def test_select_and_ignore_take_prefixes() -> None:
    codes = {r.code for r in selected_rules({"V"})}
    assert codes and all(c.startswith("V") for c in codes)
    assert "V001" not in {r.code for r in selected_rules(None, {"V00"})}
    text = "The Brand shall pay the fee promptly, etc."
    assert set(_codes(check_text(text, "compensation", select={"V001"}))) == {"V001"}
    assert "V001" not in _codes(check_text(text, "compensation", ignore={"V001"}))


def test_disclosure_rules_need_a_disclosure_clause() -> None:
    # Analysis may tag an audit clause as disclosure; D rules still stay quiet.
    noisy = build(
        [
            (
                "Audit",
                "If any audit discloses that a party owes royalties, the party shall pay them.",
                ("ftc_disclosure", "audit_rights"),
            )
        ]
    )
    assert not [f for f in check_wording(noisy) if f.rule.startswith("D")]
    real = build(
        [
            (
                "Advertising Disclosure",
                "The Creator shall comply with the FTC Endorsement Guides. "
                "The Creator should disclose the paid partnership with the Brand.",
                (),
            )
        ]
    )
    codes = set(_codes(check_wording(real)))
    assert {"D001", "D004", "D005", "D006", "D008"} <= codes


def test_document_level_disclosure_finding_anchors_on_the_section() -> None:
    adoc = build(
        [
            ("Fees", "The Brand shall pay USD 1,000 within 30 days after invoice.", ()),
            ("Disclosure", "The Creator shall place #ad at the start of each caption.", ()),
        ]
    )
    findings = {f.rule: f for f in check_wording(adoc)}
    assert "D004" not in findings  # placement is given
    takedown = findings["D005"]
    section = adoc.sections[1]
    assert (takedown.location.start, takedown.location.end) == (section.start, section.end)
    assert takedown.category == "ftc_disclosure"


def test_specific_rule_supersedes_generic_one_on_same_sentence() -> None:
    text = "The Influencer shall use best efforts to disclose the sponsorship with the Brand."
    codes = _codes(check_text(text, "ftc_disclosure"))
    assert "D007" in codes
    assert "V002" not in codes and "V012" not in codes


def test_completeness_looks_at_the_whole_section() -> None:
    adoc = build(
        [
            (
                "Fees",
                "The Brand shall pay the Creator a fee for the Services. "
                "The fee is USD 4,000, payable within 30 days after publication.",
                ("compensation",),
            )
        ]
    )
    assert "O003" not in _codes(check_wording(adoc))
    bare = build([("Fees", "The Brand shall pay the Creator a fee for the Services.", ())])
    (finding,) = [f for f in check_wording(bare) if f.rule == "O003"]
    assert "an amount" in finding.message and "a due period" in finding.message


def test_long_sentences_are_quoted_around_the_phrase() -> None:
    filler = "and shall keep accurate records of every shipment " * 12
    text = f"The Supplier shall deliver the goods {filler}and shall pay the invoice promptly."
    (finding,) = [f for f in check_text(text, "compensation") if f.rule == "V001"]
    assert len(finding.text) <= 302
    assert "promptly" in finding.text and finding.text.startswith("…")


def test_table_of_contents_is_ignored() -> None:
    adoc = build([(None, "Payment to be agreed ......... 4", ())])
    for sentence in adoc.sentences:
        sentence.in_toc = True
    assert check_wording(adoc) == []


def test_output_is_deterministic_and_sorted() -> None:
    text = (
        "The Brand shall pay a fee of about $5,000 promptly. "
        "The Creator will post from time to time, etc."
    )
    first = [f.to_dict() for f in check_text(text, "compensation")]
    again = [f.to_dict() for f in check_text(text, "compensation")]
    assert first == again
    starts = [f["location"]["start"] for f in first]
    assert starts == sorted(starts)


def test_rule_data_is_complete() -> None:
    rules = all_rules()
    assert len({r.code for r in rules}) == len(rules)
    for rule in rules:
        assert rule.summary and rule.why and rule.suggestion, rule.code
        assert "\n" not in rule.summary, rule.code
        assert rule.default_severity in Severity
    assert get_rule("v001") is not None and get_rule("X999") is None
    assert RULES_VERSION.count(".") == 2


def test_broken_rule_data_names_the_file_and_rule(tmp_path: Path) -> None:
    bad = tmp_path / "broken.yaml"
    bad.write_text(
        "rules:\n"
        "  - code: V900\n    name: x\n    summary: s\n    why: w\n    check: existence\n"
        "    message: m\n    suggestion: s\n    severity: warning\n    patterns: ['x']\n"
        "    cases: {fail: [a], pass: [b, c]}\n",
        encoding="utf-8",
    )
    with pytest.raises(RuleDataError, match=r"broken.yaml: V900: needs at least 2 fail"):
        load_rule_file(bad)
    bad.write_text("rules:\n  - code: V901\n    patterns: ['(']\n", encoding="utf-8")
    with pytest.raises(RuleDataError, match="V901"):
        load_rule_file(bad)


def test_empty_document() -> None:
    assert check_wording(AnalysedDocument(document=build([]).document)) == []
    assert check_text("") == []


def test_suggested_library_clauses_exist() -> None:
    try:
        from contractsmith.resources import clauses_dir

        folder = clauses_dir()
    except FileNotFoundError:
        pytest.skip("no clause library in this build")
    ids = set()
    for path in folder.rglob("*.md"):
        for line in path.read_text(encoding="utf-8").splitlines()[:40]:
            if line.startswith("id:"):
                ids.add(line.split(":", 1)[1].strip().strip("'\""))
    if not ids:
        pytest.skip("clause library is empty")
    named = {(r.code, c) for r in all_rules() for _, c in [(None, r.clause), *r.advice.values()]}
    missing = {(code, c) for code, c in named if c and c not in ids}
    assert not missing, missing


def test_guessed_categories_raise_severity_to_warning_at_most() -> None:
    # Analysis guessed "compensation"; the sentence's own words say nothing of payment.
    adoc = build([(None, "The Licensee shall promptly correct the shipment.", ("compensation",))])
    (guessed,) = [f for f in check_wording(adoc) if f.rule == "V001"]
    assert guessed.severity is Severity.WARNING
    # A caller that declares the clause's category is trusted.
    (declared,) = [
        f
        for f in check_text("The Licensee shall promptly correct the shipment.", "compensation")
        if f.rule == "V001"
    ]
    assert declared.severity is Severity.ERROR


def test_a_time_word_beside_no_core_act_is_info_when_the_slot_is_guessed() -> None:
    adoc = build([(None, "The Licensee shall promptly ship the goods.", ("compensation",))])
    (guessed,) = [f for f in check_wording(adoc) if f.rule == "V001"]
    assert guessed.severity is Severity.INFO


def test_a_notice_beside_the_phrase_decides_its_severity() -> None:
    text = "Vendor shall promptly notify the Client of all actions taken to cure the breach."
    (finding,) = [f for f in check_text(text) if f.rule == "V001"]
    assert finding.severity is Severity.INFO


LOUD = (Severity.WARNING, Severity.ERROR)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("The Brand shall pay the fee promptly.", "V001"),
        ("The refund is payable at the Brand's sole discretion.", "V004"),
        ("The Creator shall use reasonable efforts to disclose the sponsorship.", "D007"),
        ("The Brand shall pay the Creator a fee of USD TBD.", "V007"),
        ("The Brand shall pay a fee to be agreed.", "V008"),
    ],
)
def test_influencer_weak_spots_stay_loud_without_declared_categories(text: str, code: str) -> None:
    adoc = build([("Sponsorship", text, ())])
    mine = [f for f in check_wording(adoc) if f.rule == code]
    assert mine and mine[0].severity in LOUD, [(f.rule, f.severity.value) for f in mine]


def test_deal_terms_stated_elsewhere_demote_a_payment_finding_to_info() -> None:
    vague = ("Payment", "The Brand shall pay the Creator the fee for the Services.", ())
    terms = (
        "Fees",
        "The fee is USD 4,000, payable within 30 days after receipt of an invoice.",
        (),
    )
    (alone,) = [f for f in check_wording(build([vague])) if f.rule == "O003"]
    assert alone.severity is Severity.WARNING
    (found,) = [f for f in check_wording(build([vague, terms])) if f.rule == "O003"]
    assert found.severity is Severity.INFO


def test_optional_extras_and_renewals_are_info_not_warnings() -> None:
    adoc = build(
        [
            (
                "Renewal",
                "The parties shall negotiate in good faith the fee for any renewal term.",
                ("compensation",),
            )
        ]
    )
    (finding,) = [f for f in check_wording(adoc) if f.rule == "V008"]
    assert finding.severity is Severity.INFO


def test_open_list_slot_comes_from_the_sentence_not_a_guessed_category() -> None:
    text = "Force majeure includes fire, flood, storm and the like."
    guessed = build([("General", text, ("exclusivity",))])
    (finding,) = [f for f in check_wording(guessed) if f.rule == "V005"]
    assert finding.severity is Severity.INFO
    declared = check_text(
        "The Creator shall not promote serums, primers, etc.", "exclusivity", select={"V005"}
    )
    assert declared and declared[0].severity is Severity.ERROR


def test_an_unfilled_form_is_one_note_and_its_blanks_are_info() -> None:
    text = (
        "This Distribution Agreement is made as of the _____ day of ________, 20__ "
        'between Acme Inc. and ____________ (the "Distributor").\n\n'
        "The Territory means ________.\n\n"
        "The Distributor shall pay the Supplier a fee of $________ per unit."
    )
    findings = [f for f in check_text(text, "compensation", select={"V007"})]
    assert len(findings) == 3
    # a form filed or shared before signing is not a defect: nothing is loud, but the
    # first finding says the agreement is an unfilled form and counts its blanks
    assert all(f.severity is Severity.INFO for f in findings)
    notes = [f for f in findings if f.message.startswith("the agreement is an unfilled form")]
    assert len(notes) == 1
    assert notes[0].message.endswith("3 blanks in all")


def test_a_blank_outside_the_opening_keeps_its_severity() -> None:
    text = (
        "This Agreement is made as of 1 March 2026 between Acme Inc. and Beta LLC.\n\n"
        "The Distributor shall pay the Supplier a fee of $________ per unit."
    )
    findings = check_text(text, "compensation", select={"V007"})
    assert [f.severity for f in findings] == [Severity.ERROR]

"""The playbook's wording policy: weak wording on the duties a playbook cares about is
raised to its floor, and only there (``contractsmith.rules.policy``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from contractsmith.analyse.check import check_document
from contractsmith.analyse.playbook import PlaybookError, load_playbook
from contractsmith.findings import Severity
from contractsmith.rules.context import duty_slots
from contractsmith.rules.engine import check_text
from contractsmith.rules.policy import QUIET, WordingPolicy

INFLUENCER = load_playbook("influencer").wording


def _slots(sentence: str, phrase: str) -> tuple[str, ...]:
    at = sentence.index(phrase)
    return duty_slots(sentence, at, at + len(phrase))


@pytest.mark.parametrize(
    ("sentence", "phrase", "slots"),
    [
        ("The Brand shall promptly pay each invoice.", "promptly", ("compensation",)),
        (
            "The Creator will deliver the video in a timely manner.",
            "in a timely manner",
            ("deliverables",),
        ),
        (
            "The Agency agrees, without undue delay, to provide the footage.",
            "without undue delay",
            ("deliverables",),
        ),
        (
            "The Creator shall use reasonable efforts to publish the Reel.",
            "reasonable efforts",
            ("deliverables",),
        ),
        ("The Brand shall promptly notify the Creator of a complaint.", "promptly", ("notices",)),
        # no duty: a right, a condition, a duty in another clause of the sentence
        ("The Brand may promptly end the campaign.", "promptly", ()),
        ("If the Brand pays late; the Creator may act promptly.", "promptly", ()),
    ],
)
def test_duty_slots_read_the_verb_the_phrase_qualifies(
    sentence: str, phrase: str, slots: tuple[str, ...]
) -> None:
    assert _slots(sentence, phrase) == slots


def test_influencer_floor_raises_efforts_on_a_deliverable_and_commercial_does_not() -> None:
    text = "The Creator shall use reasonable efforts to deliver the final video by 10 March 2026."
    quiet = [f for f in check_text(text, "deliverables", select={"V012"}) if f.rule == "V012"]
    loud = [
        f
        for f in check_text(text, "deliverables", select={"V012"}, policy=INFLUENCER)
        if f.rule == "V012"
    ]
    assert [f.severity for f in quiet] == [Severity.INFO]
    assert [f.severity for f in loud] == [Severity.WARNING]


def test_floor_keeps_a_courtesy_demotion_and_leaves_other_slots_alone() -> None:
    courtesy = "The Creator shall cooperate promptly with the Brand on the launch plan."
    found = check_text(courtesy, "deliverables", select={"V001"}, policy=INFLUENCER)
    assert [f.severity for f in found if f.rule == "V001"] == [Severity.INFO]
    notice = "Each party shall promptly notify the other of any change to its e-mail address."
    found = check_text(notice, select={"V001"}, policy=INFLUENCER)
    assert [f.severity for f in found if f.rule == "V001"] == [Severity.INFO]


def test_policy_never_lowers_a_severity_and_ignores_rules_it_does_not_name() -> None:
    policy = WordingPolicy(Severity.WARNING, frozenset({"deliverables"}), frozenset({"V001"}))
    assert policy.severity("V001", Severity.ERROR, ("deliverables",), None) is Severity.ERROR
    assert policy.severity("V010", Severity.INFO, ("deliverables",), None) is Severity.INFO
    assert policy.severity("V001", Severity.INFO, ("deliverables",), None) is Severity.WARNING
    assert policy.severity("V001", Severity.INFO, ("deliverables",), "settled") is Severity.INFO
    assert policy.severity("V001", Severity.INFO, ("notices",), None) is Severity.INFO
    assert QUIET.severity("V001", Severity.INFO, ("deliverables",), None) is Severity.INFO


def test_commercial_playbook_keeps_each_rules_own_table() -> None:
    assert load_playbook("commercial").wording == QUIET
    assert INFLUENCER.floor is Severity.WARNING and "deliverables" in INFLUENCER.slots


def test_check_applies_the_playbook_policy(tmp_path: Path) -> None:
    contract = tmp_path / "deal.txt"
    contract.write_text(
        "Deliverables\n\nThe Creator shall use reasonable efforts to deliver two Instagram "
        "Reels by 10 March 2026.\n",
        encoding="utf-8",
    )

    def v012(playbook: str) -> list[Severity]:
        report = check_document(str(contract), playbook=playbook, select=["V012"])
        return [f.severity for f in report.findings if f.rule == "V012"]

    assert v012("influencer") == [Severity.WARNING]
    assert v012("commercial") == [Severity.INFO]


def test_a_playbook_file_with_a_bad_wording_section_is_one_line_error(tmp_path: Path) -> None:
    base = _builtin_text("commercial")
    bad = tmp_path / "book.yaml"
    bad.write_text(
        base + "\nwording:\n  floor:\n    severity: info\n    slots: [x]\n    rules: [V001]\n"
    )
    with pytest.raises(PlaybookError) as err:
        load_playbook(str(bad))
    assert "wording" in str(err.value) and "\n" not in str(err.value)


def _builtin_text(name: str) -> str:
    from contractsmith.analyse.playbook import PLAYBOOKS_DIR

    return (PLAYBOOKS_DIR / f"{name}.yaml").read_text(encoding="utf-8")


def test_suggestion_fits_the_slot_of_the_finding() -> None:
    pay = check_text("Payment should be made by bank transfer.", "compensation", select={"V009"})
    post = check_text("The Creator should publish two Reels.", "deliverables", select={"V009"})
    (on_pay,) = [f for f in pay if f.rule == "V009"]
    (on_post,) = [f for f in post if f.rule == "V009"]
    assert on_pay.clause_id == "compensation.fees" and "pay" in (on_pay.suggestion or "")
    assert on_post.clause_id == "deliverables.published" and "#ad" not in (on_post.suggestion or "")

"""The injection functions of ``benchmarks.injected_wording`` on sentences written for the tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.injected_wording import (
    CLASSES,
    PLACEMENTS,
    VARIANTS,
    Edit,
    Obligation,
    find_obligations,
    inject,
    main,
    pick,
)
from benchmarks.injected_wording import _locate as locate
from benchmarks.injected_wording import _Source as Source

DELIVERY = (
    "The Studio shall deliver the edited video to the Brand within ten (10) days of the shoot."
)
PAYMENT = "On signature, the Brand shall pay the Studio a fee of $4,500 by bank transfer."
NOTICE = "Each party agrees to notify the other party in writing of any claim (as defined below)."
# For each class, a sentence and a placement where it has a grammatical place.
EXAMPLES: list[tuple[str, str, str]] = [
    ("vague_time", "deadline", DELIVERY),
    ("vague_time", "before_verb", PAYMENT),
    ("vague_time", "after_object", NOTICE),
    ("open_amount", "amount", PAYMENT),
    ("discretion", "before_verb", DELIVERY),
    ("discretion", "after_object", PAYMENT),
    ("efforts", "before_verb", NOTICE),
    ("should", "modal", DELIVERY),
    ("open_date", "deadline", DELIVERY),
    ("open_date", "after_object", PAYMENT),
]


def _only(text: str) -> Obligation:
    (obligation,) = find_obligations(text)
    return obligation


def _assert_clean_edit(text: str, edit: Edit, phrase: str) -> None:
    """The edited text holds ``phrase`` at the edit's span and is unchanged elsewhere."""
    edited = edit.apply(text)
    assert edited[edit.phrase_start : edit.phrase_end] == phrase
    assert edited[: edit.start] == text[: edit.start]
    assert edited[edit.start + len(edit.replacement) :] == text[edit.end :]
    assert text[edit.start] != " " and text[edit.end - 1] != " "  # maps onto visible text
    assert "  " not in edited and " ," not in edited


def test_every_class_and_placement_has_an_example() -> None:
    assert {(c, p) for c, p, _ in EXAMPLES} == {(c, p) for c in CLASSES for p in PLACEMENTS[c]}


@pytest.mark.parametrize(("cls", "placement", "text"), EXAMPLES)
def test_each_variant_lands_with_an_accurate_span(cls: str, placement: str, text: str) -> None:
    for variant in VARIANTS[cls]:
        edit = inject(text, _only(text), cls, variant, placement)
        assert edit is not None, (cls, placement, variant)
        assert (edit.cls, edit.variant, edit.placement) == (cls, variant, placement)
        _assert_clean_edit(text, edit, variant)


def test_deadline_is_replaced_and_of_reads_after() -> None:
    edit = inject(DELIVERY, _only(DELIVERY), "vague_time", "promptly", "deadline")
    assert edit is not None
    assert edit.apply(DELIVERY) == (
        "The Studio shall deliver the edited video to the Brand promptly after the shoot."
    )


def test_a_time_phrase_is_not_added_beside_a_deadline_left_in_the_sentence() -> None:
    for cls, placement in (("vague_time", "after_object"), ("open_date", "after_object")):
        assert inject(DELIVERY, _only(DELIVERY), cls, VARIANTS[cls][0], placement) is None
    assert inject(PAYMENT, _only(PAYMENT), "vague_time", "promptly", "deadline") is None


def test_placements_read_grammatically() -> None:
    ob = _only(PAYMENT)
    before = inject(PAYMENT, ob, "vague_time", "as soon as practicable", "before_verb")
    assert before is not None
    assert "the Brand shall, as soon as practicable, pay the Studio" in before.apply(PAYMENT)
    one_word = inject(PAYMENT, ob, "vague_time", "promptly", "before_verb")
    assert one_word is not None and "shall promptly pay" in one_word.apply(PAYMENT)
    after = inject(NOTICE, _only(NOTICE), "discretion", "as it sees fit", "after_object")
    assert after is not None
    assert after.apply(NOTICE).endswith("any claim (as defined below) as it sees fit.")
    agrees = inject(NOTICE, _only(NOTICE), "vague_time", "without undue delay", "before_verb")
    assert agrees is not None
    assert "agrees, without undue delay, to notify" in agrees.apply(NOTICE)


def test_open_amount_replaces_the_whole_amount_after_a_payment_verb_only() -> None:
    edit = inject(PAYMENT, _only(PAYMENT), "open_amount", "an amount to be agreed", "amount")
    assert edit is not None
    assert edit.apply(PAYMENT) == (
        "On signature, the Brand shall pay the Studio an amount to be agreed by bank transfer."
    )
    words = "The Brand shall pay Two Thousand Dollars ($2,000) to the Studio."
    edit = inject(words, _only(words), "open_amount", "a fee to be determined", "amount")
    assert edit is not None and "$" not in edit.apply(words) and "Dollars" not in edit.apply(words)
    royalty = "The Licensee shall pay a royalty of five percent (5%) of Net Sales each quarter."
    edit = inject(royalty, _only(royalty), "open_amount", "an amount to be agreed", "amount")
    assert edit is not None
    assert edit.apply(royalty) == "The Licensee shall pay an amount to be agreed each quarter."
    priced = "The Studio shall deliver a set of photographs worth $900 to the Brand."
    assert inject(priced, _only(priced), "open_amount", "an amount to be agreed", "amount") is None


def test_should_replaces_the_modal_including_agrees_to() -> None:
    edit = inject(NOTICE, _only(NOTICE), "should", "should", "modal")
    assert edit is not None
    assert edit.apply(NOTICE).startswith("Each party should notify the other party")


def test_discretion_agrees_with_a_plural_subject() -> None:
    text = "The Parties shall provide the reports to the auditor."
    edit = inject(text, _only(text), "discretion", "at its sole discretion", "before_verb")
    assert edit is not None
    edited = edit.apply(text)
    assert (
        edited == "The Parties shall, at their sole discretion, provide the reports to the auditor."
    )
    assert edited[edit.phrase_start : edit.phrase_end] == "at their sole discretion"


def test_obligations_are_duties_not_already_weak_not_negated_not_conditions() -> None:
    assert [o.family for o in find_obligations(PAYMENT)] == ["payment"]
    assert [o.family for o in find_obligations(NOTICE)] == ["notice"]
    text = "The Studio shall deliver the files, and the Brand will pay the Studio $100."
    assert [o.family for o in find_obligations(text)] == ["delivery"]  # ", and" is skipped
    assert find_obligations("The Brand shall not pay any fee for reshoots.") == []
    assert find_obligations("The Brand shall promptly pay the Studio $100.") == []
    assert find_obligations("The Brand should pay the Studio $100.") == []
    assert find_obligations("If the Studio shall deliver late, the fee falls by 10%.") == []
    conditional = "If the Studio delivers late, the Studio shall pay the Brand $100."
    assert [o.family for o in find_obligations(conditional)] == ["payment"]


def test_unknown_placement_is_refused() -> None:
    with pytest.raises(ValueError, match="no placement"):
        inject(PAYMENT, _only(PAYMENT), "should", "should", "deadline")


def test_locate_finds_the_nearest_occurrence_across_whitespace() -> None:
    text = "pay promptly. later: deliver\n promptly  after. and promptly again"
    assert locate(text, "promptly", 20) == (30, 38)
    assert locate("as soon\nas  practicable", "as soon as practicable", 0) == (0, 23)
    assert locate(text, "in a timely manner", 0) is None


def test_pick_is_deterministic_and_a_smaller_n_is_a_prefix(tmp_path: Path) -> None:
    for i in range(8):
        (tmp_path / f"c{i}.txt").write_text("x", encoding="utf-8")
    (tmp_path / "notes.md").write_text("x", encoding="utf-8")
    five = pick(tmp_path, 5, seed=7)
    assert five == pick(tmp_path, 5, seed=7)
    assert pick(tmp_path, 3, seed=7) == five[:3]
    assert all(p.suffix == ".txt" for p in pick(tmp_path, 20, seed=7))
    assert len(pick(tmp_path, 20, seed=7)) == 8


def test_a_missing_data_folder_skips_with_a_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--cuad", str(tmp_path / "absent")]) == 0
    assert "skipped" in capsys.readouterr().out


def test_an_edit_of_the_read_text_lands_in_the_file_and_reads_back(tmp_path: Path) -> None:
    from contractsmith.ingest import read_document

    path = tmp_path / "contract.txt"
    wrapped = DELIVERY.replace(" within ten", "\nwithin ten")  # hard-wrapped in the file
    path.write_text(f"SERVICES\n\n1. Delivery. {wrapped}\n\n2. Fees. {PAYMENT}\n", "utf-8")
    document = read_document(path)
    at = document.text.index(DELIVERY)
    edit = inject(DELIVERY, _only(DELIVERY), "vague_time", "promptly", "deadline")
    assert edit is not None
    edited = Source(document).edited(at + edit.start, at + edit.end, edit.replacement)
    assert edited is not None and "promptly after the shoot" in edited
    path.write_text(edited, "utf-8")
    assert read_document(path).text == (
        document.text[: at + edit.start] + edit.replacement + document.text[at + edit.end :]
    )


def test_an_edit_over_text_the_file_holds_otherwise_is_refused(tmp_path: Path) -> None:
    from contractsmith.ingest import read_document

    path = tmp_path / "contract.md"
    path.write_text("The Brand shall pay the Studio a **fee** of $4,500.\n", "utf-8")
    document = read_document(path)
    at = document.text.index("a fee of")
    assert Source(document).edited(at, at + len("a fee of"), "x") is None
    assert Source(document).edited(at, at + 1, "one") is not None


def test_after_object_keeps_lists_whole_and_stays_in_its_own_duty() -> None:
    listed = "The Studio shall provide copies of the licences, the permits, and the releases."
    edit = inject(listed, _only(listed), "discretion", "as it sees fit", "after_object")
    assert edit is not None
    assert edit.apply(listed).endswith("the permits, and the releases as it sees fit.")
    two = "The Studio shall deliver the files; the Brand shall then review them."
    edit = inject(two, find_obligations(two)[0], "vague_time", "promptly", "after_object")
    assert edit is not None and edit.apply(two).startswith(
        "The Studio shall deliver the files promptly;"
    )
    runs_on = "The Studio shall deliver the files, and the Brand will review them."
    assert inject(runs_on, _only(runs_on), "vague_time", "promptly", "after_object") is None
    open_end = "The Studio shall send the invoices to: the Brand's finance team."
    assert inject(open_end, _only(open_end), "open_date", "at a later date", "after_object") is None


def test_relative_clauses_are_not_duties() -> None:
    assert find_obligations("Any agent who shall perform the services must be licensed.") == []

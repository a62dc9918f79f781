"""Exhibit numbering and the rules an exhibit record must follow."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casedesk.domain.binder_plan import StickerColour
from casedesk.domain.exhibits import (
    Exhibit,
    ExhibitParty,
    ExhibitSettings,
    ExhibitStatus,
    NumberingScheme,
    alpha_number,
    exhibit_errors,
    moved_positions,
    number_exhibits,
    renumbered_on_record,
    settings_errors,
    with_status,
)

TODAY = date(2026, 11, 21)
P, D, J = ExhibitParty.PLAINTIFF, ExhibitParty.DEFENDANT, ExhibitParty.JOINT


def exhibit(party: ExhibitParty, position: int, **fields: object) -> Exhibit:
    """An exhibit of case 1 with id = position."""
    values: dict[str, object] = {"description": f"Exhibit at {position}", "id": position}
    values.update(fields)
    return Exhibit(case_id=1, party=party, position=position, **values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("n", "letters"),
    [
        (1, "A"),
        (2, "B"),
        (26, "Z"),
        (27, "AA"),
        (28, "AB"),
        (52, "AZ"),
        (53, "BA"),
        (702, "ZZ"),
        (703, "AAA"),
    ],
)
def test_alpha_number_counts_like_spreadsheet_columns(n: int, letters: str) -> None:
    """1→A … 26→Z, 27→AA, 28→AB, 702→ZZ, 703→AAA."""
    assert alpha_number(n) == letters


def test_alpha_number_refuses_zero() -> None:
    """There is no 0th letter."""
    with pytest.raises(ValueError, match="start at 1"):
        alpha_number(0)


def test_separate_scheme_numbers_plaintiff_digits_and_defendant_letters() -> None:
    """Plaintiff 1, 2; defendant A, B; joint J1 — each in list order, plaintiff's list first."""
    exhibits = [exhibit(D, 1), exhibit(P, 2), exhibit(D, 3), exhibit(P, 4), exhibit(J, 5)]
    numbered = number_exhibits(exhibits, ExhibitSettings())
    assert [(n.exhibit.id, n.number) for n in numbered] == [(2, "1"), (4, "2"), (1, "A"), (3, "B"), (5, "J1")]
    assert numbered[0].label == "Plaintiff's Exhibit 1"
    assert numbered[0].heading == "PLAINTIFF'S EXHIBIT"
    assert numbered[0].colour is StickerColour.YELLOW
    assert numbered[2].label == "Defendant's Exhibit A"
    assert numbered[2].colour is StickerColour.BLUE
    assert numbered[4].colour is StickerColour.WHITE
    sticker = numbered[2].sticker("PI-1")
    assert (sticker.heading, sticker.number, sticker.case_line) == ("DEFENDANT'S EXHIBIT", "A", "PI-1")


def test_ranges_scheme_numbers_each_party_from_its_start() -> None:
    """Plaintiff from 1, defendant from 500."""
    settings = ExhibitSettings(NumberingScheme.RANGES, 1, 500)
    numbered = number_exhibits([exhibit(D, 1), exhibit(P, 2), exhibit(D, 3)], settings)
    assert [n.number for n in numbered] == ["1", "500", "501"]


def test_joint_scheme_is_one_list_in_position_order() -> None:
    """Under JOINT every exhibit is on one list numbered 1, 2, 3 by position."""
    settings = ExhibitSettings(NumberingScheme.JOINT)
    numbered = number_exhibits([exhibit(D, 1), exhibit(P, 2), exhibit(D, 3)], settings)
    assert [(n.exhibit.id, n.number, n.heading) for n in numbered] == [
        (1, "1", "JOINT EXHIBIT"),
        (2, "2", "JOINT EXHIBIT"),
        (3, "3", "JOINT EXHIBIT"),
    ]


parties = st.sampled_from(list(ExhibitParty))
schemes = st.sampled_from(list(NumberingScheme))


@given(st.lists(parties, max_size=60), schemes, st.integers(1, 900), st.integers(1, 900), st.randoms())
def test_numbers_are_unique_without_gaps_in_position_order(
    party_list: list[ExhibitParty], scheme: NumberingScheme, p_start: int, d_start: int, rnd: random.Random
) -> None:
    """Within each list, numbers are unique, consecutive from the start, and follow the positions."""
    positions = list(range(1, len(party_list) + 1))
    rnd.shuffle(positions)
    exhibits = [
        exhibit(party, pos, id=i + 1)
        for i, (party, pos) in enumerate(zip(party_list, positions, strict=True))
    ]
    settings = ExhibitSettings(scheme, p_start, d_start)
    numbered = number_exhibits(exhibits, settings)
    assert sorted(n.exhibit.id or 0 for n in numbered) == sorted(e.id or 0 for e in exhibits)
    labels = [n.label for n in numbered]
    assert len(set(labels)) == len(labels)
    for group in ExhibitParty:
        members = [n for n in numbered if n.group is group]
        assert [n.index for n in members] == list(range(len(members)))
        assert [n.exhibit.position for n in members] == sorted(n.exhibit.position for n in members)
        if members and members[0].number.isdigit():
            numbers = [int(n.number) for n in members]
            assert numbers == list(range(numbers[0], numbers[0] + len(numbers)))


@given(st.lists(parties, min_size=1, max_size=30), schemes, st.data())
def test_a_move_puts_the_exhibit_at_its_new_place_and_keeps_other_lists(
    party_list: list[ExhibitParty], scheme: NumberingScheme, data: st.DataObject
) -> None:
    """After a move the exhibit is at the asked index of its list; other lists keep their order."""
    exhibits = [exhibit(party, i + 1) for i, party in enumerate(party_list)]
    target = data.draw(st.sampled_from(exhibits))
    before = number_exhibits(exhibits, ExhibitSettings(scheme))
    group = next(n.group for n in before if n.exhibit.id == target.id)
    size = sum(n.group is group for n in before)
    index = data.draw(st.integers(0, size - 1))
    changes = moved_positions(exhibits, target.id or 0, index, scheme)
    moved = [replace(e, position=changes.get(e.id or 0, e.position)) for e in exhibits]
    after = number_exhibits(moved, ExhibitSettings(scheme))
    assert next(n.index for n in after if n.exhibit.id == target.id) == index
    assert sorted(e.position for e in moved) == sorted(e.position for e in exhibits)
    for other in ExhibitParty:
        if other is not group:
            assert [n.exhibit.id for n in after if n.group is other] == [
                n.exhibit.id for n in before if n.group is other
            ]


def test_renumbered_on_record_names_marked_exhibits_whose_number_changes() -> None:
    """Moving exhibit 3 to the top changes the numbers of marked 1 and 2; unmarked ones are not named."""
    exhibits = [exhibit(P, 1, marked_on=TODAY), exhibit(P, 2), exhibit(P, 3)]
    before = number_exhibits(exhibits, ExhibitSettings())
    changes = moved_positions(exhibits, 3, 0, NumberingScheme.SEPARATE)
    after = number_exhibits(
        [replace(e, position=changes.get(e.id or 0, e.position)) for e in exhibits],
        ExhibitSettings(),
    )
    assert [n.exhibit.id for n in renumbered_on_record(before, after)] == [1]


def test_with_status_sets_todays_date_and_leaving_admitted_clears_it() -> None:
    """Admitted today gets today's date; setting it back to Offered clears the admission date."""
    admitted = with_status(exhibit(P, 1), ExhibitStatus.ADMITTED, TODAY)
    assert admitted.admitted_on == TODAY
    offered = with_status(admitted, ExhibitStatus.OFFERED, TODAY)
    assert (offered.status, offered.offered_on, offered.admitted_on) == (ExhibitStatus.OFFERED, TODAY, None)
    assert exhibit_errors(offered, TODAY) == {}


@pytest.mark.parametrize(
    ("fields", "key", "message"),
    [
        ({"description": "  "}, "description", "Describe the exhibit"),
        ({"page_from": 2}, "document_id", "Choose the document"),
        ({"document_id": 7, "page_from": 5, "page_to": 3}, "page_to", "cannot come before"),
        ({"document_id": 7, "page_to": 13}, "page_to", "has 12 pages"),
        ({"document_id": 7, "page_from": 0}, "page_from", "counted from 1"),
        ({"offered_on": date(2026, 11, 22)}, "offered_on", "future"),
        ({"status": ExhibitStatus.OFFERED}, "offered_on", "needs the date it was offered"),
        ({"status": ExhibitStatus.MARKED}, "marked_on", "needs the date it was marked"),
        ({"status": ExhibitStatus.ADMITTED}, "admitted_on", "needs the date it was admitted"),
        ({"admitted_on": TODAY}, "admitted_on", "Only an admitted exhibit"),
        (
            {
                "status": ExhibitStatus.ADMITTED,
                "admitted_on": date(2026, 11, 1),
                "offered_on": date(2026, 11, 2),
            },
            "admitted_on",
            "before it was offered",
        ),
    ],
)
def test_exhibit_errors(fields: dict[str, object], key: str, message: str) -> None:
    """Each wrong field is named with a message saying what to do."""
    errors = exhibit_errors(exhibit(P, 1, **fields), TODAY, page_count=12)
    assert message in errors[key]


def test_a_complete_exhibit_has_no_errors() -> None:
    """An admitted exhibit with its pages and dates in order can be saved."""
    good = exhibit(
        P,
        1,
        document_id=7,
        page_from=2,
        page_to=12,
        status=ExhibitStatus.ADMITTED,
        offered_on=date(2026, 11, 2),
        admitted_on=date(2026, 11, 3),
    )
    assert exhibit_errors(good, TODAY, page_count=12) == {}


def test_ranges_that_run_into_each_other_are_refused_with_the_fix() -> None:
    """Plaintiff from 1 with 12 exhibits cannot meet a defendant starting at 10; the message says 13."""
    errors = settings_errors(ExhibitSettings(NumberingScheme.RANGES, 1, 10), 12, 3)
    assert "1–12" in errors["defendant_start"]
    assert "13 or higher" in errors["defendant_start"]
    assert settings_errors(ExhibitSettings(NumberingScheme.RANGES, 1, 500), 12, 3) == {}
    assert "same number" in settings_errors(ExhibitSettings(NumberingScheme.RANGES, 5, 5))["defendant_start"]
    assert "between 1" in settings_errors(ExhibitSettings(plaintiff_start=0))["plaintiff_start"]

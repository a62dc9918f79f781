"""Witness rules: validation, kinds, and moving a witness in the order of appearance."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from casedesk.domain.contacts import ContactRole
from casedesk.domain.witnesses import (
    Witness,
    WitnessKind,
    WitnessView,
    moved,
    validate_witness,
    witness_display,
)

TODAY = date(2026, 11, 21)


def test_a_complete_witness_is_valid() -> None:
    """A contact and a past subpoena date are enough."""
    witness = Witness(
        case_id=1, contact_id=3, subpoena_served_on=date(2019, 1, 2), outline="1. Scene\n2. Car"
    )
    assert validate_witness(witness, TODAY) == {}


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"contact_id": 0}, "contact"),
        ({"subpoena_served_on": TODAY + timedelta(days=1)}, "subpoena_served_on"),
        ({"position": -1}, "position"),
        ({"availability": "x" * 501}, "availability"),
    ],
)
def test_bad_fields_are_named(changes: dict[str, object], field: str) -> None:
    """Each problem is reported on its own field, with a message."""
    fields: dict[str, object] = {"case_id": 1, "contact_id": 3} | changes
    errors = validate_witness(Witness(**fields), TODAY)  # type: ignore[arg-type]
    assert list(errors) == [field]
    assert errors[field].endswith(".")


def test_a_subpoena_served_today_is_fine() -> None:
    """Only the future is refused."""
    assert validate_witness(Witness(case_id=1, contact_id=3, subpoena_served_on=TODAY), TODAY) == {}


@pytest.mark.parametrize(
    ("index", "expected"),
    [
        (0, [30, 10, 20, 40]),
        (2, [10, 20, 30, 40]),
        (3, [10, 20, 40, 30]),
        (99, [10, 20, 40, 30]),
        (-5, [30, 10, 20, 40]),
    ],
)
def test_moved_places_the_item_at_the_index(index: int, expected: list[int]) -> None:
    """Moving clamps to the list and keeps every other item in order."""
    assert moved([10, 20, 30, 40], 30, index) == expected


def test_moved_refuses_an_unknown_item() -> None:
    """An item not in the list is a programming error."""
    with pytest.raises(ValueError, match="not in the list"):
        moved([1, 2], 3, 0)


def test_kinds_have_labels_and_contact_roles() -> None:
    """A treating physician is a provider in the book; the others are witnesses."""
    assert WitnessKind.TREATING_PHYSICIAN.label == "Treating physician"
    assert WitnessKind.TREATING_PHYSICIAN.contact_role is ContactRole.MEDICAL_PROVIDER
    assert WitnessKind.EXPERT.contact_role is ContactRole.WITNESS
    view = WitnessView(Witness(case_id=1, contact_id=2, kind=WitnessKind.EXPERT, id=5), "Dr. Lee")
    assert witness_display(view) == "Dr. Lee (Expert)"
    assert view.id == 5

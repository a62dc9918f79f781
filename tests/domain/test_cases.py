"""Validation rules for clients and cases, and the case enums' order and labels."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pytest

from casedesk.domain.cases import (
    Case,
    CaseStatus,
    CaseType,
    Client,
    contact_details_errors,
    validate_case,
    validate_client,
    with_status,
)
from tests.conftest import TODAY

CODES = frozenset({"TX", "CA", "DC"})
VALID_CLIENT = Client(
    name="Maria Alvarez",
    date_of_birth=date(1984, 3, 2),
    phone="(512) 555-0142",
    email="maria.alvarez@example.com",
)
VALID_CASE = Case(
    number="PI-2026-0001",
    caption="Alvarez v. Driver",
    client_id=1,
    incident_date=date(2026, 6, 14),
    jurisdiction="TX",
    opened_on=date(2026, 6, 20),
)


def test_valid_client_has_no_errors() -> None:
    """A complete, sensible client can be saved."""
    assert validate_client(VALID_CLIENT, TODAY) == {}


def test_client_needs_only_a_name() -> None:
    """Name is the one required field; blank contact details are fine."""
    assert validate_client(Client(name="Maria Alvarez"), TODAY) == {}


@pytest.mark.parametrize("name", ["", "   ", "\t\n"])
def test_client_name_is_required(name: str) -> None:
    """A blank or whitespace-only name is refused on ``name``."""
    assert set(validate_client(replace(VALID_CLIENT, name=name), TODAY)) == {"name"}


@pytest.mark.parametrize(
    ("born", "ok"),
    [
        (TODAY, True),
        (TODAY + timedelta(days=1), False),
        (date(2030, 1, 1), False),
        (date(1900, 1, 1), True),
        (date(1899, 12, 31), False),
        (date(1, 1, 1), False),
        (None, True),
    ],
)
def test_date_of_birth_is_not_in_the_future_nor_before_1900(born: date | None, ok: bool) -> None:
    """A birth date in the future or before 1900 is a typo and is refused."""
    errors = validate_client(replace(VALID_CLIENT, date_of_birth=born), TODAY)
    assert (errors == {}) is ok
    if not ok:
        assert set(errors) == {"date_of_birth"}


@pytest.mark.parametrize(
    ("email", "ok"),
    [
        ("maria@example.com", True),
        ("maria.alvarez+pi@mail.example.co.uk", True),
        ("  maria@example.com  ", True),
        ("", True),
        ("maria", False),
        ("maria@", False),
        ("@example.com", False),
        ("maria@example", False),
        ("maria @example.com", False),
        ("maria@@example.com", False),
        ("maria@exa mple.com", False),
    ],
)
def test_email_format(email: str, ok: bool) -> None:
    """Email addresses need a name, an @ and a dotted domain, without spaces; blank is allowed."""
    errors = validate_client(replace(VALID_CLIENT, email=email), TODAY)
    assert ("email" not in errors) is ok


@pytest.mark.parametrize(
    ("phone", "ok"),
    [
        ("(512) 555-0142", True),
        ("512-555-0142", True),
        ("+1 512 555 0142", True),
        ("512.555.0142 x12", True),
        ("555-0142", True),
        ("5550142", True),
        ("", True),
        ("555-014", False),
        ("call me", False),
        ("512-555-O142", False),
        ("xxxxxxx", False),
        ("-------", False),
        ("1-2-3-4", False),
        ("(((())))", False),
    ],
)
def test_phone_format(phone: str, ok: bool) -> None:
    """Phone numbers have at least 7 digits plus only spaces, + ( ) - . / x; blank is allowed."""
    errors = validate_client(replace(VALID_CLIENT, phone=phone), TODAY)
    assert ("phone" not in errors) is ok


def test_contact_details_errors_reports_both_fields() -> None:
    """A bad phone and a bad email are both reported, each on its own key."""
    assert set(contact_details_errors("abc", "abc")) == {"phone", "email"}
    assert contact_details_errors("", "") == {}


def test_valid_case_has_no_errors() -> None:
    """A complete, sensible case can be saved."""
    assert validate_case(VALID_CASE, TODAY, CODES) == {}


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"number": ""}, "number"),
        ({"number": "   "}, "number"),
        ({"caption": ""}, "caption"),
        ({"caption": " \t"}, "caption"),
        ({"incident_date": TODAY + timedelta(days=1)}, "incident_date"),
        ({"incident_date": date(1899, 12, 31)}, "incident_date"),
        ({"opened_on": TODAY + timedelta(days=1)}, "opened_on"),
        ({"jurisdiction": "ZZ"}, "jurisdiction"),
        ({"jurisdiction": "Texas"}, "jurisdiction"),
        ({"status": CaseStatus.CLOSED, "closed_on": date(2026, 6, 19)}, "closed_on"),
        ({"status": CaseStatus.CLOSED, "closed_on": TODAY + timedelta(days=1)}, "closed_on"),
        ({"status": CaseStatus.CLOSED, "closed_on": None}, "closed_on"),
        ({"status": CaseStatus.TREATING, "closed_on": date(2026, 10, 1)}, "closed_on"),
        ({"next_action": "Call", "next_action_on": date(202, 1, 1)}, "next_action_on"),
        ({"next_action": "Call", "next_action_on": date(2040, 1, 1)}, "next_action_on"),
        ({"number": "P" * 51}, "number"),
        ({"caption": "x" * 301}, "caption"),
        ({"next_action_on": date(2026, 12, 1)}, "next_action"),
        ({"next_action_on": date(2026, 12, 1), "next_action": "  "}, "next_action"),
    ],
)
def test_case_rule_violations_are_reported_on_their_field(changes: dict[str, Any], field: str) -> None:
    """Each broken case rule is reported under the field the user has to fix, and only there."""
    errors = validate_case(replace(VALID_CASE, **changes), TODAY, CODES)
    assert set(errors) == {field}
    assert errors[field]


@pytest.mark.parametrize(
    "changes",
    [
        {"incident_date": TODAY},
        {"incident_date": None},
        {"opened_on": TODAY},
        {"jurisdiction": ""},
        {"jurisdiction": "DC"},
        {"status": CaseStatus.CLOSED, "closed_on": date(2026, 6, 20)},
        {"status": CaseStatus.CLOSED, "closed_on": TODAY},
        {"next_action": "Request ER records"},
        {"next_action": "Request ER records", "next_action_on": TODAY + timedelta(days=30)},
        {"next_action": "Follow up", "next_action_on": date(2020, 1, 1)},
    ],
)
def test_case_edge_values_are_accepted(changes: dict[str, Any]) -> None:
    """Today's dates, no jurisdiction yet, closing on the day it opened, overdue next actions are fine."""
    assert validate_case(replace(VALID_CASE, **changes), TODAY, CODES) == {}


def test_every_problem_is_reported_at_once() -> None:
    """A form shows all its problems together, not one per save attempt."""
    bad = replace(
        VALID_CASE,
        number="",
        caption="",
        jurisdiction="ZZ",
        closed_on=date(2026, 1, 1),
        next_action_on=TODAY,
    )
    assert set(validate_case(bad, TODAY, CODES)) == {
        "number",
        "caption",
        "jurisdiction",
        "closed_on",
        "next_action",
    }


def test_statuses_are_in_pipeline_order() -> None:
    """CaseStatus iterates in the order a case moves through the pipeline."""
    assert [s.value for s in CaseStatus] == [
        "intake",
        "treating",
        "demand",
        "negotiation",
        "litigation",
        "trial",
        "settled",
        "closed",
    ]
    assert CaseStatus.NEGOTIATION.label == "Negotiation"


def test_every_case_type_has_a_label() -> None:
    """Every case type shows as words, not as its stored code."""
    labels = {t: t.label for t in CaseType}
    assert labels[CaseType.MOTOR_VEHICLE] == "Motor vehicle"
    assert all(label and "_" not in label for label in labels.values())
    assert len(set(labels.values())) == len(CaseType)


@pytest.mark.parametrize(
    ("before", "status", "closed_on"),
    [
        (None, CaseStatus.CLOSED, TODAY),
        (date(2026, 9, 1), CaseStatus.CLOSED, date(2026, 9, 1)),
        (date(2026, 9, 1), CaseStatus.TREATING, None),
        (None, CaseStatus.SETTLED, None),
    ],
)
def test_moving_a_case_keeps_its_closed_date_consistent(
    before: date | None, status: CaseStatus, closed_on: date | None
) -> None:
    """Closing stamps today unless a date is set; any other status clears the closed date."""
    moved = with_status(replace(VALID_CASE, closed_on=before), status, TODAY)
    assert moved.status is status
    assert moved.closed_on == closed_on
    assert validate_case(moved, TODAY, CODES) == {}

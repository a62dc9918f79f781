"""Validation rules for contacts and the contact roles' labels."""

from __future__ import annotations

import pytest

from casedesk.domain.contacts import Contact, ContactRole, validate_contact


def test_valid_contact_has_no_errors() -> None:
    """A person with organization, phone and email can be saved."""
    contact = Contact(
        name="Janet Ortiz",
        role=ContactRole.ADJUSTER,
        organization="Lone Star Mutual",
        phone="512-555-0199",
        email="j.ortiz@lonestar.example",
    )
    assert validate_contact(contact) == {}


def test_organization_needs_only_a_name() -> None:
    """An organization with nothing but its name can be saved."""
    assert validate_contact(Contact(name="St. David's Medical Center", is_organization=True)) == {}


@pytest.mark.parametrize("name", ["", "  "])
def test_contact_name_is_required(name: str) -> None:
    """A blank name is refused on ``name``."""
    assert set(validate_contact(Contact(name=name))) == {"name"}


@pytest.mark.parametrize(
    ("phone", "email", "fields"),
    [
        ("not a phone", "", {"phone"}),
        ("", "nobody", {"email"}),
        ("12", "a@b", {"phone", "email"}),
        ("512-555-0199", "j.ortiz@lonestar.example", set()),
    ],
)
def test_contact_details_follow_the_client_rules(phone: str, email: str, fields: set[str]) -> None:
    """Contacts' phone and email are checked by the same rules as clients'."""
    assert set(validate_contact(Contact(name="Janet Ortiz", phone=phone, email=email))) == fields


@pytest.mark.parametrize(
    ("role", "label"),
    [
        (ContactRole.MEDICAL_PROVIDER, "Medical provider"),
        (ContactRole.OPPOSING_COUNSEL, "Opposing counsel"),
        (ContactRole.ADJUSTER, "Adjuster"),
    ],
)
def test_role_labels_are_words(role: ContactRole, label: str) -> None:
    """Roles show as words, not as their stored codes."""
    assert role.label == label

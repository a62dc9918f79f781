"""The shipped letter templates and the merge-field reference agree with the catalogue of merge fields."""

from __future__ import annotations

import re

import pytest

from casedesk.domain.letters import MERGE_FIELDS, MERGE_NAMES, unknown_fields
from casedesk.exports.letter_docx import template_fields
from casedesk.resources import letter_template, resource_path

SHIPPED = ["demand", "proposal", "representation", "records_request"]


def test_fields_reference_documents_exactly_the_catalogue() -> None:
    reference = resource_path("letters/fields.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `([a-z_.]+)` \|", reference, flags=re.M))
    assert documented == {field.name for field in MERGE_FIELDS}


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_templates_use_only_known_fields(name: str) -> None:
    used = template_fields(letter_template(name))
    assert unknown_fields(used) == []
    assert {"firm", "client", "today"} <= used <= MERGE_NAMES

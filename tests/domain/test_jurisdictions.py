"""The jurisdictions data: the shipped file, and refusal of malformed data."""

from __future__ import annotations

import pytest

from casedesk.domain.jurisdictions import Jurisdiction, parse_jurisdictions
from casedesk.resources import jurisdictions, resource_path

STATES_AND_DC = frozenset(
    """AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM
    NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY""".split()  # noqa: SIM905 - 51 codes
)


def test_shipped_file_lists_the_50_states_and_dc() -> None:
    """The shipped data parses to exactly the 50 states plus DC."""
    shipped = parse_jurisdictions(resource_path("jurisdictions.csv").read_text(encoding="utf-8"))
    assert len(shipped) == 51
    assert {j.code for j in shipped} == STATES_AND_DC
    assert Jurisdiction("TX", "Texas") in shipped


def test_shipped_jurisdictions_are_sorted_by_name() -> None:
    """Pickers list the jurisdictions alphabetically by name, not by code."""
    names = [j.name for j in jurisdictions()]
    assert names == sorted(names)
    assert names[0] == "Alabama"
    assert names[-1] == "Wyoming"


def test_loader_parses_once() -> None:
    """The resource is read and validated once per run."""
    assert jurisdictions() is jurisdictions()


def test_parse_normalizes_codes_and_ignores_extra_columns() -> None:
    """Codes are upper-cased, blanks trimmed, extra columns ignored, rows sorted by name."""
    text = "code,state,notes\n tx , Texas ,x\nca,California,\n"
    assert parse_jurisdictions(text) == (Jurisdiction("CA", "California"), Jurisdiction("TX", "Texas"))


@pytest.mark.parametrize(
    "text",
    [
        "",
        "code,name\nTX,Texas\n",
        "state\nTexas\n",
        "code,state\nT1,Texas\n",
        "code,state\nTEX,Texas\n",
        "code,state\nT,Texas\n",
        "code,state\nTX,\n",
        "code,state\n,Texas\n",
        "code,state\nTX\n",
        "code,state\nTX,Texas\nTX,Texas again\n",
        "code,state\nTX,Texas\ntx,Texas\n",
    ],
    ids=[
        "empty",
        "no-state-column",
        "no-code-column",
        "digit-in-code",
        "long-code",
        "short-code",
        "blank-name",
        "blank-code",
        "short-row",
        "repeated-code",
        "repeated-code-other-case",
    ],
)
def test_malformed_data_raises_value_error(text: str) -> None:
    """Malformed jurisdictions data is refused at start-up, never half-loaded."""
    with pytest.raises(ValueError, match=r"jurisdiction"):
        parse_jurisdictions(text)

"""Filling Word templates: every shipped template fills with a case's data, read back with python-docx."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from casedesk.domain.bills import BillTotals
from casedesk.domain.cases import Case, Client
from casedesk.domain.errors import ExportError, ValidationError
from casedesk.domain.firm import FirmProfile
from casedesk.domain.letters import (
    ClaimFacts,
    DemandFigure,
    LetterFacts,
    LetterKind,
    ProviderFacts,
    letter_context,
    specials_table,
)
from casedesk.domain.money import Money
from casedesk.exports.letter_docx import docx_text, fill_template, template_fields, write_letter_docx
from casedesk.resources import letter_template

SHIPPED = ["demand", "proposal", "representation", "records_request"]


def sample_context(time_limited: bool = True) -> dict[str, Any]:
    facts = LetterFacts(
        kind=LetterKind.DEMAND,
        today=date(2026, 11, 21),
        firm=FirmProfile(
            name="Reyes & Whitfield, P.C.",
            address="100 Congress Ave\nAustin, TX 78701",
            phone="(512) 555-0100",
        ),
        case=Case(
            number="PI-2026-0142",
            caption="Alvarez v. Brooks",
            client_id=1,
            attorney="Priya Raman",
            incident_date=date(2026, 3, 3),
            incident_place="I-35 at Riverside Dr",
            facts="Ms. Alvarez was stopped at a red light when the defendant's truck struck her car.",
        ),
        client=Client(name="Maria Alvarez", date_of_birth=date(1984, 3, 2), address="12 Elm St\nAustin, TX"),
        treatments=(),
        specials=specials_table(
            {},
            BillTotals(billed=Money.parse("12345.67")),
            {},
            lost_wages=Money.parse("4500"),
            property_damage=Money.zero(),
            other=Money.zero(),
        ),
        bill_count=3,
        injuries=(),
        impact=("Cannot lift her daughter",),
        demand=DemandFigure(
            Money.parse("150000"), "the valuation", date(2026, 12, 21), 30 if time_limited else None
        ),
        claim=ClaimFacts(
            insurer="Progressive",
            insured="John Brooks",
            policy_number="PA-778812",
            claim_number="12-345",
            coverage="Bodily injury liability",
            adjuster="Janet Ortiz",
            adjuster_address="PO Box 512\nAustin, TX 78767",
        ),
        provider=ProviderFacts(
            name="Mercy Hospital",
            address="1 Health Way\nAustin, TX",
            first_visit=date(2026, 3, 3),
            last_visit=None,
        ),
    )
    return letter_context(facts)


@pytest.mark.parametrize("name", SHIPPED)
def test_each_shipped_template_fills_with_names_dates_and_amounts_and_no_field_left(name: str) -> None:
    filled = fill_template(letter_template(name), sample_context())
    text = "\n".join(docx_text(filled))
    assert "{{" not in text and "{%" not in text and "}}" not in text
    for expected in ("Reyes & Whitfield, P.C.", "Maria Alvarez", "November 21, 2026", "March 3, 2026"):
        assert expected in text
    if name in ("demand", "proposal"):
        assert "$150,000.00 (one hundred fifty thousand dollars)" in text
        assert "$12,345.67" in text and "December 21, 2026" in text
    if name != "records_request":
        assert "12-345" in text and "Janet Ortiz" in text and "John Brooks" in text
    else:
        assert "Mercy Hospital" in text and "45 CFR 164.508" in text and "verify" in text.lower()


def test_demand_wording_follows_whether_it_is_time_limited() -> None:
    limited = "\n".join(docx_text(fill_template(letter_template("demand"), sample_context(True))))
    plain = "\n".join(docx_text(fill_template(letter_template("demand"), sample_context(False))))
    assert "time-limited demand" in limited and "30 days from your receipt" in limited
    assert "time-limited" not in plain and "Please respond in writing by December 21, 2026" in plain


def test_written_atomically_and_read_back(tmp_path: Path) -> None:
    target = tmp_path / "letter.docx"
    target.write_bytes(b"old")
    written = write_letter_docx(target, letter_template("representation"), sample_context())
    assert target.read_bytes() == written
    import docx

    paragraphs = [p.text for p in docx.Document(io.BytesIO(written)).paragraphs]
    assert any("this firm represents Maria Alvarez" in p for p in paragraphs)
    assert [p.name for p in tmp_path.iterdir()] == ["letter.docx"]


def test_template_fields_are_the_names_used() -> None:
    assert template_fields(letter_template("demand")) >= {"firm", "client", "demand", "specials", "deadline"}


@pytest.mark.parametrize("content", [b"", b"%PDF-1.7 not a docx", b"PK\x03\x04 broken zip", b"\x00" * 100])
def test_a_file_that_is_not_a_docx_is_refused_in_words(content: bytes) -> None:
    with pytest.raises(ValidationError) as refused:
        template_fields(content)
    assert "Word" in str(refused.value)
    with pytest.raises(ExportError):
        fill_template(content, sample_context())


def test_a_wrongly_written_merge_field_is_a_validation_error() -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("Dear {{ client.name ")
    document.add_paragraph("{% if %}")
    out = io.BytesIO()
    document.save(out)
    with pytest.raises(ValidationError) as refused:
        template_fields(out.getvalue())
    assert "written wrongly" in str(refused.value)

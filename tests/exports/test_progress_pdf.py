"""The progress report PDF: one page whatever the lists' length, read back with pypdf."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from pypdf import PdfReader

from casedesk.domain.firm import FirmProfile
from casedesk.domain.money import Money
from casedesk.domain.reports import Audience, ClaimLine, DateLine, ProgressReport, Specials, TreatmentLine
from casedesk.exports.progress_pdf import write_progress_pdf

AT = datetime(2026, 11, 21, 9, 30, tzinfo=timezone(timedelta(hours=-6)))


def _report(providers: int, claims: int, dates: int, facts: str) -> ProgressReport:
    m = Money.parse
    return ProgressReport(
        prepared_on=date(2026, 11, 21),
        firm=FirmProfile(name="Nguyễn & Partners LLP", address="500 Congress Ave\nAustin, TX 78701"),
        case_number="PI-2026-00001",
        caption="Alvarez v. Driver",
        client="Maria Alvarez",
        status="Negotiation",
        attorney="Dana Whitfield",
        next_action="Call the adjuster",
        next_action_on=date(2026, 11, 30),
        incident="Motor vehicle, June 14, 2026, I-35 at 6th St",
        facts=facts,
        treatment=tuple(
            TreatmentLine(f"Provider {n}", date(2026, 6, 15), date(2026, 9, 1), n + 1, n == 0)
            for n in range(providers)
        ),
        still_treating=True,
        specials=Specials(m("12485"), m("6206.51"), m("3100"), m("339.07"), 9),
        claims=tuple(
            ClaimLine(
                f"Carrier {n}",
                "Bodily injury liability",
                f"CL-{n}",
                "Negotiating",
                (date(2026, 10, 1), m("75000")),
                (date(2026, 10, 15), m("22500")),
                m("9876.54"),
                date(2026, 12, 1),
            )
            for n in range(claims)
        ),
        next_dates=tuple(DateLine(date(2026, 12, n % 28 + 1), f"Event number {n}") for n in range(dates)),
        limitation_day=date(2028, 6, 14),
        value_low=m("40000"),
        value_high=m("95000"),
    )


def test_a_long_case_stays_on_one_page_and_says_how_many_more(tmp_path: Path) -> None:
    """Thirty providers, ten claims, forty dates and long facts: one page, lists cut with "and N more"."""
    path = tmp_path / "long.pdf"
    write_progress_pdf(path, _report(30, 10, 40, "The client was hurt. " * 200), Audience.ATTORNEY, AT)
    reader = PdfReader(path)
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "and 25 more providers" in text
    assert "and 7 more claims" in text
    assert "and 36 more dates" in text
    assert "Nguyễn & Partners LLP" in text
    assert "$40,000.00" in text and "$95,000.00" in text
    assert "$9,876.54" in text and "CL-0" in text
    assert "Limitation deadline: June 14, 2028" in text
    assert "Prepared November 21, 2026 — figures to be verified by the attorney" in text


def test_the_client_version_leaves_out_the_valuation(tmp_path: Path) -> None:
    """The client's report has the figures and dates but not the valuation range."""
    path = tmp_path / "client.pdf"
    write_progress_pdf(path, _report(2, 1, 2, "Short facts."), Audience.CLIENT, AT)
    reader = PdfReader(path)
    text = reader.pages[0].extract_text()
    assert len(reader.pages) == 1
    assert "$12,485.00" in text and "$15,924.07" in text  # billed, and billed + wages + property
    assert "Valuation" not in text and "$95,000.00" not in text
    assert "for the client" in text
    assert reader.metadata is not None and "PI-2026-00001" in str(reader.metadata.title)

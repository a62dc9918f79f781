"""Exported .ics files read back by an independent iCalendar parser, as Outlook and Google would read them."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import icalendar

from casedesk.domain.calendar import Event, EventKind
from casedesk.exports.ics import IcsItem, write_ics

CENTRAL = timezone(timedelta(hours=-6))
GENERATED = datetime(2026, 11, 21, 9, 30, tzinfo=CENTRAL)


def _items() -> list[IcsItem]:
    start = datetime(2026, 11, 24, 10, tzinfo=CENTRAL)
    deposition = Event(
        case_id=1,
        kind=EventKind.DEPOSITION,
        title="Deposition of Dr. Patel; bring exhibits, records",
        day=start.date(),
        starts_at=start,
        ends_at=start + timedelta(hours=3),
        location="Suite 400, 100 Congress Ave., Austin",
        notes="Line one\nLine two — with “quotes” and ümlauts " + "long " * 40,
        reminders=(7, 1, 0),
        uid="0f9c2a4e-1111-4a4a-8888-0123456789ab@casedesk",
        revision=3,
    )
    deadline = Event(
        case_id=1,
        kind=EventKind.LIMITATION,
        title="Limitation deadline (TX, 2 years)",
        day=date(2028, 6, 14),
        reminders=(150, 120, 90, 60, 30, 14, 7, 1, 0),
        uid="5b1d7e2c-2222-4b4b-9999-0123456789ab@casedesk",
    )
    label = "PI-2026-0001 · Ruiz v. Hale"
    return [IcsItem(deposition, label, ("Dr. Anil Patel", "Jordan Lee")), IcsItem(deadline, label)]


def test_an_exported_calendar_reads_back_in_a_reference_parser(tmp_path: Path) -> None:
    path = tmp_path / "calendar.ics"
    write_ics(path, _items(), calendar_name="casedesk — Ruiz v. Hale", generated_at=GENERATED)

    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    timed, all_day = calendar.walk("VEVENT")

    assert str(calendar["VERSION"]) == "2.0" and str(calendar["X-WR-CALNAME"]) == "casedesk — Ruiz v. Hale"
    assert str(timed["UID"]) == "0f9c2a4e-1111-4a4a-8888-0123456789ab@casedesk"
    assert timed.decoded("SEQUENCE") == 3
    assert timed.decoded("DTSTART") == datetime(2026, 11, 24, 16, tzinfo=UTC)
    assert timed.decoded("DTEND") == datetime(2026, 11, 24, 19, tzinfo=UTC)
    assert str(timed["SUMMARY"]).startswith("Deposition of Dr. Patel; bring exhibits, records")
    assert str(timed["LOCATION"]) == "Suite 400, 100 Congress Ave., Austin"
    assert "Line two — with “quotes” and ümlauts" in str(timed["DESCRIPTION"])
    assert "Dr. Anil Patel" in str(timed["DESCRIPTION"])
    triggers = sorted(alarm.decoded("TRIGGER") for alarm in timed.walk("VALARM"))
    assert triggers == [timedelta(days=-7), timedelta(days=-1), timedelta(0)]

    assert all_day.decoded("DTSTART") == date(2028, 6, 14)
    assert all_day.decoded("DTEND") == date(2028, 6, 15)
    assert len(all_day.walk("VALARM")) == 9


def test_every_physical_line_is_at_most_75_octets(tmp_path: Path) -> None:
    path = tmp_path / "calendar.ics"
    write_ics(path, _items(), calendar_name="casedesk", generated_at=GENERATED)

    lines = path.read_bytes().split(b"\r\n")

    assert lines[-1] == b""
    assert max(len(line) for line in lines) <= 75

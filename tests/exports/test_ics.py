"""Calendar files: what casedesk writes (RFC 5545 text, compared exactly) and what it reads back."""

from __future__ import annotations

import codecs
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casedesk.domain.calendar import DEFAULT_DURATION, Event, EventKind
from casedesk.domain.errors import ExportError, ImportFileError
from casedesk.exports.ics import (
    NO_TITLE,
    IcsEvent,
    IcsItem,
    escape_text,
    fold_line,
    ics_text,
    parse_ics,
    read_ics,
    unescape_text,
    write_ics,
)

CHICAGO = ZoneInfo("America/Chicago")
NEW_YORK = ZoneInfo("America/New_York")
#: When the tests' files are made: a Saturday morning in Chicago (15:30 UTC).
GENERATED_AT = datetime(2026, 11, 21, 9, 30, tzinfo=CHICAGO)
CASE_LABEL = "2024-0012 · Rivera v. Smith"
DEPOSITION = Event(
    case_id=12,
    kind=EventKind.DEPOSITION,
    title="Deposition of Dr. Patel",
    day=date(2026, 11, 24),
    starts_at=datetime(2026, 11, 24, 9, 0, tzinfo=CHICAGO),
    ends_at=datetime(2026, 11, 24, 11, 30, tzinfo=CHICAGO),
    location="Suite 400, 12 Main St; Austin",
    notes="Bring exhibits 1–4.\nParking in the rear.",
    reminders=(7, 1, 0),
    participant_ids=(3, 4),
    uid="dep-1@casedesk",
    revision=2,
)
FILING = Event(
    case_id=12,
    kind=EventKind.FILING_DEADLINE,
    title="File the complaint",
    day=date(2026, 12, 1),
    reminders=(14, 0),
    done_on=date(2026, 11, 20),
    uid="filing-1@casedesk",
)


def text_of(*items: IcsItem, name: str = "Rivera v. Smith") -> str:
    return ics_text(items, calendar_name=name, generated_at=GENERATED_AT)


def logical_lines(text: str) -> list[str]:
    """The content lines of ``text``, unfolded."""
    return text.replace("\r\n ", "").split("\r\n")


def vevent_lines(text: str) -> list[str]:
    """The first VEVENT's content lines, unfolded, from BEGIN to END."""
    lines = logical_lines(text)
    return lines[lines.index("BEGIN:VEVENT") : lines.index("END:VEVENT") + 1]


def ics(*lines: str, newline: str = "\r\n") -> str:
    """A calendar file from its lines."""
    return newline.join(lines) + newline


# --- export -------------------------------------------------------------------------------------------


def test_a_calendar_is_written_exactly_so() -> None:
    """The whole text of a timed and an all-day event: headers, times in UTC, alarms, CRLF everywhere."""
    text = text_of(IcsItem(DEPOSITION, CASE_LABEL, ("Dr. Anil Patel", "Maria Alvarez")), IcsItem(FILING, ""))
    assert text == ics(
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//casedesk//casedesk//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:Rivera v. Smith",
        "BEGIN:VEVENT",
        "UID:dep-1@casedesk",
        "DTSTAMP:20261121T153000Z",
        "SEQUENCE:2",
        "DTSTART:20261124T150000Z",
        "DTEND:20261124T173000Z",
        "SUMMARY:Deposition of Dr. Patel — 2024-0012 · Rivera v. Smith",
        # Folded at exactly 75 octets ("·" and "–" take two).
        "DESCRIPTION:Deposition\\nCase: 2024-0012 · Rivera v. Smith\\nParticipants: D",
        " r. Anil Patel\\, Maria Alvarez\\n\\nBring exhibits 1–4.\\nParking in the rea",
        " r.",
        "LOCATION:Suite 400\\, 12 Main St\\; Austin",
        "CATEGORIES:Deposition",
        "TRANSP:OPAQUE",
        "X-CASEDESK-KIND:deposition",
        "X-CASEDESK-TITLE:Deposition of Dr. Patel",
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        "DESCRIPTION:Deposition of Dr. Patel — 2024-0012 · Rivera v. Smith",
        "TRIGGER:-P7D",
        "END:VALARM",
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        "DESCRIPTION:Deposition of Dr. Patel — 2024-0012 · Rivera v. Smith",
        "TRIGGER:-P1D",
        "END:VALARM",
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        "DESCRIPTION:Deposition of Dr. Patel — 2024-0012 · Rivera v. Smith",
        "TRIGGER:PT0S",
        "END:VALARM",
        "END:VEVENT",
        "BEGIN:VEVENT",
        "UID:filing-1@casedesk",
        "DTSTAMP:20261121T153000Z",
        "SEQUENCE:0",
        "DTSTART;VALUE=DATE:20261201",
        "DTEND;VALUE=DATE:20261202",
        "SUMMARY:File the complaint",
        "DESCRIPTION:Filing deadline\\nDone on 2026-11-20",
        "CATEGORIES:Filing deadline",
        "TRANSP:TRANSPARENT",
        "X-CASEDESK-KIND:filing_deadline",
        "X-CASEDESK-TITLE:File the complaint",
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        "DESCRIPTION:File the complaint",
        "TRIGGER:-P14D",
        "END:VALARM",
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        "DESCRIPTION:File the complaint",
        "TRIGGER:PT0S",
        "END:VALARM",
        "END:VEVENT",
        "END:VCALENDAR",
    )


def test_the_same_input_gives_the_same_text() -> None:
    """Exporting twice gives byte-identical files (no clock, no random ids inside)."""
    items = (IcsItem(DEPOSITION, CASE_LABEL, ("Maria Alvarez",)), IcsItem(FILING, CASE_LABEL))
    assert text_of(*items) == text_of(*items)


def test_every_line_ends_with_crlf() -> None:
    """No bare LF or CR: every line break is CRLF, the last line included."""
    text = text_of(IcsItem(DEPOSITION, CASE_LABEL))
    assert text.endswith("END:VCALENDAR\r\n")
    assert text.count("\n") == text.count("\r\n") == text.count("\r")


def test_an_empty_calendar_is_still_a_calendar() -> None:
    """No events: the calendar's header and end alone, which reads back as no events."""
    text = text_of()
    assert logical_lines(text)[0] == "BEGIN:VCALENDAR"
    assert "BEGIN:VEVENT" not in text
    assert parse_ics(text, CHICAGO) == []


def test_long_multibyte_lines_fold_at_75_octets_without_splitting_a_character() -> None:
    """Every physical line is at most 75 UTF-8 octets and valid UTF-8 alone; unfolding restores the text."""
    title = "Évaluation médicale — 医療評価 🩺 " * 12
    notes = "ü" * 200 + "\n" + "😀" * 50 + "," * 80
    text = text_of(IcsItem(replace(DEPOSITION, title=title, notes=notes), CASE_LABEL))
    for physical in text.encode("utf-8").split(b"\r\n"):
        assert len(physical) <= 75
        physical.decode("utf-8")  # would fail if a character were cut in two
    lines = logical_lines(text)
    assert f"X-CASEDESK-TITLE:{escape_text(title)}" in lines
    assert parse_ics(text, CHICAGO)[0].summary == title


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("A" * 75, ["A" * 75]),
        ("A" * 76, ["A" * 75, " A"]),
        ("A" * 149, ["A" * 75, " " + "A" * 74]),
        ("A" * 150, ["A" * 75, " " + "A" * 74, " A"]),
        # 73 ASCII octets then "é" (2 octets) fits; the next "é" would make 77.
        ("A" * 73 + "éé", ["A" * 73 + "é", " é"]),
        # A 4-octet emoji that would straddle octet 75 moves whole to the next line.
        ("A" * 72 + "😀", ["A" * 72, " 😀"]),
        # An escape pair is kept together.
        ("A" * 74 + "\\n", ["A" * 74, " \\n"]),
        ("", [""]),
    ],
)
def test_fold_line(line: str, expected: list[str]) -> None:
    """Folding breaks before the unit that would pass 75 octets; continuations start with one space."""
    assert fold_line(line) == expected


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("plain", "plain"),
        ("a,b;c", "a\\,b\\;c"),
        ("C:\\cases\\rivera", "C:\\\\cases\\\\rivera"),
        ("two\nlines", "two\\nlines"),
        ("windows\r\nbreak and lone\rcr", "windows\\nbreak and lone\\ncr"),
        ("colon: fine", "colon: fine"),
        ("tab\tkept, bell\x07 dropped", "tab\tkept\\, bell dropped"),
    ],
)
def test_text_escaping(text: str, escaped: str) -> None:
    """Backslash, semicolon, comma and line breaks are escaped; other control characters are dropped."""
    assert escape_text(text) == escaped


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("a\\,b\\;c", "a,b;c"),
        ("C:\\\\cases", "C:\\cases"),
        ("one\\ntwo\\Nthree", "one\ntwo\nthree"),
        ("\\\\n is not a break", "\\n is not a break"),
        ("trailing backslash\\", "trailing backslash\\"),
    ],
)
def test_text_unescaping(value: str, text: str) -> None:
    r"""TEXT escapes read back, ``\N`` included; a lone trailing backslash is kept."""
    assert unescape_text(value) == text


def test_timed_event_without_end_lasts_an_hour() -> None:
    """No end: DTEND is one hour after DTSTART, in UTC."""
    event = replace(DEPOSITION, ends_at=None)
    lines = vevent_lines(text_of(IcsItem(event, CASE_LABEL)))
    assert "DTSTART:20261124T150000Z" in lines
    assert "DTEND:20261124T160000Z" in lines


def test_times_are_converted_to_utc_across_daylight_saving() -> None:
    """A July morning in Chicago (CDT, UTC−5) and an offset-only zone both come out in UTC."""
    summer = replace(DEPOSITION, starts_at=datetime(2026, 7, 15, 9, 0, tzinfo=CHICAGO), ends_at=None)
    offset = replace(
        DEPOSITION, starts_at=datetime(2026, 7, 15, 23, 30, tzinfo=timezone(timedelta(hours=-7)))
    )
    assert "DTSTART:20260715T140000Z" in vevent_lines(text_of(IcsItem(summer, CASE_LABEL)))
    assert "DTSTART:20260716T063000Z" in vevent_lines(text_of(IcsItem(offset, CASE_LABEL)))


def test_all_day_event_ends_the_next_day() -> None:
    """An all-day event is a DATE with an exclusive end, across a month and a year end too."""
    event = replace(FILING, day=date(2026, 12, 31))
    lines = vevent_lines(text_of(IcsItem(event, CASE_LABEL)))
    assert "DTSTART;VALUE=DATE:20261231" in lines
    assert "DTEND;VALUE=DATE:20270101" in lines


@pytest.mark.parametrize(
    ("reminders", "triggers"),
    [
        ((), []),
        ((0,), ["PT0S"]),
        (
            (150, 120, 90, 60, 30, 14, 7, 1, 0),
            [f"-P{d}D" for d in (150, 120, 90, 60, 30, 14, 7, 1)] + ["PT0S"],
        ),
        ((1, 7, 1), ["-P7D", "-P1D"]),  # unordered and repeated: once each, largest first
        ((3, -1), ["-P3D"]),  # a negative reminder (refused on save) is left out
    ],
)
def test_one_alarm_per_reminder(reminders: tuple[int, ...], triggers: list[str]) -> None:
    """Each reminder day is one DISPLAY alarm that many days before the start."""
    lines = vevent_lines(text_of(IcsItem(replace(DEPOSITION, reminders=reminders), CASE_LABEL)))
    assert [line.removeprefix("TRIGGER:") for line in lines if line.startswith("TRIGGER:")] == triggers
    assert lines.count("BEGIN:VALARM") == lines.count("ACTION:DISPLAY") == len(triggers)


def test_sequence_follows_the_revision() -> None:
    """A re-exported, edited event keeps its UID and has a higher SEQUENCE, so calendars update it."""
    before = vevent_lines(text_of(IcsItem(DEPOSITION, CASE_LABEL)))
    after = vevent_lines(text_of(IcsItem(replace(DEPOSITION, revision=5, title="Moved"), CASE_LABEL)))
    assert "UID:dep-1@casedesk" in before and "UID:dep-1@casedesk" in after
    assert (before[3], after[3]) == ("SEQUENCE:2", "SEQUENCE:5")


def test_description_without_case_participants_or_notes_is_the_kind() -> None:
    """Only the parts that exist are written; no location, no LOCATION line."""
    event = replace(DEPOSITION, location="", notes="")
    lines = vevent_lines(text_of(IcsItem(event, "")))
    assert "DESCRIPTION:Deposition" in lines
    assert "SUMMARY:Deposition of Dr. Patel" in lines
    assert not any(line.startswith("LOCATION") for line in lines)


def test_calendar_name_is_escaped() -> None:
    """The calendar's name is TEXT like the rest."""
    assert "X-WR-CALNAME:Cases\\, open\\; 2026" in logical_lines(text_of(name="Cases, open; 2026"))


@pytest.mark.parametrize("uid", ["", "   "])
def test_an_event_without_uid_is_refused(uid: str) -> None:
    """Without a UID a calendar would duplicate the event on every import: that is a caller's bug."""
    with pytest.raises(ValueError, match="no UID"):
        text_of(IcsItem(replace(DEPOSITION, uid=uid), CASE_LABEL))


def test_naive_times_are_refused() -> None:
    """A time without a zone cannot be put in UTC."""
    with pytest.raises(ValueError, match="time zone"):
        ics_text([], calendar_name="x", generated_at=datetime(2026, 11, 21, 9, 30))  # noqa: DTZ001
    naive = replace(DEPOSITION, starts_at=datetime(2026, 11, 24, 9, 0))  # noqa: DTZ001
    with pytest.raises(ValueError, match="time zone"):
        text_of(IcsItem(naive, CASE_LABEL))


# --- writing and reading files ------------------------------------------------------------------------


def assert_round_trip(read: IcsEvent, event: Event) -> None:
    """What casedesk reads back from its own file is the event it wrote."""
    assert read.uid == event.uid
    assert read.summary == event.title
    assert read.day == event.day
    assert read.starts_at == event.starts_at
    if event.starts_at is None:
        assert read.ends_at is None
    else:
        assert read.ends_at == (event.ends_at or event.starts_at + DEFAULT_DURATION)
    assert read.location == event.location
    assert read.kind is event.kind
    assert read.reminders == tuple(sorted(set(event.reminders), reverse=True))


def test_write_then_read_gives_the_events_back(tmp_path: Path) -> None:
    """write_ics then read_ics: same UID, title, day, times, location, kind and reminders."""
    untimed_end = replace(DEPOSITION, uid="dep-2", ends_at=None, reminders=())
    events = [DEPOSITION, FILING, untimed_end]
    path = tmp_path / "rivera.ics"
    write_ics(
        path, [IcsItem(e, CASE_LABEL) for e in events], calendar_name="Rivera", generated_at=GENERATED_AT
    )

    assert path.read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")
    read = read_ics(path, CHICAGO)
    assert len(read) == len(events)
    for got, event in zip(read, events, strict=True):
        assert_round_trip(got, event)
    assert read[0].description.endswith("\n\nBring exhibits 1–4.\nParking in the rear.")
    assert read[0].starts_at is not None and read[0].starts_at.tzinfo is CHICAGO


def test_write_replaces_an_earlier_export(tmp_path: Path) -> None:
    """Exporting again over the same file leaves only the new calendar, and no temp file."""
    path = tmp_path / "rivera.ics"
    write_ics(path, [IcsItem(DEPOSITION, CASE_LABEL)], calendar_name="Rivera", generated_at=GENERATED_AT)
    write_ics(path, [IcsItem(FILING, CASE_LABEL)], calendar_name="Rivera", generated_at=GENERATED_AT)
    assert [e.uid for e in read_ics(path, CHICAGO)] == [FILING.uid]
    assert [p.name for p in tmp_path.iterdir()] == ["rivera.ics"]


def test_write_into_a_missing_folder_fails_clearly(tmp_path: Path) -> None:
    """A folder that does not exist: ExportError naming it, and nothing left behind."""
    path = tmp_path / "gone" / "rivera.ics"
    with pytest.raises(ExportError, match="does not exist"):
        write_ics(path, [IcsItem(DEPOSITION, CASE_LABEL)], calendar_name="Rivera", generated_at=GENERATED_AT)
    assert list(tmp_path.iterdir()) == []


def test_a_refused_export_writes_nothing(tmp_path: Path) -> None:
    """An event without UID is refused before the file is touched: no file, no temp file."""
    path = tmp_path / "rivera.ics"
    with pytest.raises(ValueError, match="no UID"):
        write_ics(path, [IcsItem(replace(FILING, uid=""), "")], calendar_name="x", generated_at=GENERATED_AT)
    assert list(tmp_path.iterdir()) == []


# Arbitrary text, except surrogates (not encodable) and control characters other than a line break.
_TEXT = st.characters(exclude_categories=("Cs", "Cc"), include_characters="\n")


@settings(max_examples=150, deadline=None)
@given(
    title=st.text(_TEXT, min_size=1, max_size=120).filter(lambda t: t.strip() != ""),
    location=st.text(_TEXT, max_size=120),
    notes=st.text(_TEXT, max_size=300),
    case_label=st.text(_TEXT, max_size=60),
    all_day=st.booleans(),
)
def test_any_text_survives_the_round_trip(
    title: str, location: str, notes: str, case_label: str, all_day: bool
) -> None:
    """Titles, locations and notes of any text come back exactly; every physical line stays ≤ 75 octets."""
    event = replace(DEPOSITION, title=title, location=location, notes=notes)
    if all_day:
        event = replace(event, starts_at=None, ends_at=None)
    text = text_of(IcsItem(event, case_label, (case_label,)), name=title)
    assert all(len(line) <= 75 for line in text.encode("utf-8").split(b"\r\n"))

    (read,) = parse_ics(text, CHICAGO)
    assert_round_trip(read, event)
    if notes:
        assert read.description.endswith("\n\n" + notes)


def test_read_tolerates_a_byte_order_mark(tmp_path: Path) -> None:
    """Files saved by Windows editors start with a UTF-8 BOM; UTF-16 with a BOM is read too."""
    text = text_of(IcsItem(DEPOSITION, CASE_LABEL))
    utf8 = tmp_path / "utf8.ics"
    utf8.write_bytes(codecs.BOM_UTF8 + text.encode("utf-8"))
    utf16 = tmp_path / "utf16.ics"
    utf16.write_bytes(text.encode("utf-16"))
    for path in (utf8, utf16):
        (read,) = read_ics(path, CHICAGO)
        assert_round_trip(read, DEPOSITION)


def test_read_falls_back_to_windows_1252(tmp_path: Path) -> None:
    """A file that is not UTF-8 is read as Windows-1252, as older Windows programs write."""
    path = tmp_path / "old.ics"
    text = ics("BEGIN:VCALENDAR", "BEGIN:VEVENT", "UID:1", "DTSTART;VALUE=DATE:20261124")
    text += ics("SUMMARY:Café meeting – “IME”", "END:VEVENT", "END:VCALENDAR")
    path.write_bytes(text.encode("cp1252"))
    assert read_ics(path, CHICAGO)[0].summary == "Café meeting – “IME”"


def test_read_a_missing_file_fails_clearly(tmp_path: Path) -> None:
    """A file that is not there: ImportFileError naming it."""
    with pytest.raises(ImportFileError, match=r"nothing\.ics was not found"):
        read_ics(tmp_path / "nothing.ics", CHICAGO)


def test_read_a_folder_fails_clearly(tmp_path: Path) -> None:
    """A folder picked instead of a file: ImportFileError, not a crash."""
    with pytest.raises(ImportFileError, match="is a folder"):
        read_ics(tmp_path, CHICAGO)


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"Date,Subject\r\n2026-11-24,Deposition\r\n",
        b"%PDF-1.7\n\x00\x9d\xff binary",
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Maria Alvarez\r\nEND:VCARD\r\n",
    ],
)
def test_read_something_else_fails_clearly(tmp_path: Path, content: bytes) -> None:
    """A CSV, a PDF, a contact card or an empty file is not a calendar: ImportFileError naming the file."""
    path = tmp_path / "agenda.ics"
    path.write_bytes(content)
    with pytest.raises(ImportFileError, match=r"agenda\.ics is not an iCalendar \(\.ics\) file\."):
        read_ics(path, CHICAGO)


def test_parse_text_without_calendar_fails_clearly() -> None:
    """parse_ics says the same of text that is not a calendar."""
    with pytest.raises(ImportFileError, match=r"The file is not an iCalendar \(\.ics\) file\."):
        parse_ics("hello\r\n", CHICAGO)


# --- reading other programs' files --------------------------------------------------------------------

OUTLOOK = ics(
    "BEGIN:VCALENDAR",
    "PRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN",
    "VERSION:2.0",
    "METHOD:PUBLISH",
    "X-MS-OLK-FORCEINSPECTOROPEN:TRUE",
    "BEGIN:VTIMEZONE",
    "TZID:Eastern Standard Time",
    "BEGIN:STANDARD",
    "DTSTART:16011104T020000",
    "RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=11",
    "TZOFFSETFROM:-0400",
    "TZOFFSETTO:-0500",
    "END:STANDARD",
    "BEGIN:DAYLIGHT",
    "DTSTART:16010311T020000",
    "RRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3",
    "TZOFFSETFROM:-0500",
    "TZOFFSETTO:-0400",
    "END:DAYLIGHT",
    "END:VTIMEZONE",
    "BEGIN:VEVENT",
    "CLASS:PUBLIC",
    "CREATED:20261101T140000Z",
    "DESCRIPTION:Bring the MRI films.\\nCall 555-0142 if late.\\n",
    'DTEND;TZID="Eastern Standard Time":20261124T113000',
    "DTSTAMP:20261101T140000Z",
    'DTSTART;TZID="Eastern Standard Time":20261124T100000',
    "LAST-MODIFIED:20261101T140000Z",
    "LOCATION:Lakeside Orthopedics\\, Room 2",
    "PRIORITY:5",
    "SEQUENCE:0",
    "SUMMARY;LANGUAGE=en-us:IME with Dr. Chen",
    "TRANSP:OPAQUE",
    "UID:040000008200E00074C5B7101A82E00800000000D0B1E2A3F4C5D6010000000000000000100",
    " 0000035A6C4E2B3F1A94B8C5D1E2F3A4B5C6D",
    "X-MICROSOFT-CDO-BUSYSTATUS:BUSY",
    "BEGIN:VALARM",
    "TRIGGER:-PT15M",
    "ACTION:DISPLAY",
    "DESCRIPTION:Reminder",
    "END:VALARM",
    "END:VEVENT",
    "BEGIN:VEVENT",
    "DTSTART;VALUE=DATE:20261126",
    "DTEND;VALUE=DATE:20261127",
    "SUMMARY:Thanksgiving – office closed",
    "UID:040000008200E00074C5B7101A82E00800000000AAAA",
    "BEGIN:VALARM",
    "TRIGGER:-PT1080M",
    "ACTION:DISPLAY",
    "DESCRIPTION:Reminder",
    "END:VALARM",
    "BEGIN:VALARM",
    "TRIGGER:-P1D",
    "ACTION:DISPLAY",
    "DESCRIPTION:Reminder",
    "END:VALARM",
    "END:VEVENT",
    "BEGIN:VTODO",
    "UID:todo-1",
    "DTSTART:20261124T100000",
    "SUMMARY:Not an event",
    "END:VTODO",
    "END:VCALENDAR",
)


def test_outlook_file_with_windows_zone_names() -> None:
    """Outlook's "Eastern Standard Time" is New York; its VTIMEZONE and to-dos are skipped."""
    timed, all_day = parse_ics(OUTLOOK, CHICAGO)

    assert timed.uid == (
        "040000008200E00074C5B7101A82E00800000000D0B1E2A3F4C5D6010000000000000000100"
        "0000035A6C4E2B3F1A94B8C5D1E2F3A4B5C6D"
    )
    assert timed.summary == "IME with Dr. Chen"
    assert timed.starts_at == datetime(2026, 11, 24, 15, 0, tzinfo=UTC)
    assert timed.ends_at == datetime(2026, 11, 24, 16, 30, tzinfo=UTC)
    assert timed.starts_at is not None and timed.starts_at.tzinfo is CHICAGO  # shown in the user's zone
    assert timed.day == date(2026, 11, 24)
    assert timed.location == "Lakeside Orthopedics, Room 2"
    assert timed.description == "Bring the MRI films.\nCall 555-0142 if late.\n"
    assert timed.kind is None
    assert timed.reminders == ()  # 15 minutes is not a whole day before

    assert all_day.summary == "Thanksgiving – office closed"
    assert (all_day.day, all_day.starts_at, all_day.ends_at) == (date(2026, 11, 26), None, None)
    assert all_day.reminders == (1,)


GOOGLE = ics(
    "BEGIN:VCALENDAR",
    "PRODID:-//Google Inc//Google Calendar 70.9054//EN",
    "VERSION:2.0",
    "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH",
    "X-WR-CALNAME:maria.alvarez@example.com",
    "X-WR-TIMEZONE:America/Chicago",
    "BEGIN:VEVENT",
    "DTSTART:20261124T150000Z",
    "DTEND:20261124T163000Z",
    "DTSTAMP:20261121T120000Z",
    "UID:5k2h3j4k5l6m7n8o9p0q1r2s3t@google.com",
    "CREATED:20261020T180000Z",
    "DESCRIPTION:Zoom link: https://example.com/j/123\\nPasscode: 42",
    "LAST-MODIFIED:20261020T180000Z",
    "LOCATION:123 Main St\\, Springfield\\, IL 62701\\, USA",
    "SEQUENCE:0",
    "STATUS:CONFIRMED",
    "SUMMARY:Mediation – Rivera",
    "TRANSP:OPAQUE",
    "BEGIN:VALARM",
    "ACTION:DISPLAY",
    "DESCRIPTION:This is an event reminder",
    "TRIGGER:-P0DT0H30M0S",
    "END:VALARM",
    "BEGIN:VALARM",
    "ACTION:EMAIL",
    "DESCRIPTION:This is an event reminder",
    "SUMMARY:Alarm notification",
    "ATTENDEE:mailto:maria.alvarez@example.com",
    "TRIGGER:-P2D",
    "END:VALARM",
    "END:VEVENT",
    "BEGIN:VEVENT",
    "DTSTART;TZID=America/Chicago:20261201T090000",
    "DTEND;TZID=America/Chicago:20261201T093000",
    "RRULE:FREQ=WEEKLY;BYDAY=TU",
    "DTSTAMP:20261121T120000Z",
    "UID:weekly-call@google.com",
    "SUMMARY:Weekly status call",
    "END:VEVENT",
    "BEGIN:VEVENT",
    "DTSTART;TZID=America/Chicago:20261208T100000",
    "DTEND;TZID=America/Chicago:20261208T103000",
    "RECURRENCE-ID;TZID=America/Chicago:20261208T090000",
    "UID:weekly-call@google.com",
    "SUMMARY:Weekly status call (moved)",
    "END:VEVENT",
    "BEGIN:VEVENT",
    "DTSTART:20261125T150000Z",
    "DTEND:20261125T160000Z",
    "UID:cancelled@google.com",
    "STATUS:CANCELLED",
    "SUMMARY:Cancelled meeting",
    "END:VEVENT",
    "END:VCALENDAR",
)


def test_google_file_with_utc_times() -> None:
    """UTC times, a recurring event's first occurrence only; cancelled and moved occurrences skipped."""
    mediation, weekly = parse_ics(GOOGLE, CHICAGO)

    assert mediation.uid == "5k2h3j4k5l6m7n8o9p0q1r2s3t@google.com"
    assert mediation.summary == "Mediation – Rivera"
    assert mediation.starts_at == datetime(2026, 11, 24, 9, 0, tzinfo=CHICAGO)
    assert mediation.ends_at == datetime(2026, 11, 24, 10, 30, tzinfo=CHICAGO)
    assert mediation.location == "123 Main St, Springfield, IL 62701, USA"
    assert mediation.description == "Zoom link: https://example.com/j/123\nPasscode: 42"
    assert mediation.reminders == (2,)  # the 30-minute alarm is not a whole day

    assert weekly.summary == "Weekly status call"
    assert weekly.starts_at == datetime(2026, 12, 1, 9, 0, tzinfo=CHICAGO)
    assert weekly.ends_at == datetime(2026, 12, 1, 9, 30, tzinfo=CHICAGO)


def test_lf_only_file_with_lowercase_names_and_tab_folding() -> None:
    """LF line ends, lower-case names and values, and continuation lines led by a tab are all read."""
    text = ics(
        "begin:vcalendar",
        "begin:vevent",
        "uid:lf-1",
        "dtstart;value=date:20261124",
        "summary:Call the adjuster about",
        "\t the property damage estimate",
        "x-casedesk-kind:FOLLOW_UP",
        "end:vevent",
        "end:vcalendar",
        newline="\n",
    )
    (event,) = parse_ics(text, CHICAGO)
    assert event.summary == "Call the adjuster about the property damage estimate"
    assert event.day == date(2026, 11, 24)
    assert event.kind is EventKind.FOLLOW_UP


def event_text(*lines: str) -> str:
    """A calendar of one VEVENT with the given lines."""
    return ics("BEGIN:VCALENDAR", "VERSION:2.0", "BEGIN:VEVENT", *lines, "END:VEVENT", "END:VCALENDAR")


def test_missing_uid_gets_a_stable_one() -> None:
    """No UID: one derived from the start and summary, the same on every import, different per event."""
    first = event_text("DTSTART:20261124T150000Z", "SUMMARY:Deposition")
    again = parse_ics(first, CHICAGO)[0].uid
    assert again == parse_ics(first, NEW_YORK)[0].uid
    assert again.startswith("casedesk-import-")
    other_time = parse_ics(event_text("DTSTART:20261124T160000Z", "SUMMARY:Deposition"), CHICAGO)[0].uid
    other_title = parse_ics(event_text("DTSTART:20261124T150000Z", "SUMMARY:Mediation"), CHICAGO)[0].uid
    assert len({again, other_time, other_title}) == 3


@pytest.mark.parametrize(
    ("tzid", "zone"),
    [
        ("Eastern Standard Time", "America/New_York"),
        ("Central Standard Time", "America/Chicago"),
        ("Mountain Standard Time", "America/Denver"),
        ("Pacific Standard Time", "America/Los_Angeles"),
        ("Alaskan Standard Time", "America/Anchorage"),
        ("Hawaiian Standard Time", "Pacific/Honolulu"),
        ("US Mountain Standard Time", "America/Phoenix"),
        ("(UTC-08:00) Pacific Time (US & Canada)", "America/Los_Angeles"),
        ("America/Denver", "America/Denver"),
        ("/mozilla.org/20050126_1/America/New_York", "America/New_York"),
        ("UTC", "UTC"),
        ("Mars Standard Time", "America/Chicago"),  # unknown: the local zone
    ],
)
def test_tzid_names(tzid: str, zone: str) -> None:
    """IANA names, Outlook's US Windows names and display names; anything else is the local zone."""
    text = event_text("UID:z", f'DTSTART;TZID="{tzid}":20260715T120000')
    (event,) = parse_ics(text, CHICAGO)
    assert event.starts_at == datetime(2026, 7, 15, 12, 0, tzinfo=ZoneInfo(zone))


def test_floating_time_is_local() -> None:
    """A time without Z or TZID is in the user's zone; the day is the local start's day."""
    (event,) = parse_ics(event_text("UID:f", "DTSTART:20261124T233000"), CHICAGO)
    assert event.starts_at == datetime(2026, 11, 24, 23, 30, tzinfo=CHICAGO)
    assert event.day == date(2026, 11, 24)
    assert event.ends_at is None


def test_day_of_a_utc_time_is_the_local_day() -> None:
    """03:00 UTC is the evening before in Chicago; the event is listed on that day."""
    (event,) = parse_ics(event_text("UID:u", "DTSTART:20261125T030000Z"), CHICAGO)
    assert event.day == date(2026, 11, 24)


@pytest.mark.parametrize(
    ("duration", "end"),
    [
        ("PT1H30M", datetime(2026, 11, 24, 11, 30, tzinfo=NEW_YORK)),
        ("PT45S", datetime(2026, 11, 24, 10, 0, 45, tzinfo=NEW_YORK)),
        ("P1W", datetime(2026, 12, 1, 10, 0, tzinfo=NEW_YORK)),
        ("P1DT2H", datetime(2026, 11, 25, 12, 0, tzinfo=NEW_YORK)),
        ("-PT1H", None),  # ends before it starts: no end
        ("nonsense", None),
    ],
)
def test_duration_instead_of_dtend(duration: str, end: datetime | None) -> None:
    """DURATION gives the end when there is no DTEND."""
    text = event_text("UID:d", "DTSTART;TZID=America/New_York:20261124T100000", f"DURATION:{duration}")
    assert parse_ics(text, CHICAGO)[0].ends_at == end


def test_duration_days_are_calendar_days_across_daylight_saving() -> None:
    """P1D from 10:00 the day before the clocks go back ends at 10:00 the next day (25 hours later)."""
    text = event_text("UID:d", "DTSTART;TZID=America/New_York:20261031T100000", "DURATION:P1D")
    assert parse_ics(text, CHICAGO)[0].ends_at == datetime(2026, 11, 1, 10, 0, tzinfo=NEW_YORK)


@pytest.mark.parametrize(
    ("triggers", "reminders"),
    [
        (["-P3D", "-P1W", "PT0S"], (7, 3, 0)),
        (["-PT0S", "P0D", "-P2D", "-P2D"], (2, 0)),
        (["-PT15M", "PT1H", "P1D", "-P1DT2H"], ()),  # not whole days before: ignored
        (["-PT24H"], (1,)),
        (["20261120T090000Z"], ()),  # an absolute time is not a days-before reminder
    ],
)
def test_reminders_from_alarms(triggers: list[str], reminders: tuple[int, ...]) -> None:
    """Alarms a whole number of days before the start become reminders, largest first."""
    alarms = [
        line for t in triggers for line in ("BEGIN:VALARM", "ACTION:DISPLAY", f"TRIGGER:{t}", "END:VALARM")
    ]
    text = event_text("UID:r", "DTSTART;VALUE=DATE:20261124", *alarms)
    assert parse_ics(text, CHICAGO)[0].reminders == reminders


def test_alarms_relative_to_the_end_or_at_a_date_time_are_ignored() -> None:
    """TRIGGER;RELATED=END and TRIGGER;VALUE=DATE-TIME are not days before the start."""
    text = event_text(
        "UID:r",
        "DTSTART;VALUE=DATE:20261124",
        *("BEGIN:VALARM", "TRIGGER;RELATED=END:-P1D", "END:VALARM"),
        *("BEGIN:VALARM", "TRIGGER;VALUE=DATE-TIME:20261120T090000Z", "END:VALARM"),
    )
    assert parse_ics(text, CHICAGO)[0].reminders == ()


def test_events_without_a_valid_start_are_skipped() -> None:
    """No DTSTART, or one that is not a date: that event is left out, the others are read."""
    text = ics(
        "BEGIN:VCALENDAR",
        *("BEGIN:VEVENT", "UID:no-start", "SUMMARY:Sometime", "END:VEVENT"),
        *("BEGIN:VEVENT", "UID:bad-start", "DTSTART:20261340T250000", "END:VEVENT"),
        *("BEGIN:VEVENT", "UID:good", "DTSTART:20261124T150000Z", "END:VEVENT"),
        "END:VCALENDAR",
    )
    assert [e.uid for e in parse_ics(text, CHICAGO)] == ["good"]


@pytest.mark.parametrize("summary_line", [None, "SUMMARY:", "SUMMARY:   "])
def test_an_event_without_title_is_named(summary_line: str | None) -> None:
    """No summary, or a blank one: "(no title)"."""
    lines = ["UID:t", "DTSTART;VALUE=DATE:20261124"] + ([summary_line] if summary_line else [])
    assert parse_ics(event_text(*lines), CHICAGO)[0].summary == NO_TITLE


def test_casedesk_title_wins_over_summary() -> None:
    """X-CASEDESK-TITLE is the bare title; SUMMARY carries the case for other programs."""
    text = event_text(
        "UID:c", "DTSTART;VALUE=DATE:20261124", "SUMMARY:Trial — 2024-0012", "X-CASEDESK-TITLE:Trial"
    )
    assert parse_ics(text, CHICAGO)[0].summary == "Trial"


@pytest.mark.parametrize(("value", "kind"), [("trial", EventKind.TRIAL), ("picnic", None), ("", None)])
def test_kind_is_read_only_when_known(value: str, kind: EventKind | None) -> None:
    """An unknown X-CASEDESK-KIND (from a newer casedesk, or edited by hand) gives no kind."""
    text = event_text("UID:k", "DTSTART;VALUE=DATE:20261124", f"X-CASEDESK-KIND:{value}")
    assert parse_ics(text, CHICAGO)[0].kind is kind


def test_quoted_parameters_and_unknown_properties() -> None:
    """Quoted parameter values may hold ``:;,``; unknown and malformed lines are passed over."""
    text = event_text(
        "UID:q",
        'ATTENDEE;CN="Alvarez, Maria: client";ROLE=REQ-PARTICIPANT:mailto:maria@example.com',
        'DTSTART;X-NOTE="a;b:c";TZID="America/New_York":20261124T100000',
        "THIS LINE IS NOT A PROPERTY",
        'SUMMARY;ALTREP="cid:part1.0001@example.org":Hearing',
        "X-UNKNOWN;FOO=bar:baz",
    )
    (event,) = parse_ics(text, CHICAGO)
    assert event.summary == "Hearing"
    assert event.starts_at == datetime(2026, 11, 24, 10, 0, tzinfo=NEW_YORK)


def test_a_truncated_file_keeps_the_complete_events() -> None:
    """A file cut off inside an event: the events before it are read, the cut one is not."""
    text = ics(
        "BEGIN:VCALENDAR",
        *("BEGIN:VEVENT", "UID:whole", "DTSTART;VALUE=DATE:20261124", "END:VEVENT"),
        *("BEGIN:VEVENT", "UID:cut", "DTSTART;VALUE=DATE:20261125"),
    )
    assert [e.uid for e in parse_ics(text, CHICAGO)] == ["whole"]

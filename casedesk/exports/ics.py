"""Calendar files: events out as iCalendar (.ics, RFC 5545) for Outlook and Google, and events back in."""

from __future__ import annotations

import codecs
import hashlib
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from casedesk.domain.calendar import DEFAULT_DURATION, Event, EventKind
from casedesk.domain.errors import ImportFileError
from casedesk.exports.atomic import atomic_write

PRODID = "-//casedesk//casedesk//EN"
#: The longest a line may be, in UTF-8 octets, not counting the CRLF (RFC 5545 §3.1).
LINE_OCTETS = 75
#: A calendar file larger than this is refused unread: it is almost surely some other file picked by mistake.
MAX_FILE_BYTES = 100 * 1024 * 1024
#: Title given to an imported event that has none.
NO_TITLE = "(no title)"
_CRLF = "\r\n"
#: One escape pair (kept whole when folding, for readers that unescape before unfolding) or one character.
_FOLD_UNIT = re.compile(r"\\.|.", re.DOTALL)
_UNESCAPE = re.compile(r"\\(.)", re.DOTALL)
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_NAME = re.compile(r"[A-Za-z0-9-]+")
_PARAM_VALUE = r'(?:"[^"]*"|[^";:,]*)'
_PARAM = re.compile(rf";([A-Za-z0-9-]+)=({_PARAM_VALUE}(?:,{_PARAM_VALUE})*)")
_DATE_TIME = re.compile(r"(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})?(Z)?)?")
_DURATION = re.compile(r"([+-])?P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?")
_DAY_SECONDS = 86_400
#: Outlook writes Windows zone names as TZID; the US ones a case manager meets, to IANA names.
_WINDOWS_ZONES = {
    "eastern standard time": "America/New_York",
    "us eastern standard time": "America/Indiana/Indianapolis",
    "central standard time": "America/Chicago",
    "mountain standard time": "America/Denver",
    "us mountain standard time": "America/Phoenix",
    "pacific standard time": "America/Los_Angeles",
    "alaskan standard time": "America/Anchorage",
    "hawaiian standard time": "Pacific/Honolulu",
}
#: Older Outlook versions write the zone's display name ("(UTC-05:00) Eastern Time (US & Canada)").
_DISPLAY_ZONES = {
    "eastern time (us & canada)": "America/New_York",
    "indiana (east)": "America/Indiana/Indianapolis",
    "central time (us & canada)": "America/Chicago",
    "mountain time (us & canada)": "America/Denver",
    "arizona": "America/Phoenix",
    "pacific time (us & canada)": "America/Los_Angeles",
    "alaska": "America/Anchorage",
    "hawaii": "Pacific/Honolulu",
}
#: Names of UTC that need no time-zone database (Windows has none unless tzdata is installed).
_UTC_NAMES = frozenset({"utc", "gmt", "z", "etc/utc", "etc/gmt", "coordinated universal time"})


@dataclass(frozen=True, slots=True)
class IcsItem:
    """One event to export, with what the calendar program should show of its case.

    Attributes:
        event: The event; its ``uid`` must be set.
        case_label: The case as people name it ("2024-0012 · Rivera v. Smith").
        participants: Names of the contacts taking part.
    """

    event: Event
    case_label: str
    participants: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class IcsEvent:
    """An event read from a calendar file.

    Attributes:
        uid: The event's UID; one derived from its start and summary when the file has none.
        summary: The title (casedesk's own files: the bare title, without the case).
        day: The date; for a timed event, the start's date in the local zone.
        starts_at: When a timed event starts, in the local zone; ``None`` for an all-day event.
        ends_at: When a timed event ends, in the local zone, if the file says; ``None`` for an all-day event.
        location: Where.
        description: The file's description, unescaped.
        kind: The casedesk kind, when the file was written by casedesk; ``None`` otherwise.
        reminders: Days before the start that the file's alarms come, largest first.
    """

    uid: str
    summary: str
    day: date
    starts_at: datetime | None
    ends_at: datetime | None
    location: str
    description: str
    kind: EventKind | None
    reminders: tuple[int, ...]


# --- export -------------------------------------------------------------------------------------------


def ics_text(items: Sequence[IcsItem], *, calendar_name: str, generated_at: datetime) -> str:
    """The iCalendar text of ``items``: CRLF lines folded at 75 octets, the same text for the same input.

    Times are written in UTC (to the second), all-day events as dates with an exclusive end, and each
    event keeps its UID with its revision as SEQUENCE, so importing an updated file updates the events.

    Args:
        items: The events with their case labels, in the order they are written.
        calendar_name: The name calendar programs show for the imported calendar.
        generated_at: When the file is made (timezone-aware); every event's DTSTAMP.

    Raises:
        ValueError: ``generated_at`` or an event's start or end has no time zone, or an event has no UID.
    """
    if generated_at.tzinfo is None:
        raise ValueError("generated_at must carry a time zone")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(calendar_name)}",
    ]
    stamp = _utc_stamp(generated_at)
    for item in items:
        lines += _vevent(item, stamp)
    lines.append("END:VCALENDAR")
    return "".join(physical + _CRLF for line in lines for physical in fold_line(line))


def write_ics(path: Path, items: Sequence[IcsItem], *, calendar_name: str, generated_at: datetime) -> None:
    """Write :func:`ics_text` to ``path`` (UTF-8) in one step; an existing file is replaced only on success.

    Raises:
        ExportError: The file cannot be written (missing or read-only folder, disk full).
        ValueError: As :func:`ics_text`; nothing is written.
    """
    data = ics_text(items, calendar_name=calendar_name, generated_at=generated_at).encode("utf-8")
    with atomic_write(path) as handle:
        handle.write(data)


def escape_text(text: str) -> str:
    """``text`` as an iCalendar TEXT value: backslash, semicolon, comma and line breaks escaped.

    Control characters other than tab and line breaks are dropped (RFC 5545 does not allow them).
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) != "Cc")
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold_line(line: str) -> list[str]:
    r"""Split one content line into physical lines of at most 75 UTF-8 octets, continuations space-led.

    A character, or an escape pair like ``\n``, is never split across lines.
    """
    physical: list[str] = []
    current: list[str] = []
    size = 0
    for unit in _FOLD_UNIT.findall(line):
        width = len(unit.encode("utf-8"))
        if size + width > LINE_OCTETS and current:
            physical.append("".join(current))
            current, size = [" "], 1
        current.append(unit)
        size += width
    physical.append("".join(current))
    return physical


def _vevent(item: IcsItem, stamp: str) -> list[str]:
    """The content lines of one VEVENT, alarms included."""
    event = item.event
    if not event.uid.strip():
        raise ValueError(f"event {event.title!r} has no UID")
    summary = f"{event.title} — {item.case_label}" if item.case_label else event.title
    lines = [
        "BEGIN:VEVENT",
        f"UID:{escape_text(event.uid)}",
        f"DTSTAMP:{stamp}",
        f"SEQUENCE:{event.revision}",
        *_when(event),
        f"SUMMARY:{escape_text(summary)}",
        f"DESCRIPTION:{escape_text(_description(item))}",
    ]
    if event.location:
        lines.append(f"LOCATION:{escape_text(event.location)}")
    lines += [
        f"CATEGORIES:{escape_text(event.kind.label)}",
        # A deadline takes no time: it should not make the day look busy to people scheduling meetings.
        f"TRANSP:{'TRANSPARENT' if event.kind.is_deadline else 'OPAQUE'}",
        f"X-CASEDESK-KIND:{event.kind.value}",
        f"X-CASEDESK-TITLE:{escape_text(event.title)}",
    ]
    # Negative reminders are refused when an event is saved; one that slipped through is left out.
    for days in sorted({d for d in event.reminders if d >= 0}, reverse=True):
        lines += [
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            f"DESCRIPTION:{escape_text(summary)}",
            f"TRIGGER:{_trigger(days)}",
            "END:VALARM",
        ]
    lines.append("END:VEVENT")
    return lines


def _when(event: Event) -> list[str]:
    """DTSTART and DTEND: UTC times for a timed event, dates with the next day as end for an all-day one."""
    if event.starts_at is None:
        end = event.day + timedelta(days=1)
        return [f"DTSTART;VALUE=DATE:{_date_value(event.day)}", f"DTEND;VALUE=DATE:{_date_value(end)}"]
    start = _utc_stamp(event.starts_at)
    ends_at = event.ends_at
    if ends_at is None or (ends_at.tzinfo is not None and ends_at < event.starts_at):
        ends_at = event.starts_at + DEFAULT_DURATION
    return [f"DTSTART:{start}", f"DTEND:{_utc_stamp(ends_at)}"]


def _description(item: IcsItem) -> str:
    """What the calendar shows as the event's details; the notes come last, as they may run long."""
    event = item.event
    lines = [event.kind.label]
    if item.case_label:
        lines.append(f"Case: {item.case_label}")
    names = [name for name in item.participants if name.strip()]
    if names:
        lines.append(f"Participants: {', '.join(names)}")
    if event.done_on is not None:
        lines.append(f"Done on {event.done_on.isoformat()}")
    if event.notes:
        lines += ["", event.notes]
    return "\n".join(lines)


def _trigger(days: int) -> str:
    """An alarm ``days`` before the event's start."""
    return "PT0S" if days == 0 else f"-P{days}D"


def _date_value(day: date) -> str:
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"


def _utc_stamp(moment: datetime) -> str:
    """``moment`` in UTC as an iCalendar DATE-TIME (``20261124T150000Z``)."""
    if moment.tzinfo is None:
        raise ValueError(f"{moment.isoformat()} must carry a time zone")
    utc = moment.astimezone(UTC)
    return f"{_date_value(utc.date())}T{utc.hour:02d}{utc.minute:02d}{utc.second:02d}Z"


# --- import -------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Property:
    """One content line: parameters (names upper-cased, first value unquoted) and the raw value."""

    params: dict[str, str]
    value: str


@dataclass(slots=True)
class _Component:
    """A BEGIN…END block while the file is read (mutable only during parsing)."""

    name: str
    properties: dict[str, list[_Property]] = field(default_factory=dict)
    children: list[_Component] = field(default_factory=list)
    closed: bool = False

    def first(self, name: str) -> _Property | None:
        """The first property called ``name``, if any."""
        found = self.properties.get(name)
        return found[0] if found else None

    def text(self, name: str) -> str:
        """The unescaped TEXT value of the first property called ``name``; empty if there is none."""
        prop = self.first(name)
        return unescape_text(prop.value) if prop is not None else ""


def read_ics(path: Path, local_zone: tzinfo) -> list[IcsEvent]:
    """The events of the calendar file at ``path``; see :func:`parse_ics`.

    The file is read as UTF-8 (a byte-order mark is fine; UTF-16 with a byte-order mark too), falling back
    to Windows-1252 for files some older programs write.

    Raises:
        ImportFileError: The file is missing, unreadable, too large, or not an iCalendar file.
    """
    data = _read_bytes(path)
    return _parse(_decode(data), local_zone, path.name)


def parse_ics(text: str, local_zone: tzinfo) -> list[IcsEvent]:
    """The events of an iCalendar text, in file order.

    Only the first occurrence of a recurring event is read; cancelled events, to-dos, journal entries and
    events without a start are left out. Times without a zone are taken in ``local_zone``, as are those
    whose zone is unknown (Windows zone names of the US are recognised).

    Args:
        text: The file's text (CRLF or LF line ends).
        local_zone: The user's time zone.

    Raises:
        ImportFileError: The text has no calendar in it.
    """
    return _parse(text, local_zone, "The file")


def unescape_text(value: str) -> str:
    r"""The text of an iCalendar TEXT value (``\n`` and ``\N`` are line breaks, ``\x`` is ``x``)."""
    return _UNESCAPE.sub(lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def _read_bytes(path: Path) -> bytes:
    """The file's bytes, or an error the user understands."""
    try:
        if path.is_dir():
            raise ImportFileError(f"{path} is a folder, not a calendar file.", "Choose an .ics file.")
        if path.stat().st_size > MAX_FILE_BYTES:
            raise ImportFileError(
                f"{path.name} is too large to be a calendar file.", "Choose the .ics file you exported."
            )
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise ImportFileError(
            f"{path.name} was not found in {path.parent}.", "Check the file's name and folder."
        ) from exc
    except PermissionError as exc:
        raise ImportFileError(
            f"{path.name} cannot be read: you do not have permission to open it.",
            "Copy the file to your Documents folder and import the copy.",
        ) from exc
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise ImportFileError(f"{path.name} cannot be read: {reason}.") from exc


def _decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with a BOM, else Windows-1252."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _parse(text: str, local_zone: tzinfo, source: str) -> list[IcsEvent]:
    """The events of ``text``; ``source`` names it in the error ("The file", "meeting.ics")."""
    calendars = [c for c in _components(text) if c.name == "VCALENDAR"]
    if not calendars:
        raise ImportFileError(
            f"{source} is not an iCalendar (.ics) file.",
            "Export the calendar from your calendar program as .ics and import that file.",
        )
    events: list[IcsEvent] = []
    seen: set[str] = set()
    for calendar in calendars:
        for component in calendar.children:
            if component.name != "VEVENT" or not component.closed:
                continue
            event = _event(component, local_zone)
            # A UID seen twice is an edited occurrence of a recurring event or a duplicate: keep the first.
            if event is not None and event.uid not in seen:
                seen.add(event.uid)
                events.append(event)
    return events


def _components(text: str) -> list[_Component]:
    """The top-level components of ``text``, with their properties and nested components."""
    top: list[_Component] = []
    stack: list[_Component] = []
    for line in _unfolded(text):
        parsed = _content_line(line)
        if parsed is None:
            continue
        name, prop = parsed
        if name == "BEGIN":
            component = _Component(prop.value.strip().upper())
            (stack[-1].children if stack else top).append(component)
            stack.append(component)
        elif name == "END":
            ending = prop.value.strip().upper()
            if any(c.name == ending for c in stack):
                while stack:
                    closed = stack.pop()
                    if closed.name == ending:
                        closed.closed = True
                        break
        elif stack:
            stack[-1].properties.setdefault(name, []).append(prop)
    return top


def _unfolded(text: str) -> Iterator[str]:
    """Logical lines: continuation lines (led by a space or tab) joined to the line before; blanks dropped."""
    pending: str | None = None
    for line in _LINE_BREAK.split(text.removeprefix("\ufeff")):
        if line[:1] in (" ", "\t") and pending is not None:
            pending += line[1:]
            continue
        if pending:
            yield pending
        pending = line
    if pending:
        yield pending


def _content_line(line: str) -> tuple[str, _Property] | None:
    """The upper-cased name and the property of a content line; ``None`` if it is malformed."""
    match = _NAME.match(line)
    if match is None:
        return None
    position = match.end()
    params: dict[str, str] = {}
    while (param := _PARAM.match(line, position)) is not None:
        first = re.match(_PARAM_VALUE, param.group(2))
        params[param.group(1).upper()] = first.group(0).strip('"') if first else ""
        position = param.end()
    if line[position : position + 1] != ":":
        return None
    return match.group(0).upper(), _Property(params, line[position + 1 :])


def _event(component: _Component, local_zone: tzinfo) -> IcsEvent | None:
    """The event of a VEVENT, or ``None`` if it is cancelled, an edited occurrence, or has no valid start."""
    cancelled = component.text("STATUS").strip().upper() == "CANCELLED"
    if cancelled or component.first("RECURRENCE-ID") is not None:
        return None
    start_prop = component.first("DTSTART")
    start = _when_value(start_prop, local_zone) if start_prop is not None else None
    if start is None or start_prop is None:
        return None
    summary = component.text("X-CASEDESK-TITLE") or component.text("SUMMARY")
    if not summary.strip():
        summary = NO_TITLE
    uid = component.text("UID").strip() or _derived_uid(start_prop, summary)
    kind = _kind(component.text("X-CASEDESK-KIND"))
    if isinstance(start, datetime):
        starts_at: datetime | None = start.astimezone(local_zone)
        ends_at = _end(component, start, local_zone)
        day = start.astimezone(local_zone).date()
    else:
        starts_at = ends_at = None
        day = start
    return IcsEvent(
        uid=uid,
        summary=summary,
        day=day,
        starts_at=starts_at,
        ends_at=ends_at.astimezone(local_zone) if ends_at is not None else None,
        location=component.text("LOCATION"),
        description=component.text("DESCRIPTION"),
        kind=kind,
        reminders=_reminders(component),
    )


def _kind(value: str) -> EventKind | None:
    """The casedesk kind written in X-CASEDESK-KIND; ``None`` if absent or unknown (a newer casedesk)."""
    try:
        return EventKind(value.strip().lower())
    except ValueError:
        return None


def _derived_uid(start: _Property, summary: str) -> str:
    """A UID for an event the file gives none, the same each time the same file is imported."""
    key = f"{start.params.get('TZID', '')}\x1f{start.value.strip()}\x1f{summary}"
    return f"casedesk-import-{hashlib.sha256(key.encode('utf-8')).hexdigest()[:32]}"


def _end(component: _Component, start: datetime, local_zone: tzinfo) -> datetime | None:
    """A timed event's end from DTEND, or from DURATION; ``None`` if neither gives one after the start."""
    end_prop = component.first("DTEND")
    end: date | datetime | None = None
    if end_prop is not None:
        end = _when_value(end_prop, local_zone)
    else:
        duration_prop = component.first("DURATION")
        duration = _duration(duration_prop.value) if duration_prop is not None else None
        if duration is not None:
            days, seconds = duration
            # Days are calendar days (the same wall-clock time), hours and less are exact (RFC 5545 §3.3.6).
            end = (start + timedelta(days=days)).astimezone(UTC) + timedelta(seconds=seconds)
    if not isinstance(end, datetime) or end < start:
        return None
    return end


def _reminders(component: _Component) -> tuple[int, ...]:
    """Whole days before the start that the event's alarms come, largest first (other alarms ignored)."""
    days: set[int] = set()
    for alarm in component.children:
        trigger = alarm.first("TRIGGER") if alarm.name == "VALARM" else None
        if trigger is None or trigger.params.get("VALUE", "").upper() == "DATE-TIME":
            continue
        if trigger.params.get("RELATED", "START").upper() != "START":
            continue
        duration = _duration(trigger.value)
        if duration is None:
            continue
        total = duration[0] * _DAY_SECONDS + duration[1]
        if total <= 0 and total % _DAY_SECONDS == 0:
            days.add(-total // _DAY_SECONDS)
    return tuple(sorted(days, reverse=True))


def _when_value(prop: _Property, local_zone: tzinfo) -> date | datetime | None:
    """A DATE, or an aware DATE-TIME (UTC, TZID, or floating in ``local_zone``); ``None`` if malformed."""
    match = _DATE_TIME.fullmatch(prop.value.strip().upper())
    if match is None:
        return None
    year, month, day, hour, minute, second, utc = match.groups()
    try:
        if hour is None:
            return date(int(year), int(month), int(day))
        zone = UTC if utc else _zone(prop.params.get("TZID"), local_zone)
        # A leap second (60) is read as the second before it.
        seconds = min(int(second or 0), 59)
        return datetime(int(year), int(month), int(day), int(hour), int(minute), seconds, tzinfo=zone)
    except ValueError:
        return None


def _zone(tzid: str | None, local_zone: tzinfo) -> tzinfo:
    """The zone a TZID names: an IANA name, a US Windows zone name, else ``local_zone``."""
    if not tzid:
        return local_zone
    name = tzid.strip()
    folded = name.casefold()
    if folded in _UTC_NAMES:
        return UTC
    if folded in _WINDOWS_ZONES:
        return _zone_info(_WINDOWS_ZONES[folded]) or local_zone
    for display, iana in _DISPLAY_ZONES.items():
        if display in folded:
            return _zone_info(iana) or local_zone
    # Some programs prefix IANA names with a path ("/mozilla.org/20050126_1/America/New_York").
    parts = [part for part in name.split("/") if part]
    for first in range(len(parts)):
        zone = _zone_info("/".join(parts[first:]))
        if zone is not None:
            return zone
    return local_zone


def _zone_info(name: str) -> ZoneInfo | None:
    """The IANA zone ``name``, or ``None`` if unknown (or the machine has no time-zone database)."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


def _duration(value: str) -> tuple[int, int] | None:
    """A DURATION as (calendar days, exact seconds), both signed; ``None`` if malformed."""
    match = _DURATION.fullmatch(value.strip().upper())
    if match is None or not any(match.groups()[1:]):
        return None
    sign, weeks, days, hours, minutes, seconds = match.groups()
    factor = -1 if sign == "-" else 1
    total_days = int(weeks or 0) * 7 + int(days or 0)
    total_seconds = int(hours or 0) * 3600 + int(minutes or 0) * 60 + int(seconds or 0)
    return factor * total_days, factor * total_seconds

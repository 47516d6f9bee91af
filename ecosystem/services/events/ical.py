"""RFC 5545 calendar files written by hand: a few lines of rules beat a dependency, and times must be exact."""
from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

PRODID = "-//So KH&CN//Ecosystem CRM Events//VI"
MAX_OCTETS = 75
CRLF = "\r\n"
STATUSES = ("TENTATIVE", "CONFIRMED", "CANCELLED")


@dataclass(frozen=True)
class IcsEvent:
    """What a calendar needs of an event; naive datetimes are wall-clock time in the calendar's `local_tz`."""

    uid: str
    starts_at: datetime
    ends_at: datetime
    summary: str
    description: str | None = None
    location: str | None = None
    url: str | None = None
    status: str | None = None
    sequence: int = 0
    categories: Sequence[str] = field(default_factory=tuple)


def to_utc(moment: datetime, local_tz: str) -> datetime:
    """Aware datetimes keep their instant; naive ones are read as wall-clock time in `local_tz`."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo(local_tz))
    return moment.astimezone(timezone.utc)


def format_utc(moment: datetime, local_tz: str) -> str:
    """DATE-TIME in UTC form (RFC 5545 3.3.5, 'Z' suffix) so every calendar agrees on the instant."""
    return to_utc(moment, local_tz).strftime("%Y%m%dT%H%M%SZ")


def escape_text(value: str) -> str:
    """TEXT escaping (RFC 5545 3.3.11): backslash, semicolon, comma and line breaks."""
    value = unicodedata.normalize("NFC", value).replace("\r\n", "\n").replace("\r", "\n")
    value = "".join(c for c in value if c in "\t\n" or unicodedata.category(c) != "Cc")  # CTLs are not TEXT
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\n", "\\n")


def fold_line(line: str) -> str:
    """Fold at 75 octets (RFC 5545 3.1) without cutting a UTF-8 character in two."""
    chunks: list[str] = []
    current, size, limit = [], 0, MAX_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            chunks.append("".join(current))
            current, size, limit = [], 0, MAX_OCTETS - 1  # continuation lines begin with a space
        current.append(char)
        size += width
    chunks.append("".join(current))
    return (CRLF + " ").join(chunks)


def _single_line(value: str) -> str:
    """URIs and ids are not TEXT: they are not escaped, but may never carry a line break."""
    return " ".join(value.split())


def _vevent(event: IcsEvent, dtstamp: datetime, local_tz: str) -> list[str]:
    start, end = to_utc(event.starts_at, local_tz), to_utc(event.ends_at, local_tz)
    if end <= start:
        raise ValueError(f"event {event.uid} ends before it starts")
    if event.status is not None and event.status not in STATUSES:
        raise ValueError(f"unknown status {event.status!r}")
    lines = [
        "BEGIN:VEVENT",
        f"UID:{_single_line(event.uid)}",
        f"DTSTAMP:{format_utc(dtstamp, local_tz)}",
        f"DTSTART:{format_utc(start, local_tz)}",
        f"DTEND:{format_utc(end, local_tz)}",
        f"SUMMARY:{escape_text(event.summary)}",
    ]
    if event.description:
        lines.append(f"DESCRIPTION:{escape_text(event.description)}")
    if event.location:
        lines.append(f"LOCATION:{escape_text(event.location)}")
    if event.url:
        lines.append(f"URL:{_single_line(event.url)}")
    if event.categories:
        lines.append("CATEGORIES:" + ",".join(escape_text(c) for c in event.categories))
    if event.status:
        lines.append(f"STATUS:{event.status}")
    if event.sequence:
        lines.append(f"SEQUENCE:{int(event.sequence)}")
    lines.append("END:VEVENT")
    return lines


def calendar(
    events: Iterable[IcsEvent],
    *,
    dtstamp: datetime,
    local_tz: str,
    name: str | None = None,
    prodid: str = PRODID,
) -> str:
    """A VCALENDAR of any number of events; `dtstamp` is passed in (when the file was produced)."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{prodid}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH"]
    if name:
        lines += [f"X-WR-CALNAME:{escape_text(name)}", f"X-WR-TIMEZONE:{local_tz}"]
    for event in events:
        lines += _vevent(event, dtstamp, local_tz)
    lines.append("END:VCALENDAR")
    return "".join(fold_line(line) + CRLF for line in lines)


def event_ics(event: IcsEvent, *, dtstamp: datetime, local_tz: str) -> str:
    """The downloadable .ics of one event."""
    return calendar([event], dtstamp=dtstamp, local_tz=local_tz)


def feed_ics(
    events: Iterable[IcsEvent], *, dtstamp: datetime, name: str, local_tz: str
) -> str:
    """A subscribable feed (e.g. one club's events), named so the calendar app shows whose it is."""
    return calendar(events, dtstamp=dtstamp, name=name, local_tz=local_tz)

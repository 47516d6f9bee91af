"""The iCalendar writer: exact UTC instants, escaping and folding of Vietnamese text, read back by a parser."""
import re
import unicodedata
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ecosystem.services.events.ical import IcsEvent, escape_text, event_ics, feed_ics, fold_line

STAMP = datetime(2026, 3, 1, 9, 30, tzinfo=timezone.utc)
HCMC = "Asia/Ho_Chi_Minh"  # the writer takes the zone as input; these cases are written in it
LONG_VI = (
    "Hội thảo “Chuyển đổi số cho doanh nghiệp nhỏ và vừa”, do Sở Khoa học và Công nghệ "
    "phối hợp với Trung tâm Đổi mới sáng tạo tổ chức; diễn giả: TS. Nguyễn Thị Hương.\n"
    "Đường dẫn: C:\\tài liệu\\slide.pdf — đăng ký trước ngày 05/03."
)


def unfold(text: str) -> list[str]:
    """The test's own reader: undo folding (CRLF + one space or tab) and split logical lines."""
    assert text.endswith("\r\n")
    return re.sub(r"\r\n[ \t]", "", text).split("\r\n")[:-1]


def unescape(value: str) -> str:
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def parse(text: str) -> list[dict[str, str]]:
    """Each VEVENT as {property name: unescaped value}; only what this writer produces."""
    events, current = [], None
    for line in unfold(text):
        name, value = line.split(":", 1)
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            events.append(current)
            current = None
        elif current is not None:
            current[name.split(";", 1)[0]] = value if name in {"URL", "UID"} else unescape(value)
    return events


def workshop(**changes):
    fields = dict(
        uid="event-42@ecosystem.example",
        starts_at=datetime(2026, 3, 10, 19, 0),
        ends_at=datetime(2026, 3, 10, 21, 30),
        summary="Đêm gọi vốn: Khởi nghiệp xanh, năm 2026; vòng 1",
        description=LONG_VI,
        location="Trung tâm Hành chính, Phường Thủ Dầu Một, TP. Hồ Chí Minh",
        url="https://ecosystem.example/events/42?lang=vi,en",
    )
    fields.update(changes)
    return IcsEvent(**fields)


def test_19h_in_ho_chi_minh_city_is_12h_utc():
    text = event_ics(workshop(), dtstamp=STAMP, local_tz=HCMC)
    (event,) = parse(text)
    assert event["DTSTART"] == "20260310T120000Z"
    assert event["DTEND"] == "20260310T143000Z"
    assert event["DTSTAMP"] == "20260301T093000Z"


def test_early_morning_local_time_falls_on_the_previous_utc_day():
    (event,) = parse(event_ics(workshop(starts_at=datetime(2026, 1, 1, 6, 0)), dtstamp=STAMP, local_tz=HCMC))
    assert event["DTSTART"] == "20251231T230000Z"


def test_aware_datetimes_keep_their_instant():
    start = datetime(2026, 3, 10, 12, 0, tzinfo=timezone.utc)
    text = event_ics(workshop(starts_at=start, ends_at=start + timedelta(hours=1)), dtstamp=STAMP, local_tz=HCMC)
    assert parse(text)[0]["DTSTART"] == "20260310T120000Z"


def test_text_fields_round_trip_through_escaping_and_folding():
    original = workshop()
    (event,) = parse(event_ics(original, dtstamp=STAMP, local_tz=HCMC))
    assert event["SUMMARY"] == original.summary
    assert event["DESCRIPTION"] == original.description
    assert event["LOCATION"] == original.location
    assert event["URL"] == original.url
    assert event["UID"] == original.uid


def test_escaping_of_the_special_characters():
    assert escape_text("a,b;c\\d\ne\r\nf") == "a\\,b\\;c\\\\d\\ne\\nf"
    assert escape_text("Hồ\x00 Chí\x07 Minh") == "Hồ Chí Minh"


def test_physical_lines_are_crlf_terminated_and_at_most_75_octets_of_whole_characters():
    raw = event_ics(workshop(), dtstamp=STAMP, local_tz=HCMC).encode("utf-8")
    assert b"\n" not in raw.replace(b"\r\n", b"")
    physical = raw.split(b"\r\n")[:-1]
    assert any(line.startswith(b" ") for line in physical), "the long description must be folded"
    for line in physical:
        assert len(line) <= 75
        line.decode("utf-8")  # raises if a character was cut in two


def test_folding_counts_octets_not_characters():
    line = "DESCRIPTION:" + "ệ" * 40  # 12 + 120 octets
    folded = fold_line(line)
    parts = folded.split("\r\n")
    assert [len(p.encode()) for p in parts] == [75, 58]
    assert folded.replace("\r\n ", "") == line


def test_a_feed_holds_every_event_and_is_named():
    events = [workshop(uid=f"event-{i}@x", summary=f"Buổi {i}") for i in range(3)]
    text = feed_ics(events, dtstamp=STAMP, local_tz=HCMC, name="CLB Khởi nghiệp Bình Dương, sự kiện")
    lines = unfold(text)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert "VERSION:2.0" in lines
    assert "X-WR-CALNAME:CLB Khởi nghiệp Bình Dương\\, sự kiện" in lines
    assert [e["UID"] for e in parse(text)] == ["event-0@x", "event-1@x", "event-2@x"]


def test_an_empty_feed_is_still_a_valid_calendar():
    lines = unfold(feed_ics([], dtstamp=STAMP, local_tz=HCMC, name="Trống"))
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert "BEGIN:VEVENT" not in lines


def test_optional_fields_status_sequence_and_categories():
    event = workshop(description=None, location=None, url=None, status="CANCELLED", sequence=2,
                     categories=("Hội thảo", "AI, IoT"))
    (parsed,) = parse(event_ics(event, dtstamp=STAMP, local_tz=HCMC))
    assert "DESCRIPTION" not in parsed and "LOCATION" not in parsed and "URL" not in parsed
    assert parsed["STATUS"] == "CANCELLED" and parsed["SEQUENCE"] == "2"
    assert "CATEGORIES:Hội thảo,AI\\, IoT" in unfold(event_ics(event, dtstamp=STAMP, local_tz=HCMC))


def test_an_event_that_ends_before_it_starts_is_refused():
    with pytest.raises(ValueError):
        event_ics(workshop(ends_at=datetime(2026, 3, 10, 18, 0)), dtstamp=STAMP, local_tz=HCMC)
    with pytest.raises(ValueError):
        event_ics(workshop(status="MAYBE"), dtstamp=STAMP, local_tz=HCMC)


TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\n,;\\ệĐ"), max_size=300)


@given(summary=TEXT.filter(bool), description=TEXT)
def test_any_text_survives_the_round_trip(summary, description):
    text = event_ics(workshop(summary=summary, description=description or None), dtstamp=STAMP, local_tz=HCMC)
    (event,) = parse(text)
    assert event["SUMMARY"] == unicodedata.normalize("NFC", summary)
    if description:
        assert event["DESCRIPTION"] == unicodedata.normalize("NFC", description)

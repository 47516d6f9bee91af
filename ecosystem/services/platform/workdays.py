"""Working-day arithmetic over a holiday calendar kept as data, so statutory deadlines skip Tết and swaps.

Pure: the calendar is built from plain rows (date, kind, name_vi, name_en) and every function takes
it as an argument. `read_holiday_rows` is the one tiny reader of seeds/holidays/*.csv.
Periods follow the Civil Code 2015 (art. 147-148): counting starts the day after the event, and a
period in calendar days that ends on a day off ends on the next working day.
"""
import csv
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Mapping

from ecosystem.services.platform.errors import DomainError

HOLIDAYS_DIR = Path(__file__).resolve().parents[3] / "seeds" / "holidays"
KINDS = ("holiday", "workday")  # workday = a Saturday/Sunday worked in exchange for a bridge day off
WEEKEND = frozenset({5, 6})  # Saturday, Sunday: the civil service's weekly days off
ONE_DAY = timedelta(days=1)


class CalendarError(DomainError, ValueError):
    """A bad calendar row, or a date in a year the calendar holds no data for (add it to seeds/holidays)."""


@dataclass(frozen=True)
class CalendarDay:
    day: date
    kind: str
    name_vi: str
    name_en: str


@dataclass(frozen=True)
class HolidayCalendar:
    """Days that differ from the weekly pattern, and the years for which that list is complete."""

    days: Mapping[date, CalendarDay] = field(default_factory=dict)
    first_year: int | None = None
    last_year: int | None = None
    weekend: frozenset = WEEKEND

    def covers(self, day: date) -> bool:
        if self.first_year is None or self.last_year is None:
            return True
        return self.first_year <= day.year <= self.last_year

    def is_working_day(self, day: date) -> bool:
        if not self.covers(day):
            raise CalendarError("year_not_in_calendar", year=day.year)
        entry = self.days.get(day)
        if entry is not None:
            return entry.kind == "workday"
        return day.weekday() not in self.weekend

    def entry(self, day: date) -> CalendarDay | None:
        """The holiday or swapped working day on `day`, for display; None on an ordinary day."""
        return self.days.get(day)


def _as_date(value) -> date:
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value).strip())


def load_calendar(rows: Iterable[Mapping], years: tuple[int, int] | None = None) -> HolidayCalendar:
    """Calendar from rows {date, kind, name_vi, name_en}; covers `years` or the span of the rows."""
    days: dict[date, CalendarDay] = {}
    for number, row in enumerate(rows, start=1):
        try:
            day = _as_date(row["date"])
        except (KeyError, ValueError) as exc:
            raise CalendarError("bad_date", row=number, value=row.get("date")) from exc
        kind = str(row.get("kind", "")).strip()
        if kind not in KINDS:
            raise CalendarError("bad_kind", row=number, day=day, kind=kind, kinds=KINDS)
        if kind == "workday" and day.weekday() not in WEEKEND:
            raise CalendarError("workday_not_weekend", row=number, day=day)
        if day in days:
            raise CalendarError("listed_twice", row=number, day=day)
        days[day] = CalendarDay(day, kind, str(row.get("name_vi", "")).strip(), str(row.get("name_en", "")).strip())
    if years is None and days:
        years = (min(days).year, max(days).year)
    first, last = years if years else (None, None)
    return HolidayCalendar(days=days, first_year=first, last_year=last)


def read_holiday_rows(directory: Path | str = HOLIDAYS_DIR) -> list[dict]:
    """Every row of every CSV under seeds/holidays/ (blank lines and '#' comments skipped)."""
    rows: list[dict] = []
    for path in sorted(Path(directory).glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            lines = [line for line in handle if line.strip() and not line.lstrip().startswith("#")]
        rows.extend(csv.DictReader(lines))
    return rows


@lru_cache(maxsize=1)
def default_calendar() -> HolidayCalendar:
    """The Vietnamese calendar shipped in seeds/holidays/, loaded once per process."""
    return load_calendar(read_holiday_rows())


def _check_count(n: int) -> None:
    if not isinstance(n, int) or isinstance(n, bool):
        raise TypeError(f"a number of days must be an int, not {n!r}")
    if n < 0:
        raise ValueError(f"a number of days cannot be negative ({n})")


def add_working_days(start: date, n: int, calendar: HolidayCalendar) -> date:
    """The n-th working day after `start` (the day of receipt itself is never counted); n=0 → start."""
    _check_count(n)
    day = start
    counted = 0
    while counted < n:
        day += ONE_DAY
        if calendar.is_working_day(day):
            counted += 1
    return day


def next_working_day(day: date, calendar: HolidayCalendar) -> date:
    """`day` itself if it is a working day, else the first working day after it."""
    while not calendar.is_working_day(day):
        day += ONE_DAY
    return day


def add_calendar_days(start: date, n: int, calendar: HolidayCalendar | None = None) -> date:
    """start + n days; with a calendar, an end on a day off moves to the next working day (Civil Code art. 148)."""
    _check_count(n)
    end = start + timedelta(days=n)
    return next_working_day(end, calendar) if calendar is not None else end


def working_days_between(start: date, end: date, calendar: HolidayCalendar) -> int:
    """Working days in (start, end]; negative when end is before start (e.g. days overdue)."""
    if end < start:
        return -working_days_between(end, start, calendar)
    count = 0
    day = start + ONE_DAY
    while day <= end:
        if calendar.is_working_day(day):
            count += 1
        day += ONE_DAY
    return count

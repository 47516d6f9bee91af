"""Dates dd/mm/yyyy, money as 1.500.000.000 ₫, timestamps in local time: the same words in pages,
notifications and exports, in the reader's language (the recipient's inside force_locale)."""
from datetime import date, datetime

from babel.numbers import format_decimal
from flask_babel import format_date, format_datetime

from ecosystem.i18n import current_locale
from ecosystem.models.base import as_utc


def format_vnd(amount: int | None, locale: str | None = None) -> str:
    """Integer VND with the locale's grouping: '1.500.000.000 ₫' in Vietnamese."""
    if amount is None:
        return ""
    return f"{format_decimal(int(amount), format='#,##0', locale=locale or current_locale())} ₫"


def format_day(value: date | datetime | str | None) -> str:
    """A day in the reader's format; an ISO string (a date kept as data, e.g. an introduction's path) too."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value[:10])
        except ValueError:
            return value
    if current_locale() == "vi":
        return format_date(value, "dd/MM/yyyy")
    return format_date(value, "dd MMM yyyy")


def format_moment(value: datetime | None) -> str:
    """A timestamp in Hồ Chí Minh City time."""
    if value is None:
        return ""
    pattern = "dd/MM/yyyy HH:mm" if current_locale() == "vi" else "dd MMM yyyy HH:mm"
    return format_datetime(as_utc(value), pattern)

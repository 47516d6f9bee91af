"""Money, rates and month arithmetic shared by the pure fund rules (no Flask, models or database).

Money is int VND (the đồng has no minor unit); rates are Decimal, never float.
"""
from calendar import monthrange
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from ecosystem.services.platform.errors import DomainError


class FundRuleError(DomainError, ValueError):
    """A rule refused an entry; `code` is stable for callers, `params` hold the limits it broke."""


def round_vnd(value) -> int:
    """Whole đồng, half up: the only rounding money gets."""
    return int(Decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def as_rate(value) -> Decimal:
    """A rate as Decimal; a float is read through its text so 0.1 stays 0.1."""
    return value if isinstance(value, Decimal) else Decimal(str(value))


def pct(rate: Decimal) -> str:
    return f"{(rate * 100).normalize():f} %"


def vnd(amount: int) -> str:
    return f"{amount:,}".replace(",", ".")


def money(value) -> int:
    """value when it is a non-negative int (VND); FundRuleError otherwise."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise FundRuleError("bad_amount", value=value)
    return value


def add_months(day: date, months: int) -> date:
    """Same day-of-month `months` later (negative: earlier), clamped to the month's last day."""
    years, month0 = divmod(day.month - 1 + months, 12)
    year = day.year + years
    return date(year, month0 + 1, min(day.day, monthrange(year, month0 + 1)[1]))


def months_between(start: date, end: date) -> int:
    """Whole months from start to end, 0 when end is not after start."""
    months = (end.year - start.year) * 12 + end.month - start.month
    if months > 0 and add_months(start, months) > end:
        months -= 1
    return max(0, months)

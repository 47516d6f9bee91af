"""Jinja filters and globals: dates dd/mm/yyyy, money as 1.500.000.000 ₫, labels, permissions."""
from datetime import date, datetime

from flask import Flask, current_app, request, url_for
from flask_babel import format_date, format_datetime, get_locale
from flask_login import current_user

from ecosystem.models import vocab
from ecosystem.permissions import can
from ecosystem.validators import is_local_path, is_web_url


def format_vnd(amount: int | None, locale: str | None = None) -> str:
    """Integer VND with the locale's grouping: '1.500.000.000 ₫' in Vietnamese."""
    if amount is None:
        return ""
    locale = locale or str(get_locale() or "vi")
    grouped = f"{int(amount):,}"
    if locale == "vi":
        grouped = grouped.replace(",", ".")
    return f"{grouped} ₫"


def format_day(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if str(get_locale()) == "vi":
        return format_date(value, "dd/MM/yyyy")
    return format_date(value, "dd MMM yyyy")


def format_moment(value: datetime | None) -> str:
    """A timestamp in Hồ Chí Minh City time."""
    if value is None:
        return ""
    from ecosystem.models.base import as_utc
    pattern = "dd/MM/yyyy HH:mm" if str(get_locale()) == "vi" else "dd MMM yyyy HH:mm"
    return format_datetime(as_utc(value), pattern)


def safe_url(value) -> str | None:
    """A stored link fit for href: http(s), mailto or a path of this site; None for anything else
    (javascript:, data:, a link hiding a control character), which templates show as text."""
    if is_web_url(value, allow_mailto=True) or is_local_path(value):
        return value
    return None


def register(app: Flask) -> None:
    app.jinja_env.filters["safe_url"] = safe_url
    app.jinja_env.filters["vnd"] = format_vnd
    app.jinja_env.filters["day"] = format_day
    app.jinja_env.filters["moment"] = format_moment
    app.jinja_env.globals["vocab"] = vocab
    app.jinja_env.globals["label"] = vocab.label
    app.jinja_env.globals["can"] = can

    @app.context_processor
    def chrome():
        from ecosystem.services.platform.notifications import unread_count
        locale = str(get_locale() or "vi")
        unread = unread_count(current_user.id) if current_user.is_authenticated else 0
        nav = [{"url": url_for(endpoint), "label": text}
               for endpoint, text, action, _order in current_app.config.get("NAV", [])
               if can(action)]
        return {"locale": locale, "unread_count": unread, "current_path": request.full_path,
                "nav_items": nav}

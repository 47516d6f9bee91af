"""Jinja filters and globals: the formatting of ecosystem.formatting, labels, permissions."""
from flask import Flask, request
from flask_login import current_user
from markupsafe import Markup, escape

from ecosystem.formatting import format_day, format_moment, format_vnd
from ecosystem.i18n import current_locale, template_gettext
from ecosystem.models import vocab
from ecosystem.permissions import can
from ecosystem.services.directory.wards import ward_units
from ecosystem.services.platform.scheduler_heartbeat import scheduler_silence
from ecosystem.validators import is_local_path, is_web_url


def safe_url(value) -> str | None:
    """A stored link fit for href: http(s), mailto or a path of this site; None for anything else
    (javascript:, data:, a link hiding a control character), which templates show as text."""
    if is_web_url(value, allow_mailto=True) or is_local_path(value):
        return value
    return None


def org_name(org) -> str:
    """An organisation's name in the reader's language: its English name on English pages where it
    has one, else its registered (Vietnamese) name; anything without one shows its name."""
    if org is None:
        return ""
    if hasattr(org, "display_name"):
        return org.display_name(current_locale())
    return getattr(org, "name", str(org))


def decimal(value, places: int = 1) -> str:
    """A score or ratio with fixed decimals in the reader's locale (Babel): 3,25 in Vietnamese, 3.25
    in English; '–' for no value."""
    from ecosystem.services.dashboard.svg_primitives import format_number
    return format_number(value, decimals=places, locale=current_locale())


def option_tags(options, current) -> Markup:
    """The <option>s of a filter, built in Python: a ward list has hundreds, on every list page."""
    return Markup("".join(
        f'<option value="{escape(value)}"{" selected" if value == current else ""}>{escape(text)}</option>'
        for value, text in options))


def register(app: Flask) -> None:
    app.jinja_env.filters["safe_url"] = safe_url
    app.jinja_env.filters["org_name"] = org_name
    app.jinja_env.filters["decimal"] = decimal
    app.jinja_env.filters["vnd"] = format_vnd
    app.jinja_env.filters["day"] = format_day
    app.jinja_env.filters["moment"] = format_moment
    app.jinja_env.globals["vocab"] = vocab
    app.jinja_env.globals["label"] = vocab.label
    app.jinja_env.globals["can"] = can
    app.jinja_env.globals["option_tags"] = option_tags
    app.jinja_env.globals["ward_units"] = ward_units
    app.jinja_env.globals["scheduler_silence"] = scheduler_silence  # templates/_scheduler_notice.html

    @app.context_processor
    def chrome():
        from ecosystem.services.platform.notifications import unread_count
        locale = current_locale()
        unread = unread_count(current_user.id) if current_user.is_authenticated else 0
        from ecosystem.views.platform.navigation import menus
        return {"locale": locale, "unread_count": unread, "current_path": request.full_path,
                "nav_menus": menus(), **template_gettext()}

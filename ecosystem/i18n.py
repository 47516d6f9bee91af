"""Language choice and the English catalogue build; Vietnamese is the source language.

Message ids are the Vietnamese texts. English lives in ecosystem/translations/en/parts/*.po,
one file per domain so features can be worked on side by side; `python -m ecosystem.i18n`
merges the parts into messages.po and compiles messages.mo (run by make).
"""
import os
from pathlib import Path

from flask import current_app, request
from flask_babel import get_locale
from flask_login import current_user

COOKIE = "lang"
TRANSLATIONS = Path(__file__).resolve().parent / "translations"


def select_locale() -> str:
    """The signed-in user's choice, else the language cookie, else Vietnamese."""
    languages = current_app.config["LANGUAGES"]
    if request.path.startswith("/api/") and request.headers.get("Accept-Language"):
        # A program names its language per request; labels in the API follow it.
        return request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    chosen = request.cookies.get(COOKIE)
    return chosen if chosen in languages else current_app.config["BABEL_DEFAULT_LOCALE"]


def current_locale() -> str:
    """The language being written in: the reader's, or the recipient's inside force_locale."""
    return str(get_locale() or "vi")


def template_gettext() -> dict:
    """The templates' gettext callables bound to this render's translations: Flask-Babel's find
    the translations through the request context on every call, and a page makes a hundred."""
    from flask_babel import get_translations
    from jinja2.ext import (_make_new_gettext, _make_new_ngettext, _make_new_npgettext,
                            _make_new_pgettext)  # how Jinja itself wraps them (autoescape, %)
    found = get_translations()
    return {"gettext": _make_new_gettext(found.ugettext), "ngettext": _make_new_ngettext(found.ungettext),
            "pgettext": _make_new_pgettext(found.upgettext),
            "npgettext": _make_new_npgettext(found.unpgettext)}


def select_timezone() -> str:
    """Everyone sees times in the ecosystem's one zone (Config.TIMEZONE), as the local clock counts days."""
    return current_app.config["TIMEZONE"]


class CatalogueConflict(ValueError):
    """One Vietnamese text (in one context) given two English texts by different parts: a meaning
    would silently get the other meaning's words, so the build stops and names them."""


def merge_parts(parts_dir: Path):
    """The English parts merged into one catalogue keyed by (context, Vietnamese text).

    A text that means two things carries a msgctxt (pgettext in the code) in one of the parts;
    the same text with the same context but two translations raises CatalogueConflict.
    """
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po

    merged = Catalog(locale="en", project="ecosystem")
    seen: dict[tuple, str] = {}
    conflicts: list[str] = []
    parts = sorted(parts_dir.glob("*.po"), key=lambda p: (p.stem != "core", p.stem))
    for part in parts:
        with part.open("rb") as handle:
            for message in read_po(handle, locale="en"):
                if not (message.id and message.string):
                    continue
                key = (message.context, message.id)
                known = merged.get(message.id, context=message.context)
                if known is not None:
                    if known.string != message.string:
                        conflicts.append(f"{part.name}: {message.id!r}"
                                         f"{' [' + message.context + ']' if message.context else ''}"
                                         f" → {message.string!r}, but {seen[key]} has {known.string!r}")
                    continue
                seen[key] = part.name
                merged.add(message.id, message.string, context=message.context)
    if conflicts:
        raise CatalogueConflict("one Vietnamese text, two English ones (give each meaning a msgctxt "
                                "and use pgettext):\n" + "\n".join(conflicts))
    return merged


def build_catalogues(translations: Path = TRANSLATIONS) -> int:
    """Merge the English parts into one catalogue and compile it; returns the message count."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import write_po

    merged = merge_parts(translations / "en" / "parts")
    target = translations / "en" / "LC_MESSAGES"
    target.mkdir(parents=True, exist_ok=True)
    for name, writer in (("messages.po", write_po), ("messages.mo", write_mo)):
        # Written aside then renamed, so parallel test workers never read half a file.
        temporary = target / f".{name}.{os.getpid()}"
        with temporary.open("wb") as handle:
            writer(handle, merged)
        os.replace(temporary, target / name)
    return len(merged)


if __name__ == "__main__":
    print(f"English catalogue: {build_catalogues()} messages")

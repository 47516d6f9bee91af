"""The last answer to a server error: when even the error page cannot be rendered (the database is
down, the session is broken), a static page in the reader's language, chosen from the request
alone (the language cookie, then Accept-Language), since the signed-in user's choice needs the database."""
from pathlib import Path

from flask import Request

from ecosystem.i18n import COOKIE

PAGES = Path(__file__).resolve().parents[2] / "static" / "errors"
LANGUAGES = ("vi", "en")


def reader_language(request: Request) -> str:
    chosen = request.cookies.get(COOKIE)
    if chosen in LANGUAGES:
        return chosen
    return request.accept_languages.best_match(LANGUAGES) or LANGUAGES[0]


def static_error_page(request: Request, code: int = 500):
    """(body, status, headers) of the static page for code in the reader's language."""
    body = (PAGES / f"500.{reader_language(request)}.html").read_text(encoding="utf-8")
    return body, code, {"Content-Type": "text/html; charset=utf-8", "Content-Language": reader_language(request)}

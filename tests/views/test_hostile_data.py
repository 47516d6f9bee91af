"""Hostile data everywhere, crawled everywhere (both databases): every free-text and link field of
every entity holds a payload (script tags, event handlers, javascript:/data: links, SVG with script,
spreadsheet formulas, 100,000 characters, right-to-left overrides, calendar line breaks); then every
GET route of app.url_map, as anonymous, startup member, officer and admin, every export, calendar,
chart and the network map, and the e-mails of the outbox: no 5xx, no live markup or link, no live
formula, no injected calendar line. NUL bytes are refused at the input, so they are posted."""
import json

import pytest
from sqlalchemy import select
from werkzeug.exceptions import MethodNotAllowed, NotFound
from werkzeug.routing import RequestRedirect

from ecosystem.extensions import db
from ecosystem.models import OutboxMessage
from ecosystem.services.platform.mail import build_email
from tests.access_cases import modules
from tests.conftest import login
from tests.hostile import csv_problems, ics_problems, markup_problems, unclassified, xlsx_problems
from tests.hostile_world import build_hostile_world

ROLES = ("anon", "startup", "officer", "admin")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Formats a route serves besides the one its access case names.
EXTRA = ("/exports/orgs.xlsx", "/exports/people.csv", "/support/export.xlsx")


@pytest.fixture
def hostile(app):
    return build_hostile_world()


def get_urls(world: dict) -> list[str]:
    found = {template.format(**world) for module in modules() for method, template, _ok in module.CASES
             if method == "GET" and "/logout" not in template}
    return sorted(found | set(EXTRA))


def test_every_text_column_is_filled_or_explained():
    assert unclassified() == [], "add the column to FREE_TEXT or NOT_FREE_TEXT in tests/hostile.py"


def problems_of(url: str, response) -> list[str]:
    if response.status_code >= 500:
        return [f"{url} → {response.status_code}"]
    if response.status_code != 200:
        return []
    kind, found = response.mimetype, []
    if kind in ("text/html", "image/svg+xml"):
        found = markup_problems(response.get_data(as_text=True))
    elif kind == "text/csv":
        found = csv_problems(response.data)
    elif kind == XLSX:
        found = xlsx_problems(response.data)
    elif kind == "text/calendar":
        found = ics_problems(response.data)
    elif kind == "application/json":
        found = [f"link {v!r}" for k, v in _pairs(json.loads(response.data))
                 if k in ("website", "url", "link") and isinstance(v, str) and v  # (the OpenAPI
                 and not v.startswith(("http", "/"))]                              # spec has schemas there)
    return [f"{url}: {p}" for p in found]


def _pairs(value):
    if isinstance(value, dict):
        for key, item in value.items():
            yield key, item
            yield from _pairs(item)
    elif isinstance(value, list):
        for item in value:
            yield from _pairs(item)


@pytest.mark.parametrize("role", ROLES)
def test_no_page_export_or_feed_lets_a_payload_act(app, hostile, role):
    client = app.test_client()
    if role != "anon":
        assert login(client, hostile["users"][role].email).status_code == 302
    app.config["PROPAGATE_EXCEPTIONS"] = False
    urls = get_urls(hostile)
    found, kinds = [], set()
    for url in urls:
        response = client.get(url)
        found += problems_of(url, response)
        if response.status_code == 200:
            kinds.add(response.mimetype)
    assert found == []
    if role == "admin":
        assert {"text/html", "text/csv", XLSX, "text/calendar", "image/svg+xml", "application/json"} <= kinds
        _assert_every_get_route_was_crawled(app, urls)
        page = client.get(f"/orgs/{hostile['startup_a_slug']}").get_data(as_text=True)
        assert "&lt;script&gt;alert(" in page or "&lt;img src=x onerror" in page  # rendered, escaped


def _assert_every_get_route_was_crawled(app, urls):
    adapter = app.url_map.bind("localhost")
    seen = set()
    for url in urls:
        try:
            seen.add(adapter.match(url.split("?")[0], method="GET")[0])
        except (NotFound, MethodNotAllowed, RequestRedirect):
            pass
    rules = {rule.endpoint for rule in app.url_map.iter_rules()
             if "GET" in rule.methods and rule.endpoint not in ("static", "auth.logout")}
    assert sorted(rules - seen) == []


def test_the_mail_composed_from_hostile_rows_is_safe_to_send(hostile):
    messages = list(db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.id >= hostile["first_new_mail"])))
    assert len(messages) >= 2
    for message in messages:
        assert "\r" not in message.subject and "\n" not in message.subject
        email = build_email("no-reply@sokhcn.example.vn", message.to, message.subject, message.body)
        assert email["X-INJECT"] is None and email["To"] == message.to


def test_nul_bytes_are_refused_on_every_form_route(app, hostile):
    client = app.test_client()
    login(client, hostile["users"]["admin"].email)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    posts = sorted({template.format(**hostile) for module in modules() for method, template, _ok in module.CASES
                    if method == "POST" and "/logout" not in template})
    wrong = [f"{url} → {status}" for url in posts
             if (status := client.post(url, data={"name": "Công ty\x00", "title": "\x00", "q": "x"}).status_code) != 400]
    assert len(posts) > 80 and wrong == []

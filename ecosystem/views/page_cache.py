"""Public lists answered from the worker's memory for anonymous visitors: the same directory page,
search or API list asked again within PAGE_CACHE_SECONDS is sent as rendered, not rebuilt.

Only for a request without any cookie or Authorization header (so never a signed-in person's page,
never a page carrying a flash message or a CSRF token), only GET, only the endpoints below, only a 200
that sets no cookie. The key is the full URL and the language the page is written in. A write to what
the pages show, committed in this worker, empties it; other workers' writes show within
PAGE_CACHE_SECONDS.
"""
from __future__ import annotations

from flask import Flask, current_app, g, request

from ecosystem.services.platform.process_cache import remember_for, stored, watch

ENDPOINTS = frozenset({
    "orgs.index", "orgs.detail", "people.index", "events.index",
    "api_directory.organisations", "api_directory.people", "api_events.events",
})
KEPT_HEADERS = ("Content-Type", "Link", "X-Total-Count", "ETag", "Vary")
MOST_PAGES = 200  # ≈ 6 MB of rendered pages per worker at most
NAME = "pages"
# What the pages above show (a session, a login, an audit or access-log row does not change them).
SHOWN = ("organisations", "startup_profiles", "startup_extras", "sectors", "people", "mentor_profiles",
         "investor_profiles", "relationships", "events", "event_registrations", "office_hour_slots",
         "cert_certificates", "st_funds", "ip_records", "labs", "international_partners",
         "cooperation_agreements", "tech_offers", "tech_demands", "award_results", "settings")
watch(NAME, SHOWN)


def _key() -> tuple | None:
    """The cache key of this request, or None when its answer must be built for it alone."""
    if (request.method != "GET" or request.endpoint not in ENDPOINTS or request.cookies
            or "Authorization" in request.headers or "If-None-Match" in request.headers
            or "If-Modified-Since" in request.headers):
        return None
    from ecosystem.i18n import select_locale
    return (request.full_path, select_locale())


def serve_kept():
    """before_request: the kept answer, if any (after the rate limits, which still count it)."""
    seconds = current_app.config.get("PAGE_CACHE_SECONDS", 0)
    if seconds <= 0:
        return None
    key = _key()
    if key is None:
        return None
    found = stored(NAME, key)
    if found is None:
        g.page_cache_key = key
        return None
    body, headers = found
    response = current_app.response_class(body, status=200, headers=headers)
    response.headers["X-Page-Cache"] = "hit"
    return response


def keep(response):
    """after_request: keep a fresh 200 asked by an anonymous visitor, as sent."""
    key = g.pop("page_cache_key", None)
    if key is None or response.status_code != 200 or response.direct_passthrough \
            or "Set-Cookie" in response.headers:
        return response
    headers = [(name, response.headers[name]) for name in KEPT_HEADERS if name in response.headers]
    remember_for(NAME, key, (response.get_data(), headers), current_app.config["PAGE_CACHE_SECONDS"],
                 most=MOST_PAGES)
    return response


def register(app: Flask) -> None:
    app.before_request(serve_kept)
    app.after_request(keep)


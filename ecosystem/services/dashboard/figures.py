"""The dashboard's figures: every indicator for a scope, cached with the time they were computed.

The officers' page, the public page, the annual report and the benchmark all call
`dashboard_panels`, so a figure cannot differ between them for the same period and place.
"""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy.exc import IntegrityError

from ecosystem.clock import local_today
from ecosystem.extensions import db
from ecosystem.models import AggregateCache
from ecosystem.models.base import utcnow
from ecosystem.services.dashboard import directory_indicators as ind
from ecosystem.services.dashboard import programme_indicators as dom
from ecosystem.services.dashboard import recompute_requests as requests
from ecosystem.services.dashboard.stored_rows import stored_row
from ecosystem.services.dashboard.transfer_indicators import ip_indicator, transfer_indicators
from ecosystem.services.platform.settings import setting

Scope = ind.Scope


def default_scope(today: date | None = None, former_district: str = "", ward: str = "") -> Scope:
    """The last [setting] dashboard.trend_years years up to this one."""
    year = (today or local_today()).year
    span = int(setting("dashboard.trend_years"))
    return Scope(year - span + 1, year, former_district, ward)


def compute_panels(scope: Scope, *, public: bool) -> list[dict]:
    """Every indicator of RULES §5, in reading order; the public set keeps public figures only."""
    panels = [
        *ind.startup_indicators(scope),
        dom.supported_indicator(scope),
        ind.support_org_indicator(scope),
        ind.network_people_indicator(scope),
        dom.events_indicator(scope),
        dom.certificates_indicator(scope),
        dom.standards_indicator(scope),
        dom.awards_indicator(scope, public=public),
        ind.capital_indicator(scope),
        ind.unavailable("ma_deals", public=False),
        dom.support_indicator(scope),
        dom.matching_indicator(scope),
        dom.funds_indicator(scope),
        *transfer_indicators(scope),
        ip_indicator(scope),
    ]
    return [p for p in panels if p["public"]] if public else panels


def cache_key(scope: Scope, public: bool) -> str:
    return f"dashboard|{'public' if public else 'staff'}|{scope.key()}"


def dashboard_panels(scope: Scope, *, public: bool, refresh: bool = False) -> dict:
    """{"panels", "computed_at", "from_cache", "stale"}: the stored figures when there are any — past
    dashboard.cache_seconds they are still shown, marked stale, and a recompute is asked of the
    scheduler —, else computed now and stored (the caller commits)."""
    key = cache_key(scope, public)
    stored = None if refresh else stored_row(key)
    if stored is not None:
        max_age = timedelta(seconds=int(setting("dashboard.cache_seconds")))
        stale = utcnow() - stored["computed_at"] >= max_age
        if stale:
            ask_recompute(scope, public)
        return {"panels": stored["panels"], "computed_at": stored["computed_at"], "from_cache": True,
                "stale": stale}
    cached = db.session.get(AggregateCache, key)
    panels = compute_panels(scope, public=public)
    now = utcnow()
    if cached is None:
        db.session.add(AggregateCache(key=key, payload={"panels": panels}, computed_at=now))
    else:
        cached.payload, cached.computed_at = {"panels": panels}, now
    return {"panels": panels, "computed_at": now, "from_cache": False, "stale": False}


def ask_recompute(scope: Scope, public: bool) -> None:
    """Leave the scheduler a request to recompute this scope's figures (the caller commits)."""
    requests.ask(cache_key(scope, public), {"public": public, "scope": [
        scope.year_from, scope.year_to, scope.former_district, scope.ward]})


def save_cache() -> None:
    """Commit a freshly computed cache row or a recompute request; a concurrent request that stored
    it first wins."""
    if not (db.session.new or db.session.dirty or db.session.deleted):
        return  # stored figures shown as they are: nothing to write (a commit would expire the user)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()


def panel_by_code(panels: list[dict], code: str) -> dict | None:
    return next((p for p in panels if p["code"] == code), None)

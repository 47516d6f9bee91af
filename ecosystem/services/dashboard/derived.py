"""Network health, network maps and the dashboard's figures computed in the scheduler's process and
stored (aggregate_cache), so web workers hold no networkx graph and no visitor waits for
betweenness, a layout of thousands of nodes or a full recount. Pages read what is stored, say when
it was computed, and leave a request (recompute_requests) for anything missing or asked for.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import force_locale
from markupsafe import Markup

from ecosystem.extensions import db
from ecosystem.models import AggregateCache
from ecosystem.models.base import as_utc, utcnow
from ecosystem.services.dashboard import recompute_requests as requests
from ecosystem.services.dashboard.stored_rows import stored_made, stored_row
from ecosystem.services.platform.settings import setting

HEALTH = "network|health"
MAP = "network|map|"
LONELY_SHOWN = 200  # the health page lists this many startups without support, then a count
NO_FILTER = {"kind": [], "sector": [], "place": "", "country": []}


@dataclass(frozen=True)
class StoredMap:
    """A drawn map as stored (network_map.NetworkMap without importing networkx into web workers)."""

    svg: Markup  # drawn by us (network_map escapes every label): written into the page as it is
    total_nodes: int
    shown_nodes: int
    clusters: dict

    @property
    def sampled(self) -> bool:
        return self.shown_nodes < self.total_nodes

    @classmethod
    def with_time(cls, payload: dict, computed_at: datetime) -> tuple[StoredMap, datetime]:
        return cls(Markup(payload["svg"]), payload["total_nodes"], payload["shown_nodes"],
                   payload["clusters"]), computed_at


def filter_key(chosen: dict) -> str:
    """One text per map filter, whatever the order the reader ticked the boxes in."""
    return json.dumps({"kind": sorted(set(chosen.get("kind") or [])),
                       "sector": sorted(set(chosen.get("sector") or [])),
                       "place": chosen.get("place") or "",
                       "country": sorted(set(chosen.get("country") or []))}, ensure_ascii=False, sort_keys=True)


def _map_key(locale: str, chosen: dict) -> str:
    return f"{MAP}{locale}|{filter_key(chosen)}"


def stored_health() -> dict | None:
    """The last computed network health, or None (and a request to compute it) when there is none."""
    found = stored_row(HEALTH)
    if found is None:
        requests.ask("network")
    return found


def stored_map(locale: str, chosen: dict) -> tuple[StoredMap, datetime] | None:
    """The stored map for this filter and language with when it was computed, or None after leaving a
    request for it. The map is made once per worker and computation: a view that made its own copy of
    the SVG (600 KB) left it in the page's reference cycles until the next full collection."""
    key = _map_key(locale, chosen)
    found = stored_made(key, StoredMap.with_time)
    if found is None:
        requests.ask("map|" + key[len(MAP):], {"locale": locale, "chosen": json.loads(filter_key(chosen))})
    return found


def ask_network_recompute() -> None:
    requests.ask("network")


# -- the scheduler's side ------------------------------------------------------------------------

def _store(key: str, payload: dict, version: int = 0) -> None:
    row = db.session.get(AggregateCache, key)
    if row is None:
        db.session.add(AggregateCache(key=key, payload=payload, computed_at=utcnow(), graph_version=version))
    else:
        row.payload, row.computed_at, row.graph_version = payload, utcnow(), version


def _health_payload(state: str) -> dict:
    from ecosystem.services.dashboard import network_figures
    found = network_figures.health()
    lonely = found["lonely"]
    return {**found, "lonely": lonely[:LONELY_SHOWN], "lonely_count": len(lonely), "state": state}


def _map_payload(locale: str, chosen: dict, state: str) -> dict:
    from ecosystem.services.dashboard import network_figures
    from ecosystem.services.dashboard.network_map import MapFilter
    from ecosystem.services.dashboard.network_words import kind_labels, map_title, map_words
    from ecosystem.services.directory.records import all_sectors
    sectors = {s.code: s.id for s in all_sectors()}
    flt = MapFilter(kinds=frozenset(chosen.get("kind") or []) or None,
                    sectors=frozenset(sectors[c] for c in chosen.get("sector") or [] if c in sectors) or None,
                    places=frozenset([chosen["place"]]) if chosen.get("place") else None,
                    countries=frozenset(chosen.get("country") or []) or None)
    with force_locale(locale):
        result = network_figures.network_map(flt if any((flt.kinds, flt.sectors, flt.places, flt.countries)) else None,
                                             kind_labels(), map_title(), map_words())
    return {**asdict(result), "state": state}


def network_state() -> str:
    """Moves when the graph or the directory may have: the stored figures are then out of date."""
    from ecosystem.services.dashboard.network_figures import directory_stamp
    from ecosystem.services.matching.graph_store import database_version
    return json.dumps([database_version(), [str(part) for part in directory_stamp()]])


def refresh_network(force: bool = False) -> bool:
    """Health and the unfiltered maps (each language) again when the network moved and the last
    computation is older than dashboard.network_refresh_seconds, or when asked; True when computed."""
    state, row = network_state(), db.session.get(AggregateCache, HEALTH)
    if row is not None and not force:
        age = utcnow() - as_utc(row.computed_at)
        if row.payload.get("state") == state or age < timedelta(seconds=int(setting("dashboard.network_refresh_seconds"))):
            return False
    version = json.loads(state)[0]
    _store(HEALTH, _health_payload(state), version)
    for key in [r.key for r in db.session.query(AggregateCache.key).filter(AggregateCache.key.like(MAP + "%"))]:
        db.session.delete(db.session.get(AggregateCache, key))  # filtered maps of the old network
    db.session.flush()
    for locale in current_app.config["LANGUAGES"]:
        _store(_map_key(locale, NO_FILTER), _map_payload(locale, NO_FILTER, state), version)
    return True


def refresh_dashboard(scopes: list[tuple[bool, object]] = ()) -> int:
    """The default period's figures (public and staff) when older than half their cache time, and
    any scope a page asked for; returns how many were computed."""
    from ecosystem.services.dashboard import figures
    default = figures.default_scope()
    half = timedelta(seconds=int(setting("dashboard.cache_seconds")) / 2)
    count = 0
    for public, scope in [(True, default), (False, default), *scopes]:
        row = db.session.get(AggregateCache, figures.cache_key(scope, public))
        if row is None or (public, scope) in scopes or utcnow() - as_utc(row.computed_at) > half:
            figures.dashboard_panels(scope, public=public, refresh=True)
            count += 1
    return count


def refresh_derived() -> dict:
    """The scheduler's job: what pages asked for, then whatever moved. Returns what it did."""
    from ecosystem.services.dashboard.directory_indicators import Scope
    asked = requests.pending()
    network = refresh_network(force=any(r.key == requests.PREFIX + "network" for r in asked))
    scopes, maps = [], 0
    state = network_state()
    for row in asked:
        name = row.key[len(requests.PREFIX):]
        if name.startswith("map|"):
            _store(MAP + name[len("map|"):], _map_payload(row.payload["locale"], row.payload["chosen"], state))
            maps += 1
        elif name.startswith("dashboard|"):
            scopes.append((bool(row.payload["public"]), Scope(*row.payload["scope"])))
        requests.done(row)
    figures = refresh_dashboard(scopes)
    db.session.commit()
    return {"network": network, "maps": maps, "dashboard": figures}


def warm() -> dict:
    """Everything a first visitor would otherwise wait for, computed now (`flask warm`, and the
    scheduler when it starts): the graph snapshot, network health and maps, the dashboard."""
    from ecosystem.services.matching.graph_snapshot import build_snapshot
    snapshot = build_snapshot()
    db.session.commit()
    network = refresh_network(force=True)
    figures = refresh_dashboard()
    db.session.commit()
    return {"graph_version": snapshot.version, "graph_bytes": snapshot.size_bytes,
            "network": network, "dashboard": figures}


def snapshot_job() -> None:
    """Scheduled: a fresh graph snapshot, so workers starting later apply few changes."""
    from ecosystem.services.matching.graph_snapshot import build_snapshot
    build_snapshot()
    db.session.commit()

"""Stored figures (aggregate_cache rows) read by their stamp first: the payload (a network map's SVG,
a dashboard's eighteen panels) is read and decoded once per worker and computation, not on every view."""
from __future__ import annotations

from sqlalchemy import select

from ecosystem.extensions import db
from ecosystem.models import AggregateCache
from ecosystem.models.base import as_utc
from ecosystem.services.platform.process_cache import remember


def stored_row(key: str) -> dict | None:
    """The row's payload with its "computed_at", or None when nothing is stored under `key`."""
    computed_at = db.session.scalar(select(AggregateCache.computed_at).where(AggregateCache.key == key))
    if computed_at is None:
        return None
    found = remember("stored_rows", (key, computed_at), lambda: _load(key))
    return None if found is None else dict(found)


def _load(key: str) -> dict | None:
    row = db.session.get(AggregateCache, key)
    return None if row is None else {**row.payload, "computed_at": as_utc(row.computed_at)}

"""Stored figures (aggregate_cache rows) read by their stamp first: the payload (a network map's SVG,
a dashboard's eighteen panels) is read and decoded once per worker and computation, not on every view."""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import select

from ecosystem.extensions import db
from ecosystem.models import AggregateCache
from ecosystem.models.base import as_utc
from ecosystem.services.platform.process_cache import remember


def stored_row(key: str) -> dict | None:
    """The row's payload with its "computed_at", or None when nothing is stored under `key`."""
    found = stored_made(key, _with_time)
    return None if found is None else dict(found)


def stored_made(key: str, make: Callable[[dict, datetime], Any]):
    """make(payload, computed_at), made once per worker and computation (only that is kept, not the
    payload as well), or None when nothing is stored under `key`."""
    computed_at = db.session.scalar(select(AggregateCache.computed_at).where(AggregateCache.key == key))
    if computed_at is None:
        return None
    return remember("stored_rows", (key, computed_at, make), lambda: _load(key, make))


def _with_time(payload: dict, computed_at: datetime) -> dict:
    return {**payload, "computed_at": computed_at}


def _load(key: str, make):
    row = db.session.get(AggregateCache, key)
    return None if row is None else make(row.payload, as_utc(row.computed_at))

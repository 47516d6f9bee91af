"""Requests for a recompute in the background, left by pages and picked up by the scheduler's
derived-data job, so a visitor asks for fresh figures without waiting for them."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ecosystem.extensions import db
from ecosystem.models import AggregateCache
from ecosystem.models.base import utcnow

PREFIX = "request|"


def ask(key: str, payload: dict | None = None) -> None:
    """Record that `key` should be recomputed (once, however many visitors ask); the caller commits."""
    name = PREFIX + key
    if db.session.get(AggregateCache, name) is not None:
        return
    try:
        with db.session.begin_nested():
            db.session.add(AggregateCache(key=name, payload=payload or {}, computed_at=utcnow()))
    except IntegrityError:
        pass  # another visitor asked at the same moment


def pending() -> list[AggregateCache]:
    """Every open request, oldest first."""
    return list(db.session.scalars(select(AggregateCache).where(AggregateCache.key.like(PREFIX + "%"))
                                   .order_by(AggregateCache.computed_at)))


def asked(key: str) -> bool:
    return db.session.get(AggregateCache, PREFIX + key) is not None


def done(row: AggregateCache) -> None:
    db.session.delete(row)

"""Create once per form: a create form carries a one-time key (forms/once.py); the first submission
records (key, kind, id) in idempotency_keys beside what it created, and a repeated submission (a
double click, a resent form, two tabs) gets the first record back instead of a duplicate.

One table for every kind, rather than a column per table: the forms share this one helper, and
tables that already have their own key (support requests, introductions, fund entries,
nominations) keep theirs. The record and its key are written in one savepoint: when two identical
submissions race, the second waits on the key's unique index (PostgreSQL) or the write lock
(SQLite), then finds the first one's key and returns its record.
"""
from typing import Callable, TypeVar

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ecosystem.extensions import db
from ecosystem.models import IdempotencyKey

T = TypeVar("T")


def _found(key: str, kind: str, user_id: int | None) -> IdempotencyKey | None:
    row = db.session.scalar(select(IdempotencyKey).where(IdempotencyKey.key == key))
    if row is not None and row.kind == kind and row.user_id == user_id:
        return row
    return None


def create_once(kind: str, key: str | None, user_id: int | None, model, create: Callable[[], T]) -> T:
    """create() once per key: the record of the first submission with this key, or a new one.
    A key met with another kind or user is ignored (keys are random; no one shares them)."""
    if not key:
        return create()
    found = _found(key, kind, user_id)
    if found is not None:
        return db.session.get(model, found.target_id)
    if db.session.scalar(select(IdempotencyKey.id).where(IdempotencyKey.key == key)) is not None:
        return create()  # someone else's key: create, without recording it twice
    try:
        with db.session.begin_nested():
            record = create()
            db.session.flush()
            db.session.add(IdempotencyKey(key=key, kind=kind, target_id=record.id, user_id=user_id))
            db.session.flush()
    except IntegrityError:
        found = _found(key, kind, user_id)
        if found is None:
            raise
        return db.session.get(model, found.target_id)
    return record

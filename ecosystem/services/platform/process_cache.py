"""Small reference data every page reads (settings, sectors, list counts) kept in the worker for
PROCESS_CACHE_SECONDS, so a page view does not pay a database round trip for each of them.

A commit that writes one of the watched tables empties this worker's cache at once; other workers
see the change within PROCESS_CACHE_SECONDS (0 in tests: nothing is kept).
"""
from __future__ import annotations

import threading
import time
from functools import wraps

from flask import current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

_entries: dict[tuple, tuple[float, object]] = {}
_lock = threading.Lock()
_WATCHED: dict[str, set[str]] = {}  # table name → the cache names its writes empty
MAX_ENTRIES = 2000


def lifetime() -> float:
    return float(current_app.config.get("PROCESS_CACHE_SECONDS", 0))


def watch(name: str, tables: tuple[str, ...]) -> None:
    """A commit writing one of `tables` empties the cache `name`."""
    for table in tables:
        _WATCHED.setdefault(table, set()).add(name)


def remember(name: str, key: tuple, compute):
    """compute()'s answer, kept under (name, key) for lifetime() seconds."""
    seconds = lifetime()
    if seconds <= 0:
        return compute()
    found = stored(name, key)
    if found is not None:
        return found
    value = compute()
    remember_for(name, key, value, seconds)
    return value


def stored(name: str, key: tuple):
    """What is kept under (name, key) and not yet expired, else None."""
    found = _entries.get((name, key))
    if found is not None and found[0] > time.monotonic():
        return found[1]
    return None


def remember_for(name: str, key: tuple, value, seconds: float, most: int = MAX_ENTRIES) -> None:
    """Keep value under (name, key); past `most` entries of that name (a crawler walking every page)
    the name starts again empty, so the cache never grows without end."""
    with _lock:
        if len(_entries) >= MAX_ENTRIES:
            _entries.clear()
        elif sum(1 for k in _entries if k[0] == name) >= most:
            for old in [k for k in _entries if k[0] == name]:
                del _entries[old]
        _entries[(name, key)] = (time.monotonic() + seconds, value)


def cached(name: str, tables: tuple[str, ...]):
    """Keep fn(*args)'s answer per worker for lifetime() seconds; a write to `tables` drops it."""
    watch(name, tables)

    def decorate(fn):
        @wraps(fn)
        def wrapped(*args):
            return remember(name, args, lambda: fn(*args))
        return wrapped
    return decorate


def forget(*names: str) -> None:
    """Drop the named caches (all of them when no name is given)."""
    with _lock:
        for key in [k for k in _entries if not names or k[0] in names]:
            _entries.pop(key, None)


@event.listens_for(Session, "before_flush")
def _note_writes(session, _context, _instances) -> None:
    touched = session.info.setdefault("process_cache_touched", set())
    for obj in (*session.new, *session.dirty, *session.deleted):
        table = getattr(obj, "__tablename__", None)
        touched |= _WATCHED.get(table, set())


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_soft_rollback")
def _drop_written(session, *_previous) -> None:
    """After a commit the cache is old; after a rollback it may hold what was read before it."""
    touched = session.info.pop("process_cache_touched", None)
    if touched:
        forget(*touched)

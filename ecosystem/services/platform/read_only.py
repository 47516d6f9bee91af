"""Work outside a request that only reads (a worker's background rebuild): on SQLite it begins
DEFERRED like a GET, so it never waits for, or holds, the write lock (see setup._sqlite_begin)."""
import threading
from contextlib import contextmanager

_here = threading.local()


def reads_only() -> bool:
    return getattr(_here, "reads_only", False)


@contextmanager
def read_only_work():
    _here.reads_only = True
    try:
        yield
    finally:
        _here.reads_only = False

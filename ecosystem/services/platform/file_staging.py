"""Uploaded bytes reach their final name only after the database commit that records them.

A file is written under a temporary name beside its final place (same folder, so the move is one
atomic rename) and listed on the session; after the commit it is moved into place, after a
rollback (or a session closed without commit) it is deleted, so a refused or failed transaction
leaves no file behind. Deleting a row that names a stored file (any model in FILE_COLUMNS) queues
that file for removal after the commit, so a deleted or replaced document takes its bytes with it.
"""
import logging
import os
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.orm import Session

log = logging.getLogger(__name__)
TEMP_MARK = ".part-"  # "<final name>.part-<random>": never matches a storage name, found by the cleaner
_STAGED = "files.staged"  # session.info: [(temp path, final path)]
_DOOMED = "files.doomed"  # session.info: [path] to remove after commit


def temp_path(final: Path) -> Path:
    return final.with_name(final.name + TEMP_MARK + os.urandom(6).hex())


def is_temp(path: Path) -> bool:
    return TEMP_MARK in path.name


def stage(session: Session, temp: Path, final: Path) -> None:
    """Move temp to final when the session commits; delete temp when it does not."""
    session.info.setdefault(_STAGED, []).append((temp, final))


def forget(session: Session, final: Path) -> None:
    """Drop a staged file now (its row was not kept, e.g. a repeated idempotency key)."""
    staged = session.info.get(_STAGED, [])
    for temp, target in list(staged):
        if target == final:
            staged.remove((temp, target))
            temp.unlink(missing_ok=True)


def remove_after_commit(session: Session, path: Path) -> None:
    """Delete a stored file once the transaction that forgot it has committed."""
    session.info.setdefault(_DOOMED, []).append(path)


@event.listens_for(Session, "after_commit")
def _promote(session: Session) -> None:
    for temp, final in session.info.pop(_STAGED, []):
        try:
            os.replace(temp, final)
        except OSError:  # the row is committed; say loudly that its bytes are missing
            log.exception("could not move %s into place", temp)
    for path in session.info.pop(_DOOMED, []):
        try:
            Path(path).unlink(missing_ok=True)
        except OSError:
            log.exception("could not remove %s", path)


@event.listens_for(Session, "after_transaction_end")
def _discard(session: Session, transaction) -> None:
    """The outermost transaction ended without commit (rollback or close): drop staged files."""
    if transaction.parent is not None:
        return
    for temp, _final in session.info.pop(_STAGED, []):
        temp.unlink(missing_ok=True)
    session.info.pop(_DOOMED, None)

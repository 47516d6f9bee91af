"""Scheduled clean-up of accounts data that must not pile up (see ecosystem/jobs.py)."""
import logging

from ecosystem.extensions import db
from ecosystem.services.accounts import sessions

log = logging.getLogger(__name__)


def purge_expired() -> dict:
    """Expired or revoked sessions, old login records and throttles, spent reset tokens."""
    counts = sessions.purge_expired()
    db.session.commit()
    log.info("accounts clean-up: %s", counts)
    return counts

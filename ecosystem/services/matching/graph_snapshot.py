"""The matching graph built once per deployment and stored, so web workers load it instead of
building it on a visitor's request (7.7 s at 50,000 startups) and then refresh it by delta.

The payload is a pickle signed with HMAC-SHA256 under the secret key: a row nobody signed (or
signed under a rotated key) is ignored and rebuilt, never unpickled.
"""
from __future__ import annotations

import hashlib
import hmac
import logging
import pickle
import time

from flask import current_app
from sqlalchemy import delete, select

from ecosystem.extensions import db
from ecosystem.matching.graph import EcosystemGraph
from ecosystem.models import GraphSnapshot
from ecosystem.models.base import utcnow

log = logging.getLogger(__name__)
KEEP = 2  # the newest snapshots kept: a worker loading the previous one still finds it


def _sign(data: bytes) -> bytes:
    key = (current_app.config.get("SECRET_KEY") or "").encode()
    return hmac.new(key, data, hashlib.sha256).digest()


def save_snapshot(graph: EcosystemGraph, build_seconds: float = 0.0) -> GraphSnapshot:
    """Store one build (the caller commits) and drop all but the newest KEEP."""
    data = pickle.dumps(graph, protocol=pickle.HIGHEST_PROTOCOL)
    row = GraphSnapshot(version=graph.version, built_at=utcnow(), build_seconds=round(build_seconds),
                        size_bytes=len(data), payload=_sign(data) + data)
    db.session.add(row)
    db.session.flush()
    keep = select(GraphSnapshot.id).order_by(GraphSnapshot.id.desc()).limit(KEEP).scalar_subquery()
    db.session.execute(delete(GraphSnapshot).where(GraphSnapshot.id.not_in(keep)))
    return row


def latest_snapshot_info() -> GraphSnapshot | None:
    """The newest snapshot's row without its payload (for readiness and the admin)."""
    return db.session.execute(select(GraphSnapshot.id, GraphSnapshot.version, GraphSnapshot.built_at,
                                     GraphSnapshot.size_bytes).order_by(GraphSnapshot.id.desc())
                              .limit(1)).first()


def load_snapshot() -> EcosystemGraph | None:
    """The newest stored graph, or None when there is none or its signature does not hold."""
    payload = _newest_payload()
    if payload is None:
        return None
    view = memoryview(payload)  # no copy of tens of MB
    if not hmac.compare_digest(bytes(view[:32]), _sign(view[32:])):
        log.warning("graph snapshot signature does not match the secret key: ignored")
        return None
    graph = pickle.loads(view[32:])  # noqa: S301 (signed by this deployment's secret key, checked above)
    del view, payload
    if not isinstance(graph, EcosystemGraph) or getattr(graph, "format", 1) != EcosystemGraph.FORMAT:
        log.info("graph snapshot of another layout: rebuilt, not loaded")
        return None
    return graph


def _newest_payload() -> bytes | None:
    """The newest payload; on PostgreSQL fetched in binary (bytea as text would double it in memory)."""
    newest = select(GraphSnapshot.payload).order_by(GraphSnapshot.id.desc()).limit(1)
    connection = db.session.connection()
    if connection.dialect.name != "postgresql":
        return db.session.scalar(newest)
    with connection.connection.driver_connection.cursor(binary=True) as cursor:
        cursor.execute("SELECT payload FROM graph_snapshots ORDER BY id DESC LIMIT 1")
        row = cursor.fetchone()
    return None if row is None else row[0]


def build_snapshot() -> GraphSnapshot:
    """A full build from the database, stored (the scheduler's job and `flask warm`)."""
    from ecosystem.services.matching.graph_store import build_from_database
    started = time.perf_counter()
    graph = build_from_database()
    return save_snapshot(graph, time.perf_counter() - started)

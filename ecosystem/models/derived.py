"""Derived data computed once per deployment (the scheduler or `flask warm`), read by every worker:
the matching graph as a snapshot, so no worker builds it on a visitor's request."""
from datetime import datetime

from sqlalchemy import DateTime, Integer, LargeBinary
from sqlalchemy.orm import Mapped, mapped_column

from ecosystem.models.base import Base, utcnow

__all__ = ["GraphSnapshot"]


class GraphSnapshot(Base):
    """One build of the matching graph at a graph_changes version; workers load the newest and apply
    the changes after it. The payload is signed with the secret key (it is unpickled)."""

    __tablename__ = "graph_snapshots"
    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(Integer)
    built_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    build_seconds: Mapped[int] = mapped_column(Integer, default=0)
    size_bytes: Mapped[int] = mapped_column(Integer, default=0)
    payload: Mapped[bytes] = mapped_column(LargeBinary)

"""In-app notifications and the mail outbox used when no SMTP server is configured."""
from datetime import datetime
from typing import Optional

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ecosystem.models.base import Base, utcnow


class Notification(Base):
    """One message in a user's bell, already rendered in the user's language."""

    __tablename__ = "notifications"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(60))
    title: Mapped[str] = mapped_column(String(300))
    body: Mapped[Optional[str]] = mapped_column(Text)
    link: Mapped[Optional[str]] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    read_at: Mapped[Optional[datetime]] = mapped_column(DateTime(timezone=True))
    # waiting for the person's daily digest e-mail (services/outreach/digest.py) until digested_at
    digest_pending: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    digested_at: Mapped[Optional[datetime]] = mapped_column(DateTime(timezone=True))


class OutboxMessage(Base):
    """An e-mail, kept for an admin to read when SMTP is not configured, or as a sent record."""

    __tablename__ = "outbox_messages"
    id: Mapped[int] = mapped_column(primary_key=True)
    to: Mapped[str] = mapped_column(String(254), index=True)
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    attachments: Mapped[Optional[list]] = mapped_column(JSON)  # [{filename, mime, data(base64)}]
    # outbox (no SMTP: read in the app) | queued | sent | failed (retried) | dead (gave up)
    status: Mapped[str] = mapped_column(String(12), default="outbox", index=True)
    error: Mapped[Optional[str]] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    message_id: Mapped[Optional[str]] = mapped_column(String(255))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[Optional[datetime]] = mapped_column(DateTime(timezone=True))
    sent_at: Mapped[Optional[datetime]] = mapped_column(DateTime(timezone=True))
    headers: Mapped[Optional[dict]] = mapped_column(JSON)  # List-Unsubscribe, Reply-To …
    broadcast_id: Mapped[Optional[int]] = mapped_column(ForeignKey("broadcasts.id"), index=True)

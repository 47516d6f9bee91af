"""Programs' access to the API: personal access tokens (hashed), replayable creates, webhooks."""
from datetime import datetime
from typing import Optional

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ecosystem.models.base import Base, utcnow

__all__ = ["ApiToken", "IdempotentResponse", "Webhook", "WebhookDelivery"]


class ApiToken(Base):
    """A person's token for programs: only the sha256 of the secret is kept; it acts as its owner."""

    __tablename__ = "api_tokens"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    user = relationship("User")
    name: Mapped[str] = mapped_column(String(80))
    prefix: Mapped[str] = mapped_column(String(12))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    scopes: Mapped[str] = mapped_column(String(400))  # space-separated: read write read:support …
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[Optional[datetime]] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[Optional[datetime]] = mapped_column(DateTime(timezone=True))
    last_used_at: Mapped[Optional[datetime]] = mapped_column(DateTime(timezone=True))

    @property
    def scope_set(self) -> set[str]:
        return set(self.scopes.split())


class IdempotentResponse(Base):
    """The first answer to a create sent with an Idempotency-Key, replayed for a repeat."""

    __tablename__ = "api_idempotent_responses"
    __table_args__ = (UniqueConstraint("user_id", "key", name="uq_api_idempotent_user_key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(200))
    request_path: Mapped[str] = mapped_column(String(400))
    status: Mapped[int] = mapped_column(Integer)
    body: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Webhook(Base):
    """A URL told about chosen events, signed with its own secret; an organisation's or the admin's."""

    __tablename__ = "api_webhooks"
    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[Optional[int]] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"),
                                                           index=True)
    organisation = relationship("Organisation")
    created_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    url: Mapped[str] = mapped_column(String(500))
    events: Mapped[str] = mapped_column(String(400))  # space-separated event codes
    secret: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    disabled_at: Mapped[Optional[datetime]] = mapped_column(DateTime(timezone=True))
    deliveries: Mapped[list["WebhookDelivery"]] = relationship(
        back_populates="webhook", cascade="all, delete-orphan", order_by="WebhookDelivery.id.desc()")

    @property
    def event_set(self) -> set[str]:
        return set(self.events.split())


class WebhookDelivery(Base):
    """One event for one hook: queued, tried by the scheduler with back-off, delivered or dead."""

    __tablename__ = "api_webhook_deliveries"
    id: Mapped[int] = mapped_column(primary_key=True)
    webhook_id: Mapped[int] = mapped_column(ForeignKey("api_webhooks.id", ondelete="CASCADE"), index=True)
    webhook: Mapped[Webhook] = relationship(back_populates="deliveries")
    event: Mapped[str] = mapped_column(String(60))
    payload: Mapped[dict] = mapped_column(JSON)
    state: Mapped[str] = mapped_column(String(12), default="queued")  # queued, failed, delivered, dead
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    response_code: Mapped[Optional[int]] = mapped_column(Integer)
    response_excerpt: Mapped[Optional[str]] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    delivered_at: Mapped[Optional[datetime]] = mapped_column(DateTime(timezone=True))

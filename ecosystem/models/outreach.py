"""Reaching people: how each person wants to be told, their calendar feed and Zalo number, the
identities they sign in with elsewhere, and the broadcasts coordinators and officers send."""
from datetime import datetime
from typing import Optional

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ecosystem.models.base import Base, utcnow

__all__ = ["NotificationPreference", "ReachProfile", "ExternalIdentity", "Audience", "Broadcast"]


class NotificationPreference(Base):
    """One person's channels for one kind of notification; no row means the default (all on)."""

    __tablename__ = "notification_preferences"
    __table_args__ = (UniqueConstraint("user_id", "kind"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(30))  # support | matching | events | … (services/outreach/kinds.py)
    in_app: Mapped[bool] = mapped_column(Boolean, default=True)
    email: Mapped[bool] = mapped_column(Boolean, default=True)
    zalo: Mapped[bool] = mapped_column(Boolean, default=False)
    digest: Mapped[bool] = mapped_column(Boolean, default=False)  # e-mail once a day instead of at once


class ReachProfile(Base):
    """Per-person channel details: the Zalo number (with its consent) and the calendar feed's secret."""

    __tablename__ = "reach_profiles"
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    zalo_phone: Mapped[Optional[str]] = mapped_column(String(16))  # +84…, E.164
    zalo_consent_id: Mapped[Optional[int]] = mapped_column(ForeignKey("consents.id"))
    calendar_token_hash: Mapped[Optional[str]] = mapped_column(String(64), unique=True)
    calendar_created_at: Mapped[Optional[datetime]] = mapped_column(DateTime(timezone=True))


class ExternalIdentity(Base):
    """An OpenID Connect identity (issuer's provider key + subject) linked to one account."""

    __tablename__ = "external_identities"
    __table_args__ = (UniqueConstraint("provider", "subject"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    provider: Mapped[str] = mapped_column(String(40))
    subject: Mapped[str] = mapped_column(String(255))
    email: Mapped[Optional[str]] = mapped_column(String(254))
    linked_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    how: Mapped[str] = mapped_column(String(20))  # verified_email | confirmed
    last_used_at: Mapped[Optional[datetime]] = mapped_column(DateTime(timezone=True))


class Audience(Base):
    """A saved list of recipients: a club's members, an event's registrants, a cohort, a round's
    judges, or a directory filter; resolved afresh each time it is used."""

    __tablename__ = "audiences"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))  # club | event | cohort | round | directory
    ref_id: Mapped[Optional[int]] = mapped_column(Integer)
    criteria: Mapped[Optional[dict]] = mapped_column(JSON)  # directory filter: {"role": …, "org_kind": …}
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by = relationship("User")


class Broadcast(Base):
    """One message written to an audience; its e-mails are outbox rows carrying broadcast_id."""

    __tablename__ = "broadcasts"
    id: Mapped[int] = mapped_column(primary_key=True)
    audience_id: Mapped[int] = mapped_column(ForeignKey("audiences.id"), index=True)
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    subject_en: Mapped[Optional[str]] = mapped_column(String(300))  # for recipients reading English
    body_en: Mapped[Optional[str]] = mapped_column(Text)
    reply_to: Mapped[Optional[str]] = mapped_column(String(254))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    sent_at: Mapped[Optional[datetime]] = mapped_column(DateTime(timezone=True))
    recipient_count: Mapped[int] = mapped_column(Integer, default=0)
    audience = relationship("Audience")
    created_by = relationship("User")

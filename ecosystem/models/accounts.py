"""Accounts, roles, server-side sessions and login attempts: who may sign in and how we revoke it."""
from datetime import datetime
from typing import Optional

from flask_login import UserMixin
from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ecosystem.models.base import Base, TimestampMixin, utcnow
from ecosystem.models.vocab import ROLE_REQUEST_STATUSES, ROLES, enum_type

STAFF_ROLES = ("admin", "officer")


def is_staff(user) -> bool:
    """A DOST officer or an administrator: the people who act for the Department.

    Anonymous visitors and None are not staff. A stored user (an entry's author) is judged by the
    roles it holds, whether or not that account may still sign in.
    """
    return user is not None and not getattr(user, "is_anonymous", False) and user.has_role(*STAFF_ROLES)


class User(UserMixin, TimestampMixin, Base):
    """A login; linked to a Person, holding one or more roles."""

    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    locale: Mapped[str] = mapped_column(String(5), default="vi")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    person_id: Mapped[Optional[int]] = mapped_column(ForeignKey("people.id"))
    person = relationship("Person", foreign_keys=[person_id])
    # Set when an officer vouched for this account: members' contact details become visible.
    verified_at: Mapped[Optional[datetime]] = mapped_column(DateTime(timezone=True))
    verified_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    roles: Mapped[list["UserRole"]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )
    managed: Mapped[list["OrgManager"]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )

    def get_id(self) -> str:
        # Flask-Login keeps the server-side session token, not the user id, in the cookie.
        return getattr(self, "_session_token", None) or ""

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def role_codes(self) -> set[str]:
        return {r.role for r in self.roles}

    def has_role(self, *codes: str) -> bool:
        return bool(self.role_codes.intersection(codes))

    @property
    def managed_org_ids(self) -> set[int]:
        return {m.organisation_id for m in self.managed}


class UserRole(Base):
    """One role held by a user (a user may hold several)."""

    __tablename__ = "user_roles"
    __table_args__ = (UniqueConstraint("user_id", "role"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(enum_type(ROLES, "role"))
    user: Mapped[User] = relationship(back_populates="roles")


class OrgManager(Base):
    """A user who may edit an organisation: a startup's member, a club's coordinator."""

    __tablename__ = "org_managers"
    __table_args__ = (UniqueConstraint("user_id", "organisation_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    user: Mapped[User] = relationship(back_populates="managed")
    organisation = relationship("Organisation")


class RoleRequest(Base):
    """A role asked for at sign-up (mentor, investor, judge, coordinator) until staff decide."""

    __tablename__ = "role_requests"
    __table_args__ = (UniqueConstraint("user_id", "role"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(enum_type(ROLES, "role"))
    status: Mapped[str] = mapped_column(enum_type(ROLE_REQUEST_STATUSES, "role_request_status"),
                                        default="pending", index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    decided_at: Mapped[Optional[datetime]] = mapped_column(DateTime(timezone=True))
    decided_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    user: Mapped[User] = relationship(foreign_keys=[user_id])


class UserSession(Base):
    """A signed-in browser; revoking the row ends the session whatever the cookie says. Only the
    token's sha256 is stored, so a copy of the table cannot be replayed as cookies."""

    __tablename__ = "user_sessions"
    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    revoked_at: Mapped[Optional[datetime]] = mapped_column(DateTime(timezone=True))
    user: Mapped[User] = relationship()


class LoginAttempt(Base):
    """Failed and successful sign-ins: the log an officer reads; the throttle is LoginThrottle."""

    __tablename__ = "login_attempts"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    address: Mapped[str] = mapped_column(String(64), index=True)
    success: Mapped[bool] = mapped_column(Boolean, default=False)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)


class LoginThrottle(Base):
    """Failures of one client on one account: after a few, each next try must wait longer."""

    __tablename__ = "login_throttles"
    __table_args__ = (UniqueConstraint("address", "email"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    address: Mapped[str] = mapped_column(String(64))
    email: Mapped[str] = mapped_column(String(254))
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_attempt_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    next_allowed_at: Mapped[Optional[datetime]] = mapped_column(DateTime(timezone=True), index=True)


class PasswordResetToken(Base):
    """A one-time token sent by e-mail; only its hash is stored."""

    __tablename__ = "password_reset_tokens"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[Optional[datetime]] = mapped_column(DateTime(timezone=True))
    attempts: Mapped[int] = mapped_column(Integer, default=0)

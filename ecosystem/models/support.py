"""Startup onboarding extras, uploaded files and the support-request pipeline with its history."""
import json
from datetime import datetime
from pathlib import Path
from typing import Optional

from flask_babel import lazy_gettext as _l
from sqlalchemy import (JSON, Boolean, CheckConstraint, DateTime, ForeignKey, Integer, String,
                        Text, or_)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ecosystem.codes import REQUEST_ROLES, RequestState
from ecosystem.models.accounts import is_staff
from ecosystem.models.base import Base, TimestampMixin, utcnow
from ecosystem.models.vocab import enum_type

__all__ = ["StartupExtras", "UploadedFile", "SupportRequest", "SupportRequestEvent",
           "SupportComment"]

_TYPES_FILE = Path(__file__).resolve().parents[2] / "seeds" / "support_types.json"
SUPPORT_TYPES: list[dict] = json.loads(_TYPES_FILE.read_text(encoding="utf-8"))
SUPPORT_TYPE_CODES = tuple(t["code"] for t in SUPPORT_TYPES)
REQUEST_STATES = tuple(s.value for s in RequestState)

STATE_LABELS = {
    "draft": _l("Bản nháp"),
    "submitted": _l("Đã gửi"),
    "triaged": _l("Đã phân loại"),
    "assigned": _l("Đã giao"),
    "in_progress": _l("Đang xử lý"),
    "resolved": _l("Đã giải quyết"),
    "declined": _l("Đã từ chối"),
    "withdrawn": _l("Đã rút"),
}
IP_STATUSES = {
    "none": _l("Chưa có tài sản trí tuệ"),
    "searching": _l("Đang tra cứu"),
    "filed": _l("Đã nộp đơn đăng ký"),
    "granted": _l("Đã được cấp văn bằng"),
    "licensed": _l("Đang khai thác / chuyển giao"),
}
REVENUE_BANDS = {
    "pre_revenue": _l("Chưa có doanh thu"),
    "under_1b": _l("Dưới 1 tỷ đồng/năm"),
    "1b_10b": _l("1–10 tỷ đồng/năm"),
    "10b_50b": _l("10–50 tỷ đồng/năm"),
    "over_50b": _l("Trên 50 tỷ đồng/năm"),
}


def type_label(code: str | None, locale: str = "vi") -> str:
    """The support type's name from seeds/support_types.json in the reader's language."""
    for entry in SUPPORT_TYPES:
        if entry["code"] == code:
            return entry["en"] if locale == "en" else entry["vi"]
    return code or ""


class UploadedFile(Base):
    """A stored upload: random name on disk, the sender's file name only as metadata."""

    __tablename__ = "uploaded_files"
    id: Mapped[int] = mapped_column(primary_key=True)
    storage_name: Mapped[str] = mapped_column(String(60), unique=True)
    original_name: Mapped[str] = mapped_column(String(160))
    mime: Mapped[str] = mapped_column(String(40))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    purpose: Mapped[str] = mapped_column(String(30))  # pitch_deck | … (other domains add theirs)
    organisation_id: Mapped[Optional[int]] = mapped_column(ForeignKey("organisations.id"),
                                                           index=True)
    uploaded_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    organisation = relationship("Organisation")


class StartupExtras(TimestampMixin, Base):
    """Onboarding fields beyond StartupProfile: founders, pitch deck, who verified the profile."""

    __tablename__ = "startup_extras"
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True)
    founders: Mapped[list] = mapped_column(JSON, default=list)  # [{"name": …, "role": …}]
    pitch_deck_id: Mapped[Optional[int]] = mapped_column(ForeignKey("uploaded_files.id"))
    verified_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    verified_at: Mapped[Optional[datetime]] = mapped_column(DateTime(timezone=True))
    organisation = relationship("Organisation")
    pitch_deck: Mapped[Optional[UploadedFile]] = relationship()
    verified_by = relationship("User", foreign_keys=[verified_by_id])


class SupportRequest(TimestampMixin, Base):
    """A startup's request for help, moved through request_workflow; every move is an event."""

    __tablename__ = "support_requests"
    __table_args__ = (
        CheckConstraint("assignee_person_id IS NULL OR assignee_org_id IS NULL",
                        name="one_assignee"),
        CheckConstraint("state <> 'declined' OR decline_reason IS NOT NULL",
                        name="declined_has_reason"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    type_code: Mapped[str] = mapped_column(enum_type(SUPPORT_TYPE_CODES, "support_type"),
                                           index=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[str] = mapped_column(enum_type(REQUEST_STATES, "request_state"),
                                       default="draft", index=True)
    created_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    submitted_at: Mapped[Optional[datetime]] = mapped_column(DateTime(timezone=True), index=True)
    resolved_at: Mapped[Optional[datetime]] = mapped_column(DateTime(timezone=True))
    closed_at: Mapped[Optional[datetime]] = mapped_column(DateTime(timezone=True))
    assignee_person_id: Mapped[Optional[int]] = mapped_column(ForeignKey("people.id"), index=True)
    assignee_org_id: Mapped[Optional[int]] = mapped_column(ForeignKey("organisations.id"),
                                                           index=True)
    decline_reason: Mapped[Optional[str]] = mapped_column(Text)
    idempotency_key: Mapped[Optional[str]] = mapped_column(String(64), unique=True)

    organisation = relationship("Organisation", foreign_keys=[organisation_id])
    assignee_person = relationship("Person", foreign_keys=[assignee_person_id])
    assignee_org = relationship("Organisation", foreign_keys=[assignee_org_id])
    created_by = relationship("User", foreign_keys=[created_by_id])
    events: Mapped[list["SupportRequestEvent"]] = relationship(
        back_populates="request", order_by="SupportRequestEvent.id")
    comments: Mapped[list["SupportComment"]] = relationship(
        back_populates="request", order_by="SupportComment.id")

    @property
    def assignee(self):
        return self.assignee_person or self.assignee_org

    def is_assignee(self, user) -> bool:
        """The assigned person, or a member/manager of the assigned organisation."""
        if user is None or not user.is_authenticated:
            return False
        if self.assignee_person_id is not None:
            return user.person_id == self.assignee_person_id
        return self.assignee_org_id is not None and self.assignee_org_id in user.managed_org_ids

    def roles_of(self, user) -> set[str]:
        """The user's workflow roles on this request (codes.REQUEST_ROLES); empty for strangers."""
        if user is None or not user.is_authenticated:
            return set()
        startup, officer, admin, assignee = REQUEST_ROLES
        held = {startup: self.organisation_id in user.managed_org_ids, officer: user.has_role(officer),
                admin: user.has_role(admin), assignee: self.is_assignee(user)}
        return {role for role, holds in held.items() if holds}

    def shows_internal_notes_to(self, user) -> bool:
        """DOST staff and the assignee read internal notes; the startup never does."""
        return is_staff(user) or self.is_assignee(user)

    @classmethod
    def assigned_to(cls, user):
        """SQL condition for requests assigned to the user, in person or through an organisation they
        manage; None when nothing can be (anonymous, or no person and no organisation)."""
        if user is None or not user.is_authenticated:
            return None
        conditions = []
        if user.person_id:
            conditions.append(cls.assignee_person_id == user.person_id)
        if user.managed_org_ids:
            conditions.append(cls.assignee_org_id.in_(user.managed_org_ids))
        return or_(*conditions) if conditions else None


class SupportRequestEvent(Base):
    """One move of a request (who, when, from → to, reason or note); rows are only added."""

    __tablename__ = "support_request_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("support_requests.id"), index=True)
    action: Mapped[str] = mapped_column(String(20))
    from_state: Mapped[Optional[str]] = mapped_column(String(20))
    to_state: Mapped[str] = mapped_column(String(20))
    actor_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    note: Mapped[Optional[str]] = mapped_column(Text)
    assignee_person_id: Mapped[Optional[int]] = mapped_column(ForeignKey("people.id"))
    assignee_org_id: Mapped[Optional[int]] = mapped_column(ForeignKey("organisations.id"))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    request: Mapped[SupportRequest] = relationship(back_populates="events")
    actor = relationship("User")
    assignee_person = relationship("Person")
    assignee_org = relationship("Organisation")


class SupportComment(Base):
    """A message on a request; internal ones are for the DOST and the assignee, not the startup."""

    __tablename__ = "support_comments"
    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("support_requests.id"), index=True)
    author_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    body: Mapped[str] = mapped_column(Text)
    internal: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    request: Mapped[SupportRequest] = relationship(back_populates="comments")
    author = relationship("User")

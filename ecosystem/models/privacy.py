"""Personal data (Law 91/2025/QH15): consents with their notice version, data subjects' requests,
and the log of who saw someone else's contact details."""
from datetime import date, datetime
from typing import Optional

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ecosystem.models.base import Base, utcnow
from ecosystem.models.vocab import enum_type

__all__ = ["Consent", "PrivacyRequest", "ContactAccess", "PRIVACY_REQUEST_KINDS",
           "PRIVACY_REQUEST_STATUSES", "CONTACT_CHANNELS"]

PRIVACY_REQUEST_KINDS = {
    "correct": _l("Chỉnh sửa dữ liệu"),
    "restrict": _l("Hạn chế xử lý"),
    "delete": _l("Xoá dữ liệu"),
    "withdraw": _l("Rút lại sự đồng ý"),
}
PRIVACY_REQUEST_STATUSES = {
    "submitted": _l("Đã gửi"),
    "in_progress": _l("Đang xử lý"),
    "done": _l("Đã thực hiện"),
    "refused": _l("Từ chối"),
}
OPEN_REQUEST_STATUSES = ("submitted", "in_progress")
CONTACT_CHANNELS = {"page": _l("Trang cá nhân"), "export": _l("Tệp xuất"), "api": _l("API")}


class Consent(Base):
    """One consent for one purpose, as given on one form under one version of the notice."""

    __tablename__ = "consents"
    __table_args__ = (
        CheckConstraint("user_id IS NOT NULL OR person_id IS NOT NULL", name="has_subject"),
        CheckConstraint("withdrawn_at IS NULL OR withdrawn_at >= granted_at", name="withdrawn_after"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"), index=True)
    person_id: Mapped[Optional[int]] = mapped_column(ForeignKey("people.id"), index=True)
    purpose: Mapped[str] = mapped_column(String(40), index=True)
    notice_version: Mapped[str] = mapped_column(String(20))
    source: Mapped[str] = mapped_column(String(40))  # register | event_registration | office_hours
    ref_id: Mapped[Optional[int]] = mapped_column(Integer)  # the event or slot the form was about
    granted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    withdrawn_at: Mapped[Optional[datetime]] = mapped_column(DateTime(timezone=True))


class PrivacyRequest(Base):
    """A data subject's request (correct, restrict, delete, withdraw consent), answered by a due day."""

    __tablename__ = "privacy_requests"
    __table_args__ = (
        CheckConstraint("status <> 'refused' OR refusal_reason IS NOT NULL", name="refused_has_reason"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    person_id: Mapped[Optional[int]] = mapped_column(ForeignKey("people.id"))
    kind: Mapped[str] = mapped_column(enum_type(PRIVACY_REQUEST_KINDS, "privacy_request_kind"))
    purpose: Mapped[Optional[str]] = mapped_column(String(40))  # for a withdrawal
    details: Mapped[Optional[str]] = mapped_column(Text)
    status: Mapped[str] = mapped_column(enum_type(PRIVACY_REQUEST_STATUSES, "privacy_request_status"),
                                        default="submitted", index=True)
    submitted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    due_on: Mapped[date] = mapped_column(Date, index=True)
    handled_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    handled_at: Mapped[Optional[datetime]] = mapped_column(DateTime(timezone=True))
    outcome: Mapped[Optional[str]] = mapped_column(Text)
    refusal_reason: Mapped[Optional[str]] = mapped_column(Text)
    user = relationship("User", foreign_keys=[user_id])
    handled_by = relationship("User", foreign_keys=[handled_by_id])

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_REQUEST_STATUSES


class ContactAccess(Base):
    """Someone (None: a visitor not signed in) was shown another person's e-mail or phone."""

    __tablename__ = "contact_access_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    viewer_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    channel: Mapped[str] = mapped_column(enum_type(CONTACT_CHANNELS, "contact_channel"))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    viewer = relationship("User")
    person = relationship("Person")

"""Events, registrations with their waiting list, check-ins (attendance) and feedback."""
from datetime import date, datetime, timezone
from typing import Optional

from flask_babel import lazy_gettext as _l
from sqlalchemy import (JSON, Boolean, CheckConstraint, Column, Date, DateTime, ForeignKey, Integer,
                        String, Table, Text, UniqueConstraint, event)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ecosystem.models.base import Base, TimestampMixin, utcnow
from ecosystem.models.directory import Sector
from ecosystem.models.vocab import enum_type
from ecosystem.text import fold

__all__ = ["Event", "EventInvitation", "Registration", "Attendance", "EventFeedback",
           "EVENT_KINDS", "EVENT_AUDIENCES", "EVENT_STATUSES", "REGISTRATION_STATUSES"]

EVENT_KINDS = {
    "workshop": _l("Hội thảo chuyên đề"),
    "training": _l("Tập huấn"),
    "pitch": _l("Gọi vốn (pitching)"),
    "demo_day": _l("Ngày trình diễn (demo day)"),
    "networking": _l("Giao lưu kết nối"),
    "office_hours": _l("Giờ tư vấn của cố vấn"),
    "competition": _l("Vòng thi"),
}
EVENT_AUDIENCES = {
    "public": _l("Công khai"),
    "members_only": _l("Chỉ thành viên"),
    "invited": _l("Theo lời mời"),
}
EVENT_STATUSES = {
    "draft": _l("Bản nháp"),
    "published": _l("Đã công bố"),
    "cancelled": _l("Đã bị huỷ"),
}
REGISTRATION_STATUSES = {
    "confirmed": _l("Đã xác nhận"),
    "waiting": _l("Danh sách chờ"),
    "cancelled": _l("Đã bị huỷ"),
}

event_sectors = Table(
    "event_sectors", Base.metadata,
    Column("event_id", ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    Column("sector_id", ForeignKey("sectors.id"), primary_key=True),
)


class Event(TimestampMixin, Base):
    """An event run by an organisation; times are stored in UTC and shown in Hồ Chí Minh City time."""

    __tablename__ = "events"
    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        CheckConstraint("capacity IS NULL OR capacity >= 0", name="capacity_nonneg"),
        CheckConstraint("registration_closes_at IS NULL OR registration_opens_at IS NULL "
                        "OR registration_closes_at > registration_opens_at", name="window_order"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(enum_type(EVENT_KINDS, "event_kind"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    title_en: Mapped[Optional[str]] = mapped_column(String(200))
    organiser_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    starts_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    ends_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    venue: Mapped[Optional[str]] = mapped_column(String(300))
    online_url: Mapped[Optional[str]] = mapped_column(String(500))
    capacity: Mapped[Optional[int]] = mapped_column(Integer)
    registration_opens_at: Mapped[Optional[datetime]] = mapped_column(DateTime(timezone=True))
    registration_closes_at: Mapped[Optional[datetime]] = mapped_column(DateTime(timezone=True))
    audience: Mapped[str] = mapped_column(enum_type(EVENT_AUDIENCES, "event_audience"),
                                          default="public")
    description: Mapped[Optional[str]] = mapped_column(Text)
    questions: Mapped[list] = mapped_column(JSON, default=list)  # [{"text": …, "required": bool}]
    status: Mapped[str] = mapped_column(enum_type(EVENT_STATUSES, "event_status"),
                                        default="published", index=True)
    search_key: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    organiser = relationship("Organisation", lazy="joined")
    sectors: Mapped[list[Sector]] = relationship(secondary=event_sectors, lazy="selectin")

    def display_title(self, locale: str = "vi") -> str:
        return self.title_en if locale == "en" and self.title_en else self.title


class EventInvitation(Base):
    """An invitation to an invitation-only event, by e-mail (matched to an account when one exists)."""

    __tablename__ = "event_invitations"
    __table_args__ = (UniqueConstraint("event_id", "email"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    email: Mapped[str] = mapped_column(String(254))
    invited_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Registration(Base):
    """A place (or a place in the queue): FIFO by id; one active registration per account and event,
    enforced by the unique (event_id, active_user_id) that a cancellation sets to NULL."""

    __tablename__ = "event_registrations"
    __table_args__ = (UniqueConstraint("event_id", "active_user_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"), index=True)
    active_user_id: Mapped[Optional[int]] = mapped_column(Integer)
    person_id: Mapped[Optional[int]] = mapped_column(ForeignKey("people.id"))
    startup_id: Mapped[Optional[int]] = mapped_column(ForeignKey("organisations.id"))
    name: Mapped[str] = mapped_column(String(160))
    email: Mapped[Optional[str]] = mapped_column(String(254))
    status: Mapped[str] = mapped_column(enum_type(REGISTRATION_STATUSES, "registration_status"),
                                        index=True)
    answers: Mapped[list] = mapped_column(JSON, default=list)  # [{"q": …, "a": …}]
    checkin_code: Mapped[str] = mapped_column(String(16), unique=True)
    walk_in: Mapped[bool] = mapped_column(Boolean, default=False)
    search_key: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    promoted_at: Mapped[Optional[datetime]] = mapped_column(DateTime(timezone=True))
    cancelled_at: Mapped[Optional[datetime]] = mapped_column(DateTime(timezone=True))
    checked_in_at: Mapped[Optional[datetime]] = mapped_column(DateTime(timezone=True))
    event: Mapped[Event] = relationship()
    user = relationship("User")
    startup = relationship("Organisation")


class Attendance(Base):
    """Someone was there: the record behind a graph tie (edge source 'attendance')."""

    __tablename__ = "attendances"
    __table_args__ = (UniqueConstraint("registration_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    registration_id: Mapped[Optional[int]] = mapped_column(ForeignKey("event_registrations.id"))
    person_id: Mapped[Optional[int]] = mapped_column(ForeignKey("people.id"), index=True)
    startup_id: Mapped[Optional[int]] = mapped_column(ForeignKey("organisations.id"), index=True)
    user_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    name: Mapped[str] = mapped_column(String(160))
    attended_on: Mapped[date] = mapped_column(Date)
    method: Mapped[str] = mapped_column(String(10))  # code | list | walk_in
    checked_in_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    checked_in_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    event: Mapped[Event] = relationship()


class EventFeedback(Base):
    """An attendee's rating (1–5) and comment, once per attendance."""

    __tablename__ = "event_feedback"
    __table_args__ = (
        UniqueConstraint("attendance_id"),
        CheckConstraint("rating BETWEEN 1 AND 5", name="rating_range"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    attendance_id: Mapped[int] = mapped_column(ForeignKey("attendances.id", ondelete="CASCADE"))
    rating: Mapped[int] = mapped_column(Integer)
    comment: Mapped[Optional[str]] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


def in_utc(moment: datetime | None) -> datetime | None:
    """SQLite keeps a datetime's wall clock and drops its offset: store every instant as UTC."""
    if moment is None or moment.tzinfo is None:
        return moment
    return moment.astimezone(timezone.utc)


@event.listens_for(Event, "before_insert")
@event.listens_for(Event, "before_update")
def _event_search_key(mapper, connection, target: Event) -> None:
    """Accent-free search over title, venue and description, as in the directory; times in UTC."""
    for name in ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at"):
        setattr(target, name, in_utc(getattr(target, name)))
    parts = [target.title, target.title_en, target.venue, target.description]
    target.search_key = fold(" ".join(p for p in parts if p))


@event.listens_for(Registration, "before_insert")
@event.listens_for(Registration, "before_update")
def _registration_search_key(mapper, connection, target: Registration) -> None:
    """The check-in desk finds 'nguyen van an' as 'Nguyễn Văn An'."""
    target.search_key = fold(" ".join(p for p in (target.name, target.email) if p))

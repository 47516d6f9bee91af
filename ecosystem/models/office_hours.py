"""Mentors' office-hour slots; a slot is booked by one startup, claimed by an atomic UPDATE."""
from datetime import datetime
from typing import Optional

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, String, Text, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ecosystem.models.base import Base, utcnow
from ecosystem.models.events import in_utc

__all__ = ["OfficeHourSlot"]


class OfficeHourSlot(Base):
    """One bookable slot; booked_org_id is set once (UPDATE … WHERE booked_org_id IS NULL)."""

    __tablename__ = "office_hour_slots"
    __table_args__ = (CheckConstraint("ends_at > starts_at", name="ends_after_start"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    mentor_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    starts_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    ends_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    place: Mapped[Optional[str]] = mapped_column(String(300))
    online_url: Mapped[Optional[str]] = mapped_column(String(500))
    note: Mapped[Optional[str]] = mapped_column(Text)
    booked_org_id: Mapped[Optional[int]] = mapped_column(ForeignKey("organisations.id"), index=True)
    booked_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    booked_at: Mapped[Optional[datetime]] = mapped_column(DateTime(timezone=True))
    topic: Mapped[Optional[str]] = mapped_column(Text)
    withdrawn_at: Mapped[Optional[datetime]] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    mentor = relationship("Person", lazy="joined")
    booked_org = relationship("Organisation")
    booked_by = relationship("User")


@event.listens_for(OfficeHourSlot, "before_insert")
@event.listens_for(OfficeHourSlot, "before_update")
def _slot_times_in_utc(mapper, connection, target: OfficeHourSlot) -> None:
    target.starts_at, target.ends_at = in_utc(target.starts_at), in_utc(target.ends_at)

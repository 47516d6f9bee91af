"""Requests to join a club, decided by its coordinators; an accepted one becomes a club_member tie."""
from datetime import datetime
from typing import Optional

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ecosystem.models.base import Base, utcnow
from ecosystem.models.vocab import enum_type

__all__ = ["ClubMembershipRequest", "MEMBERSHIP_REQUEST_STATUSES"]

MEMBERSHIP_REQUEST_STATUSES = {
    "pending": _l("Đang chờ duyệt"),
    "accepted": _l("Đã chấp nhận"),
    "declined": _l("Đã từ chối"),
}


class ClubMembershipRequest(Base):
    """A person, or a startup through its member, asking to join a club."""

    __tablename__ = "club_membership_requests"
    __table_args__ = (
        CheckConstraint("(person_id IS NULL) <> (org_id IS NULL)", name="one_applicant"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    club_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    person_id: Mapped[Optional[int]] = mapped_column(ForeignKey("people.id"))
    org_id: Mapped[Optional[int]] = mapped_column(ForeignKey("organisations.id"))
    requested_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    message: Mapped[Optional[str]] = mapped_column(Text)
    status: Mapped[str] = mapped_column(enum_type(MEMBERSHIP_REQUEST_STATUSES, "membership_status"),
                                        default="pending", index=True)
    decided_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[Optional[datetime]] = mapped_column(DateTime(timezone=True))
    relationship_id: Mapped[Optional[int]] = mapped_column(ForeignKey("relationships.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    club = relationship("Organisation", foreign_keys=[club_id])
    person = relationship("Person")
    org = relationship("Organisation", foreign_keys=[org_id])
    requested_by = relationship("User", foreign_keys=[requested_by_id])

    @property
    def applicant(self):
        return self.person or self.org

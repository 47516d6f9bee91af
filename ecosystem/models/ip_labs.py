"""Intellectual-property outcomes of organisations and people, and the laboratories the province
recognises (accreditation, recognition decision, services to startups, lab-time requests)."""
from datetime import date
from typing import Optional

from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, CheckConstraint, Column, Date, ForeignKey, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ecosystem.models.base import Base, TimestampMixin
from ecosystem.models.directory import Sector
from ecosystem.models.vocab import enum_type

__all__ = ["IPRecord", "Lab", "LabRequest"]

IP_TYPES = {
    "patent": _l("Sáng chế"),
    "utility_solution": _l("Giải pháp hữu ích"),
    "industrial_design": _l("Kiểu dáng công nghiệp"),
    "trademark": _l("Nhãn hiệu"),
    "plant_variety": _l("Giống cây trồng"),
    "layout_design": _l("Thiết kế bố trí mạch tích hợp"),
    "geographical_indication": _l("Chỉ dẫn địa lý"),
}
IP_RECORD_STATUSES = {
    "filed": _l("Đã nộp đơn"),
    "examining": _l("Đang thẩm định"),
    "granted": _l("Đã được cấp văn bằng"),
    "refused": _l("Bị từ chối"),
    "withdrawn": _l("Đã rút đơn"),
    "expired": _l("Hết hiệu lực"),
}

lab_sectors = Table(
    "lab_sectors", Base.metadata,
    Column("lab_id", ForeignKey("labs.id", ondelete="CASCADE"), primary_key=True),
    Column("sector_id", ForeignKey("sectors.id"), primary_key=True),
)


class IPRecord(TimestampMixin, Base):
    """An IP application or grant of an organisation or a person; a grant carries its grant date."""

    __tablename__ = "ip_records"
    __table_args__ = (
        CheckConstraint("(organisation_id IS NULL) <> (person_id IS NULL)", name="one_owner"),
        CheckConstraint("status <> 'granted' OR grant_date IS NOT NULL", name="granted_dated"),
        CheckConstraint("grant_date IS NULL OR grant_date >= filing_date", name="grant_after_filing"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[Optional[int]] = mapped_column(ForeignKey("organisations.id"), index=True)
    person_id: Mapped[Optional[int]] = mapped_column(ForeignKey("people.id"), index=True)
    ip_type: Mapped[str] = mapped_column(enum_type(IP_TYPES, "ip_record_type"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    number: Mapped[str] = mapped_column(String(60))
    filing_date: Mapped[date] = mapped_column(Date, index=True)
    grant_date: Mapped[Optional[date]] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(enum_type(IP_RECORD_STATUSES, "ip_record_status"), default="filed")
    support_request_id: Mapped[Optional[int]] = mapped_column(ForeignKey("support_requests.id"), unique=True)
    created_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    organisation = relationship("Organisation")
    person = relationship("Person")

    @property
    def owner(self):
        return self.organisation or self.person


class Lab(TimestampMixin, Base):
    """A laboratory hosted by a university, institute or enterprise, with what it offers startups."""

    __tablename__ = "labs"
    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[Optional[str]] = mapped_column(Text)
    equipment: Mapped[Optional[str]] = mapped_column(Text)  # one item per line
    services: Mapped[Optional[str]] = mapped_column(Text)  # services offered to startups
    accreditation: Mapped[Optional[str]] = mapped_column(String(120))  # e.g. ISO/IEC 17025:2017
    certificate_number: Mapped[Optional[str]] = mapped_column(String(60))
    accreditation_expires_on: Mapped[Optional[date]] = mapped_column(Date, index=True)
    recognition_number: Mapped[Optional[str]] = mapped_column(String(60))
    recognition_date: Mapped[Optional[date]] = mapped_column(Date)
    active: Mapped[bool] = mapped_column(Boolean, default=True, index=True)
    created_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    organisation = relationship("Organisation", lazy="joined")
    sectors: Mapped[list[Sector]] = relationship(secondary=lab_sectors, lazy="selectin")

    @property
    def equipment_items(self) -> list[str]:
        return [line.strip() for line in (self.equipment or "").splitlines() if line.strip()]


class LabRequest(Base):
    """Which lab a 'lab time' support request asks for."""

    __tablename__ = "lab_requests"
    support_request_id: Mapped[int] = mapped_column(ForeignKey("support_requests.id", ondelete="CASCADE"),
                                                    primary_key=True)
    lab_id: Mapped[int] = mapped_column(ForeignKey("labs.id"), index=True)
    lab: Mapped[Lab] = relationship(lazy="joined")
    request = relationship("SupportRequest")

"""Management-system certificates (TCVN ISO 9001, the ISO 56000 series) won with programme support:
the outcome an "iso_adoption" support request records when it is resolved."""
from datetime import date
from typing import Optional

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, Date, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ecosystem.models.base import Base, Money, TimestampMixin
from ecosystem.models.vocab import enum_type

__all__ = ["StandardCertificate", "STANDARDS", "STANDARD_FAMILIES"]

STANDARDS = {
    "iso_9001": _l("TCVN ISO 9001 (hệ thống quản lý chất lượng)"),
    "iso_56001": _l("ISO 56001 (hệ thống quản lý đổi mới sáng tạo, có chứng nhận)"),
    "iso_56002": _l("ISO 56002 (hướng dẫn quản lý đổi mới sáng tạo, áp dụng và đánh giá)"),
}
STANDARD_FAMILIES = {"iso_9001": "iso_9001", "iso_56001": "iso_56000", "iso_56002": "iso_56000"}


class StandardCertificate(TimestampMixin, Base):
    """One certificate per resolved iso_adoption request, with the programme's co-funding in VND."""

    __tablename__ = "standard_certificates"
    __table_args__ = (
        CheckConstraint("co_funding_vnd >= 0", name="co_funding_not_negative"),
        CheckConstraint("expires_on IS NULL OR expires_on > issued_on", name="expires_after_issue"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    support_request_id: Mapped[int] = mapped_column(ForeignKey("support_requests.id"), unique=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    standard: Mapped[str] = mapped_column(enum_type(tuple(STANDARDS), "standard_code"))
    certification_body: Mapped[str] = mapped_column(String(200))
    certificate_number: Mapped[str] = mapped_column(String(80))
    issued_on: Mapped[date] = mapped_column(Date, index=True)
    expires_on: Mapped[Optional[date]] = mapped_column(Date)
    co_funding_vnd: Mapped[int] = mapped_column(Money, default=0)
    recorded_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))

    request = relationship("SupportRequest")
    organisation = relationship("Organisation")

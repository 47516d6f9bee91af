"""International partners (organisations abroad with their country and kind), the terms of the
cooperation agreements recorded as relationships, and the monthly Techmart digest's sends."""
from datetime import date, datetime
from typing import Optional

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, Date, DateTime, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ecosystem.models.base import Base, TimestampMixin, utcnow
from ecosystem.models.vocab import enum_type

__all__ = ["InternationalPartner", "CooperationAgreement", "DigestSend"]

PARTNER_KINDS = {
    "university": _l("Trường đại học"),
    "research_institute": _l("Viện nghiên cứu"),
    "enterprise": _l("Doanh nghiệp"),
    "government": _l("Cơ quan chính phủ"),
    "international_org": _l("Tổ chức quốc tế"),
    "innovation_agency": _l("Tổ chức hỗ trợ đổi mới sáng tạo"),
    "investor": _l("Quỹ, nhà đầu tư"),
}


class InternationalPartner(TimestampMixin, Base):
    """The abroad flag of an organisation: its country (ISO 3166-1 alpha-2) and partner kind."""

    __tablename__ = "international_partners"
    __table_args__ = (CheckConstraint("length(country) = 2", name="country_alpha2"),)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"),
                                                 primary_key=True)
    country: Mapped[str] = mapped_column(String(2), index=True)
    partner_kind: Mapped[str] = mapped_column(enum_type(PARTNER_KINDS, "partner_kind"))
    organisation = relationship("Organisation", lazy="joined")


class CooperationAgreement(Base):
    """The terms of a 'cooperation_agreement' relationship (started_on = signed, ended_on = expiry)."""

    __tablename__ = "cooperation_agreements"
    __table_args__ = (CheckConstraint("expires_on IS NULL OR expires_on >= signed_on", name="expiry_after_signing"),)
    relationship_id: Mapped[int] = mapped_column(ForeignKey("relationships.id", ondelete="CASCADE"),
                                                 primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    scope: Mapped[str] = mapped_column(Text)
    signed_on: Mapped[date] = mapped_column(Date, index=True)
    expires_on: Mapped[Optional[date]] = mapped_column(Date)
    relation = relationship("Relationship", lazy="joined")


class DigestSend(Base):
    """One Techmart digest edition sent to one person: the unique key makes every send happen once."""

    __tablename__ = "techmart_digest_sends"
    __table_args__ = (UniqueConstraint("edition", "user_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    edition: Mapped[str] = mapped_column(String(7), index=True)  # yyyy-mm
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    sent_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

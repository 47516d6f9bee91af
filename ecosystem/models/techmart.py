"""The technology market: offers, demands, contact requests, deals with their history, Techmart sessions."""
from datetime import date, datetime
from typing import Optional

from flask_babel import lazy_gettext as _l
from sqlalchemy import (JSON, Boolean, CheckConstraint, Column, Date, DateTime, ForeignKey, Integer,
                        String, Table, Text, UniqueConstraint, event)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ecosystem.models.base import Base, Money, TimestampMixin, utcnow
from ecosystem.models.directory import Sector
from ecosystem.models.events import in_utc
from ecosystem.models.vocab import enum_type
from ecosystem.text import fold

__all__ = ["TechOffer", "TechOfferFile", "TechDemand", "TechContactRequest", "TechDeal",
           "TechDealEvent", "TechmartSession", "TechmartBooth", "TechmartSlot", "DealHistoryIsAppendOnly"]

IP_STATUSES = {
    "none": _l("Chưa có bảo hộ"),
    "application": _l("Đã nộp đơn đăng ký"),
    "patent": _l("Bằng độc quyền sáng chế"),
    "utility_solution": _l("Bằng độc quyền giải pháp hữu ích"),
    "industrial_design": _l("Kiểu dáng công nghiệp"),
    "know_how": _l("Bí quyết kỹ thuật (know-how)"),
}
NUMBERED_IP = ("application", "patent", "utility_solution", "industrial_design")
TRANSFER_FORMS = {
    "licence": _l("Li-xăng (chuyển quyền sử dụng)"),
    "assignment": _l("Chuyển nhượng quyền sở hữu"),
    "joint_development": _l("Hợp tác phát triển"),
    "service": _l("Dịch vụ kỹ thuật"),
}
OFFER_STATUSES = {"published": _l("Đang chào bán"), "withdrawn": _l("Đã rút")}
DEMAND_STATUSES = {"open": _l("Đang tìm công nghệ"), "closed": _l("Đã đóng")}
CONTACT_STATUSES = {"requested": _l("Chờ trả lời"), "accepted": _l("Đã đồng ý"),
                    "declined": _l("Đã từ chối"), "withdrawn": _l("Đã rút")}
DEAL_STATES = {
    "interest": _l("Quan tâm"),
    "nda": _l("Ký thoả thuận bảo mật (NDA)"),
    "negotiation": _l("Đàm phán"),
    "contract": _l("Đã ký hợp đồng"),
    "completed": _l("Hoàn thành chuyển giao"),
    "abandoned": _l("Dừng"),
}

offer_sectors = Table(
    "tech_offer_sectors", Base.metadata,
    Column("offer_id", ForeignKey("tech_offers.id", ondelete="CASCADE"), primary_key=True),
    Column("sector_id", ForeignKey("sectors.id"), primary_key=True),
)
demand_sectors = Table(
    "tech_demand_sectors", Base.metadata,
    Column("demand_id", ForeignKey("tech_demands.id", ondelete="CASCADE"), primary_key=True),
    Column("sector_id", ForeignKey("sectors.id"), primary_key=True),
)
booth_offers = Table(
    "techmart_booth_offers", Base.metadata,
    Column("booth_id", ForeignKey("techmart_booths.id", ondelete="CASCADE"), primary_key=True),
    Column("offer_id", ForeignKey("tech_offers.id", ondelete="CASCADE"), primary_key=True),
)


def _range_checks(low: str, high: str) -> tuple:
    return (CheckConstraint(f"{low} IS NULL OR {low} >= 0", name=f"{low}_nonneg"),
            CheckConstraint(f"{high} IS NULL OR {low} IS NULL OR {high} >= {low}", name=f"{high}_order"))


class TechOffer(TimestampMixin, Base):
    """A technology an organisation offers to transfer; contact goes through the platform."""

    __tablename__ = "tech_offers"
    __table_args__ = (
        CheckConstraint("trl BETWEEN 1 AND 9", name="trl_range"),
        CheckConstraint("ip_status IN ('none', 'know_how') OR (ip_number IS NOT NULL AND ip_date IS NOT NULL)",
                        name="ip_numbered"),
        *_range_checks("price_min_vnd", "price_max_vnd"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text)
    trl: Mapped[int] = mapped_column(Integer)
    ip_status: Mapped[str] = mapped_column(enum_type(IP_STATUSES, "tech_ip_status"), index=True)
    ip_number: Mapped[Optional[str]] = mapped_column(String(60))
    ip_date: Mapped[Optional[date]] = mapped_column(Date)
    transfer_forms: Mapped[list] = mapped_column(JSON, default=list)
    price_min_vnd: Mapped[Optional[int]] = mapped_column(Money)
    price_max_vnd: Mapped[Optional[int]] = mapped_column(Money)
    status: Mapped[str] = mapped_column(enum_type(OFFER_STATUSES, "tech_offer_status"), default="published",
                                        index=True)
    search_key: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    organisation = relationship("Organisation", lazy="joined")
    sectors: Mapped[list[Sector]] = relationship(secondary=offer_sectors, lazy="selectin")
    files: Mapped[list["TechOfferFile"]] = relationship(back_populates="offer", cascade="all, delete-orphan",
                                                        order_by="TechOfferFile.id")

    @property
    def images(self) -> list:
        return [f for f in self.files if f.kind == "image"]

    @property
    def documents(self) -> list:
        return [f for f in self.files if f.kind == "document"]


class TechOfferFile(Base):
    """An image or a document of an offer; the bytes are an UploadedFile kept outside static/."""

    __tablename__ = "tech_offer_files"
    __table_args__ = (UniqueConstraint("offer_id", "file_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("tech_offers.id", ondelete="CASCADE"), index=True)
    file_id: Mapped[int] = mapped_column(ForeignKey("uploaded_files.id"))
    kind: Mapped[str] = mapped_column(String(10))  # image | document
    offer: Mapped[TechOffer] = relationship(back_populates="files")
    file = relationship("UploadedFile", lazy="joined")


class TechDemand(TimestampMixin, Base):
    """An enterprise's technology need: the problem, budget, deadline and the TRL it wants."""

    __tablename__ = "tech_demands"
    __table_args__ = (
        CheckConstraint("trl_wanted BETWEEN 1 AND 9", name="trl_range"),
        *_range_checks("budget_min_vnd", "budget_max_vnd"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    problem: Mapped[str] = mapped_column(Text)
    trl_wanted: Mapped[int] = mapped_column(Integer)
    budget_min_vnd: Mapped[Optional[int]] = mapped_column(Money)
    budget_max_vnd: Mapped[Optional[int]] = mapped_column(Money)
    deadline: Mapped[Optional[date]] = mapped_column(Date)
    fund_cofunding: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(enum_type(DEMAND_STATUSES, "tech_demand_status"), default="open",
                                        index=True)
    created_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    organisation = relationship("Organisation", lazy="joined")
    sectors: Mapped[list[Sector]] = relationship(secondary=demand_sectors, lazy="selectin")


class TechContactRequest(Base):
    """An organisation asks an offer's owner to talk; contact details show once the owner accepts."""

    __tablename__ = "tech_contact_requests"
    id: Mapped[int] = mapped_column(primary_key=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("tech_offers.id", ondelete="CASCADE"), index=True)
    requester_org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    demand_id: Mapped[Optional[int]] = mapped_column(ForeignKey("tech_demands.id", ondelete="SET NULL"))
    requested_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    message: Mapped[Optional[str]] = mapped_column(Text)
    status: Mapped[str] = mapped_column(enum_type(CONTACT_STATUSES, "tech_contact_status"), default="requested",
                                        index=True)
    decided_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[Optional[datetime]] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    offer: Mapped[TechOffer] = relationship()
    requester = relationship("Organisation")


class TechDeal(TimestampMixin, Base):
    """A transfer in progress between an offer's owner (seller) and a buyer; its history is TechDealEvent."""

    __tablename__ = "tech_deals"
    __table_args__ = (
        CheckConstraint("contract_value_vnd IS NULL OR contract_value_vnd >= 0", name="value_nonneg"),
        CheckConstraint("state NOT IN ('contract', 'completed') OR (contract_value_vnd IS NOT NULL "
                        "AND contract_form IS NOT NULL AND contract_date IS NOT NULL)", name="contract_terms"),
        CheckConstraint("state <> 'abandoned' OR abandoned_reason IS NOT NULL", name="abandon_reason"),
        CheckConstraint("seller_org_id <> buyer_org_id", name="two_parties"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("tech_offers.id"), index=True)
    demand_id: Mapped[Optional[int]] = mapped_column(ForeignKey("tech_demands.id", ondelete="SET NULL"))
    session_id: Mapped[Optional[int]] = mapped_column(ForeignKey("techmart_sessions.id"), index=True)
    seller_org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    buyer_org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    state: Mapped[str] = mapped_column(enum_type(DEAL_STATES, "tech_deal_state"), default="interest", index=True)
    contract_value_vnd: Mapped[Optional[int]] = mapped_column(Money)
    contract_form: Mapped[Optional[str]] = mapped_column(enum_type(TRANSFER_FORMS, "tech_transfer_form"))
    contract_date: Mapped[Optional[date]] = mapped_column(Date, index=True)
    abandoned_reason: Mapped[Optional[str]] = mapped_column(Text)
    relationship_id: Mapped[Optional[int]] = mapped_column(ForeignKey("relationships.id"))
    created_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    offer: Mapped[TechOffer] = relationship()
    demand: Mapped[Optional[TechDemand]] = relationship()
    seller = relationship("Organisation", foreign_keys=[seller_org_id])
    buyer = relationship("Organisation", foreign_keys=[buyer_org_id])
    events: Mapped[list["TechDealEvent"]] = relationship(order_by="TechDealEvent.id", viewonly=True)


class TechDealEvent(Base):
    """One step of a deal's history; append-only, like a ledger."""

    __tablename__ = "tech_deal_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    deal_id: Mapped[int] = mapped_column(ForeignKey("tech_deals.id"), index=True)
    from_state: Mapped[Optional[str]] = mapped_column(String(24))
    to_state: Mapped[str] = mapped_column(String(24))
    note: Mapped[Optional[str]] = mapped_column(Text)
    actor_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    actor = relationship("User")


class DealHistoryIsAppendOnly(RuntimeError):
    """Raised on any attempt to rewrite a deal's history."""


@event.listens_for(TechDealEvent, "before_update")
@event.listens_for(TechDealEvent, "before_delete")
def _refuse_history_change(mapper, connection, row: TechDealEvent) -> None:
    raise DealHistoryIsAppendOnly(f"deal event {row.id} cannot be changed or deleted")


class TechmartSession(Base):
    """A (virtual) Techmart: an Event with booths of exhibitors and a grid of 1:1 meeting slots."""

    __tablename__ = "techmart_sessions"
    __table_args__ = (CheckConstraint("meeting_minutes > 0", name="minutes_positive"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), unique=True)
    meeting_minutes: Mapped[int] = mapped_column(Integer, default=30)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    event = relationship("Event", lazy="joined")
    booths: Mapped[list["TechmartBooth"]] = relationship(back_populates="session", order_by="TechmartBooth.id")


class TechmartBooth(Base):
    """An exhibitor's booth: its offers on show and as many meeting slots as it can hold."""

    __tablename__ = "techmart_booths"
    __table_args__ = (UniqueConstraint("session_id", "organisation_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("techmart_sessions.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    session: Mapped[TechmartSession] = relationship(back_populates="booths")
    organisation = relationship("Organisation", lazy="joined")
    offers: Mapped[list[TechOffer]] = relationship(secondary=booth_offers, lazy="selectin")
    slots: Mapped[list["TechmartSlot"]] = relationship(order_by="TechmartSlot.starts_at", viewonly=True)


class TechmartSlot(Base):
    """A 1:1 meeting slot of a booth, claimed once by an atomic UPDATE; the unique keys forbid
    double booking of the exhibitor (one slot per start) and of the visitor (one meeting per start)."""

    __tablename__ = "techmart_slots"
    __table_args__ = (
        UniqueConstraint("booth_id", "starts_at"),
        UniqueConstraint("session_id", "visitor_org_id", "starts_at"),
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("techmart_sessions.id", ondelete="CASCADE"), index=True)
    booth_id: Mapped[int] = mapped_column(ForeignKey("techmart_booths.id", ondelete="CASCADE"), index=True)
    starts_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    ends_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    visitor_org_id: Mapped[Optional[int]] = mapped_column(ForeignKey("organisations.id"), index=True)
    demand_id: Mapped[Optional[int]] = mapped_column(ForeignKey("tech_demands.id", ondelete="SET NULL"))
    booked_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    booked_at: Mapped[Optional[datetime]] = mapped_column(DateTime(timezone=True))
    held: Mapped[bool] = mapped_column(Boolean, default=False)
    booth: Mapped[TechmartBooth] = relationship(lazy="joined")
    visitor = relationship("Organisation")
    demand: Mapped[Optional[TechDemand]] = relationship()


@event.listens_for(TechOffer, "before_insert")
@event.listens_for(TechOffer, "before_update")
def _offer_search_key(mapper, connection, offer: TechOffer) -> None:
    """Accent-free search over the title, summary and IP number, as in the directory."""
    offer.search_key = fold(" ".join(p for p in (offer.title, offer.summary, offer.ip_number) if p))


@event.listens_for(TechmartSlot, "before_insert")
@event.listens_for(TechmartSlot, "before_update")
def _slot_times_in_utc(mapper, connection, slot: TechmartSlot) -> None:
    slot.starts_at, slot.ends_at = in_utc(slot.starts_at), in_utc(slot.ends_at)

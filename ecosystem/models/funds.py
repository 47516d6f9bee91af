"""Enterprise S&T development funds: the fund, its append-only ledger and who owns whom (RULES §2)."""
from datetime import date, datetime
from decimal import Decimal
from typing import Optional

from flask_babel import lazy_gettext as _l
from sqlalchemy import (Boolean, CheckConstraint, Date, DateTime, ForeignKey, Integer, String, Text,
                        UniqueConstraint, event)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ecosystem.codes import USAGE_CATEGORIES
from ecosystem.models.base import Base, Money, TimestampMixin, utcnow
from ecosystem.models.vocab import enum_type

__all__ = ["StFund", "FundEntry", "OrgOwnership", "LedgerIsAppendOnly"]  # to_micro/from_micro: helpers

FUND_FORMS = {
    "internal": _l("Quỹ không có tư cách pháp nhân (bộ phận của doanh nghiệp)"),
    "legal_entity": _l("Quỹ có tư cách pháp nhân"),
}
ENTRY_KINDS = {
    "appropriation": _l("Trích lập"),
    "usage": _l("Sử dụng"),
    "advance": _l("Sử dụng ứng trước"),
    "transfer_in": _l("Nhận điều chuyển"),
    "transfer_out": _l("Điều chuyển đi"),
    "reversal": _l("Bút toán đảo"),
}
FUND_STATUSES = {
    "open": _l("Trong hạn, chưa đạt"),
    "compliant": _l("Đã đạt tỷ lệ sử dụng"),
    "breach": _l("Vi phạm – bị truy thu"),
}
USAGE_CATEGORY_LABELS = {
    "facilities": _l("Đầu tư cơ sở vật chất – kỹ thuật cho hoạt động KH&CN"),
    "technology_purchase": _l("Mua công nghệ, bí quyết, sáng chế, kiểu dáng, giống"),
    "innovation_machinery": _l("Máy móc, thiết bị cho đổi mới công nghệ"),
    "personnel": _l("Tiền lương, thuê chuyên gia, hợp đồng với tổ chức KH&CN"),
    "training": _l("Đào tạo nhân lực KH&CN"),
    "initiatives": _l("Sáng kiến"),
    "cooperation": _l("Hợp tác về KH&CN"),
    "commercialisation": _l("Thử nghiệm, kiểm định, quảng bá, thương mại hoá, đăng ký sở hữu trí tuệ"),
}
assert set(USAGE_CATEGORY_LABELS) == set(USAGE_CATEGORIES)
MICRO = 1_000_000  # rates are stored exactly as millionths: SQLite has no decimal type


def to_micro(rate: Decimal | None) -> int | None:
    if rate is None:
        return None
    scaled = Decimal(rate) * MICRO
    if scaled != scaled.to_integral_value():
        raise ValueError(f"rate {rate} has more than six decimals")
    return int(scaled)


def from_micro(value: int | None) -> Decimal | None:
    return None if value is None else Decimal(value) / MICRO


class MicroRate:
    """A Decimal rate read and written through an integer column of millionths."""

    def __init__(self, column: str):
        self.column = column

    def __get__(self, obj, owner=None):
        return self if obj is None else from_micro(getattr(obj, self.column))

    def __set__(self, obj, value) -> None:
        setattr(obj, self.column, to_micro(value))


class StFund(TimestampMixin, Base):
    """An enterprise's own S&T development fund: one per enterprise, set up by its decision."""

    __tablename__ = "st_funds"
    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), unique=True)
    decision_number: Mapped[str] = mapped_column(String(80))
    decision_date: Mapped[date] = mapped_column(Date)
    sent_to_dost_on: Mapped[Optional[date]] = mapped_column(Date)
    organisation_form: Mapped[str] = mapped_column(enum_type(FUND_FORMS, "fund_form"), default="internal")
    state_owned: Mapped[bool] = mapped_column(Boolean, default=False)
    created_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    organisation = relationship("Organisation")
    entries: Mapped[list["FundEntry"]] = relationship(back_populates="fund", order_by="FundEntry.id",
                                                      viewonly=True)


class FundEntry(Base):
    """One line of a fund's ledger; never edited or deleted: a correction is a reversal entry."""

    __tablename__ = "fund_entries"
    __table_args__ = (
        CheckConstraint("amount >= 0", name="amount_nonneg"),
        CheckConstraint("taxable_income IS NULL OR taxable_income >= 0", name="income_nonneg"),
        CheckConstraint("rate_micro IS NULL OR (rate_micro > 0 AND rate_micro <= 1000000)", name="rate_range"),
        CheckConstraint("cit_rate_micro IS NULL OR (cit_rate_micro >= 0 AND cit_rate_micro <= 1000000)",
                        name="cit_rate_range"),
        CheckConstraint("kind NOT IN ('appropriation', 'transfer_in') OR "
                        "(tax_year IS NOT NULL AND cit_rate_micro IS NOT NULL)", name="inflow_has_year"),
        CheckConstraint("kind NOT IN ('usage', 'advance', 'transfer_out') OR day IS NOT NULL",
                        name="outflow_has_day"),
        CheckConstraint("kind NOT IN ('transfer_in', 'transfer_out') OR counterparty_id IS NOT NULL",
                        name="transfer_has_counterparty"),
        CheckConstraint("(kind = 'reversal') = (reverses_id IS NOT NULL)", name="reversal_target"),
        UniqueConstraint("reverses_id"),  # an entry is reversed at most once, even by racing requests
        UniqueConstraint("idempotency_key"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    fund_id: Mapped[int] = mapped_column(ForeignKey("st_funds.id"), index=True)
    kind: Mapped[str] = mapped_column(enum_type(ENTRY_KINDS, "fund_entry_kind"))
    day: Mapped[Optional[date]] = mapped_column(Date)
    amount: Mapped[int] = mapped_column(Money, default=0)
    tax_year: Mapped[Optional[int]] = mapped_column(Integer)
    taxable_income: Mapped[Optional[int]] = mapped_column(Money)
    rate_micro: Mapped[Optional[int]] = mapped_column(Integer)
    cit_rate_micro: Mapped[Optional[int]] = mapped_column(Integer)
    override_reason: Mapped[Optional[str]] = mapped_column(Text)
    category: Mapped[Optional[str]] = mapped_column(enum_type(USAGE_CATEGORIES, "fund_usage_category"))
    proper: Mapped[bool] = mapped_column(Boolean, default=True)
    reference: Mapped[Optional[str]] = mapped_column(String(200))
    note: Mapped[Optional[str]] = mapped_column(Text)
    counterparty_id: Mapped[Optional[int]] = mapped_column(ForeignKey("organisations.id"))
    mirror_of_id: Mapped[Optional[int]] = mapped_column(ForeignKey("fund_entries.id"))
    reverses_id: Mapped[Optional[int]] = mapped_column(ForeignKey("fund_entries.id"))
    attachment_name: Mapped[Optional[str]] = mapped_column(String(160))
    attachment_path: Mapped[Optional[str]] = mapped_column(String(60))
    attachment_mime: Mapped[Optional[str]] = mapped_column(String(40))
    idempotency_key: Mapped[Optional[str]] = mapped_column(String(64))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    fund: Mapped[StFund] = relationship(back_populates="entries")
    created_by = relationship("User")
    counterparty = relationship("Organisation")

    rate = MicroRate("rate_micro")
    cit_rate = MicroRate("cit_rate_micro")


class OrgOwnership(TimestampMixin, Base):
    """A parent's share in a subsidiary, as data: fund transfers need exactly 100 %."""

    __tablename__ = "org_ownerships"
    __table_args__ = (
        CheckConstraint("share_micro > 0 AND share_micro <= 1000000", name="share_range"),
        CheckConstraint("parent_id <> child_id", name="not_self"),
        CheckConstraint("valid_to IS NULL OR valid_to >= valid_from", name="dates_order"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    share_micro: Mapped[int] = mapped_column(Integer)
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[Optional[date]] = mapped_column(Date)
    reference: Mapped[Optional[str]] = mapped_column(String(200))
    created_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    parent = relationship("Organisation", foreign_keys=[parent_id])
    child = relationship("Organisation", foreign_keys=[child_id])

    share = MicroRate("share_micro")


class LedgerIsAppendOnly(RuntimeError):
    """Raised when code tries to change or delete a fund entry."""


@event.listens_for(FundEntry, "before_update")
@event.listens_for(FundEntry, "before_delete")
def _refuse_change(mapper, connection, entry: FundEntry) -> None:
    """The ledger is append-only (RULES §2): corrections are reversal entries."""
    raise LedgerIsAppendOnly(f"fund entry {entry.id} cannot be changed or deleted; record a reversal")

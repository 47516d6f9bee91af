"""Relationships: first-class records and the edges of the ecosystem graph."""
from datetime import date, datetime
from typing import Optional

from sqlalchemy import CheckConstraint, Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ecosystem.clock import local_today
from ecosystem.models.base import Base, Money, TimestampMixin, utcnow
from ecosystem.models.vocab import RELATION_KINDS, enum_type


class Relationship(TimestampMixin, Base):
    """A tie between a person or organisation and another; an ended one stays as history."""

    __tablename__ = "relationships"
    __table_args__ = (
        CheckConstraint("(source_person_id IS NULL) <> (source_org_id IS NULL)", name="one_source"),
        CheckConstraint("(target_person_id IS NULL) <> (target_org_id IS NULL)", name="one_target"),
        CheckConstraint("amount_vnd IS NULL OR amount_vnd >= 0", name="amount_nonneg"),
        CheckConstraint("ended_on IS NULL OR started_on IS NULL OR ended_on >= started_on",
                        name="dates_order"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(enum_type(RELATION_KINDS, "relation_kind"), index=True)
    source_person_id: Mapped[Optional[int]] = mapped_column(ForeignKey("people.id"), index=True)
    source_org_id: Mapped[Optional[int]] = mapped_column(ForeignKey("organisations.id"), index=True)
    target_person_id: Mapped[Optional[int]] = mapped_column(ForeignKey("people.id"), index=True)
    target_org_id: Mapped[Optional[int]] = mapped_column(ForeignKey("organisations.id"), index=True)
    started_on: Mapped[Optional[date]] = mapped_column(Date)
    ended_on: Mapped[Optional[date]] = mapped_column(Date)
    amount_vnd: Mapped[Optional[int]] = mapped_column(Money)
    round: Mapped[Optional[str]] = mapped_column(String(40))
    cohort: Mapped[Optional[str]] = mapped_column(String(40))
    role_title: Mapped[Optional[str]] = mapped_column(String(120))
    source: Mapped[Optional[str]] = mapped_column(String(40))
    note: Mapped[Optional[str]] = mapped_column(Text)
    created_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))

    source_person = relationship("Person", foreign_keys=[source_person_id])
    source_org = relationship("Organisation", foreign_keys=[source_org_id])
    target_person = relationship("Person", foreign_keys=[target_person_id])
    target_org = relationship("Organisation", foreign_keys=[target_org_id])

    @property
    def source_key(self) -> tuple[str, int]:
        return ("person", self.source_person_id) if self.source_person_id else ("org", self.source_org_id)

    @property
    def target_key(self) -> tuple[str, int]:
        return ("person", self.target_person_id) if self.target_person_id else ("org", self.target_org_id)

    @property
    def active(self) -> bool:
        return self.ended_on is None or self.ended_on >= local_today()


class GraphChange(Base):
    """Append-only change feed of graph edges; its highest id is the graph version every worker
    compares with, and the rows after a worker's version are the delta it applies."""

    __tablename__ = "graph_changes"
    id: Mapped[int] = mapped_column(primary_key=True)
    op: Mapped[str] = mapped_column(String(10))  # upsert | remove
    edge_source: Mapped[str] = mapped_column(String(20))  # relationship | attendance | introduction
    ref_id: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

"""The DOST's view: programme targets as data, reported figures, bulk-import runs, cached aggregates."""
from datetime import date, datetime
from typing import Optional

from sqlalchemy import (JSON, CheckConstraint, Date, DateTime, ForeignKey, Integer, String, Text,
                        UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ecosystem.models.base import Base, TimestampMixin, utcnow
from ecosystem.models.vocab import enum_type

__all__ = ["ProgrammeTarget", "TargetFigure", "ImportRun", "AggregateCache"]

TARGET_STATUSES = ("active", "retired", "superseded")
COMPARATORS = ("<=", ">=", ">", "≈")
IMPORT_STATUSES = ("checked", "queued", "running", "done", "failed")


class ProgrammeTarget(TimestampMixin, Base):
    """A target of the programme (RULES §6) with its owner, period and baseline; retired, never
    deleted. Values are decimal strings: SQLite would store a Numeric as a float."""

    __tablename__ = "programme_targets"
    __table_args__ = (CheckConstraint("period_end >= period_start", name="period_order"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(60), unique=True)
    title_vi: Mapped[str] = mapped_column(String(300))
    title_en: Mapped[Optional[str]] = mapped_column(String(300))
    owner_vi: Mapped[str] = mapped_column(String(200))
    owner_en: Mapped[Optional[str]] = mapped_column(String(200))
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    frequency: Mapped[str] = mapped_column(String(10), default="once")  # once | yearly
    baseline_year: Mapped[Optional[int]] = mapped_column(Integer)
    baseline_value: Mapped[Optional[str]] = mapped_column(String(40))
    unit: Mapped[str] = mapped_column(String(30))
    comparator: Mapped[str] = mapped_column(enum_type(COMPARATORS, "target_comparator"))
    target_value: Mapped[Optional[str]] = mapped_column(String(40))
    measure: Mapped[str] = mapped_column(String(10), default="reported")  # computed | reported
    indicator: Mapped[Optional[str]] = mapped_column(String(60))
    legal_basis: Mapped[str] = mapped_column(String(60))
    note_vi: Mapped[Optional[str]] = mapped_column(Text)
    note_en: Mapped[Optional[str]] = mapped_column(Text)
    status: Mapped[str] = mapped_column(enum_type(TARGET_STATUSES, "target_status"), default="active",
                                        index=True)
    superseded_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("programme_targets.id"))
    retired_on: Mapped[Optional[date]] = mapped_column(Date)
    retired_reason: Mapped[Optional[str]] = mapped_column(Text)
    created_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    figures: Mapped[list["TargetFigure"]] = relationship(
        back_populates="target", order_by="TargetFigure.year", cascade="all, delete-orphan")

    def title(self, locale: str = "vi") -> str:
        return self.title_en if locale == "en" and self.title_en else self.title_vi

    def owner(self, locale: str = "vi") -> str:
        return self.owner_en if locale == "en" and self.owner_en else self.owner_vi


class TargetFigure(Base):
    """An officially reported figure for a target and year (TFP share, productivity growth …)."""

    __tablename__ = "target_figures"
    __table_args__ = (UniqueConstraint("target_id", "year"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    target_id: Mapped[int] = mapped_column(ForeignKey("programme_targets.id", ondelete="CASCADE"))
    year: Mapped[int] = mapped_column(Integer)
    value: Mapped[str] = mapped_column(String(40))
    source: Mapped[Optional[str]] = mapped_column(String(300))
    entered_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    entered_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    target: Mapped[ProgrammeTarget] = relationship(back_populates="figures")


class ImportRun(Base):
    """One uploaded bulk-import file: its dry-run report, then the import's progress."""

    __tablename__ = "import_runs"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # organisation | person | relationship
    filename: Mapped[str] = mapped_column(String(200))
    storage_name: Mapped[str] = mapped_column(String(80), unique=True)
    status: Mapped[str] = mapped_column(enum_type(IMPORT_STATUSES, "import_status"), default="checked")
    total_rows: Mapped[int] = mapped_column(Integer, default=0)
    processed_rows: Mapped[int] = mapped_column(Integer, default=0)
    created_count: Mapped[int] = mapped_column(Integer, default=0)
    updated_count: Mapped[int] = mapped_column(Integer, default=0)
    error_count: Mapped[int] = mapped_column(Integer, default=0)
    summary: Mapped[dict] = mapped_column(JSON, default=dict)  # counts and the first problems
    failure: Mapped[Optional[str]] = mapped_column(Text)
    created_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    started_at: Mapped[Optional[datetime]] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[Optional[datetime]] = mapped_column(DateTime(timezone=True))
    # The scheduler process working on it ("host:pid") and its last sign of life, each committed in
    # its own transaction, so a killed worker's run is found and failed instead of running for ever.
    claimed_by: Mapped[Optional[str]] = mapped_column(String(120))
    heartbeat_at: Mapped[Optional[datetime]] = mapped_column(DateTime(timezone=True))


class AggregateCache(Base):
    """A computed set of dashboard figures and when it was computed, so pages can say how fresh."""

    __tablename__ = "aggregate_cache"
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    payload: Mapped[dict] = mapped_column(JSON)
    computed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    graph_version: Mapped[int] = mapped_column(Integer, default=0)

"""Declarative base, constraint naming (so Alembic diffs are stable) and the shared column types."""
from datetime import datetime, timezone

from sqlalchemy import BigInteger, DateTime, MetaData
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from ecosystem.clock import utcnow

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# Money is integer VND (đồng has no minor unit); SQLite would store Numeric as a float.
Money = BigInteger


def as_utc(moment: datetime | None) -> datetime | None:
    """SQLite gives back naive datetimes for timezone-aware columns; they were stored as UTC."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=timezone.utc)


class Base(DeclarativeBase):
    """All models share one metadata with the naming convention above."""

    metadata = MetaData(naming_convention=NAMING)


class TimestampMixin:
    """Creation and update times on rows people edit."""

    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )

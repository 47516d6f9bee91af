"""Accent-insensitive search served by an index: the folded search_key gets a trigram GIN index on
PostgreSQL (pg_trgm serves LIKE '%word%'); on SQLite the same declaration is a plain index."""
from sqlalchemy import DDL, Index, event

from ecosystem.models.base import Base

__all__: list[str] = []

event.listen(Base.metadata, "before_create",
             DDL("CREATE EXTENSION IF NOT EXISTS pg_trgm").execute_if(dialect="postgresql"))


def trigram_index(name: str, column: str) -> Index:
    return Index(name, column, postgresql_using="gin", postgresql_ops={column: "gin_trgm_ops"})

"""Bulk loads leave the planner statistics of what they loaded (a table never analysed is planned as
empty: the suggestions page ran 50× slower on such a PostgreSQL database at 50,000 startups)."""
from sqlalchemy import func, select, text

from ecosystem.extensions import db
from ecosystem.models import Relationship


def analysed_rows(table: str) -> float | None:
    """The row count the planner knows for `table` from the last ANALYZE (None: never analysed)."""
    if db.engine.dialect.name == "postgresql":
        found = db.session.scalar(text("SELECT reltuples FROM pg_class WHERE relname = :t"), {"t": table})
        return None if found is None or found < 0 else found
    if not db.session.scalar(text("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")):
        return None
    stat = db.session.scalar(text("SELECT stat FROM sqlite_stat1 WHERE tbl = :t LIMIT 1"), {"t": table})
    return float(stat.split()[0]) if stat else None


def test_seed_synthetic_leaves_statistics_of_the_rows_it_loaded(runner):
    result = runner.invoke(args=["seed-synthetic", "--startups", "40", "--seed", "5"])
    assert result.exit_code == 0, result.output
    db.session.rollback()
    loaded = db.session.scalar(select(func.count()).select_from(Relationship))
    assert loaded > 100
    assert analysed_rows("relationships") == loaded


def test_seed_demo_leaves_statistics_of_the_rows_it_loaded(runner):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    db.session.rollback()
    loaded = db.session.scalar(select(func.count()).select_from(Relationship))
    assert loaded > 0
    assert analysed_rows("relationships") == loaded

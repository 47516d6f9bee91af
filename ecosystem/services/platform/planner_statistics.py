"""Planner statistics after a bulk load: without them PostgreSQL guesses every row count (a table
never analysed counts as empty) and the suggestions page's slot count ran 50× slower at 50,000
startups; autovacuum may be off, or not have run yet, when the first visitor arrives."""
from sqlalchemy import text

from ecosystem.extensions import db


def refresh_planner_statistics(connection=None) -> None:
    """ANALYZE every table (PostgreSQL and SQLite both know the statement); the caller commits."""
    (connection or db.session).execute(text("ANALYZE"))

"""The ledger refuses UPDATE and DELETE in the database itself, whatever path the SQL takes."""
import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DatabaseError

from ecosystem.extensions import db
from ecosystem.models import FundEntry
from tests.services.funds.test_ledger import appropriate, world  # noqa: F401  (fixture)


@pytest.mark.parametrize("statement", [
    "UPDATE fund_entries SET amount = amount + 1",
    "DELETE FROM fund_entries",
])
def test_raw_sql_cannot_change_the_ledger(world, statement):  # noqa: F811
    entry = appropriate(world)
    db.session.commit()
    with pytest.raises(DatabaseError, match="append-only"):
        db.session.execute(text(statement))
        db.session.flush()
    db.session.rollback()
    assert db.session.scalar(select(func.count(FundEntry.id))) == 1
    assert db.session.scalar(select(FundEntry.amount).where(FundEntry.id == entry.id)) == entry.amount

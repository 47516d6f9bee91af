"""A database built by the migrations has the ledger's append-only triggers too (create_all adds them
through the model's after_create hook; tests/services/funds/ proves they refuse raw UPDATE and DELETE)."""
from flask_migrate import upgrade
from sqlalchemy import text

from ecosystem import create_app
from ecosystem.extensions import db
from tests.conftest import _config_dict
from tests.models.test_migrations import blank_url  # noqa: F401  (the fixture: a blank database)


def test_migrated_ledger_has_the_append_only_triggers(blank_url):  # noqa: F811
    app = create_app({**_config_dict(), "SQLALCHEMY_DATABASE_URI": blank_url})
    with app.app_context():
        upgrade(directory="migrations")
        with db.engine.connect() as conn:
            if conn.dialect.name == "postgresql":
                rows = conn.execute(text("SELECT tgname FROM pg_trigger WHERE tgrelid = 'fund_entries'::regclass "
                                         "AND NOT tgisinternal"))
                expected = {"fund_entries_append_only"}
            else:
                rows = conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger' "
                                         "AND tbl_name = 'fund_entries'"))
                expected = {"fund_entries_no_update", "fund_entries_no_delete"}
            names = {name for (name,) in rows}
        db.engine.dispose()
    assert names == expected

"""Commands: create-admin, backup, run-job."""
import sqlite3

from sqlalchemy import select

from ecosystem.extensions import db
from ecosystem.models import User
from tests import factories as f


def test_create_admin(runner):
    result = runner.invoke(args=["create-admin", "--email", "Boss@Example.vn",
                                 "--password", "mat-khau-dai-1"])
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.email == "boss@example.vn"))
    assert user.role_codes == {"admin"}


def test_create_admin_refuses_a_short_password(runner):
    result = runner.invoke(args=["create-admin", "--email", "a@b.vn", "--password", "ngan"])
    assert result.exit_code != 0


def test_backup_copies_the_database(app, runner, tmp_path):
    f.make_org("Tổ chức Cần Sao Lưu")
    db.session.commit()
    target = tmp_path / "copy.db"
    result = runner.invoke(args=["backup", str(target)])
    assert result.exit_code == 0, result.output
    if db.engine.dialect.name == "sqlite":
        rows = sqlite3.connect(target).execute("SELECT name FROM organisations").fetchall()
        assert rows == [("Tổ chức Cần Sao Lưu",)]
    else:
        assert target.read_bytes()[:5] == b"PGDMP"  # pg_dump's custom archive

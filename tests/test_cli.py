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


def test_backup_writes_one_archive_with_the_database_and_a_manifest(app, runner, tmp_path):
    """`flask backup` (round trips: tests/services/operations/test_backups.py)."""
    import json
    import tarfile
    f.make_org("Tổ chức Cần Sao Lưu")
    db.session.commit()
    target = tmp_path / "backup.tar.gz"
    result = runner.invoke(args=["backup", str(target)])
    assert result.exit_code == 0, result.output
    with tarfile.open(target) as archive:
        manifest = json.load(archive.extractfile("manifest.json"))
    assert manifest["tables"]["organisations"] == 1 and manifest["database"]["sha256"]



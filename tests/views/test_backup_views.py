"""Quản trị → Sao lưu lists the archives with their last check; re-verifying finds a damaged one."""
import pytest

from ecosystem.extensions import db
from ecosystem.services.operations import backups
from tests import factories as f
from tests.conftest import login


@pytest.fixture
def admin_client(app, tmp_path):
    app.config["UPLOAD_ROOT"] = str(tmp_path / "uploads")
    app.config["BACKUP_DIR"] = str(tmp_path / "backups")
    admin = f.make_user("admin")
    admin.locale = "en"
    db.session.commit()
    client = app.test_client()
    assert login(client, admin.email).status_code == 302
    return client


def test_the_admin_sees_backups_and_verifies_one(app, admin_client, tmp_path):
    good = tmp_path / "backups" / "backup-20261204-011500.tar.gz"
    backups.create_backup(good)
    bad = tmp_path / "backups" / "backup-20261203-011500.tar.gz"
    bad.write_bytes(b"truncated")
    page = admin_client.get("/admin/backups").get_data(as_text=True)
    assert good.name in page and bad.name in page and "Not checked" in page
    done = admin_client.post(f"/admin/backups/{good.name}/verify", follow_redirects=True).get_data(as_text=True)
    assert "intact" in done
    failed = admin_client.post(f"/admin/backups/{bad.name}/verify", follow_redirects=True).get_data(as_text=True)
    assert "damaged" in failed and 'data-verified="failed"' in failed and 'data-verified="ok"' in failed
    assert admin_client.post("/admin/backups/..%2Fsecret/verify").status_code == 404
    assert admin_client.post("/admin/backups/other.tar.gz/verify").status_code == 404

"""Backup → wipe → restore gives back identical rows and files, on SQLite and PostgreSQL; a restore
refuses a non-empty target (unless forced) and an archive of another schema; the PostgreSQL password
never reaches a command line."""
import io
import json
import tarfile
from pathlib import Path

import pytest
from sqlalchemy import MetaData, select

from ecosystem.extensions import db
from ecosystem.services.operations import archive, backups, database_dump
from ecosystem.services.platform.stored_files import file_path, store_upload
from tests.conftest import empty_all_tables
from tests.factories import make_org, make_user
from tests.test_planner_statistics import analysed_rows

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def uploads(app, tmp_path):
    root = tmp_path / "uploads"
    root.mkdir()
    app.config["UPLOAD_ROOT"] = str(root)
    app.config["BACKUP_DIR"] = str(tmp_path / "backups")
    return root


def _world():
    org = make_org("Công ty Sao Lưu")
    user = make_user("startup", manages=[org])
    row = store_upload(io.BytesIO(PDF), "hồ sơ.pdf", "pitch_deck", user, organisation_id=org.id)
    db.session.commit()
    return row


def _all_rows() -> dict:
    metadata = MetaData()
    metadata.reflect(db.engine)
    with db.engine.connect() as connection:
        return {name: sorted(map(repr, connection.execute(select(table)).all()))
                for name, table in metadata.tables.items()}


def _files(root: Path) -> dict:
    return {name: path.read_bytes() for name, path in archive.upload_files(root).items()}


def _wipe(root: Path) -> None:
    db.session.remove()
    empty_all_tables()
    for path in archive.upload_files(root).values():
        path.unlink()


def test_round_trip_gives_back_identical_rows_and_files(app, uploads, tmp_path):
    row = _world()
    (uploads / "imports").mkdir()
    (uploads / "imports" / "run.csv").write_bytes(b"name\nA\n")
    before_rows, before_files = _all_rows(), _files(uploads)
    assert file_path(row).read_bytes() == PDF

    target = tmp_path / "out" / "backup.tar.gz"
    manifest = backups.create_backup(target)
    assert manifest["tables"]["organisations"] == 1
    assert set(manifest["files"]) == {row.storage_name, "imports/run.csv"}
    assert manifest["files"][row.storage_name]["sha256"] == row.sha256
    assert manifest["schema_revision"] and manifest["app_version"] and manifest["created_at"]
    assert archive.verify_archive(target).ok

    _wipe(uploads)
    assert _all_rows()["organisations"] == [] and _files(uploads) == {}
    result = backups.restore_backup(target)
    assert result.ok, result.problems
    assert _all_rows() == before_rows
    assert _files(uploads) == before_files
    assert analysed_rows("organisations") == 1  # the restored tables carry planner statistics


def test_restore_refuses_a_target_with_data_unless_forced(app, uploads, tmp_path):
    _world()
    target = tmp_path / "b.tar.gz"
    backups.create_backup(target)
    make_org("Thêm sau sao lưu")
    db.session.commit()
    with pytest.raises(backups.BackupError) as refused:
        backups.restore_backup(target)
    assert refused.value.code == "target_not_empty"
    result = backups.restore_backup(target, force=True)
    assert result.ok, result.problems
    assert _all_rows()["organisations"] and len(_all_rows()["organisations"]) == 1


def _rewrite_manifest(source: Path, target: Path, change) -> None:
    with tarfile.open(source, "r:gz") as old, tarfile.open(target, "w:gz") as new:
        for member in old.getmembers():
            data = old.extractfile(member).read()
            if member.name == archive.MANIFEST:
                manifest = json.loads(data)
                change(manifest)
                data = json.dumps(manifest).encode()
                member.size = len(data)
            new.addfile(member, io.BytesIO(data))


def test_restore_refuses_another_schema_revision_and_a_broken_archive(app, uploads, tmp_path):
    name = _world().storage_name
    good = tmp_path / "good.tar.gz"
    backups.create_backup(good)
    _wipe(uploads)
    other = tmp_path / "other.tar.gz"
    _rewrite_manifest(good, other, lambda m: m.update(schema_revision="someone_elses_head"))
    with pytest.raises(backups.BackupError) as refused:
        backups.restore_backup(other)
    assert refused.value.code == "schema_mismatch"
    broken = tmp_path / "broken.tar.gz"
    _rewrite_manifest(good, broken, lambda m: m["files"][name].update(sha256="0" * 64))
    verification = archive.verify_archive(broken)
    assert not verification.ok and verification.problems == [f"checksum differs: uploads/{name}"]
    with pytest.raises(backups.BackupError) as refused:
        backups.restore_backup(broken)
    assert refused.value.code == "archive_broken"
    assert _all_rows()["organisations"] == []  # nothing restored from a refused archive


def test_pg_password_goes_through_the_environment(monkeypatch, tmp_path):
    from sqlalchemy.engine import make_url
    seen = {}

    class Done:
        returncode, stderr = 0, ""

    def fake_run(args, env, **kwargs):
        seen["args"], seen["env"] = args, env
        return Done()

    monkeypatch.setattr(database_dump.subprocess, "run", fake_run)
    monkeypatch.setattr(database_dump.shutil, "which", lambda name: f"/usr/bin/{name}")
    url = make_url("postgresql+psycopg://crm:s3cret-pw@db.example:5433/crm")
    database_dump.dump(url, tmp_path / "x.pgdump")
    assert not any("s3cret-pw" in arg for arg in seen["args"])
    assert seen["env"]["PGPASSWORD"] == "s3cret-pw"
    assert "--host=db.example" in seen["args"] and "--port=5433" in seen["args"]
    database_dump.restore(url, tmp_path / "x.pgdump")
    assert not any("s3cret-pw" in arg for arg in seen["args"]) and seen["env"]["PGPASSWORD"] == "s3cret-pw"


def test_nightly_backup_verifies_and_keeps_the_retention_count(app, uploads, tmp_path):
    from ecosystem.services.platform.settings import set_setting
    _world()
    folder = Path(app.config["BACKUP_DIR"])
    folder.mkdir()
    for stamp in ("20260101-011500", "20260102-011500", "20260103-011500"):
        (folder / f"backup-{stamp}.tar.gz").write_bytes(b"old")
    set_setting("platform.backup_keep", 2, None)
    db.session.commit()
    made = backups.nightly_backup()
    listed = backups.list_backups()
    assert [b["name"] for b in listed] == [made.name, "backup-20260103-011500.tar.gz"]
    assert listed[0]["verification"]["ok"] is True
    assert backups.record_verification(folder / "backup-20260103-011500.tar.gz").ok is False
    assert backups.list_backups()[1]["verification"]["ok"] is False

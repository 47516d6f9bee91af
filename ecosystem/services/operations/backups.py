"""`flask backup` / `flask restore` and the nightly backup job: one .tar.gz holding the database,
every file under UPLOAD_ROOT and a manifest (schema revision, rows per table, SHA-256 of every file,
app version, time). A restore checks the archive and its schema revision, refuses a non-empty target
unless forced, and verifies rows and checksums afterwards."""
import io
import json
import os
import shutil
import tarfile
import tempfile
from contextlib import contextmanager
from pathlib import Path

from flask import current_app
from sqlalchemy import create_engine, inspect, text

from ecosystem.clock import utcnow
from ecosystem.extensions import db
from ecosystem.services.operations import archive, database_dump
from ecosystem.services.operations.archive import MANIFEST, UPLOADS, Verification
from ecosystem.services.operations.version import APP_VERSION, code_schema_revision
from ecosystem.services.platform.errors import DomainError
from ecosystem.services.platform.planner_statistics import refresh_planner_statistics

VERIFY_SUFFIX = ".verify.json"  # beside each archive: the last verification's result
NAME_PATTERN = "backup-*.tar.gz"


class BackupError(DomainError):
    """A refused backup or restore (target_not_empty, schema_mismatch, archive_broken, …)."""


def _upload_root() -> Path:
    return Path(current_app.config["UPLOAD_ROOT"]).resolve()


def _stored_revision(connection) -> str:
    """The schema revision the database says it has (alembic_version); a schema built from the models
    (tests, `create_all`) is the code's own head."""
    rows = []
    if "alembic_version" in inspect(connection).get_table_names():
        rows = connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    return ",".join(sorted(rows)) if rows else code_schema_revision()


@contextmanager
def _snapshot_dump(url, target: Path):
    """Dump the database and yield (rows per table, schema revision) of the very same snapshot."""
    if url.get_backend_name() == "sqlite":
        database_dump.dump(url, target)
        engine = create_engine(f"sqlite:///{target}")
        try:
            with engine.connect() as connection:
                yield archive.row_counts(connection), _stored_revision(connection)
        finally:
            engine.dispose()
        return
    with db.engine.connect() as connection:  # pg_dump reads the snapshot this transaction exported
        connection.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"))
        snapshot = connection.execute(text("SELECT pg_export_snapshot()")).scalar()
        counts, revision = archive.row_counts(connection), _stored_revision(connection)
        database_dump.dump(url, target, snapshot=snapshot)
        yield counts, revision
        connection.rollback()


def create_backup(target: Path) -> dict:
    """Write the archive to target (via a temporary name, so a half-written archive never looks done);
    returns the manifest."""
    target = Path(target).resolve()
    root = _upload_root()
    if root == target.parent or root in target.parents:
        raise BackupError("target_inside_uploads", target=str(target))
    target.parent.mkdir(parents=True, exist_ok=True)
    url = db.engine.url
    dump_name = database_dump.dump_name(url)
    with tempfile.TemporaryDirectory(prefix="backup-") as work:
        dump_path = Path(work) / dump_name
        with _snapshot_dump(url, dump_path) as (counts, revision):
            pass
        files = archive.upload_files(root)
        manifest = {
            "format": archive.FORMAT, "app_version": APP_VERSION, "schema_revision": revision,
            "created_at": utcnow().isoformat(), "database": {
                "backend": url.get_backend_name(), "file": dump_name, "sha256": archive.file_sha256(dump_path)},
            "tables": counts,
            "files": {name: {"size": path.stat().st_size, "sha256": archive.file_sha256(path)}
                      for name, path in files.items()},
        }
        partial = target.with_name(target.name + ".partial")
        with tarfile.open(partial, "w:gz") as tar:
            body = json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8")
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime = len(body), int(utcnow().timestamp())
            tar.addfile(info, io.BytesIO(body))
            tar.add(dump_path, arcname=dump_name)
            for name, path in files.items():
                tar.add(path, arcname=f"{UPLOADS}/{name}")
        os.replace(partial, target)
    return manifest


def _target_holds_data(root: Path) -> list[str]:
    """What the restore would overwrite: tables with rows (alembic's own table aside) and upload files."""
    with db.engine.connect() as connection:
        full = [f"{name} ({count})" for name, count in archive.row_counts(connection).items()
                if count and name != "alembic_version"]
    return full + ([f"{UPLOADS}: {len(archive.upload_files(root))} files"] if archive.upload_files(root) else [])


def restore_backup(source: Path, force: bool = False) -> Verification:
    """Restore the archive into this app's database and UPLOAD_ROOT, then verify rows and checksums."""
    source = Path(source)
    checked = archive.verify_archive(source)
    if not checked.ok:
        raise BackupError("archive_broken", problems=checked.problems[:20])
    manifest = checked.manifest
    expected = code_schema_revision()
    if manifest.get("schema_revision") != expected:
        raise BackupError("schema_mismatch", archive=manifest.get("schema_revision"), code=expected)
    url = db.engine.url
    if manifest["database"]["backend"] != url.get_backend_name():
        raise BackupError("backend_mismatch", archive=manifest["database"]["backend"], target=url.get_backend_name())
    root = _upload_root()
    occupied = _target_holds_data(root)
    if occupied and not force:
        raise BackupError("target_not_empty", found=occupied[:20])
    db.session.remove()
    db.engine.dispose()  # pg_restore --clean and SQLite's backup need the database to themselves
    with tarfile.open(source, "r:gz") as tar, tempfile.TemporaryDirectory(prefix="restore-") as work:
        dump_path = Path(work) / manifest["database"]["file"]
        with tar.extractfile(manifest["database"]["file"]) as stream, open(dump_path, "wb") as out:
            shutil.copyfileobj(stream, out)
        database_dump.restore(url, dump_path)
        for path in archive.upload_files(root).values():  # forced: the archive's files replace these
            path.unlink()
        for name in manifest["files"]:
            final = root.joinpath(*archive.safe_member_name(name).split("/"))
            final.parent.mkdir(parents=True, exist_ok=True)
            with tar.extractfile(f"{UPLOADS}/{name}") as stream, open(final, "wb") as out:
                shutil.copyfileobj(stream, out)
            final.chmod(0o640)
    db.engine.dispose()
    with db.engine.begin() as connection:  # pg_restore leaves the tables without statistics
        refresh_planner_statistics(connection)
    with db.engine.connect() as connection:
        counts = archive.row_counts(connection)
    problems = archive.compare_restored(manifest, counts, root)
    return Verification(not problems, problems, manifest)


def record_verification(path: Path) -> Verification:
    """Verify an archive and keep the result beside it (read by the admin page)."""
    result = archive.verify_archive(path)
    Path(str(path) + VERIFY_SUFFIX).write_text(json.dumps(
        {"ok": result.ok, "problems": result.problems[:50], "checked_at": utcnow().isoformat()},
        ensure_ascii=False), encoding="utf-8")
    return result


def list_backups(folder: Path | None = None) -> list[dict]:
    """The archives in the backup folder, newest first, with their manifest summary and last check."""
    folder = Path(folder or current_app.config["BACKUP_DIR"])
    rows = []
    for path in sorted(folder.glob(NAME_PATTERN), reverse=True):
        sidecar = Path(str(path) + VERIFY_SUFFIX)
        check = json.loads(sidecar.read_text(encoding="utf-8")) if sidecar.exists() else None
        rows.append({"name": path.name, "size": path.stat().st_size, "verification": check})
    return rows


def backup_path(folder: Path, name: str) -> Path:
    """The archive of that name in the folder; BackupError for any other name (no path tricks)."""
    folder = Path(folder)
    candidate = folder / name
    if "/" in name or "\\" in name or not candidate.match(NAME_PATTERN) or not candidate.is_file():
        raise BackupError("unknown_backup")
    return candidate


def prune(folder: Path, keep: int) -> list[str]:
    """Remove all but the newest `keep` archives (and their verification notes)."""
    removed = []
    for path in sorted(Path(folder).glob(NAME_PATTERN), reverse=True)[max(keep, 1):]:
        path.unlink(missing_ok=True)
        Path(str(path) + VERIFY_SUFFIX).unlink(missing_ok=True)
        removed.append(path.name)
    return removed


def nightly_backup() -> Path:
    """The scheduled job: a new archive in BACKUP_DIR, verified, then the oldest beyond the retention
    setting (platform.backup_keep) removed."""
    from ecosystem.services.platform.settings import setting
    folder = Path(current_app.config["BACKUP_DIR"])
    target = folder / f"backup-{utcnow():%Y%m%d-%H%M%S}.tar.gz"
    create_backup(target)
    result = record_verification(target)
    if not result.ok:
        raise BackupError("verification_failed", archive=target.name, problems=result.problems[:20])
    prune(folder, int(setting("platform.backup_keep")))
    return target

"""Operations pages: the backup list and its re-verification are the admin's alone."""
import tempfile
from pathlib import Path

from flask import current_app

ADMIN = {"admin"}
NAME = "backup-20260101-011500.tar.gz"

CASES = [
    ("GET", "/admin/backups", ADMIN),
    ("POST", "/admin/backups/{backup_name}/verify", ADMIN),
]


def build(world):
    folder = Path(tempfile.mkdtemp(prefix="backups-"))
    (folder / NAME).write_bytes(b"not really an archive")
    current_app.config["BACKUP_DIR"] = str(folder)
    world["backup_name"] = NAME

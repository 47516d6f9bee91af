"""Files under UPLOAD_ROOT that no row names (a crash between write and commit, an old bug) and
temporary staged files left by a killed worker: removed once older than a day, with a dry run that
only lists them."""
from dataclasses import dataclass
from pathlib import Path

from flask import current_app

from ecosystem.clock import utcnow
from ecosystem.services.platform.file_staging import is_temp
from ecosystem.services.platform.stored_files import referenced_names
from ecosystem.services.platform.uploads import storage_path

MIN_AGE_SECONDS = 24 * 3600


@dataclass(frozen=True)
class Orphan:
    name: str  # relative to UPLOAD_ROOT
    size: int
    age_hours: float


def find_orphans(min_age_seconds: int = MIN_AGE_SECONDS) -> list[Orphan]:
    """Stored-name files (xx/….ext) and staged leftovers that nothing references, older than min_age.
    Other folders (imports/ keeps its own runs' files) are not looked at."""
    root = Path(current_app.config["UPLOAD_ROOT"]).resolve()
    if not root.exists():
        return []
    keep = referenced_names()
    now = utcnow().timestamp()
    found = []
    for path in sorted(root.glob("??/*")):
        if not path.is_file():
            continue
        name = path.relative_to(root).as_posix()
        if not is_temp(path):
            try:
                storage_path(root, name)
            except ValueError:
                continue  # not a name we generate: leave it alone
            if name in keep:
                continue
        age = now - path.stat().st_mtime
        if age >= min_age_seconds:
            found.append(Orphan(name, path.stat().st_size, round(age / 3600, 1)))
    return found


def remove_orphans(dry_run: bool = False, min_age_seconds: int = MIN_AGE_SECONDS) -> list[Orphan]:
    """Delete the orphans (or only list them); returns what was (or would be) removed."""
    orphans = find_orphans(min_age_seconds)
    if not dry_run:
        root = Path(current_app.config["UPLOAD_ROOT"]).resolve()
        for orphan in orphans:
            (root / orphan.name).unlink(missing_ok=True)
    return orphans


def clean_job() -> None:
    """The scheduled job."""
    remove_orphans()



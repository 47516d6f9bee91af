"""The backup archive's manifest and its checks: what was in the database (rows per table) and on disk
(SHA-256 of every upload file), so a copy can be verified without restoring it and a restore can be
verified after it."""
import hashlib
import json
import tarfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from sqlalchemy import inspect, text

from ecosystem.services.platform.file_staging import is_temp

MANIFEST = "manifest.json"
UPLOADS = "uploads"
FORMAT = 1
CHUNK = 1024 * 1024


@dataclass
class Verification:
    """The outcome of checking an archive or a restored system: ok, or the list of differences."""

    ok: bool
    problems: list[str] = field(default_factory=list)
    manifest: dict | None = None


def sha256_of(stream) -> str:
    digest = hashlib.sha256()
    for chunk in iter(lambda: stream.read(CHUNK), b""):
        digest.update(chunk)
    return digest.hexdigest()


def file_sha256(path: Path) -> str:
    with open(path, "rb") as handle:
        return sha256_of(handle)


def upload_files(root: Path) -> dict[str, Path]:
    """Every file under the upload root by its relative POSIX name (temporary staged files left out)."""
    if not root.exists():
        return {}
    return {path.relative_to(root).as_posix(): path for path in sorted(root.rglob("*"))
            if path.is_file() and not is_temp(path)}


def row_counts(connection) -> dict[str, int]:
    """Rows per table, every table the database holds (the migrations' own table too)."""
    preparer = connection.dialect.identifier_preparer
    return {name: int(connection.execute(text(f"SELECT COUNT(*) FROM {preparer.quote(name)}")).scalar())
            for name in sorted(inspect(connection).get_table_names())}


def safe_member_name(name: str) -> str:
    """A relative path inside the archive; ValueError for anything that could climb out of a folder."""
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts or "\\" in name:
        raise ValueError(f"unsafe path in archive: {name!r}")
    return path.as_posix()


def read_manifest(archive: tarfile.TarFile) -> dict:
    member = archive.getmember(MANIFEST)
    return json.loads(archive.extractfile(member).read().decode("utf-8"))


def verify_archive(path: Path) -> Verification:
    """Re-read the manifest and check the database copy's and every file's SHA-256 inside the archive."""
    problems: list[str] = []
    try:
        with tarfile.open(path, "r:gz") as archive:
            manifest = read_manifest(archive)
            members = {m.name: m for m in archive.getmembers() if m.isfile()}
            expected = {manifest["database"]["file"]: manifest["database"]["sha256"]}
            expected.update({f"{UPLOADS}/{name}": meta["sha256"] for name, meta in manifest["files"].items()})
            for name, digest in expected.items():
                member = members.get(name)
                if member is None:
                    problems.append(f"missing: {name}")
                elif sha256_of(archive.extractfile(member)) != digest:
                    problems.append(f"checksum differs: {name}")
            extra = set(members) - set(expected) - {MANIFEST}
            problems.extend(f"not in the manifest: {name}" for name in sorted(extra))
    except (OSError, tarfile.TarError, KeyError, ValueError) as error:
        return Verification(False, [f"unreadable archive: {error}"])
    return Verification(not problems, problems, manifest)


def compare_restored(manifest: dict, counts: dict[str, int], root: Path) -> list[str]:
    """Differences between what the manifest promised and what the restored system holds."""
    problems = [f"rows of {table}: {counts.get(table)} instead of {expected}"
                for table, expected in manifest["tables"].items() if counts.get(table) != expected]
    on_disk = upload_files(root)
    for name, meta in manifest["files"].items():
        path = on_disk.get(name)
        if path is None:
            problems.append(f"file missing: {name}")
        elif file_sha256(path) != meta["sha256"]:
            problems.append(f"file differs: {name}")
    return problems

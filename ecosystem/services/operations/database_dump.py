"""Copy the database into one file and back: SQLite through its online backup API (safe while the
app serves), PostgreSQL through pg_dump's custom format and pg_restore. The PostgreSQL password
travels in the PGPASSWORD environment variable, never on a command line other users can read."""
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy.engine import URL


class DumpError(RuntimeError):
    """pg_dump / pg_restore missing or failing; the message says which and why."""


def dump_name(url: URL) -> str:
    return "database.sqlite3" if url.get_backend_name() == "sqlite" else "database.pgdump"


def _pg_args(url: URL) -> tuple[list[str], dict]:
    """Connection options and an environment carrying the password (not visible in `ps`)."""
    args = [f"--dbname={url.database}"]
    if url.host:
        args.append(f"--host={url.host}")
    if url.port:
        args.append(f"--port={url.port}")
    if url.username:
        args.append(f"--username={url.username}")
    env = dict(os.environ)
    if url.password is not None:
        env["PGPASSWORD"] = str(url.password)
    return args, env


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise DumpError(f"{name} is not installed (apt-get install postgresql-client)")
    return path


def dump(url: URL, target: Path, snapshot: str | None = None) -> None:
    """Write the whole database to target (PostgreSQL: as of an exported snapshot, when given)."""
    if url.get_backend_name() == "sqlite":
        source = sqlite3.connect(url.database)
        try:
            with sqlite3.connect(target) as copy:
                source.backup(copy)
            copy.close()
        finally:
            source.close()
        return
    args, env = _pg_args(url)
    extra = [f"--snapshot={snapshot}"] if snapshot else []
    result = subprocess.run([_tool("pg_dump"), "--format=custom", "--no-owner", f"--file={target}", *extra, *args],
                            env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise DumpError(f"pg_dump failed: {result.stderr.strip()[:2000]}")


def restore(url: URL, source: Path) -> None:
    """Replace the database's content with the dump (the caller has closed every connection)."""
    if url.get_backend_name() == "sqlite":
        copy = sqlite3.connect(source)
        try:
            target = sqlite3.connect(url.database)
            copy.backup(target)
            target.close()
        finally:
            copy.close()
        return
    args, env = _pg_args(url)
    result = subprocess.run([_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction",
                             "--exit-on-error", *args, str(source)], env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise DumpError(f"pg_restore failed: {result.stderr.strip()[:2000]}")

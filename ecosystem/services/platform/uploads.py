"""Uploaded documents (pitch decks, certificates, fund evidence): trusted by content, never by name.

Pure checks plus one small writer. The file name a user sends is kept only as sanitised
metadata; the bytes go under a random name in a storage root that must lie outside `static/`,
so nothing uploaded is ever served without a permission check. The size limit is a setting
(`support.upload_max_bytes`), taken here as a parameter.
"""
from __future__ import annotations

import hashlib
import os
import re
import secrets
import unicodedata
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ecosystem.services.platform.errors import DomainError

PDF, PNG, JPEG, WEBP = "application/pdf", "image/png", "image/jpeg", "image/webp"
EXTENSIONS = {PDF: "pdf", PNG: "png", JPEG: "jpg", WEBP: "webp"}
ALL_KINDS = frozenset(EXTENSIONS)
IMAGE_KINDS = frozenset({PNG, JPEG, WEBP})

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_WEBP_CHUNKS = (b"VP8 ", b"VP8L", b"VP8X")
_PDF_EOF_WINDOW = 1024  # ISO 32000: readers look for %%EOF in the last 1024 bytes
_STORAGE_NAME = re.compile(r"^[0-9a-f]{2}/[0-9a-f]{32}\.(pdf|png|jpg|webp)$")
_UNSAFE_CHARS = re.compile(r'[<>:"|?*;]')
_MAX_NAME_CHARS = 150


class UploadRejected(DomainError, ValueError):
    """Why a file was refused; `code` is a message key (upload.too_large, upload.empty …)."""


@dataclass(frozen=True)
class UploadInfo:
    """What we store about an accepted file; `storage_name` is relative to the storage root."""

    mime: str
    size: int
    sha256: str
    original_name: str
    storage_name: str


def detect_mime(data: bytes) -> str | None:
    """The MIME type of PDF, PNG, JPEG or WebP bytes by their signature; None for anything else."""
    if data.startswith(b"%PDF-"):
        return PDF if b"%%EOF" in data[-_PDF_EOF_WINDOW:] else None
    if data.startswith(_PNG_SIGNATURE) and data[12:16] == b"IHDR":
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP" and data[12:16] in _WEBP_CHUNKS:
        return WEBP
    return None


def sanitise_filename(name: str | None) -> str:
    """A display-only name: last path part, no control/path/shell characters, NFC, ≤150 chars."""
    name = unicodedata.normalize("NFC", name or "")
    name = "".join(ch for ch in name if unicodedata.category(ch) not in ("Cc", "Cf"))  # bidi tricks
    name = re.split(r"[/\\]", name)[-1]
    name = _UNSAFE_CHARS.sub("_", name)
    name = re.sub(r"\s+", " ", name).strip(" .")
    if len(name) > _MAX_NAME_CHARS:
        stem, dot, ext = name.rpartition(".")
        if dot and 0 < len(ext) <= 10 and stem:
            name = stem[:_MAX_NAME_CHARS - len(ext) - 1].rstrip(" .") + "." + ext
        else:
            name = name[:_MAX_NAME_CHARS].rstrip(" .")
    return name or "file"


def new_storage_name(mime: str, token: str | None = None) -> str:
    """A random relative path like 'ab/ab12…ef.pdf' (two-level fan-out keeps directories small)."""
    token = token or secrets.token_hex(16)
    return f"{token[:2]}/{token}.{EXTENSIONS[mime]}"


def inspect_upload(data: bytes, original_name: str | None, max_bytes: int,
                   allowed=ALL_KINDS) -> UploadInfo:
    """Accept non-empty `data` ≤ max_bytes of an allowed kind by content; else UploadRejected."""
    size = len(data)
    if size == 0:
        raise UploadRejected("upload.empty")
    if size > max_bytes:
        raise UploadRejected("upload.too_large", size=size, max_bytes=max_bytes)
    mime = detect_mime(data)
    if mime is None or mime not in allowed:
        raise UploadRejected("upload.type_not_allowed", detected=mime)
    return UploadInfo(mime=mime, size=size, sha256=hashlib.sha256(data).hexdigest(),
                      original_name=sanitise_filename(original_name),
                      storage_name=new_storage_name(mime))


def read_limited(stream, max_bytes: int) -> bytes:
    """Read a file-like object but stop at max_bytes + 1, so a huge upload is refused unread."""
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise UploadRejected("upload.too_large", size=len(data), max_bytes=max_bytes)
    return data


def check_storage_root(root, public_dirs) -> Path:
    """The resolved storage root; ValueError if it is inside (or contains) a publicly served dir."""
    root_path = Path(root).resolve()
    for public in public_dirs:
        public_path = Path(public).resolve()
        if root_path == public_path or public_path in root_path.parents \
                or root_path in public_path.parents:
            raise ValueError(f"upload storage {root_path} overlaps public directory {public_path}")
    return root_path


def storage_path(root, storage_name: str) -> Path:
    """Absolute path of a stored file; ValueError for a name we did not generate (no traversal)."""
    if not _STORAGE_NAME.match(storage_name or ""):
        raise ValueError(f"not a storage name: {storage_name!r}")
    return Path(root).resolve().joinpath(*PurePosixPath(storage_name).parts)


def write_upload(root, info: UploadInfo, data: bytes, target: Path | None = None) -> Path:
    """Write accepted bytes under root (or at `target`, a temporary name beside the final one);
    never overwrites (O_EXCL), owner/group read only."""
    if len(data) != info.size or hashlib.sha256(data).hexdigest() != info.sha256:
        raise ValueError("bytes do not match the inspected upload")
    path = target or storage_path(root, info.storage_name)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o640)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return path

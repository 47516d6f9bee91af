"""Uploaded files go back to the browser inert: never sniffed into HTML, sandboxed, and saved to
disk rather than opened unless they are plain raster images."""
from pathlib import Path

from flask import Response, abort, send_file

from ecosystem.hardening.headers import UPLOAD_CSP

INLINE_IMAGES = {"image/png", "image/jpeg", "image/gif", "image/webp"}  # never image/svg+xml


def download_name(name: str | None, path: Path) -> str:
    """The name the user gave the file, on one line: a stored name holding CR/LF (an old row, an
    import) would otherwise break the Content-Disposition header and answer 500."""
    line = " ".join("".join(c if c.isprintable() else " " for c in name or "").split())
    return line or path.name


def send_upload(path: Path, mime: str | None, name: str | None) -> Response:
    """The stored file with nosniff, a sandboxing policy and attachment disposition for non-images."""
    if not path.is_file():
        abort(404)
    response = send_file(path, mimetype=mime or "application/octet-stream", download_name=download_name(name, path),
                         as_attachment=mime not in INLINE_IMAGES, max_age=0)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = UPLOAD_CSP
    response.headers["Cache-Control"] = "private, no-store"
    return response

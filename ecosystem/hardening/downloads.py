"""Uploaded files go back to the browser inert: never sniffed into HTML, sandboxed, and saved to
disk rather than opened unless they are plain raster images."""
from pathlib import Path

from flask import Response, abort, send_file

from ecosystem.hardening.headers import UPLOAD_CSP

INLINE_IMAGES = {"image/png", "image/jpeg", "image/gif", "image/webp"}  # never image/svg+xml


def send_upload(path: Path, mime: str | None, name: str | None) -> Response:
    """The stored file with nosniff, a sandboxing policy and attachment disposition for non-images."""
    if not path.is_file():
        abort(404)
    response = send_file(path, mimetype=mime or "application/octet-stream", download_name=name or path.name,
                         as_attachment=mime not in INLINE_IMAGES, max_age=0)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = UPLOAD_CSP
    response.headers["Cache-Control"] = "private, no-store"
    return response

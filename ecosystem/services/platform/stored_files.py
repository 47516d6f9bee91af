"""Uploaded files on disk and in the database: checked by services.uploads, kept under UPLOAD_ROOT
(outside static/), and only ever sent through a view that asked the file.view policy."""
from pathlib import Path

from flask import current_app

from ecosystem.extensions import db
from ecosystem.models.support import UploadedFile
from ecosystem.services.platform import uploads
from ecosystem.services.platform.audit import log_action
from ecosystem.services.platform.settings import setting


def storage_root() -> Path:
    """UPLOAD_ROOT, refused when it would lie inside the public static folder."""
    return uploads.check_storage_root(current_app.config["UPLOAD_ROOT"],
                                      [current_app.static_folder])


def store_upload(stream, filename: str | None, purpose: str, actor, organisation_id=None,
                 allowed=uploads.ALL_KINDS) -> UploadedFile:
    """Read at most the size limit (setting), check by content, write under a random name.

    Raises uploads.UploadRejected with a message code; nothing is written when refused.
    """
    max_bytes = setting("support.upload_max_bytes")
    data = uploads.read_limited(stream, max_bytes)
    info = uploads.inspect_upload(data, filename, max_bytes, allowed)
    uploads.write_upload(storage_root(), info, data)
    row = UploadedFile(storage_name=info.storage_name, original_name=info.original_name,
                       mime=info.mime, size=info.size, sha256=info.sha256, purpose=purpose,
                       organisation_id=organisation_id,
                       uploaded_by_id=actor.id if actor is not None else None)
    db.session.add(row)
    db.session.flush()
    log_action(row.uploaded_by_id, "file.upload", "uploaded_file", row.id, purpose=purpose,
               size=info.size, mime=info.mime)
    return row


def file_path(row: UploadedFile) -> Path:
    return uploads.storage_path(storage_root(), row.storage_name)

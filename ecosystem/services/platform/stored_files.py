"""Uploaded files on disk and in the database: checked by services.uploads, kept under UPLOAD_ROOT
(outside static/), and only ever sent through a view that asked the file.view policy.

Every writer goes through `save_bytes`: the organisation's quota is checked, the bytes are written
under a temporary name and moved into place after the commit (services.platform.file_staging).
Every model naming a stored file is listed in FILE_COLUMNS: deleting such a row removes its file
after the commit, and the orphan clean-up treats any other file as unreferenced.
"""
from pathlib import Path

from flask import current_app, has_app_context
from sqlalchemy import event, select
from sqlalchemy.orm import object_session

from ecosystem.extensions import db
from ecosystem.models.awards import NominationDocument
from ecosystem.models.certification import CertDocument
from ecosystem.models.funds import FundEntry
from ecosystem.models.support import UploadedFile
from ecosystem.services.platform import file_staging, uploads
from ecosystem.services.platform.audit import log_action
from ecosystem.services.platform.settings import setting
from ecosystem.services.platform.upload_quota import check_quota

# (model, column holding the storage name relative to UPLOAD_ROOT): every place a stored file is named.
FILE_COLUMNS = (
    (UploadedFile, "storage_name"),
    (CertDocument, "storage_name"),
    (NominationDocument, "storage_name"),
    (FundEntry, "attachment_path"),
)


def storage_root() -> Path:
    """UPLOAD_ROOT, refused when it would lie inside the public static folder."""
    return uploads.check_storage_root(current_app.config["UPLOAD_ROOT"],
                                      [current_app.static_folder])


def save_bytes(info: uploads.UploadInfo, data: bytes, organisation_id: int | None = None) -> Path:
    """Write accepted bytes under a temporary name; they take their final name when the session
    commits and vanish when it rolls back. UploadRejected when the organisation's quota is full."""
    check_quota(organisation_id, info.size)
    final = uploads.storage_path(storage_root(), info.storage_name)
    temp = file_staging.temp_path(final)
    uploads.write_upload(storage_root(), info, data, target=temp)
    file_staging.stage(db.session(), temp, final)
    return final


def forget_bytes(storage_name: str) -> None:
    """A staged file whose row was not kept (a repeated idempotency key answered with the first row)."""
    file_staging.forget(db.session(), uploads.storage_path(storage_root(), storage_name))


def store_upload(stream, filename: str | None, purpose: str, actor, organisation_id=None,
                 allowed=uploads.ALL_KINDS) -> UploadedFile:
    """Read at most the size limit (setting), check by content, write under a random name.

    Raises uploads.UploadRejected with a message code; nothing is written when refused.
    """
    max_bytes = setting("support.upload_max_bytes")
    data = uploads.read_limited(stream, max_bytes)
    info = uploads.inspect_upload(data, filename, max_bytes, allowed)
    save_bytes(info, data, organisation_id)
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


def referenced_names() -> set[str]:
    """Every storage name a row still names (the orphan clean-up keeps these)."""
    names: set[str] = set()
    for model, column in FILE_COLUMNS:
        names.update(n for n in db.session.scalars(select(getattr(model, column))) if n)
    return names


def _file_of_deleted_row(column: str):
    """A deleted row that names a stored file (also an orphan a cascade deletes): remove the file
    once the deletion commits; a rollback keeps it."""
    def after_delete(_mapper, _connection, target) -> None:
        name, session = getattr(target, column, None), object_session(target)
        if not name or session is None or not has_app_context():
            return
        try:
            path = uploads.storage_path(current_app.config["UPLOAD_ROOT"], name)
        except ValueError:
            return
        file_staging.remove_after_commit(session, path)
    return after_delete


for _model, _column in FILE_COLUMNS:
    event.listen(_model, "after_delete", _file_of_deleted_row(_column))

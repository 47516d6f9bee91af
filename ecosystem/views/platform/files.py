"""Uploaded files, sent only after the file.view policy: never from static/, never by a guessable
path."""
from flask import Blueprint, abort, send_file

from ecosystem.extensions import db
from ecosystem.models.support import UploadedFile
from ecosystem.permissions import guard, require
from ecosystem.services.platform.stored_files import file_path

bp = Blueprint("files", __name__, url_prefix="/files")


@bp.route("/<int:file_id>")
@guard("file.view")
def download(file_id: int):
    row = db.session.get(UploadedFile, file_id)
    if row is None:
        abort(404)
    require("file.view", row)
    path = file_path(row)
    if not path.is_file():
        abort(404)
    response = send_file(path, mimetype=row.mime, download_name=row.original_name,
                         as_attachment=row.mime == "application/pdf", max_age=0)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = "private, no-store"
    return response

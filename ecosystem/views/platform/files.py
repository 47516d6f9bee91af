"""Uploaded files, sent only after the file.view policy: never from static/, never by a guessable
path."""
from flask import Blueprint, abort

from ecosystem.extensions import db
from ecosystem.hardening.downloads import send_upload
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
    return send_upload(file_path(row), row.mime, row.original_name)

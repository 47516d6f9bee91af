"""Quản trị → Sao lưu: the archives in BACKUP_DIR, newest first, with the result of their last check;
the admin re-verifies one (re-read the manifest, check every checksum) with a button."""
from pathlib import Path

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from ecosystem.forms.directory import ConfirmForm
from ecosystem.permissions import guard
from ecosystem.services.operations import backups

bp = Blueprint("backups", __name__, url_prefix="/admin/backups")


@bp.route("")
@guard("admin")
def index():
    folder = Path(current_app.config["BACKUP_DIR"])
    return render_template("operations/backups.html", rows=backups.list_backups(folder), folder=folder,
                           form=ConfirmForm())


@bp.route("/<name>/verify", methods=["POST"])
@guard("admin")
def verify(name: str):
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        path = backups.backup_path(Path(current_app.config["BACKUP_DIR"]), name)
    except backups.BackupError:
        abort(404)
    result = backups.record_verification(path)
    if result.ok:
        flash(_("Bản sao lưu %(name)s còn nguyên vẹn: mọi tổng kiểm tra đều khớp.", name=name), "success")
    else:
        flash(_("Bản sao lưu %(name)s bị hỏng: %(count)s lỗi.", name=name, count=len(result.problems)), "error")
    return redirect(url_for("backups.index"))

"""The signed-in user's own pages: notifications (the bell)."""
from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select

from ecosystem.extensions import db
from ecosystem.forms.directory import ConfirmForm
from ecosystem.models import Notification
from ecosystem.permissions import guard
from ecosystem.services.platform.notifications import mark_all_read
from ecosystem.views.loading import page_number

bp = Blueprint("account", __name__, url_prefix="/me")


@bp.route("/notifications")
@guard("authenticated")
def notifications():
    query = (select(Notification).where(Notification.user_id == current_user.id)
             .order_by(Notification.created_at.desc(), Notification.id.desc()))
    page = db.paginate(query, page=page_number(), per_page=30, error_out=False)
    return render_template("account/notifications.html", page=page, confirm=ConfirmForm())


@bp.route("/notifications/read", methods=["POST"])
@guard("authenticated")
def read_all():
    if ConfirmForm().validate_on_submit():
        mark_all_read(current_user.id)
        db.session.commit()
    return redirect(url_for("account.notifications"))

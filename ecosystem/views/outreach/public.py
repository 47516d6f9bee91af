"""Pages reached without signing in: the one-click unsubscribe and the personal calendar feed."""
from flask import Blueprint, Response, abort, render_template, request
from flask_babel import gettext as _

from ecosystem.extensions import csrf, db
from ecosystem.forms.directory import ConfirmForm
from ecosystem.permissions import guard
from ecosystem.services.outreach import calendar_feed
from ecosystem.services.outreach.unsubscribe import read_token, unsubscribe as stop
from ecosystem.views.outreach.preferences import CATEGORY_LABELS

bp = Blueprint("outreach_public", __name__)


@bp.route("/unsubscribe/<token>", methods=["GET", "POST"])
@guard("public")
@csrf.exempt
def unsubscribe(token: str):
    """GET confirms; POST stops the e-mails. The signed token is the authority, so a mail client's
    RFC 8058 one-click POST needs no CSRF token; a browser form must still carry one."""
    found = read_token(token)
    if found is None:
        abort(404)
    user, category = found
    done = False
    if request.method == "POST":
        one_click = request.form.get("List-Unsubscribe") == "One-Click"
        if not one_click and not ConfirmForm().validate_on_submit():
            abort(400)
        stop(user, category)
        db.session.commit()
        done = True
        if one_click:
            return Response(_("Đã huỷ đăng ký."), mimetype="text/plain")
    return render_template("outreach/unsubscribe.html", category=CATEGORY_LABELS[category],
                           done=done, confirm=ConfirmForm(), token=token)


@bp.route("/calendar/<token>.ics")
@guard("public")
def calendar_feed_view(token: str):
    user = calendar_feed.owner_of(token)
    if user is None:
        abort(404)
    return Response(calendar_feed.personal_ics(user), mimetype="text/calendar",
                    headers={"Cache-Control": "private, max-age=900"})

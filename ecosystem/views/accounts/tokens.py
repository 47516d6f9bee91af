"""Personal access tokens on the account page: made here, shown once, revoked here."""
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user

from ecosystem.extensions import db
from ecosystem.forms.api import SCOPE_LABELS, TokenForm
from ecosystem.models import ApiToken
from ecosystem.permissions import guard
from ecosystem.services.api import tokens as service
from ecosystem.services.platform.settings import setting
from ecosystem.views.errors import Messages, attempt

bp = Blueprint("tokens", __name__, url_prefix="/account/tokens")

TOKENS = Messages({
    "token_name": _l("Vui lòng đặt tên cho mã (tối đa 80 ký tự)."),
    "token_scopes": _l("Chọn ít nhất một quyền hợp lệ."),
    "token_days": _l("Thời hạn từ 1 đến %(max)s ngày."),
    "token_not_yours": _l("Mã này không phải của bạn."),
})


def _form() -> TokenForm:
    form = TokenForm()
    form.scopes.choices = [(code, str(SCOPE_LABELS.get(code, code))) for code in service.SCOPES]
    return form


@bp.route("/", methods=["GET", "POST"])
@guard("authenticated")
def index():
    """The person's tokens; a new one's secret is shown on this answer only."""
    form = _form()
    secret = None
    if form.validate_on_submit():
        ok, made = attempt(TOKENS, lambda: service.create_token(current_user, form.name.data,
                                                                form.scopes.data, form.days.data),
                           form=form)
        if ok:
            secret = made[1]
            flash(_("Đã tạo mã. Hãy sao chép ngay: mã sẽ không hiện lại."), "success")
            form = _form()
    return render_template("api/tokens.html", form=form, secret=secret,
                           tokens=service.tokens_of(current_user),
                           max_days=setting("api.token_max_days"))


@bp.route("/<int:token_id>/revoke", methods=["POST"])
@guard("authenticated")
def revoke(token_id: int):
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != current_user.id:
        abort(404)
    attempt(TOKENS, lambda: service.revoke_token(token, current_user), _("Đã thu hồi mã."))
    return redirect(url_for("tokens.index"))

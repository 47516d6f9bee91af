"""OpenID Connect sign-in (Authlib): buttons only for configured providers; the callback signs in
to a linked account, links by a provider-verified e-mail, or links to the signed-in person who
asked; it never grants roles and never creates an account."""
from flask import Blueprint, abort, current_app, flash, redirect, session, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user

from ecosystem.extensions import db
from ecosystem.forms.directory import ConfirmForm
from ecosystem.permissions import guard
from ecosystem.services.accounts import sessions
from ecosystem.services.outreach.identities import account_for, configured_providers, link_confirmed, unlink as drop
from ecosystem.services.platform.mail import public_url
from ecosystem.views.errors import Messages, attempt

bp = Blueprint("sso", __name__)

MESSAGES = Messages({
    "sso_unknown": _l("Tài khoản này chưa được liên kết. Hãy đăng nhập bằng mật khẩu rồi liên kết trong "
                      "trang Cách nhận thông báo, hoặc đăng ký."),
    "sso_no_subject": _l("Nhà cung cấp danh tính không trả về mã định danh."),
    "sso_taken": _l("Danh tính này đã được liên kết với tài khoản khác."),
    "sso_failed": _l("Đăng nhập qua nhà cung cấp không thành công. Vui lòng thử lại."),
})


def _client(name: str):
    """The Authlib client of a configured provider (registered once per app), else 404."""
    providers = configured_providers()
    if name not in providers:
        return None
    from authlib.integrations.flask_client import OAuth  # with its HTTP and crypto stack (+38 MB): only when configured
    oauth = current_app.extensions.get("outreach_oauth")
    if oauth is None:
        oauth = current_app.extensions["outreach_oauth"] = OAuth(current_app)
    client = oauth.create_client(name)
    if client is None:
        cfg = providers[name]
        metadata = cfg.get("server_metadata_url") or cfg["issuer"].rstrip("/") + "/.well-known/openid-configuration"
        client = oauth.register(name, client_id=cfg["client_id"], client_secret=cfg.get("client_secret"),
                                server_metadata_url=metadata,
                                client_kwargs={"scope": "openid email profile", "timeout": 10})
    return client


def _start(name: str):
    client = _client(name)
    if client is None:  # not configured (any more): back to the password form
        return redirect(url_for("auth.login"))
    return client.authorize_redirect(public_url("sso.callback", provider=name))


@bp.route("/login/sso/<provider>")
@guard("anonymous_only")
def start(provider: str):
    session.pop("sso_link", None)
    return _start(provider)


@bp.route("/me/identities/<provider>/link", methods=["POST"])
@guard("authenticated")
def link(provider: str):
    if not ConfirmForm().validate_on_submit():
        return redirect(url_for("outreach.preferences"))
    session["sso_link"] = provider
    return _start(provider)


@bp.route("/login/sso/<provider>/callback")
@guard("public")
def callback(provider: str):
    client = _client(provider)
    if client is None:
        return redirect(url_for("auth.login"))
    from authlib.integrations.base_client import OAuthError
    try:
        token = client.authorize_access_token()
    except (OAuthError, ValueError, OSError):
        flash(str(MESSAGES.table["sso_failed"]), "error")
        return redirect(url_for("auth.login"))
    claims = dict(token.get("userinfo") or {})
    if current_user.is_authenticated:
        if session.pop("sso_link", None) != provider:
            abort(400)
        attempt(MESSAGES, lambda: link_confirmed(current_user, provider, claims), _l("Đã liên kết danh tính."))
        return redirect(url_for("outreach.preferences"))

    def sign_in():
        user = account_for(provider, claims)
        sessions.open_session(user)
        session.clear()
        login_user(user)

    if attempt(MESSAGES, sign_in)[0]:
        return redirect(url_for("main.home"))
    return redirect(url_for("auth.login"))


@bp.route("/me/identities/<int:identity_id>/unlink", methods=["POST"])
@guard("authenticated")
def unlink(identity_id: int):
    if ConfirmForm().validate_on_submit():
        attempt(MESSAGES, lambda: drop(current_user, identity_id), _l("Đã gỡ liên kết."))
    return redirect(url_for("outreach.preferences"))

"""Sign-in, sign-out, sign-up and passwords; every session lives on the server and can be revoked."""
from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user, login_user, logout_user
from sqlalchemy import select

from ecosystem.extensions import db
from ecosystem.forms.auth import ChangePasswordForm, ForgotForm, LoginForm, RegisterForm, ResetForm
from ecosystem.forms.directory import ConfirmForm
from ecosystem.models import RoleRequest
from ecosystem.permissions import guard
from ecosystem.services.accounts import credentials as accounts
from ecosystem.services.accounts import sessions
from ecosystem.services.accounts.signup import sign_up
from ecosystem.services.directory.records import save_person
from ecosystem.services.platform.mail import public_url, send_mail
from ecosystem.services.privacy.consents import record_consent
from ecosystem.views.errors import Messages, attempt
from ecosystem.views.limits import client_key, email_key, limit
from ecosystem.views.loading import safe_next

bp = Blueprint("auth", __name__)


ACCOUNTS = Messages({
    "bad_credentials": _l("E-mail hoặc mật khẩu không đúng."),
    "throttled": _l("Đăng nhập sai nhiều lần. Vui lòng chờ %(seconds)s giây rồi thử lại."),
    "password_short": _l("Mật khẩu cần ít nhất %(n)s ký tự."),
    "bad_current_password": _l("Mật khẩu hiện tại không đúng."),
    "bad_token": _l("Liên kết đặt lại mật khẩu không hợp lệ hoặc đã hết hạn."),
})


def _start_session(user) -> None:
    sessions.open_session(user)
    session.clear()
    login_user(user)


@bp.route("/login", methods=["GET", "POST"])
@guard("anonymous_only")
@limit("accounts.rate_login")
def login():
    if current_user.is_authenticated:
        return redirect(safe_next(url_for("main.home")))
    form = LoginForm()
    if form.validate_on_submit():
        def sign_in():
            _start_session(accounts.authenticate(form.email.data, form.password.data, client_key()))

        # a refused sign-in still commits: the failed attempt counts towards throttling
        if attempt(ACCOUNTS, sign_in, keep=("bad_credentials", "throttled"))[0]:
            return redirect(safe_next(url_for("main.home")))
    from ecosystem.services.outreach.identities import configured_providers
    return render_template("auth/login.html", form=form, sso_providers=configured_providers())


@bp.route("/logout", methods=["POST"])
@guard("authenticated")
def logout():
    form = ConfirmForm()
    if form.validate_on_submit():
        sessions.revoke_session(current_user.get_id())
        db.session.commit()
        logout_user()
        session.clear()
        flash(_("Bạn đã đăng xuất."), "info")
    return redirect(url_for("main.home"))


@bp.route("/register", methods=["GET", "POST"])
@guard("anonymous_only")
@limit("accounts.rate_register")
def register():
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = RegisterForm()
    if form.validate_on_submit():
        def make_person():
            return save_person({"full_name": form.full_name.data, "email": form.email.data,
                                "contact_visibility": "members", "languages": ["vi"]}, None)

        def create_account():
            user = sign_up(form.email.data, form.password.data, form.account_type.data,
                           request.cookies.get("lang", "vi"), make_person)
            if user is not None:  # a new account, not the owner of a taken address being told
                record_consent(user, "account", "register")

        if attempt(ACCOUNTS, create_account, form=form, field="password")[0]:
            # The same answer whether or not the address already had an account.
            flash(_("Đã nhận đăng ký. Chúng tôi đã gửi thư tới %(email)s; hãy đăng nhập bằng "
                    "mật khẩu vừa chọn.", email=form.email.data.strip()), "success")
            return redirect(url_for("auth.login", next=url_for("auth.welcome")))
    return render_template("auth/register.html", form=form)


@bp.route("/welcome")
@guard("authenticated")
def welcome():
    pending = db.session.scalars(select(RoleRequest.role).where(
        RoleRequest.user_id == current_user.id, RoleRequest.status == "pending")).all()
    return render_template("auth/welcome.html", pending_roles=pending)


@bp.route("/password/forgot", methods=["GET", "POST"])
@guard("public")
@limit("accounts.rate_reset")
@limit("accounts.rate_reset_per_email", key_func=email_key)
def forgot_password():
    form = ForgotForm()
    if form.validate_on_submit():
        user = accounts.find_user(form.email.data)
        if user is not None and user.active:
            token = accounts.create_reset_token(user)
            link = public_url("auth.reset_password", token=token)
            from flask_babel import force_locale
            with force_locale(user.locale):
                send_mail(user.email, _("Đặt lại mật khẩu"),
                          _("Mở liên kết sau để đặt mật khẩu mới (dùng được một lần): %(link)s",
                            link=link))
        db.session.commit()
        # The same answer whether or not the address has an account.
        flash(_("Nếu e-mail này có tài khoản, chúng tôi đã gửi liên kết đặt lại mật khẩu."), "info")
        return redirect(url_for("auth.login"))
    return render_template("auth/forgot.html", form=form)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@guard("public")
def reset_password(token: str):
    form = ResetForm()
    if form.validate_on_submit():
        if attempt(ACCOUNTS, lambda: accounts.reset_password(token, form.password.data),
                   _("Đã đặt mật khẩu mới. Vui lòng đăng nhập."))[0]:
            logout_user()
            return redirect(url_for("auth.login"))
    return render_template("auth/reset.html", form=form)


@bp.route("/password/change", methods=["GET", "POST"])
@guard("authenticated")
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        if attempt(ACCOUNTS, lambda: accounts.change_password(current_user, form.current.data, form.password.data),
                   _("Đã đổi mật khẩu. Các phiên đăng nhập khác đã bị đăng xuất."), form=form,
                   field=lambda error: "current" if error.code == "bad_current_password" else "password")[0]:
            login_user(current_user._get_current_object())  # the cookie now names the new session
            return redirect(url_for("main.home"))
    return render_template("auth/change_password.html", form=form)

"""Sign-in, sign-out, sign-up and passwords; every session lives on the server and can be revoked."""
from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from ecosystem.extensions import db
from ecosystem.forms.auth import ChangePasswordForm, ForgotForm, LoginForm, RegisterForm, ResetForm
from ecosystem.forms.directory import ConfirmForm
from ecosystem.permissions import guard
from ecosystem.services.accounts import credentials as accounts
from ecosystem.services.accounts.credentials import AccountError
from ecosystem.services.directory.records import save_person
from ecosystem.services.platform.mail import send_mail
from ecosystem.services.privacy.consents import record_consent
from ecosystem.views.loading import safe_next

bp = Blueprint("auth", __name__)


def account_message(error: AccountError) -> str:
    """The user-facing text of an account refusal, in the current language."""
    messages = {
        "bad_credentials": _("E-mail hoặc mật khẩu không đúng."),
        "throttled": _("Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau %(minutes)s phút.",
                       minutes=error.params.get("minutes", "")),
        "email_taken": _("E-mail này đã có tài khoản. Hãy đăng nhập hoặc đặt lại mật khẩu."),
        "password_short": _("Mật khẩu cần ít nhất %(n)s ký tự.", n=error.params.get("n", "")),
        "bad_current_password": _("Mật khẩu hiện tại không đúng."),
        "bad_token": _("Liên kết đặt lại mật khẩu không hợp lệ hoặc đã hết hạn."),
    }
    return messages.get(error.code, error.code)


def _start_session(user) -> None:
    accounts.open_session(user)
    session.clear()
    login_user(user)


@bp.route("/login", methods=["GET", "POST"])
@guard("anonymous_only")
def login():
    if current_user.is_authenticated:
        return redirect(safe_next(url_for("main.home")))
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = accounts.authenticate(form.email.data, form.password.data,
                                         request.remote_addr or "?")
        except AccountError as error:
            db.session.commit()  # keep the failed attempt for throttling
            flash(account_message(error), "error")
        else:
            _start_session(user)
            db.session.commit()
            return redirect(safe_next(url_for("main.home")))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@guard("authenticated")
def logout():
    form = ConfirmForm()
    if form.validate_on_submit():
        accounts.revoke_session(current_user.get_id())
        db.session.commit()
        logout_user()
        session.clear()
        flash(_("Bạn đã đăng xuất."), "info")
    return redirect(url_for("main.home"))


@bp.route("/register", methods=["GET", "POST"])
@guard("anonymous_only")
def register():
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = RegisterForm()
    if form.validate_on_submit():
        roles = [form.account_type.data] if form.account_type.data != "member" else []
        try:
            person = save_person({"full_name": form.full_name.data, "email": form.email.data,
                                  "contact_visibility": "members", "languages": ["vi"]}, None)
            user = accounts.create_user(form.email.data, form.password.data, roles=roles,
                                        locale=request.cookies.get("lang", "vi"),
                                        person_id=person.id)
            record_consent(user, "account", "register")
        except AccountError as error:
            db.session.rollback()
            field = form.email if error.code == "email_taken" else form.password
            field.errors.append(account_message(error))
        else:
            _start_session(user)
            db.session.commit()
            flash(_("Chào mừng! Tài khoản của bạn đã được tạo."), "success")
            return redirect(url_for("auth.welcome"))
    return render_template("auth/register.html", form=form)


@bp.route("/welcome")
@guard("authenticated")
def welcome():
    return render_template("auth/welcome.html")


@bp.route("/password/forgot", methods=["GET", "POST"])
@guard("public")
def forgot_password():
    form = ForgotForm()
    if form.validate_on_submit():
        user = accounts.find_user(form.email.data)
        if user is not None and user.active:
            token = accounts.create_reset_token(user)
            link = url_for("auth.reset_password", token=token, _external=True)
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
        try:
            accounts.reset_password(token, form.password.data)
        except AccountError as error:
            db.session.rollback()
            flash(account_message(error), "error")
        else:
            db.session.commit()
            logout_user()
            flash(_("Đã đặt mật khẩu mới. Vui lòng đăng nhập."), "success")
            return redirect(url_for("auth.login"))
    return render_template("auth/reset.html", form=form)


@bp.route("/password/change", methods=["GET", "POST"])
@guard("authenticated")
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            accounts.change_password(current_user, form.current.data, form.password.data)
        except AccountError as error:
            db.session.rollback()
            field = form.current if error.code == "bad_current_password" else form.password
            field.errors.append(account_message(error))
        else:
            db.session.commit()
            login_user(current_user._get_current_object())  # the cookie now names the new session
            flash(_("Đã đổi mật khẩu. Các phiên đăng nhập khác đã bị đăng xuất."), "success")
            return redirect(url_for("main.home"))
    return render_template("auth/change_password.html", form=form)

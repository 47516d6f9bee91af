"""Sign-up that does not reveal who has an account: a taken address gets the same answer on the
page, and its owner an e-mail instead; roles beyond startup are requests that staff decide."""
from flask_babel import lazy_gettext as _l

from ecosystem.extensions import db
from ecosystem.models import RoleRequest, User
from ecosystem.models.vocab import REQUESTABLE_ROLES
from ecosystem.services.accounts.credentials import (AccountError, create_user, find_user,
                                                     hash_password)
from ecosystem.services.platform.notifications import notify
from ecosystem.services.platform.settings import setting

SELF_DECLARED = ("startup",)  # a startup's role grants nothing until its profile is verified


def check_new_password(password: str) -> None:
    if len(password or "") < setting("accounts.min_password_length"):
        raise AccountError("password_short", n=setting("accounts.min_password_length"))


def sign_up(email: str, password: str, account_type: str, locale: str, make_person) -> User | None:
    """The new account (None when the address was taken: its owner is e-mailed instead).
    make_person() creates the account's person record; it runs only for a new account."""
    check_new_password(password)
    owner = find_user(email)
    if owner is not None:
        hash_password(password)  # the same work as a real sign-up, so timing tells nothing
        notify([owner], "account.signup_again", lambda: (
            _l("Có người đăng ký lại bằng e-mail của bạn"),
            _l("Ai đó (có thể là bạn) vừa đăng ký tài khoản mới bằng địa chỉ này. Bạn đã có tài "
               "khoản: hãy đăng nhập, hoặc đặt lại mật khẩu nếu đã quên. Nếu không phải bạn, "
               "hãy bỏ qua thư này.")), link="/password/forgot")
        return None
    person = make_person()
    roles = [account_type] if account_type in SELF_DECLARED else []
    user = create_user(email, password, roles=roles, locale=locale, person_id=person.id)
    if account_type in REQUESTABLE_ROLES:
        db.session.add(RoleRequest(user_id=user.id, role=account_type))
    db.session.flush()
    notify([user], "account.welcome", lambda: (
        _l("Tài khoản của bạn đã được tạo"),
        _l("Chào mừng bạn đến với hệ sinh thái khởi nghiệp. Hãy đăng nhập bằng mật khẩu bạn đã "
           "chọn. Vai trò cố vấn, nhà đầu tư, giám khảo hay điều phối viên được cán bộ Sở duyệt "
           "trước khi có hiệu lực.")), link="/welcome")
    return user

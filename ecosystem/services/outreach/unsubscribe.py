"""One-click unsubscribe (RFC 8058): a signed, non-expiring token naming the person and the category,
so the link in any e-mail works without signing in and cannot be forged for someone else."""
from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeSerializer

from ecosystem.extensions import db
from ecosystem.models import User
from ecosystem.services.outreach.kinds import CATEGORIES
from ecosystem.services.outreach.preferences import save_preference
from ecosystem.services.platform.audit import log_action
from ecosystem.services.platform.mail import public_url

SALT = "outreach.unsubscribe"


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def make_token(user_id: int, category: str) -> str:
    return _serializer().dumps([user_id, category])


def read_token(token: str) -> tuple[User, str] | None:
    """The account and category a token names; None when forged, altered or stale."""
    try:
        user_id, category = _serializer().loads(token)
    except (BadSignature, ValueError, TypeError):
        return None
    user = db.session.get(User, user_id) if isinstance(user_id, int) else None
    if user is None or category not in CATEGORIES:
        return None
    return user, category


def unsubscribe(user: User, category: str) -> None:
    """Stop e-mail (and the digest) for this category; the bell keeps it. The caller commits."""
    save_preference(user.id, category, email=False, digest=False)
    log_action(user.id, "outreach.unsubscribe", "user", user.id, category=category)


def unsubscribe_headers(user_id: int, category: str) -> tuple[dict, str]:
    """The List-Unsubscribe headers and the footer line for an e-mail of this category."""
    url = public_url("outreach_public.unsubscribe", token=make_token(user_id, category))
    headers = {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    return headers, _("Không muốn nhận loại thư này? Huỷ đăng ký: %(url)s", url=url)

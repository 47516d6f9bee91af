"""Rate limits on the routes strangers can hit: each limit is a [setting] read per request, and
the counters live in RATELIMIT_STORAGE_URI (Redis) so every worker shares them."""
from flask import request
from flask_login import current_user
from flask_limiter.util import get_remote_address

from ecosystem.extensions import limiter
from ecosystem.services.platform.settings import setting


def client_key() -> str:
    """The client's address (ProxyFix has already replaced the proxy's with it)."""
    return get_remote_address() or "?"


def account_or_client_key() -> str:
    """Signed-in forms count per account, so people behind one office NAT do not share a limit."""
    if current_user.is_authenticated:
        return f"user:{current_user.id}"
    return client_key()


def email_key() -> str:
    """The address a form names (a reset request): one mailbox is not flooded from many clients."""
    return "email:" + (request.form.get("email") or "").strip().lower()


def limit(setting_key: str, key_func=client_key, methods=("POST",)):
    """Decorate a view with the limit held in setting_key (e.g. "10 per minute")."""
    return limiter.limit(lambda: setting(setting_key), key_func=key_func, methods=list(methods),
                         scope=setting_key)


def limit_blueprint(bp, setting_key: str) -> None:
    """Every route of a blueprint (the JSON API) under one limit per client."""
    limiter.limit(lambda: setting(setting_key), key_func=client_key)(bp)

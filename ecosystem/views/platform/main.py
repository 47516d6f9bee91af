"""Home page (views/home draws it), language switch, health and readiness checks."""
from flask import Blueprint, current_app, make_response, redirect, render_template, request
from flask_login import current_user
from sqlalchemy import select

from ecosystem.extensions import db
from ecosystem.i18n import COOKIE
from ecosystem.permissions import guard
from ecosystem.views.home.pages import home_page
from ecosystem.views.loading import safe_next

bp = Blueprint("main", __name__)


@bp.route("/")
@guard("public")
def home():
    """Visitors get the public landing page, a signed-in person the panels of their roles."""
    return home_page()


@bp.route("/lang/<code>", methods=["GET", "POST"])
@guard("public")
def switch_language(code: str):
    """Remember the language in a cookie; only a POST (a form with its CSRF token, never a link
    another site could embed) also changes the signed-in account's stored language."""
    response = make_response(redirect(safe_next("/")))
    if code in ("vi", "en"):
        response.set_cookie(COOKIE, code, max_age=365 * 24 * 3600, samesite="Lax")
        if request.method == "POST" and current_user.is_authenticated:
            current_user.locale = code
            db.session.commit()
    return response


@bp.route("/healthz")
@guard("public")
def health():
    db.session.execute(select(1))
    return {"status": "ok"}


@bp.route("/readyz")
@guard("public")
def ready():
    """200 when the database answers at the migrations' head and (READY_NEEDS_DERIVED) what pages read
    ahead of time is stored and loaded in this worker; 503 naming the failed check."""
    from ecosystem.services.platform.readiness import check, check_derived
    ok, checks = check()
    if ok and current_app.config.get("READY_NEEDS_DERIVED"):
        ok, checks = check_derived(current_app._get_current_object(), checks)
    failed = [name for name, outcome in checks.items() if outcome != "ok"]
    body = {"status": "ready" if ok else "unavailable", "checks": checks}
    if failed:
        body["failed"] = failed[0]
    return body, 200 if ok else 503

"""The public privacy notice, in the reader's language, at the version in force (or an older one)."""
from datetime import date

from flask import Blueprint, abort, render_template, request
from flask_babel import get_locale

from ecosystem.permissions import guard
from ecosystem.services.platform.settings import setting
from ecosystem.services.privacy.notice import load_notice, notice_versions, processing_register

bp = Blueprint("privacy", __name__)


@bp.route("/privacy")
@guard("privacy.notice")
def notice():
    locale = str(get_locale() or "vi")
    try:
        notice = load_notice(request.args.get("version") or None)
    except KeyError:
        abort(404)
    return render_template("privacy/notice.html", notice=notice, text=notice.get(locale, notice["vi"]),
                           register=processing_register(), versions=notice_versions(),
                           published_on=date.fromisoformat(notice["published_on"]),
                           response_days=setting("privacy.response_days"))

"""The account page's reach section: channels per kind, Zalo number, personal calendar, identities."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user

from ecosystem.extensions import db
from ecosystem.forms.directory import ConfirmForm
from ecosystem.forms.outreach import ZaloForm
from ecosystem.models import ReachProfile
from ecosystem.permissions import guard
from ecosystem.services.outreach import calendar_feed
from ecosystem.services.outreach.kinds import CATEGORIES, CHANNELS
from ecosystem.services.outreach.preferences import preferences_of, save_preference
from ecosystem.services.outreach.zalo import enabled as zalo_enabled, normalise_phone
from ecosystem.services.platform.audit import log_action
from ecosystem.services.privacy.consents import record_consent

bp = Blueprint("outreach", __name__)

CATEGORY_LABELS = {
    "support": _l("Hỗ trợ"), "matching": _l("Kết nối, cố vấn"), "events": _l("Sự kiện, giờ cố vấn"),
    "awards": _l("Giải thưởng"), "certification": _l("Chứng nhận doanh nghiệp KH&CN"),
    "funds": _l("Quỹ phát triển KH&CN"), "broadcasts": _l("Thư gửi nhóm"),
    "digest": _l("Thư tóm tắt hằng ngày"),
}
CHANNEL_LABELS = {"in_app": _l("Trong ứng dụng"), "email": _l("E-mail"), "zalo": _l("Zalo"),
                  "digest": _l("Gộp vào thư tóm tắt")}


def _page(feed_url=None, zalo_form=None):
    from ecosystem.services.outreach.identities import configured_providers, identities_of
    profile = db.session.get(ReachProfile, current_user.id)
    return render_template("outreach/preferences.html", prefs=preferences_of(current_user.id),
                           categories=CATEGORIES, channels=CHANNELS, category_labels=CATEGORY_LABELS,
                           channel_labels=CHANNEL_LABELS, confirm=ConfirmForm(), feed_url=feed_url,
                           has_feed=calendar_feed.has_feed(current_user), profile=profile,
                           zalo_form=zalo_form or ZaloForm(phone=profile.zalo_phone if profile else None),
                           zalo_on=zalo_enabled(), identities=identities_of(current_user),
                           providers=configured_providers())


@bp.route("/me/preferences", methods=["GET", "POST"])
@guard("authenticated")
def preferences():
    if request.method == "POST" and ConfirmForm().validate_on_submit():
        for category in CATEGORIES:
            save_preference(current_user.id, category,
                            **{c: request.form.get(f"{category}-{c}") == "on" for c in CHANNELS})
        log_action(current_user.id, "outreach.preferences", "user", current_user.id)
        db.session.commit()
        flash(_("Đã lưu cách bạn muốn nhận thông báo."), "success")
        return redirect(url_for("outreach.preferences"))
    return _page()


@bp.route("/me/zalo", methods=["POST"])
@guard("authenticated")
def zalo():
    form = ZaloForm()
    if form.validate_on_submit():
        profile = db.session.get(ReachProfile, current_user.id) or ReachProfile(user_id=current_user.id)
        if not form.phone.data:
            profile.zalo_phone = profile.zalo_consent_id = None
        else:
            phone = normalise_phone(form.phone.data)
            if phone is None:
                form.phone.errors.append(_("Số điện thoại Việt Nam, ví dụ +84912345678 hoặc 0912345678."))
                return _page(zalo_form=form)
            if not form.consent.data:
                form.consent.errors.append(_("Cần có sự đồng ý của bạn để gửi tin qua Zalo."))
                return _page(zalo_form=form)
            profile.zalo_phone = phone
            profile.zalo_consent_id = record_consent(current_user, "zalo", "preferences").id
        db.session.add(profile)
        log_action(current_user.id, "outreach.zalo", "user", current_user.id)
        db.session.commit()
        flash(_("Đã lưu số Zalo."), "success")
    return redirect(url_for("outreach.preferences"))


@bp.route("/me/calendar", methods=["POST"])
@guard("authenticated")
def calendar_new():
    """A new secret URL; shown on this page once (only its hash is kept)."""
    if not ConfirmForm().validate_on_submit():
        return redirect(url_for("outreach.preferences"))
    token = calendar_feed.regenerate(current_user)
    db.session.commit()
    return _page(feed_url=calendar_feed.feed_url(token))


@bp.route("/me/calendar/revoke", methods=["POST"])
@guard("authenticated")
def calendar_revoke():
    if ConfirmForm().validate_on_submit():
        calendar_feed.revoke(current_user)
        db.session.commit()
        flash(_("Đã thu hồi đường dẫn lịch."), "info")
    return redirect(url_for("outreach.preferences"))

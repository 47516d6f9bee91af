"""The monthly Techmart digest: a public page per edition (demands only for signed-in readers) and
the reader's opt-in, recorded as a consent."""
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ecosystem.clock import local_today
from ecosystem.extensions import db
from ecosystem.forms.techmart_assets import DigestSubscriptionForm
from ecosystem.permissions import can, guard
from ecosystem.services.techmart import digest as service
from ecosystem.services.techmart.pipeline import TechmartError

bp = Blueprint("techmart_digest", __name__, url_prefix="/techmart/digest")


@bp.route("/")
@guard("techmart.digest.view")
def latest():
    return redirect(url_for("techmart_digest.page", edition=service.previous_edition()))


@bp.route("/<edition>")
@guard("techmart.digest.view")
def page(edition: str):
    try:
        content = service.digest_content(edition, with_demands=can("techmart.demand.list"))
    except TechmartError:
        abort(404)
    if edition > service.edition_of(local_today()):
        abort(404)
    return render_template("techmart/digest.html", content=content, edition=edition,
                           subscribed=service.subscribed(current_user))


@bp.route("/subscription", methods=["GET", "POST"])
@guard("techmart.digest.subscribe")
def subscription():
    form = DigestSubscriptionForm()
    if form.validate_on_submit():
        if service.set_subscription(current_user, bool(form.subscribed.data)):
            db.session.commit()
        flash(_("Đã đăng ký nhận bản tin.") if form.subscribed.data else _("Đã huỷ đăng ký nhận bản tin."),
              "success")
        return redirect(url_for("techmart_digest.subscription"))
    form.subscribed.data = service.subscribed(current_user)
    return render_template("techmart/digest_subscription.html", form=form)

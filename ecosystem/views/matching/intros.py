"""Introduction pages: the ones I asked for, relay or receive, and the two opt-in decisions."""
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user

from ecosystem.extensions import db
from ecosystem.forms.matching import DecisionForm
from ecosystem.models import Introduction
from ecosystem.models.matching import INTRO_STATUSES
from ecosystem.permissions import can, guard, require
from ecosystem.services.matching import introductions as service
from ecosystem.services.matching.suggestions import hop_sentences, key_names
from ecosystem.views.errors import attempt
from ecosystem.views.matching.messages import MATCHING

bp = Blueprint("intros", __name__, url_prefix="/intros")
NAV = [("intros.index", _l("Giới thiệu kết nối"), "intro.list", 45)]
STATUS_LABELS = {
    "requested": _l("Chờ người kết nối"), "connector_declined": _l("Người kết nối từ chối"),
    "forwarded": _l("Chờ người được giới thiệu"), "target_declined": _l("Người được giới thiệu từ chối"),
    "accepted": _l("Đã kết nối"), "withdrawn": _l("Đã rút lại"),
}
assert set(STATUS_LABELS) == set(INTRO_STATUSES)
bp.context_processor(lambda: {"intro_status": STATUS_LABELS})


def get_intro(intro_id: int, action: str = "intro.view") -> Introduction:
    intro = db.session.get(Introduction, intro_id)
    if intro is None:
        abort(404)
    require(action, intro)
    return intro


@bp.route("/")
@guard("intro.list")
def index():
    rows = [i for i in service.introductions_of(current_user) if can("intro.view", i)]
    keys = {k for i in rows for k in (("org", i.startup_id), i.target_key, i.connector_key)}
    return render_template("intros/index.html", rows=rows, names=key_names(keys),
                           roles={i.id: i.roles_of(current_user) for i in rows})


@bp.route("/<int:intro_id>")
@guard("intro.view")
def detail(intro_id: int):
    intro = get_intro(intro_id)
    return render_template("intros/detail.html", intro=intro, hops=hop_sentences(intro.path),
                           form=DecisionForm(),
                           contact=service.contact_details(intro, current_user),
                           roles=intro.roles_of(current_user),
                           names=key_names([("org", intro.startup_id), intro.target_key, intro.connector_key]))


@bp.route("/<int:intro_id>/decide", methods=["POST"])
@guard("intro.decide")
def decide(intro_id: int):
    intro = get_intro(intro_id, "intro.decide")
    form = DecisionForm()
    if not form.validate_on_submit():
        flash(_("Hãy chọn Đồng ý hoặc Không đồng ý."), "error")
        return redirect(url_for("intros.detail", intro_id=intro_id))
    attempt(MATCHING, lambda: service.decide(intro, current_user, form.decision.data == "accept",
                                             form.note.data), _("Đã ghi nhận quyết định của bạn."))
    return redirect(url_for("intros.detail", intro_id=intro_id))


@bp.route("/<int:intro_id>/withdraw", methods=["POST"])
@guard("intro.withdraw")
def withdraw(intro_id: int):
    intro = get_intro(intro_id, "intro.withdraw")
    attempt(MATCHING, lambda: service.withdraw(intro, current_user), _("Đã rút lại đề nghị."))
    return redirect(url_for("intros.detail", intro_id=intro_id))

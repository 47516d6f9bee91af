"""IP records on organisation and person pages (kept by the DOST, the organisation's managers or the
person), and the outcome a resolved 'IP protection support' request records."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ecosystem.extensions import db
from ecosystem.forms import form_data
from ecosystem.forms.techmart_assets import IPRecordForm
from ecosystem.models import IPRecord, Organisation, Person
from ecosystem.models.ip_labs import IP_RECORD_STATUSES, IP_TYPES
from ecosystem.models.support import SupportRequest
from ecosystem.permissions import can, guard, require
from ecosystem.services.techmart import ip_records as service
from ecosystem.services.techmart.pipeline import TechmartError
from ecosystem.validators import parse_int
from ecosystem.views.techmart.common import attempt, refused

bp = Blueprint("techmart_ip", __name__, url_prefix="/techmart/ip")
ORG_PANELS = ["techmart/_ip_panel.html"]
PERSON_PANELS = ["techmart/_ip_panel.html"]


def ip_panel(owner) -> dict:
    """What the organisation or person page shows: the records and whether the reader may keep them."""
    return {"records": service.records_of(owner), "may_edit": can("techmart.ip.edit", owner),
            "types": IP_TYPES, "statuses": IP_RECORD_STATUSES}


def ip_outcome(req) -> dict | None:
    """The IP protection request's outcome and, for those who may record it, the form."""
    if req.type_code != service.IP_SUPPORT_TYPE:
        return None
    outcome = service.outcome_of(req)
    form = IPRecordForm(obj=outcome, prefix="ip") if can("techmart.ip.record_outcome", req) else None
    return {"outcome": outcome, "form": form, "types": IP_TYPES, "statuses": IP_RECORD_STATUSES}


bp.record_once(lambda state: state.app.jinja_env.globals.update(ip_panel=ip_panel, ip_outcome=ip_outcome))


def _owner(kind: str, ident):
    owner = None
    if kind == "org":
        owner = db.session.query(Organisation).filter_by(slug=ident).one_or_none()
    elif kind == "person" and parse_int(ident, 1) is not None:  # no 500 for a 30-digit id
        owner = db.session.get(Person, int(ident))
    if owner is None:
        abort(404)
    require("techmart.ip.edit", owner)
    return owner


def _owner_page(owner) -> str:
    if isinstance(owner, Organisation):
        return url_for("orgs.detail", slug=owner.slug, _anchor="ip")
    return url_for("people.detail", person_id=owner.id, _anchor="ip")


def _save(form, owner, record=None):
    try:
        saved = service.save_ip_record(owner, form_data(form), current_user, record)
    except TechmartError as error:
        refused(error, form)
        return None
    db.session.commit()
    return saved


@bp.route("/<any(org, person):kind>/<ident>/new", methods=["GET", "POST"])
@guard("techmart.ip.edit")
def new(kind: str, ident: str):
    owner = _owner(kind, ident)
    form = IPRecordForm()
    if form.validate_on_submit() and _save(form, owner) is not None:
        flash(_("Đã ghi nhận đơn / văn bằng sở hữu trí tuệ."), "success")
        return redirect(_owner_page(owner))
    return render_template("techmart/ip_form.html", form=form, owner=owner, record=None)


def _record(record_id: int) -> IPRecord:
    record = db.session.get(IPRecord, record_id)
    if record is None:
        abort(404)
    require("techmart.ip.edit", record.owner)
    return record


@bp.route("/<int:record_id>/edit", methods=["GET", "POST"])
@guard("techmart.ip.edit")
def edit(record_id: int):
    record = _record(record_id)
    form = IPRecordForm(obj=record)
    if form.validate_on_submit() and _save(form, record.owner, record) is not None:
        flash(_("Đã lưu thay đổi."), "success")
        return redirect(_owner_page(record.owner))
    return render_template("techmart/ip_form.html", form=form, owner=record.owner, record=record)


@bp.route("/<int:record_id>/delete", methods=["POST"])
@guard("techmart.ip.edit")
def delete(record_id: int):
    record = _record(record_id)
    owner = record.owner
    if request.form.get("confirm") == "1":
        attempt(lambda: service.delete_ip_record(record, current_user), _("Đã xoá bản ghi."))
    return redirect(_owner_page(owner))


@bp.route("/support/<int:req_id>/outcome", methods=["POST"])
@guard("techmart.ip.record_outcome")
def outcome(req_id: int):
    req = db.session.get(SupportRequest, req_id)
    if req is None:
        abort(404)
    require("techmart.ip.record_outcome", req)
    form = IPRecordForm(prefix="ip")
    if form.validate_on_submit():
        try:
            service.record_support_outcome(req, form_data(form), current_user)
        except TechmartError as error:
            refused(error)
        else:
            db.session.commit()
            flash(_("Đã ghi nhận kết quả bảo hộ sở hữu trí tuệ."), "success")
    else:
        flash(_("Vui lòng sửa các lỗi được đánh dấu bên dưới."), "error")
    return redirect(url_for("support.detail", req_id=req.id, _anchor="ip-outcome"))

"""Laboratories: the public list and lab pages, the host's edit form, and lab-time requests that a
startup sends as a support request linked to the lab."""
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ecosystem.extensions import db
from ecosystem.forms import form_data
from ecosystem.forms.techmart_assets import LabForm, LabRequestForm
from ecosystem.models import Lab, Organisation
from ecosystem.permissions import can, guard, require
from ecosystem.services.platform.errors import DomainError
from ecosystem.services.techmart import labs as service
from ecosystem.services.techmart.pipeline import TechmartError
from ecosystem.views.loading import sector_choices
from ecosystem.views.techmart.common import load, my_orgs, org_choices, refused, save_for

bp = Blueprint("techmart_labs", __name__, url_prefix="/techmart/labs")
bp.record_once(lambda state: state.app.jinja_env.globals.update(lab_of_request=service.lab_of_request))


@bp.route("/")
@guard("techmart.lab.list")
def index():
    return render_template("techmart/labs.html", labs=list(db.session.scalars(service.lab_query())),
                           valid=service.accreditation_valid)


def _request_form() -> LabRequestForm | None:
    if not current_user.is_authenticated:
        return None
    form = LabRequestForm(prefix="lab")
    form.organisation.choices = org_choices(o for o in my_orgs(("startup",)) if o.id in current_user.managed_org_ids)
    return form if form.organisation.choices else None


@bp.route("/<int:lab_id>")
@guard("techmart.lab.view")
def detail(lab_id: int):
    lab = load(Lab, lab_id, "techmart.lab.view")
    requests = service.requests_for(lab) if can("techmart.lab.edit", lab) else []
    return render_template("techmart/lab.html", lab=lab, valid=service.accreditation_valid(lab),
                           request_form=_request_form() if can("techmart.lab.request", lab) else None,
                           lab_requests=requests)


def _form(lab=None) -> LabForm:
    form = LabForm(obj=lab)
    form.sectors.choices = sector_choices()
    form.organisation.choices = org_choices(my_orgs() if lab is None else [lab.organisation])
    if lab is not None and not form.is_submitted():
        form.sectors.data = [s.id for s in lab.sectors]
        form.organisation.data = lab.organisation_id
    return form


def _save(form, lab=None):
    host = next((o for o in my_orgs() if o.id == form.organisation.data), None) if lab is None else lab.organisation
    return save_for(form, host, "techmart.lab.create",
                    lambda owner: service.save_lab(owner, form_data(form), current_user, lab),
                    _("Bạn không quản lý tổ chức này."))


@bp.route("/new", methods=["GET", "POST"])
@guard("techmart.lab.create")
def new():
    require("techmart.lab.create")
    form = _form()
    if form.validate_on_submit() and (saved := _save(form)) is not None:
        flash(_("Đã ghi nhận phòng thí nghiệm."), "success")
        return redirect(url_for("techmart_labs.detail", lab_id=saved.id))
    return render_template("techmart/lab_form.html", form=form, lab=None)


@bp.route("/<int:lab_id>/edit", methods=["GET", "POST"])
@guard("techmart.lab.edit")
def edit(lab_id: int):
    lab = load(Lab, lab_id, "techmart.lab.edit")
    form = _form(lab)
    if form.validate_on_submit() and _save(form, lab) is not None:
        flash(_("Đã lưu thay đổi."), "success")
        return redirect(url_for("techmart_labs.detail", lab_id=lab.id))
    return render_template("techmart/lab_form.html", form=form, lab=lab)


@bp.route("/<int:lab_id>/request", methods=["POST"])
@guard("techmart.lab.request")
def request_time(lab_id: int):
    lab = load(Lab, lab_id, "techmart.lab.request")
    form = _request_form()  # its choices are the user's own startups, so a valid form names one of them
    if form is None or not form.validate_on_submit():
        flash(_("Chọn startup của bạn và ghi nội dung cần thử nghiệm."), "error")
        return redirect(url_for("techmart_labs.detail", lab_id=lab.id))
    startup = db.session.get(Organisation, form.organisation.data)
    try:
        req = service.request_lab_time(lab, startup, current_user, form.title.data, form.description.data)
    except (TechmartError, DomainError) as error:
        refused(error)
        return redirect(url_for("techmart_labs.detail", lab_id=lab.id))
    db.session.commit()
    flash(_("Đã gửi đăng ký sử dụng phòng thí nghiệm."), "success")
    return redirect(url_for("support.detail", req_id=req.id))

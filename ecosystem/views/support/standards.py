"""Recording the certificate a resolved ISO 9001 / ISO 56000 adoption request led to."""
from flask import Blueprint, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ecosystem.forms.support import StandardOutcomeForm
from ecosystem.i18n import current_locale
from ecosystem.models.standards import STANDARDS
from ecosystem.permissions import can, guard
from ecosystem.services.support import standards
from ecosystem.views.errors import attempt
from ecosystem.views.support import requests as pages  # used at call time: the two import each other

bp = Blueprint("support_standards", __name__, url_prefix="/support")


def outcome_form(outcome=None) -> StandardOutcomeForm:
    """The form, filled from the recorded certificate when there is one."""
    form = StandardOutcomeForm(obj=outcome, prefix="standard")
    form.standard.choices = [(code, str(label)) for code, label in STANDARDS.items()]
    return form


@bp.route("/<int:req_id>/standard", methods=["POST"])
@guard("support.record_standard")
def record(req_id: int):
    req = pages.get_request(req_id, "support.record_standard")
    form = outcome_form()
    if not form.validate_on_submit():
        return render_template("support/standard_form.html", req=req, form=form)
    ok, _row = attempt(pages.SUPPORT, lambda: standards.record_standard_certificate(
        req, current_user, standard=form.standard.data, certification_body=form.certification_body.data,
        certificate_number=form.certificate_number.data, issued_on=form.issued_on.data,
        expires_on=form.expires_on.data, co_funding_vnd=form.co_funding_vnd.data or 0),
        _("Đã ghi nhận giấy chứng nhận."), form=form)
    if not ok:
        return render_template("support/standard_form.html", req=req, form=form)
    return redirect(url_for("support.detail", req_id=req.id, _anchor="standard"))


def standard_context(req) -> dict:
    """What the request page shows of an adoption request's outcome (and the form, to those who may)."""
    if req.type_code != standards.ISO_TYPE:
        return {}
    outcome = standards.outcome_of(req)
    form = outcome_form(outcome) if can("support.record_standard", req) else None
    return {"standard_outcome": outcome, "standard_form": form, "standard_labels": STANDARDS,
            "locale": current_locale()}

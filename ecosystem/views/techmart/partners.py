"""International partners and their cooperation agreements: a public list; the DOST flags an
organisation as abroad and records agreements."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ecosystem.extensions import db
from ecosystem.forms.techmart_assets import AgreementForm, PartnerForm
from ecosystem.i18n import current_locale
from ecosystem.models import InternationalPartner, Lab, Organisation
from ecosystem.models.partners import PARTNER_KINDS
from ecosystem.permissions import can, guard
from ecosystem.services.techmart import partners as service
from ecosystem.services.techmart.labs import lab_query
from ecosystem.views.techmart.common import attempt, org_choices

bp = Blueprint("techmart_partners", __name__, url_prefix="/techmart/partners")
ORG_PANELS = ["techmart/_org_panel.html"]


def org_techmart(org) -> dict:
    """What an organisation's page shows of the technology market's records: labs, partner flag, agreements."""
    return {"labs": list(db.session.scalars(lab_query().where(Lab.organisation_id == org.id))),
            "partner": service.partner_of(org), "agreements": service.agreements(org),
            "countries": service.country_names(current_locale()), "kinds": PARTNER_KINDS}


bp.record_once(lambda state: state.app.jinja_env.globals.update(org_techmart=org_techmart))


def _forms():
    """The two staff forms: flag an organisation abroad; record an agreement with a partner."""
    orgs = list(db.session.scalars(select(Organisation).where(Organisation.status != "archived")
                                   .order_by(Organisation.name)))
    abroad = {row.organisation_id for row in db.session.scalars(select(InternationalPartner))}
    flag, agreement = PartnerForm(prefix="p"), AgreementForm(prefix="a")
    flag.organisation.choices = org_choices(orgs)
    flag.country.choices = list(service.country_names(current_locale()).items())
    agreement.organisation.choices = org_choices(o for o in orgs if o.id not in abroad)
    agreement.partner.choices = org_choices(o for o in orgs if o.id in abroad)
    return flag, agreement


@bp.route("/")
@guard("techmart.partner.list")
def index():
    country = request.args.get("country", "").strip().upper()
    names = service.country_names(current_locale())
    flag, agreement = _forms() if can("techmart.partner.manage") else (None, None)
    rows = service.partners(country if country in names else "")
    return render_template("techmart/partners.html", partners=rows, agreements=service.agreements(),
                           countries=names, country=country, kinds=PARTNER_KINDS, flag_form=flag,
                           agreement_form=agreement,
                           used_countries=sorted({p.country for p in service.partners()}))


@bp.route("/flag", methods=["POST"])
@guard("techmart.partner.manage")
def flag():
    form, _agreement = _forms()
    org = db.session.get(Organisation, form.organisation.data) if form.validate_on_submit() else None
    if org is None:
        flash(_("Chọn tổ chức, quốc gia và loại đối tác."), "error")
    else:
        attempt(lambda: service.set_partner(org, form.country.data, form.partner_kind.data, current_user),
                _("Đã ghi nhận đối tác nước ngoài."))
    return redirect(url_for("techmart_partners.index"))


@bp.route("/agreements", methods=["POST"])
@guard("techmart.partner.manage")
def agreement():
    _flag, form = _forms()
    if not form.validate_on_submit():
        flash(_("Vui lòng sửa các lỗi được đánh dấu bên dưới."), "error")
        return redirect(url_for("techmart_partners.index"))
    domestic, partner = db.session.get(Organisation, form.organisation.data), db.session.get(Organisation,
                                                                                              form.partner.data)
    attempt(lambda: service.record_agreement(domestic, partner, current_user, title=form.title.data,
                                             scope=form.scope.data, signed_on=form.signed_on.data,
                                             expires_on=form.expires_on.data),
            _("Đã ghi nhận thoả thuận hợp tác."))
    return redirect(url_for("techmart_partners.index"))

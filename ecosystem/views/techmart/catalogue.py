"""The public technology catalogue and the offer pages; owners edit their offers and files here."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale, gettext as _, lazy_gettext as _l
from flask_login import current_user

from ecosystem.extensions import db
from ecosystem.hardening.downloads import send_upload
from ecosystem.forms import form_data
from ecosystem.forms.techmart import ContactForm, DealStartForm, OfferFileForm, OfferForm
from ecosystem.models import TechOffer, TechOfferFile
from ecosystem.models.techmart import IP_STATUSES, TRANSFER_FORMS
from ecosystem.permissions import can, guard, require
from ecosystem.services.directory.records import filter_options
from ecosystem.services.platform.settings import setting
from ecosystem.services.platform.stored_files import file_path
from ecosystem.services.platform.uploads import UploadRejected
from ecosystem.services.techmart import offers as service
from ecosystem.services.techmart.sessions import sessions
from ecosystem.services.techmart.suggestions import demands_for_offer
from ecosystem.views.loading import page_number, sector_choices
from ecosystem.views.once import once
from ecosystem.views.techmart.common import (attempt, demand_choices, get_offer, my_orgs, org_choices, refused,
                                             save_for)

bp = Blueprint("techmart", __name__, url_prefix="/techmart")
NAV = [("techmart.index", _l("Chợ công nghệ / Techmart"), "public", 43)]
FILTERS = ("q", "sector", "trl", "ip_status")
bp.context_processor(lambda: {"ip_statuses": IP_STATUSES, "transfer_forms": TRANSFER_FORMS})


@bp.route("/")
@guard("public")
def index():
    filters = {name: request.args.get(name, "").strip() for name in FILTERS}
    page = db.paginate(service.offer_query(**filters), page=page_number(),
                       per_page=setting("techmart.catalogue_page_size"), error_out=False)
    return render_template("techmart/index.html", page=page, filters=filters,
                           sectors=filter_options(str(get_locale()))["sectors"],
                           trls=[(str(n), f"TRL {n}") for n in range(1, 10)])


@bp.route("/offers/<int:offer_id>")
@guard("techmart.offer.view")
def offer(offer_id: int):
    row = get_offer(offer_id)
    contact = deal = None
    if current_user.is_authenticated and can("techmart.contact.request", row):
        orgs = my_orgs(exclude=row.organisation_id)
        contact, deal = ContactForm(prefix="c"), DealStartForm(prefix="d")
        for form in (contact, deal):
            form.organisation.choices = org_choices(orgs)
            form.demand.choices = demand_choices({o.id for o in orgs})
        deal.session.choices = [(0, "—")] + [(s.id, s.event.title) for s in sessions()]
    return render_template("techmart/offer.html", offer=row, contact_form=contact, deal_form=deal,
                           file_form=OfferFileForm() if can("techmart.offer.edit", row) else None)


@bp.route("/offers/<int:offer_id>/files/<int:link_id>")
@guard("techmart.offer.view")
def offer_file(offer_id: int, link_id: int):
    row = get_offer(offer_id)
    link = db.session.get(TechOfferFile, link_id)
    if link is None or link.offer_id != row.id:
        abort(404)
    return send_upload(file_path(link.file), link.file.mime, link.file.original_name)


def _offer_form(offer=None) -> OfferForm:
    form = OfferForm(obj=offer)
    form.sectors.choices = sector_choices()
    orgs = my_orgs() if offer is None else [offer.organisation]
    form.organisation.choices = org_choices(orgs)
    if offer is not None and request.method == "GET":
        form.sectors.data = [s.id for s in offer.sectors]
        form.organisation.data = offer.organisation_id
    return form


def _save(form, offer=None):
    org = next((o for o in my_orgs() if o.id == form.organisation.data), None) if offer is None \
        else offer.organisation
    return save_for(form, org, "techmart.offer.create",
                    lambda owner: once("tech_offer", form, TechOffer,
                                       lambda: service.save_offer(owner, form_data(form), current_user, offer))()
                    if offer is None else service.save_offer(owner, form_data(form), current_user, offer),
                    _("Bạn không quản lý tổ chức này."))


@bp.route("/offers/new", methods=["GET", "POST"])
@guard("techmart.offer.create")
def offer_new():
    require("techmart.offer.create")
    form = _offer_form()
    if not form.organisation.choices:
        flash(_("Tài khoản của bạn chưa quản lý tổ chức nào."), "error")
        return redirect(url_for("techmart.index"))
    if form.validate_on_submit() and (saved := _save(form)) is not None:
        flash(_("Đã đăng công nghệ lên sàn."), "success")
        return redirect(url_for("techmart.offer", offer_id=saved.id))
    return render_template("techmart/offer_form.html", form=form, offer=None)


@bp.route("/offers/<int:offer_id>/edit", methods=["GET", "POST"])
@guard("techmart.offer.edit")
def offer_edit(offer_id: int):
    row = get_offer(offer_id, "techmart.offer.edit")
    form = _offer_form(row)
    if form.validate_on_submit() and _save(form, row) is not None:
        flash(_("Đã lưu thay đổi."), "success")
        return redirect(url_for("techmart.offer", offer_id=row.id))
    return render_template("techmart/offer_form.html", form=form, offer=row)


@bp.route("/offers/<int:offer_id>/files", methods=["POST"])
@guard("techmart.offer.edit")
def offer_upload(offer_id: int):
    row = get_offer(offer_id, "techmart.offer.edit")
    form = OfferFileForm()
    if form.validate_on_submit():
        try:
            service.attach_file(row, form.upload.data.stream, form.upload.data.filename, form.kind.data, current_user)
        except UploadRejected as error:
            refused(error)
        else:
            db.session.commit()
            flash(_("Đã tải tệp lên."), "success")
    else:
        flash(_("Chọn một tệp để tải lên."), "error")
    return redirect(url_for("techmart.offer", offer_id=row.id))


@bp.route("/offers/<int:offer_id>/files/<int:link_id>/delete", methods=["POST"])
@guard("techmart.offer.edit")
def offer_file_delete(offer_id: int, link_id: int):
    row = get_offer(offer_id, "techmart.offer.edit")
    link = db.session.get(TechOfferFile, link_id)
    if link is None or link.offer_id != row.id:
        abort(404)
    if request.form.get("confirm") == "1":
        attempt(lambda: service.remove_file(link, current_user), _("Đã gỡ tệp."))
    return redirect(url_for("techmart.offer", offer_id=row.id))


@bp.route("/offers/<int:offer_id>/status", methods=["POST"])
@guard("techmart.offer.edit")
def offer_status(offer_id: int):
    row = get_offer(offer_id, "techmart.offer.edit")
    status = request.form.get("status")
    if status not in ("published", "withdrawn"):
        flash(_("Không có thay đổi nào."), "error")
        return redirect(url_for("techmart.offer", offer_id=row.id))
    attempt(lambda: service.set_offer_status(row, status, current_user),
            _("Đã đăng lại công nghệ.") if status == "published" else _("Đã rút công nghệ khỏi sàn."))
    return redirect(url_for("techmart.offer", offer_id=row.id))


@bp.route("/offers/<int:offer_id>/matches")
@guard("techmart.offer.edit")
def offer_matches(offer_id: int):
    row = get_offer(offer_id, "techmart.offer.edit")
    return render_template("techmart/offer_matches.html", offer=row, suggestions=demands_for_offer(row))

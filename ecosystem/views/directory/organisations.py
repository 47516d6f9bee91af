"""Organisation pages: browse, search, detail with relationships, create, edit, archive."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user

from ecosystem.extensions import db
from ecosystem.forms import form_data
from ecosystem.forms.directory import ConfirmForm, OrganisationForm
from ecosystem.forms.fields import UNSAFE_URL
from ecosystem.i18n import current_locale
from ecosystem.models import Organisation
from ecosystem.permissions import can, guard
from ecosystem.services.directory import records as directory
from ecosystem.services.directory.relations import relationships_of
from ecosystem.views.directory.messages import DIRECTORY
from ecosystem.views.errors import attempt
from ecosystem.views.loading import get_org, page_number, sector_choices
from ecosystem.views.once import once
from ecosystem.views.paging import capped_page

bp = Blueprint("orgs", __name__, url_prefix="/orgs")
FILTERS = ("q", "kind", "sector", "stage", "ward", "former_district", "status")


def directory_filters() -> dict:
    return {name: request.args.get(name, "").strip() for name in FILTERS}


@bp.route("/")
@guard("public")
def index():
    filters = directory_filters()
    if filters["status"] == "archived" and not can("staff"):
        filters["status"] = ""
    page = capped_page(directory.organisation_query(**filters), page_number(), 20,
                      count_key=("orgs", *filters.items()))
    return render_template("orgs/index.html", page=page, filters=filters,
                           options=directory.filter_options(current_locale()))


def _form(org=None) -> OrganisationForm:
    form = OrganisationForm(obj=org)
    form.sectors.choices = sector_choices()
    if org is not None and request.method == "GET":
        form.sectors.data = [s.id for s in org.sectors]
    return form




def _save(form, org=None):
    """The saved organisation, or None after a refusal shown under its field."""
    save = lambda: directory.save_organisation(form_data(form), current_user, org)  # noqa: E731
    if org is None:
        save = once("organisation", form, Organisation, save)
    return attempt(DIRECTORY, save, form=form)[1]


@bp.route("/new", methods=["GET", "POST"])
@guard("org.create")
def create():
    form = _form()
    if request.method == "GET" and request.args.get("kind"):
        form.kind.data = request.args["kind"]
    if form.validate_on_submit():
        org = _save(form)
        if org is not None:
            flash(_("Đã tạo hồ sơ tổ chức."), "success")
            return redirect(url_for("orgs.detail", slug=org.slug))
    return render_template("orgs/form.html", form=form, org=None)


@bp.route("/<slug>")
@guard("org.view")
def detail(slug: str):
    org = get_org(slug)
    return render_template("orgs/detail.html", org=org, relationships=relationships_of(org),
                           confirm=ConfirmForm())


@bp.route("/<slug>/edit", methods=["GET", "POST"])
@guard("org.edit")
def edit(slug: str):
    org = get_org(slug, "org.edit")
    form = _form(org)
    if form.validate_on_submit():
        if _save(form, org) is not None:
            flash(_("Đã lưu thay đổi."), "success")
            return redirect(url_for("orgs.detail", slug=org.slug))
    return render_template("orgs/form.html", form=form, org=org)


@bp.route("/<slug>/archive", methods=["POST"])
@guard("org.archive")
def archive(slug: str):
    org = get_org(slug, "org.archive")
    if ConfirmForm().validate_on_submit():
        directory.archive_organisation(org, current_user)
        db.session.commit()
        flash(_("Đã lưu trữ tổ chức. Lịch sử và các quan hệ vẫn được giữ."), "success")
    return redirect(url_for("orgs.detail", slug=org.slug))

"""People pages: browse, detail (contact details by visibility), create, edit, archive."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ecosystem.extensions import db
from ecosystem.forms import form_data
from ecosystem.forms.directory import ConfirmForm, PersonForm
from ecosystem.i18n import current_locale
from ecosystem.models import Person
from ecosystem.permissions import can, guard, is_staff
from ecosystem.services.directory import records as directory
from ecosystem.services.directory.relations import relationships_of
from ecosystem.services.privacy.access_log import log_contact_access
from ecosystem.views.directory.messages import DIRECTORY
from ecosystem.views.errors import attempt
from ecosystem.views.loading import get_person, page_number, sector_choices
from ecosystem.views.once import once
from ecosystem.views.paging import capped_page

bp = Blueprint("people", __name__, url_prefix="/people")


@bp.route("/")
@guard("public")
def index():
    filters = {name: request.args.get(name, "").strip()
               for name in ("q", "role", "sector", "former_district")}
    page = capped_page(directory.person_query(**filters), page_number(), 20,
                      count_key=("people", *filters.items()))
    return render_template("people/index.html", page=page, filters=filters,
                           options=directory.filter_options(current_locale()))


def _form(person=None) -> PersonForm:
    form = PersonForm(obj=person)
    form.sectors.choices = form.investor_sectors.choices = sector_choices()
    if person is not None and request.method == "GET":
        form.sectors.data = [s.id for s in person.sectors]
        for name, value in directory.role_fields(person).items():
            form[name].data = value
    return form


def _data(form) -> dict:
    """Form data; only staff may set the judge and coordinator flags."""
    data = form_data(form)
    if not is_staff(current_user):
        data.pop("is_judge")
        data.pop("is_coordinator")
    return data


@bp.route("/new", methods=["GET", "POST"])
@guard("person.create")
def create():
    form = _form()
    if form.validate_on_submit():
        ok, person = attempt(DIRECTORY, once("person", form, Person,
                                             lambda: directory.save_person(_data(form), current_user)),
                             _("Đã tạo hồ sơ cá nhân."), form=form)
        if ok:
            return redirect(url_for("people.detail", person_id=person.id))
    return render_template("people/form.html", form=form, person=None)


@bp.route("/<int:person_id>")
@guard("person.view")
def detail(person_id: int):
    person = get_person(person_id)
    if can("person.contact", person) and (person.email or person.phone):
        log_contact_access(current_user, [person.id], "page")
        db.session.commit()
    return render_template("people/detail.html", person=person,
                           relationships=relationships_of(person), confirm=ConfirmForm())


@bp.route("/<int:person_id>/edit", methods=["GET", "POST"])
@guard("person.edit")
def edit(person_id: int):
    person = get_person(person_id, "person.edit")
    form = _form(person)
    if form.validate_on_submit():
        if attempt(DIRECTORY, lambda: directory.save_person(_data(form), current_user, person),
                   _("Đã lưu thay đổi."), form=form)[0]:
            return redirect(url_for("people.detail", person_id=person.id))
    return render_template("people/form.html", form=form, person=person)


@bp.route("/<int:person_id>/archive", methods=["POST"])
@guard("person.archive")
def archive(person_id: int):
    person = get_person(person_id, "person.archive")
    if ConfirmForm().validate_on_submit():
        directory.archive_person(person, current_user)
        db.session.commit()
        flash(_("Đã lưu trữ hồ sơ."), "success")
    return redirect(url_for("people.detail", person_id=person.id))

"""JSON API for the directory (/api/v1): the same policies and queries as the pages."""
from flask import Blueprint, request
from flask_login import current_user

from ecosystem.extensions import db
from ecosystem.models import Organisation, Person
from ecosystem.permissions import guard
from ecosystem.services.directory import records as directory
from ecosystem.services.directory.contacts import person_contact
from ecosystem.services.directory.wards import suggest_wards, ward_document
from ecosystem.services.privacy.access_log import log_contact_access
from ecosystem.template_helpers import safe_url
from ecosystem.views.limits import limit_blueprint
from ecosystem.views.loading import arg_int, get_org, get_person, page_number

bp = Blueprint("api_directory", __name__, url_prefix="/api/v1")
limit_blueprint(bp, "accounts.rate_api")


def org_json(org: Organisation) -> dict:
    return {
        "id": org.id, "slug": org.slug, "kind": org.kind, "name": org.name, "name_en": org.name_en,
        "stage": org.stage, "status": org.status, "tax_code": org.tax_code,
        "sectors": [s.code for s in org.sectors], "technologies": org.technologies,
        "city": org.city, "ward": org.ward, "former_province": org.former_province,
        "former_district": org.former_district, "website": safe_url(org.website),
        "founded_on": org.founded_on.isoformat() if org.founded_on else None,
        "first_registered_on": org.first_registered_on.isoformat() if org.first_registered_on else None,
    }


def person_json(person: Person) -> dict:
    data = {"id": person.id, "full_name": person.full_name, "title": person.title,
            "sectors": [s.code for s in person.sectors], "is_mentor": person.mentor is not None,
            "is_investor": person.investor is not None}
    contact = person_contact(current_user, person)
    if contact["email"] or contact["phone"]:
        data.update(contact)
    return data


@bp.route("/organisations")
@guard("public")
def organisations():
    filters = {k: request.args.get(k, "") for k in
               ("q", "kind", "sector", "stage", "ward", "former_district")}
    page = db.paginate(directory.organisation_query(**filters), page=page_number(),
                       per_page=arg_int("per_page", 20, 1, 100),
                       error_out=False)
    return {"items": [org_json(o) for o in page.items], "page": page.page, "pages": page.pages,
            "total": page.total}


@bp.route("/organisations/<slug>")
@guard("org.view")
def organisation(slug: str):
    return org_json(get_org(slug))


@bp.route("/people/<int:person_id>")
@guard("person.view")
def person(person_id: int):
    data = person_json(get_person(person_id))
    if data.get("email") or data.get("phone"):
        log_contact_access(current_user, [person_id], "api")
        db.session.commit()
    return data


@bp.route("/wards")
@guard("public")
def wards():
    """The city's wards and communes since 1/7/2025, filtered without accents (?q=thu dau)."""
    units = suggest_wards(request.args.get("q", "")[:60], limit=200)
    return {"city": ward_document()["city"], "legal_basis": ward_document()["legal_basis"]["code"],
            "items": [{"label": u.label, "name": u.name, "kind": u.kind, "code": u.code,
                       "former_province": u.former_province, "former_districts": list(u.former_districts)}
                      for u in units]}

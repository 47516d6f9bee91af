"""JSON API for the directory (/api/v1): the same policies, services and contact rule as the pages."""
from flask_login import current_user
from marshmallow import Schema, fields, validate

from ecosystem.extensions import db
from ecosystem.models import Organisation, Person
from ecosystem.models.vocab import ORG_KINDS, ORG_STATUSES, RELATION_KINDS, STAGES
from ecosystem.permissions import guard
from ecosystem.services.directory import records as directory
from ecosystem.services.directory.contacts import person_contact
from ecosystem.services.directory.relations import relationships_of
from ecosystem.services.directory.wards import suggest_wards, ward_document
from ecosystem.services.privacy.access_log import log_contact_access
from ecosystem.template_helpers import safe_url
from ecosystem.views.api.base import (IDEMPOTENCY_DOC, PageArgs, api_blueprint, idempotent, page_schema,
                                      paginate, preload)
from ecosystem.views.api.problems import perform
from ecosystem.views.directory.messages import DIRECTORY
from ecosystem.views.loading import get_org, get_person

bp = api_blueprint("api_directory", "directory", description="Organisations, people, relationships, wards")


def label(table: dict, code) -> str | None:
    return str(table[code]) if code in table else None


class OrgOut(Schema):
    id = fields.Integer()
    slug = fields.String()
    kind = fields.String()
    kind_label = fields.String(allow_none=True)
    name = fields.String()
    name_en = fields.String(allow_none=True)
    stage = fields.String(allow_none=True)
    status = fields.String()
    status_label = fields.String(allow_none=True)
    tax_code = fields.String(allow_none=True)
    sectors = fields.List(fields.String())
    technologies = fields.List(fields.String())
    city = fields.String(allow_none=True)
    ward = fields.String(allow_none=True)
    former_province = fields.String(allow_none=True)
    former_district = fields.String(allow_none=True)
    website = fields.String(allow_none=True)
    founded_on = fields.Date(allow_none=True)
    first_registered_on = fields.Date(allow_none=True)


class OrgFilters(PageArgs):
    q = fields.String(load_default="", validate=validate.Length(max=200))
    kind = fields.String(load_default="", validate=validate.Length(max=40))
    sector = fields.String(load_default="", validate=validate.Length(max=40))
    stage = fields.String(load_default="", validate=validate.Length(max=40))
    ward = fields.String(load_default="", validate=validate.Length(max=120))
    former_district = fields.String(load_default="", validate=validate.Length(max=120))


class OrgIn(Schema):
    kind = fields.String(required=True, validate=validate.OneOf(list(ORG_KINDS)))
    name = fields.String(required=True, validate=validate.Length(min=2, max=200))
    name_en = fields.String(validate=validate.Length(max=200))
    description = fields.String(validate=validate.Length(max=5000))
    stage = fields.String(validate=validate.OneOf(list(STAGES)))
    tax_code = fields.String(validate=validate.Regexp(r"^\d{10}(-\d{3})?$"))
    website = fields.String(validate=validate.Length(max=300))
    city = fields.String(validate=validate.Length(max=120))
    ward = fields.String(validate=validate.Length(max=120))
    founded_on = fields.Date()


class OrgPatch(OrgIn):
    kind = fields.String(validate=validate.OneOf(list(ORG_KINDS)))
    name = fields.String(validate=validate.Length(min=2, max=200))


class PersonOut(Schema):
    id = fields.Integer()
    full_name = fields.String()
    title = fields.String(allow_none=True)
    sectors = fields.List(fields.String())
    is_mentor = fields.Boolean()
    is_investor = fields.Boolean()
    email = fields.String(allow_none=True, metadata={"description": "Only where the contacts rule allows"})
    phone = fields.String(allow_none=True)


class PeopleFilters(PageArgs):
    q = fields.String(load_default="", validate=validate.Length(max=200))
    role = fields.String(load_default="", validate=validate.Length(max=40))
    sector = fields.String(load_default="", validate=validate.Length(max=40))


class EndOut(Schema):
    type = fields.String()
    id = fields.Integer()
    name = fields.String()


class RelationshipOut(Schema):
    id = fields.Integer()
    kind = fields.String()
    kind_label = fields.String(allow_none=True)
    source = fields.Nested(EndOut)
    target = fields.Nested(EndOut)
    started_on = fields.Date(allow_none=True)
    ended_on = fields.Date(allow_none=True)


class Ward(Schema):
    label = fields.String()
    name = fields.String()
    kind = fields.String()
    code = fields.String(allow_none=True)
    former_province = fields.String(allow_none=True)
    former_districts = fields.List(fields.String())


class Wards(Schema):
    city = fields.String()
    legal_basis = fields.String()
    items = fields.List(fields.Nested(Ward))


class WardArgs(Schema):
    q = fields.String(load_default="", validate=validate.Length(max=60))


def org_json(org: Organisation) -> dict:
    return {
        "id": org.id, "slug": org.slug, "kind": org.kind, "kind_label": label(ORG_KINDS, org.kind),
        "name": org.name, "name_en": org.name_en, "stage": org.stage, "status": org.status,
        "status_label": label(ORG_STATUSES, org.status), "tax_code": org.tax_code,
        "sectors": [s.code for s in org.sectors], "technologies": list(org.technologies or []),
        "city": org.city, "ward": org.ward, "former_province": org.former_province,
        "former_district": org.former_district, "website": safe_url(org.website) or None,
        "founded_on": org.founded_on, "first_registered_on": org.first_registered_on,
    }


def person_json(person: Person) -> dict:
    data = {"id": person.id, "full_name": person.full_name, "title": person.title,
            "sectors": [s.code for s in person.sectors], "is_mentor": person.mentor is not None,
            "is_investor": person.investor is not None}
    contact = person_contact(current_user, person)
    if contact["email"] or contact["phone"]:
        data.update(contact)
    return data


def _end(person, org) -> dict:
    if person is not None:
        return {"type": "person", "id": person.id, "name": person.full_name}
    return {"type": "organisation", "id": org.id, "name": org.name}


def relationship_json(rel) -> dict:
    return {"id": rel.id, "kind": rel.kind, "kind_label": label(RELATION_KINDS, rel.kind),
            "source": _end(rel.source_person, rel.source_org),
            "target": _end(rel.target_person, rel.target_org),
            "started_on": rel.started_on, "ended_on": rel.ended_on}


@bp.route("/organisations")
@guard("public")
@bp.etag
@bp.arguments(OrgFilters, location="query", unknown="exclude")
@bp.response(200, page_schema(OrgOut, "OrganisationPage"))
def organisations(args):
    """Organisations, filtered like the directory page."""
    filters = {k: args[k] for k in ("q", "kind", "sector", "stage", "ward", "former_district")}
    return paginate(directory.organisation_query(**filters), args, org_json,
                    count_key=("organisations", *filters.items()))


@bp.route("/organisations", methods=["POST"])
@guard("org.create")
@idempotent
@bp.doc(**IDEMPOTENCY_DOC)
@bp.arguments(OrgIn)
@bp.response(201, OrgOut)
def create_organisation(data):
    """Create an organisation (pending until staff verify it); the caller manages it."""
    return org_json(perform(lambda: directory.save_organisation(data, current_user), DIRECTORY))


@bp.route("/organisations/<slug>")
@guard("org.view")
@bp.etag
@bp.response(200, OrgOut)
def organisation(slug: str):
    return org_json(get_org(slug))


@bp.route("/organisations/<slug>", methods=["PATCH"])
@guard("org.edit")
@preload(lambda slug: get_org(slug, "org.edit"))
@bp.arguments(OrgPatch)
@bp.response(200, OrgOut)
def edit_organisation(data, slug: str):
    """Change an organisation the caller manages (or any, for staff)."""
    org = get_org(slug, "org.edit")
    return org_json(perform(lambda: directory.save_organisation(data, current_user, org), DIRECTORY))


@bp.route("/organisations/<slug>/relationships")
@guard("org.view")
@bp.etag
@bp.response(200, RelationshipOut(many=True))
def organisation_relationships(slug: str):
    """The organisation's ties, as on its page."""
    return [relationship_json(rel) for rel in relationships_of(get_org(slug))]


@bp.route("/people")
@guard("public")
@bp.etag
@bp.arguments(PeopleFilters, location="query", unknown="exclude")
@bp.response(200, page_schema(PersonOut, "PersonPage"))
def people(args):
    """People, filtered like the directory page; contact details only where the rule allows (logged)."""
    body, status, headers = paginate(directory.person_query(q=args["q"], role=args["role"],
                                                            sector=args["sector"]), args, person_json,
                                     count_key=("people", args["q"], args["role"], args["sector"]))
    shown = [item["id"] for item in body["items"] if item.get("email") or item.get("phone")]
    if shown:
        log_contact_access(current_user, shown, "api")
        db.session.commit()
    return body, status, headers


@bp.route("/people/<int:person_id>")
@guard("person.view")
@bp.etag
@bp.response(200, PersonOut)
def person(person_id: int):
    data = person_json(get_person(person_id))
    if data.get("email") or data.get("phone"):
        log_contact_access(current_user, [person_id], "api")
        db.session.commit()
    return data


@bp.route("/people/<int:person_id>/relationships")
@guard("person.view")
@bp.etag
@bp.response(200, RelationshipOut(many=True))
def person_relationships(person_id: int):
    return [relationship_json(rel) for rel in relationships_of(get_person(person_id))]


@bp.route("/wards")
@guard("public")
@bp.etag
@bp.arguments(WardArgs, location="query", unknown="exclude")
@bp.response(200, Wards)
def wards(args):
    """The city's wards and communes since 1/7/2025, filtered without accents (?q=thu dau)."""
    units = suggest_wards(args["q"], limit=200)
    return {"city": ward_document()["city"], "legal_basis": ward_document()["legal_basis"]["code"],
            "items": [{"label": u.label, "name": u.name, "kind": u.kind, "code": u.code,
                       "former_province": u.former_province, "former_districts": list(u.former_districts)}
                      for u in units]}


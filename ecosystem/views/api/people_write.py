"""JSON API for changing people and their ties: the person edit page, adding a relationship and
ending one, with the same policies, form rules and services as those pages."""
from flask_login import current_user
from marshmallow import Schema, ValidationError, fields, pre_load, validate, validates_schema
from sqlalchemy import select

from ecosystem.extensions import db
from ecosystem.models import Relationship, Sector
from ecosystem.models.vocab import LANGUAGES, RELATION_KINDS, STAGES, VISIBILITY
from ecosystem.permissions import guard, is_staff, require
from ecosystem.services.directory import records as directory
from ecosystem.services.directory.relations import create_relationship, end_relationship, resolve_end
from ecosystem.services.privacy.access_log import log_contact_access
from ecosystem.validators import MONEY_MAX
from ecosystem.views.api.base import IDEMPOTENCY_DOC, api_blueprint, idempotent, preload
from ecosystem.views.api.directory import PersonOut, RelationshipOut, person_json, relationship_json
from ecosystem.views.api.problems import abort_problem, perform
from ecosystem.views.directory.messages import DIRECTORY
from ecosystem.views.directory.relationships import RELATIONS
from ecosystem.views.loading import get_person, get_relationship

bp = api_blueprint("api_people_write", "directory",
                   description="Editing people; adding and ending relationships")

Money = fields.Integer(validate=validate.Range(0, MONEY_MAX), allow_none=True)
NEW_MENTOR = {"mentor_capacity": 2, "mentor_available": True}  # the edit form's defaults
STAFF_ONLY = ("is_judge", "is_coordinator")  # the edit page keeps these for staff (views/directory/people.py)


def sector_ids(codes: list[str]) -> list[int]:
    """Sector codes (as the API shows them) → ids (as the forms send them); 422 for an unknown one."""
    found = dict(db.session.execute(select(Sector.code, Sector.id).where(Sector.code.in_(codes))).all())
    unknown = [code for code in codes if code not in found]
    if unknown:
        abort_problem(422, "unknown_sector", "Unknown sector code: " + ", ".join(unknown[:5]))
    return [found[code] for code in codes]


class PersonPatch(Schema):
    """The person edit form's fields; those left out keep their value."""

    full_name = fields.String(validate=validate.Length(min=1, max=160))
    title = fields.String(allow_none=True, validate=validate.Length(max=200))
    bio = fields.String(allow_none=True, validate=validate.Length(max=5000))
    sectors = fields.List(fields.String(validate=validate.Length(max=40)), validate=validate.Length(max=50))
    languages = fields.List(fields.String(validate=validate.OneOf(list(LANGUAGES))))
    email = fields.Email(allow_none=True, validate=validate.Length(max=254))
    phone = fields.String(allow_none=True, validate=validate.Length(max=30))
    contact_visibility = fields.String(validate=validate.OneOf(list(VISIBILITY)))
    city = fields.String(allow_none=True, validate=validate.Length(max=120))
    ward = fields.String(allow_none=True, validate=validate.Length(max=120))
    is_mentor = fields.Boolean()
    mentor_topics = fields.List(fields.String(validate=validate.Length(max=80)), validate=validate.Length(max=30))
    mentor_stages = fields.List(fields.String(validate=validate.OneOf(list(STAGES))))
    mentor_capacity = fields.Integer(validate=validate.Range(0, 50))
    mentor_available = fields.Boolean()
    is_investor = fields.Boolean()
    investor_sectors = fields.List(fields.String(validate=validate.Length(max=40)), validate=validate.Length(max=50))
    investor_stages = fields.List(fields.String(validate=validate.OneOf(list(STAGES))))
    ticket_min_vnd = Money
    ticket_max_vnd = Money
    geography = fields.String(allow_none=True, validate=validate.Length(max=200))
    is_judge = fields.Boolean(metadata={"description": "Staff only"})
    is_coordinator = fields.Boolean(metadata={"description": "Staff only"})

    @pre_load
    def _blank_email(self, data, **kwargs):
        """An empty e-mail clears it, as an empty box on the form does."""
        if isinstance(data, dict) and data.get("email") == "":
            data = {**data, "email": None}
        return data

    @validates_schema
    def _name(self, data, **kwargs):
        if "full_name" in data and not data["full_name"].strip():
            raise ValidationError("This field is required.", "full_name")


class MentorOut(Schema):
    topics = fields.List(fields.String())
    stages = fields.List(fields.String())
    capacity = fields.Integer()
    available = fields.Boolean()


class InvestorOut(Schema):
    sectors = fields.List(fields.String())
    stages = fields.List(fields.String())
    ticket_min_vnd = fields.Integer(allow_none=True)
    ticket_max_vnd = fields.Integer(allow_none=True)
    geography = fields.String(allow_none=True)


class PersonProfileOut(PersonOut):
    """A person as their edit page shows them to whoever may edit them."""

    bio = fields.String(allow_none=True)
    languages = fields.List(fields.String())
    contact_visibility = fields.String()
    city = fields.String(allow_none=True)
    ward = fields.String(allow_none=True)
    former_province = fields.String(allow_none=True)
    former_district = fields.String(allow_none=True)
    is_judge = fields.Boolean()
    is_coordinator = fields.Boolean()
    mentor = fields.Nested(MentorOut, allow_none=True)
    investor = fields.Nested(InvestorOut, allow_none=True)


def person_profile_json(person) -> dict:
    data = person_json(person)
    mentor, investor = person.mentor, person.investor
    data.update(bio=person.bio, languages=list(person.languages or []),
                contact_visibility=person.contact_visibility, city=person.city, ward=person.ward,
                former_province=person.former_province, former_district=person.former_district,
                is_judge=bool(person.is_judge), is_coordinator=bool(person.is_coordinator),
                mentor=None if mentor is None else {
                    "topics": list(mentor.topics or []), "stages": list(mentor.stages or []),
                    "capacity": mentor.capacity, "available": bool(mentor.available)},
                investor=None if investor is None else {
                    "sectors": [s.code for s in investor.sectors], "stages": list(investor.stages or []),
                    "ticket_min_vnd": investor.ticket_min_vnd, "ticket_max_vnd": investor.ticket_max_vnd,
                    "geography": investor.geography})
    return data


def person_changes(data: dict, person) -> dict:
    """The patch as save_person reads it: sector codes as ids, and the mentor and investor
    profiles whole (the stored values under the patched ones), as the edit form sends them."""
    staff_only = [name for name in STAFF_ONLY if name in data]
    if staff_only and not is_staff(current_user):
        abort_problem(403, "staff_only", "Only DOST staff may set: " + ", ".join(staff_only))
    changes = dict(data)
    for name in ("sectors", "investor_sectors"):
        if name in changes:
            changes[name] = sector_ids(changes[name])
    changes = {**NEW_MENTOR, **directory.role_fields(person), **changes}
    if "city" in changes or "ward" in changes:  # the ward is read against the city, as on the form
        changes.setdefault("city", person.city)
        changes.setdefault("ward", person.ward)
    low, high = changes.get("ticket_min_vnd"), changes.get("ticket_max_vnd")
    if isinstance(low, int) and isinstance(high, int) and high < low:
        abort_problem(422, "ticket_range", "ticket_max_vnd must be at least ticket_min_vnd.")
    return changes


@bp.route("/people/<int:person_id>", methods=["PATCH"])
@guard("person.edit")
@preload(lambda person_id: get_person(person_id, "person.edit"))
@bp.arguments(PersonPatch)
@bp.response(200, PersonProfileOut)
def edit_person(data, person_id: int):
    """Change a person: one's own profile, or anyone's for staff (the judge and coordinator flags
    only for staff); contact details come back only where the contacts rule shows them."""
    person = get_person(person_id, "person.edit")
    changes = person_changes(data, person)
    perform(lambda: directory.save_person(changes, current_user, person), DIRECTORY)
    body = person_profile_json(person)
    if body.get("email") or body.get("phone"):
        log_contact_access(current_user, [person.id], "api")
        db.session.commit()
    return body


class EndIn(Schema):
    type = fields.String(required=True, validate=validate.OneOf(["person", "organisation"]))
    id = fields.Integer(required=True, validate=validate.Range(1, 2**31 - 1))


class RelationshipIn(Schema):
    kind = fields.String(required=True, validate=validate.OneOf(list(RELATION_KINDS)))
    source = fields.Nested(EndIn, required=True)
    target = fields.Nested(EndIn, required=True)
    started_on = fields.Date(allow_none=True)
    ended_on = fields.Date(allow_none=True)
    amount_vnd = Money
    round = fields.String(allow_none=True, validate=validate.Length(max=40))
    cohort = fields.String(allow_none=True, validate=validate.Length(max=40))
    role_title = fields.String(allow_none=True, validate=validate.Length(max=120))
    note = fields.String(allow_none=True, validate=validate.Length(max=2000))

    @validates_schema
    def _dates(self, data, **kwargs):
        start, end = data.get("started_on"), data.get("ended_on")
        if start and end and end < start:
            raise ValidationError("The end date cannot be before the start date.", "ended_on")


def _end(end: dict):
    found = resolve_end(("p:" if end["type"] == "person" else "o:") + str(end["id"]))
    if found is None:
        abort_problem(422, "unknown_end", f"No {end['type']} {end['id']} in the directory.")
    return found


@bp.route("/relationships", methods=["POST"])
@guard("relationship.create")
@idempotent
@bp.doc(**IDEMPOTENCY_DOC)
@bp.arguments(RelationshipIn)
@bp.response(201, RelationshipOut)
def add_relationship(data):
    """Add a tie where the caller is, or manages, one of the ends (any, for staff)."""
    source, target = _end(data["source"]), _end(data["target"])
    require("relationship.create", (source, target))
    extra = {name: data.get(name) or None for name in
             ("started_on", "ended_on", "amount_vnd", "round", "cohort", "role_title", "note")}
    rel = perform(lambda: create_relationship(data["kind"], source, target, current_user,
                                              source="manual", **extra), RELATIONS)
    return relationship_json(db.session.get(Relationship, rel.id))


@bp.route("/relationships/<int:rel_id>/end", methods=["POST"])
@guard("relationship.end")
@preload(lambda rel_id: get_relationship(rel_id, "relationship.end"))
@bp.response(200, RelationshipOut)
def finish_relationship(rel_id: int):
    """End a current tie today, as the page's button does; it stays in the history."""
    rel = get_relationship(rel_id, "relationship.end")
    perform(lambda: end_relationship(rel, current_user), RELATIONS)
    return relationship_json(rel)

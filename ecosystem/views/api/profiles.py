"""JSON API for a startup's guided profile: what the organisation page shows to all, and for its
members, host incubator and staff what the profile page adds (completeness, needs, founders);
written by members and staff through the same step services as the pages."""
from flask import abort
from flask_login import current_user
from marshmallow import Schema, fields, validate

from ecosystem.forms.startups import FOUNDER_ROWS
from ecosystem.models.support import IP_STATUSES, REVENUE_BANDS, SUPPORT_TYPE_CODES
from ecosystem.models.vocab import STAGES
from ecosystem.permissions import can, guard
from ecosystem.services.support import onboarding as profiles
from ecosystem.validators import MONEY_MAX
from ecosystem.views.api.base import api_blueprint, preload
from ecosystem.views.api.people_write import sector_ids
from ecosystem.views.api.problems import perform
from ecosystem.views.loading import get_org
from ecosystem.views.support.startups import STARTUPS

bp = api_blueprint("api_startup_profiles", "directory", description="Startups' guided profiles")


class Founder(Schema):
    name = fields.String(required=True, validate=validate.Length(max=160))
    role = fields.String(load_default="", validate=validate.Length(max=120))


class ProfilePatch(Schema):
    """The fields of the profile steps (basics: stage and sectors; team; product; funding);
    those left out keep their value. The pitch deck is uploaded on the page."""

    stage = fields.String(allow_none=True, validate=validate.OneOf(list(STAGES)))
    sectors = fields.List(fields.String(validate=validate.Length(max=40)), validate=validate.Length(max=50))
    team_size = fields.Integer(allow_none=True, validate=validate.Range(1, 10000))
    founders = fields.List(fields.Nested(Founder), validate=validate.Length(max=FOUNDER_ROWS))
    product = fields.String(allow_none=True, validate=validate.Length(max=5000))
    technologies = fields.List(fields.String(validate=validate.Length(max=80)), validate=validate.Length(max=50))
    ip_status = fields.String(allow_none=True, validate=validate.OneOf(list(IP_STATUSES)))
    customers = fields.String(allow_none=True, validate=validate.Length(max=2000))
    revenue_band = fields.String(allow_none=True, validate=validate.OneOf(list(REVENUE_BANDS)))
    funding_sought_vnd = fields.Integer(allow_none=True, validate=validate.Range(0, MONEY_MAX))
    needs = fields.List(fields.String(validate=validate.OneOf(list(SUPPORT_TYPE_CODES))))


class Missing(Schema):
    key = fields.String()
    label = fields.String()
    step = fields.String()
    why = fields.String()
    weight = fields.Integer()


class Completeness(Schema):
    percent = fields.Integer()
    missing = fields.List(fields.Nested(Missing))


class Eligibility(Schema):
    eligible = fields.Boolean(allow_none=True)
    age = fields.Integer(allow_none=True)
    ends_on = fields.Date(allow_none=True)
    max_years = fields.Integer()
    registered = fields.Date(allow_none=True)


class ProfileOut(Schema):
    slug = fields.String()
    name = fields.String()
    status = fields.String()
    stage = fields.String(allow_none=True)
    sectors = fields.List(fields.String())
    technologies = fields.List(fields.String())
    product = fields.String(allow_none=True)
    team_size = fields.Integer(allow_none=True)
    funding_sought_vnd = fields.Integer(allow_none=True)
    customers = fields.String(allow_none=True)
    eligibility = fields.Nested(Eligibility)
    private = fields.Boolean(metadata={"description": "Whether the members' fields below are included"})
    founders = fields.List(fields.Nested(Founder), metadata={"description": "Members, host and staff only"})
    needs = fields.List(fields.String())
    ip_status = fields.String(allow_none=True)
    revenue_band = fields.String(allow_none=True)
    has_pitch_deck = fields.Boolean()
    completeness = fields.Nested(Completeness)


PUBLIC = ("stage", "technologies", "product", "team_size", "funding_sought_vnd", "customers")
PRIVATE = ("founders", "needs", "ip_status", "revenue_band")


def get_startup(slug: str, action: str):
    org = get_org(slug, action)
    if org.kind != "startup":
        abort(404)
    return org


def profile_json(org) -> dict:
    """The organisation page's startup facts for everyone; the profile page's for those who see it."""
    values = profiles.profile_values(org)
    body = {"slug": org.slug, "name": org.name, "status": org.status,
            "sectors": [s.code for s in org.sectors], "eligibility": profiles.eligibility(org),
            **{name: values[name] for name in PUBLIC}, "private": False}
    if can("startup.profile.view", org):
        meter = profiles.completeness(org)
        body.update({name: values[name] for name in PRIVATE}, private=True,
                    has_pitch_deck=bool(profiles.profile_fields(org)["pitch_deck"]),
                    completeness={"percent": meter["percent"], "missing": [
                        {"key": m["key"], "label": str(m["label"]), "step": m["step"],
                         "why": str(m["why"]), "weight": m["weight"]} for m in meter["missing"]]})
    return body


@bp.route("/startups/<slug>/profile")
@guard("org.view")
@bp.etag
@bp.response(200, ProfileOut)
def startup_profile(slug: str):
    """A startup's profile: public facts for all; completeness, needs and founders for its members,
    its host incubator and staff."""
    return profile_json(get_startup(slug, "org.view"))


@bp.route("/startups/<slug>/profile", methods=["PATCH"])
@guard("startup.profile.edit")
@preload(lambda slug: get_startup(slug, "startup.profile.edit"))
@bp.arguments(ProfilePatch)
@bp.response(200, ProfileOut)
def edit_startup_profile(data, slug: str):
    """Change the profile of a startup the caller manages (any, for staff), step by step as the
    pages save it."""
    org = get_startup(slug, "startup.profile.edit")
    changes = dict(data)
    if "sectors" in changes:
        changes["sectors"] = sector_ids(changes["sectors"])
    if "founders" in changes:
        changes["founders"] = [dict(founder) for founder in changes["founders"]]
    perform(lambda: profiles.save_profile_changes(org, changes, current_user), STARTUPS)
    return profile_json(org)

"""JSON API of clubs: a club's page, asking to join, and its coordinators deciding the requests."""
from flask_login import current_user
from marshmallow import Schema, fields, validate

from ecosystem.models import ClubMembershipRequest
from ecosystem.permissions import guard
from ecosystem.services.events import clubs as service
from ecosystem.services.events.lifecycle import upcoming_of
from ecosystem.views.api.base import IDEMPOTENCY_DOC, Moment, api_blueprint, idempotent, preload
from ecosystem.views.api.directory import EndOut, OrgOut, org_json
from ecosystem.views.api.directory import _end as end_json
from ecosystem.views.api.events import EventOut, event_json
from ecosystem.views.api.problems import abort_problem, perform
from ecosystem.views.api.rows import row_of
from ecosystem.views.events.clubs import get_club
from ecosystem.views.events.messages import EVENTS, message

bp = api_blueprint("api_clubs", "events", description="Clubs: membership requests and their decisions")


class MembershipRequestOut(Schema):
    id = fields.Integer()
    club = fields.String(metadata={"description": "the club's slug"})
    applicant = fields.Nested(EndOut)
    message = fields.String(allow_none=True)
    status = fields.String(metadata={"description": "pending, accepted or declined"})
    created_at = Moment()
    decided_at = Moment(allow_none=True)


class ClubOut(OrgOut):
    members = fields.List(fields.Nested(EndOut))
    upcoming_events = fields.List(fields.Nested(EventOut))
    my_request = fields.Nested(MembershipRequestOut, allow_none=True,
                               metadata={"description": "the caller's latest request to join"})


class ClubJoinIn(Schema):
    startup_id = fields.Integer(load_default=None, validate=validate.Range(1, 2**31 - 1), metadata={
        "description": "join on behalf of a startup the caller manages; omitted: the caller's own profile"})
    message = fields.String(load_default=None, validate=validate.Length(max=2000))


class ClubDecisionIn(Schema):
    decision = fields.String(required=True, validate=validate.OneOf(("accept", "decline")))


def request_json(req: ClubMembershipRequest) -> dict:
    return {"id": req.id, "club": req.club.slug, "applicant": end_json(req.person, req.org), "message": req.message,
            "status": req.status, "created_at": req.created_at, "decided_at": req.decided_at}


def club_request(slug: str, request_id: int) -> ClubMembershipRequest:
    return row_of(ClubMembershipRequest, request_id, club_id=get_club(slug, "clubs.manage").id)


@bp.route("/clubs/<slug>")
@guard("public")
@bp.etag
@bp.response(200, ClubOut)
def club(slug: str):
    """A club as its page shows it: members, upcoming events, and the caller's own request."""
    found = get_club(slug)
    mine = service.own_request(found, current_user)
    return {**org_json(found), "members": [end_json(r.source_person, r.source_org) for r in service.members(found)],
            "upcoming_events": [event_json(e) for e in upcoming_of(found.id)],
            "my_request": request_json(mine) if mine else None}


@bp.route("/clubs/<slug>/membership-requests", methods=["POST"])
@guard("clubs.join")
@preload(lambda slug: get_club(slug, "clubs.join"))
@idempotent
@bp.doc(**IDEMPOTENCY_DOC)
@bp.arguments(ClubJoinIn)
@bp.response(201, MembershipRequestOut)
def request_membership(data, slug: str):
    """Ask to join for oneself (an account with a profile) or for a startup one manages; coordinators decide."""
    found = get_club(slug, "clubs.join")
    org = None
    if data["startup_id"] is not None:
        org = next((o for o in service.applicant_startups(current_user) if o.id == data["startup_id"]), None)
        if org is None:
            abort_problem(422, "not_your_org", message("not_your_org"))
    return request_json(perform(lambda: service.request_membership(found, current_user, org, data["message"]),
                                EVENTS))


@bp.route("/clubs/<slug>/membership-requests")
@guard("clubs.manage")
@bp.etag
@bp.response(200, MembershipRequestOut(many=True))
def pending(slug: str):
    """The requests waiting for the club's coordinators, oldest first."""
    return [request_json(r) for r in service.pending_requests(get_club(slug, "clubs.manage"))]


@bp.route("/clubs/<slug>/membership-requests/<int:request_id>/decision", methods=["POST"])
@guard("clubs.manage")
@preload(club_request)
@bp.arguments(ClubDecisionIn)
@bp.response(200, MembershipRequestOut)
def decide(data, slug: str, request_id: int):
    """Accept (the applicant becomes a member from today) or decline; the asker is told either way."""
    req = club_request(slug, request_id)
    perform(lambda: service.decide_request(req, data["decision"] == "accept", current_user), EVENTS)
    return request_json(req)

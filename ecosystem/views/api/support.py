"""JSON for support requests and their threads: the pages' policies, workflow and services."""
from flask import abort
from flask_login import current_user
from marshmallow import Schema, fields, validate
from sqlalchemy import select

from ecosystem.clock import local_today, utcnow
from ecosystem.extensions import db
from ecosystem.i18n import current_locale
from ecosystem.models import Organisation
from ecosystem.models.support import REQUEST_STATES, STATE_LABELS, SUPPORT_TYPES, SupportRequest, type_label
from ecosystem.permissions import guard, require
from ecosystem.policies.support_ties import managed_startup_ids
from ecosystem.services.support import queries
from ecosystem.services.support import requests as service
from ecosystem.services.support import workflow as wf
from ecosystem.views.api.base import (IDEMPOTENCY_DOC, Moment, PageArgs, api_blueprint, idempotent, page_schema,
                                      paginate, preload)
from ecosystem.views.api.problems import perform
from ecosystem.views.support.requests import SUPPORT, get_request

bp = api_blueprint("api_support", "support", url_prefix="/api/v1/support-requests",
                   description="Support requests of startups and their comment threads")


class RequestOut(Schema):
    id = fields.Integer()
    organisation = fields.String(metadata={"description": "the startup's slug"})
    type_code = fields.String()
    type_label = fields.String()
    title = fields.String()
    description = fields.String(allow_none=True)
    state = fields.String()
    state_label = fields.String()
    submitted_at = Moment(allow_none=True)
    created_at = Moment()
    updated_at = Moment()


class RequestIn(Schema):
    organisation = fields.String(required=True, validate=validate.Length(max=200),
                                 metadata={"description": "slug of a startup the caller manages"})
    type_code = fields.String(required=True, validate=validate.OneOf([t["code"] for t in SUPPORT_TYPES]))
    title = fields.String(required=True, validate=validate.Length(min=1, max=200))
    description = fields.String(load_default="", validate=validate.Length(max=10000))
    submit = fields.Boolean(load_default=False)


class RequestFilters(PageArgs):
    state = fields.String(load_default="", validate=validate.OneOf(("",) + REQUEST_STATES))
    type = fields.String(load_default="", validate=validate.Length(max=24))
    q = fields.String(load_default="", validate=validate.Length(max=200))
    scope = fields.String(load_default="mine", validate=validate.OneOf(("mine", "assigned", "office")),
                          metadata={"description": "mine: my startups'; assigned: mine to handle; "
                                                   "office: the DOST's list (staff)"})


class ActionIn(Schema):
    action = fields.String(required=True, validate=validate.OneOf([a.value for a in wf.Action]))
    reason = fields.String(load_default=None, validate=validate.Length(max=2000))
    note = fields.String(load_default=None, validate=validate.Length(max=2000))
    assignee = fields.String(load_default=None, validate=validate.Length(max=40))


class CommentOut(Schema):
    id = fields.Integer()
    body = fields.String()
    internal = fields.Boolean()
    author_id = fields.Integer(allow_none=True)
    created_at = Moment()


class CommentIn(Schema):
    body = fields.String(required=True, validate=validate.Length(min=1, max=10000))
    internal = fields.Boolean(load_default=False)


def request_json(req: SupportRequest) -> dict:
    return {"id": req.id, "organisation": req.organisation.slug, "type_code": req.type_code,
            "type_label": type_label(req.type_code, current_locale()), "title": req.title,
            "description": req.description, "state": req.state,
            "state_label": str(STATE_LABELS.get(req.state, req.state)), "submitted_at": req.submitted_at,
            "created_at": req.created_at, "updated_at": req.updated_at}


def comment_json(comment) -> dict:
    return {"id": comment.id, "body": comment.body, "internal": comment.internal,
            "author_id": comment.author_id, "created_at": comment.created_at}


@bp.route("")
@guard("support.mine")
@bp.etag
@bp.arguments(RequestFilters, location="query", unknown="exclude")
@bp.response(200, page_schema(RequestOut, "SupportRequestPage"))
def list_requests(args):
    """My startups' requests, the ones assigned to me, or (staff) the DOST's list, as the pages."""
    if args["scope"] == "office":
        require("support.office")
        filters = queries.RequestFilters(state=args["state"], type=args["type"], q=args["q"])
        query = queries.request_query(filters, utcnow(), local_today())
    elif args["scope"] == "assigned":
        require("support.assigned")
        query = queries.assigned_query(current_user)
    else:
        query = select(SupportRequest).where(
            SupportRequest.organisation_id.in_(managed_startup_ids(current_user)))
        if args["state"]:
            query = query.where(SupportRequest.state == args["state"])
        if args["type"]:
            query = query.where(SupportRequest.type_code == args["type"])
    query = query.order_by(None).order_by(SupportRequest.id.desc())
    return paginate(query, args, request_json)


@bp.route("", methods=["POST"])
@guard("support.create")
@idempotent
@bp.doc(**IDEMPOTENCY_DOC)
@bp.arguments(RequestIn)
@bp.response(201, RequestOut)
def create_request(data):
    """A new request (a draft, or submitted at once) for a startup the caller manages."""
    org = db.session.scalar(select(Organisation).where(Organisation.slug == data["organisation"]))
    if org is None or org.id not in managed_startup_ids(current_user):
        abort(403)
    req, _created = perform(lambda: service.create_request(
        org, current_user, data["type_code"], data["title"], data["description"], submit=data["submit"]),
        SUPPORT)
    return request_json(req)


@bp.route("/<int:req_id>")
@guard("support.view")
@bp.etag
@bp.response(200, RequestOut)
def get(req_id: int):
    return request_json(get_request(req_id))


@bp.route("/<int:req_id>/actions", methods=["POST"])
@guard("support.act")
@preload(lambda req_id: get_request(req_id, "support.act"))
@bp.arguments(ActionIn)
@bp.response(200, RequestOut)
def act(data, req_id: int):
    """Move the request through the workflow (submit, triage, assign, resolve …) as the page does."""
    req = get_request(req_id, "support.act")
    if not wf.may_ever(data["action"], req.roles_of(current_user)):
        abort(403)
    perform(lambda: service.transition(req, data["action"], current_user, reason=data["reason"],
                                       note=data["note"], assignee=data["assignee"]), SUPPORT)
    return request_json(req)


@bp.route("/<int:req_id>/comments")
@guard("support.view")
@bp.etag
@bp.response(200, CommentOut(many=True))
def comments(req_id: int):
    """The thread as the caller may read it: internal notes never reach the startup."""
    req = get_request(req_id)
    return [comment_json(c) for c in service.visible_comments(req, current_user)]


@bp.route("/<int:req_id>/comments", methods=["POST"])
@guard("support.comment")
@preload(lambda req_id: get_request(req_id, "support.comment"))
@idempotent
@bp.doc(**IDEMPOTENCY_DOC)
@bp.arguments(CommentIn)
@bp.response(201, CommentOut)
def add_comment(data, req_id: int):
    req = get_request(req_id, "support.comment")
    return comment_json(perform(lambda: service.add_comment(req, current_user, data["body"],
                                                            data["internal"]), SUPPORT))

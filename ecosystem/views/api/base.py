"""What every API blueprint shares: limits per token or client, CSRF only for cookie writes,
scopes, pagination with Link headers, and replayed creates under an Idempotency-Key."""
import json
from functools import wraps

from flask import current_app, request
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ecosystem.extensions import csrf, db, limiter
from ecosystem.models import IdempotentResponse
from ecosystem.services.api.tokens import allows, digest
from ecosystem.services.platform.process_cache import remember, watch
from ecosystem.services.platform.settings import setting
from ecosystem.views.api.problems import abort_problem
from ecosystem.views.limits import client_key
from ecosystem.views.paging import count_rows

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
watch("api_counts", ("organisations", "people", "events"))


def bearer() -> str | None:
    header = request.headers.get("Authorization", "")
    if header[:7].lower() == "bearer ":
        return header[7:].strip()
    return None


def request_token():
    """The token this request signed in with (set by the request loader), or None."""
    return request.environ.get("ecosystem.api_token")


def token_key() -> str:
    """A token's requests count against the token, wherever they come from."""
    return "token:" + digest(bearer() or "")[:24]


def api_blueprint(name: str, capability: str, url_prefix: str = "/api/v1", **kwargs) -> Blueprint:
    """A smorest blueprint of the API: the setting-held limits, no CSRF from Flask-WTF's own hook
    (the gate below asks it for cookie writes only) and the capability its token scopes name."""
    bp = Blueprint(name, __name__, url_prefix=url_prefix, **kwargs)
    bp.capability = capability
    limiter.limit(lambda: setting("api.rate_token"), key_func=token_key,
                  exempt_when=lambda: bearer() is None, scope="api.rate_token")(bp)
    limiter.limit(lambda: setting("accounts.rate_api"), key_func=client_key,
                  exempt_when=lambda: bearer() is not None, scope="accounts.rate_api")(bp)
    csrf.exempt(bp)
    bp.before_request(gate)
    bp.after_request(vary_language)
    bp.after_request(link_whole_list)
    return bp


def vary_language(response):
    """Labels follow Accept-Language, so a shared cache must keep one copy per language."""
    response.vary.add("Accept-Language")
    return response


def link_whole_list(response):
    """A list answered whole (an array, or items without pages) is its own first and last page: the
    same Link and X-Total-Count headers as a paged one, so a client reads every list one way."""
    if request.method != "GET" or response.status_code != 200 or "Link" in response.headers \
            or not response.is_json or response.data[:1] not in (b"[", b"{"):
        return response
    body = response.get_json(silent=True)
    items = body if isinstance(body, list) else (body or {}).get("items") if isinstance(body, dict) else None
    if isinstance(items, list):
        response.headers["Link"] = f'<{request.url}>; rel="first", <{request.url}>; rel="last"'
        response.headers["X-Total-Count"] = str(len(items))
    return response


def gate():
    """A token acts as its owner within its scopes; a bad token is refused, not ignored; a browser
    (session cookie) write needs its CSRF token as on the pages."""
    current_user._get_current_object()  # runs the loaders, which note the request's token
    if bearer() is not None:
        token = request_token()
        if token is None:
            abort_problem(401, "invalid_token", "The token is unknown, expired or revoked.")
        verb = "read" if request.method in SAFE_METHODS else "write"
        capability = getattr(current_app.blueprints.get(request.blueprint), "capability", "") or \
            request.path.removeprefix("/api/v1/").partition("/")[0]
        if not allows(token, verb, capability):
            abort_problem(403, "insufficient_scope", f"The token lacks the {verb}:{capability} scope.")
        return None
    if request.method not in SAFE_METHODS and current_app.config.get("WTF_CSRF_ENABLED", True):
        csrf.protect()
    return None


class PageArgs(Schema):
    page = fields.Integer(load_default=1, validate=validate.Range(1, 100_000))
    per_page = fields.Integer(load_default=20, validate=validate.Range(1, 100))


def page_schema(item_schema, name: str):
    """The envelope of a list: items of item_schema, page, pages, total."""
    return Schema.from_dict({"items": fields.List(fields.Nested(item_schema)),
                             "page": fields.Integer(), "pages": fields.Integer(),
                             "total": fields.Integer()}, name=name)


def _link(page: int, rel: str) -> str:
    args = request.args.to_dict()
    args["page"] = str(page)
    from urllib.parse import urlencode
    return f'<{request.base_url}?{urlencode(args)}>; rel="{rel}"'


def paginate(query, args: dict, convert=lambda row: row, count_key: tuple | None = None):
    """(envelope, 200, headers) for a select: RFC 8288 Link headers to first/prev/next/last. With a
    count_key (the filters that make the query) the exact total is shared by the worker's requests
    for a few seconds (PROCESS_CACHE_SECONDS) instead of counting 50,000 rows on every page."""
    per_page, number = args["per_page"], args["page"]
    rows = list(db.session.scalars(query.limit(per_page).offset((number - 1) * per_page)))
    if count_key is None:
        total = count_rows(query)
    else:
        total = remember("api_counts", count_key, lambda: count_rows(query))
    return _envelope(rows, total, number, per_page, convert)


def _envelope(chunk: list, total: int, number: int, per_page: int, convert):
    pages = (total + per_page - 1) // per_page
    links = [_link(1, "first"), _link(max(pages, 1), "last")]
    if number > 1:
        links.append(_link(min(number - 1, max(pages, 1)), "prev"))
    if number < pages:
        links.append(_link(number + 1, "next"))
    return ({"items": [convert(row) for row in chunk], "page": number, "pages": pages, "total": total},
            200, {"Link": ", ".join(links), "X-Total-Count": str(total)})


def paginate_list(rows: list, args: dict, convert=lambda row: row):
    """The same envelope over a list a service already filtered by policy."""
    per_page, number = args["per_page"], args["page"]
    return _envelope(rows[(number - 1) * per_page: number * per_page], len(rows), number, per_page, convert)


IDEMPOTENCY_DOC = {"parameters": [{"in": "header", "name": "Idempotency-Key", "required": False,
                                   "schema": {"type": "string", "maxLength": 200},
                                   "description": "Repeat a create safely: the first answer is replayed."}]}


def idempotent(view):
    """A create sent again with the same Idempotency-Key gets the first answer, not a second row."""
    @wraps(view)
    def wrapped(*args, **kwargs):
        key = request.headers.get("Idempotency-Key", "").strip()
        if not key or not current_user.is_authenticated:
            return view(*args, **kwargs)
        if len(key) > 200:
            abort_problem(400, "idempotency_key", "Idempotency-Key is at most 200 characters.")
        if (replay := _replayed(key)) is not None:
            return replay
        response = view(*args, **kwargs)
        if 200 <= response.status_code < 300 and response.is_json:
            db.session.add(IdempotentResponse(user_id=current_user.id, key=key,
                                              request_path=request.path[:400],
                                              status=response.status_code, body=response.get_json()))
            try:
                db.session.commit()
            except IntegrityError:  # a copy of this request racing it stored its answer first
                db.session.rollback()
                return _replayed(key) or response
        return response
    return wrapped


def _replayed(key: str):
    """The stored first answer under this caller's key, or None."""
    found = db.session.scalar(select(IdempotentResponse).where(
        IdempotentResponse.user_id == current_user.id, IdempotentResponse.key == key))
    if found is None:
        return None
    if found.request_path != request.path:
        abort_problem(422, "idempotency_key_reused", "This key was used for another request.")
    response = current_app.response_class(json.dumps(found.body), status=found.status,
                                          mimetype="application/json")
    response.headers["Idempotent-Replayed"] = "true"
    return response


def preload(loader):
    """Decide an object's policy before the body is read: a caller the page would refuse gets 403
    or 404, never a 422 that tells them what the body should have been."""
    def decorate(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            loader(**kwargs)
            return view(*args, **kwargs)
        return wrapped
    return decorate


class Moment(fields.DateTime):
    """An instant in ISO 8601 with its offset (SQLite hands back naive UTC values)."""

    def _serialize(self, value, attr, obj, **kwargs):
        from datetime import timezone
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return super()._serialize(value, attr, obj, **kwargs)

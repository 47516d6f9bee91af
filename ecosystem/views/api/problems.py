"""Errors of the API as RFC 9457 problem details, each with a stable `code` a program can test."""
from flask import abort, make_response, request
from werkzeug.exceptions import HTTPException

from ecosystem.extensions import db
from ecosystem.services.platform.errors import DomainError

TITLES = {400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found",
          405: "Method Not Allowed", 409: "Conflict", 412: "Precondition Failed",
          413: "Content Too Large", 415: "Unsupported Media Type", 422: "Unprocessable Content",
          429: "Too Many Requests", 500: "Internal Server Error"}
CODES = {400: "bad_request", 401: "unauthenticated", 403: "forbidden", 404: "not_found",
         405: "method_not_allowed", 409: "conflict", 412: "precondition_failed",
         413: "too_large", 415: "unsupported_media_type", 422: "invalid", 429: "rate_limited",
         500: "server_error"}


def is_api() -> bool:
    return request.path.startswith("/api/")


def problem_response(status: int, code: str | None = None, detail: str = "", **extra):
    """The response for a problem: application/problem+json, code defaulting to the status's."""
    body = {"type": "about:blank", "title": TITLES.get(status, "Error"), "status": status,
            "code": code or CODES.get(status, "error"), "detail": str(detail or "")}
    body.update(extra)
    response = make_response(body, status)
    response.mimetype = "application/problem+json"
    return response


def abort_problem(status: int, code: str, detail: str = "", **extra):
    abort(problem_response(status, code, detail, **extra))


def from_http(error: HTTPException):
    """A werkzeug or webargs error in problem form (422s carry the field messages)."""
    status = error.code or 500
    extra = {}
    messages = (getattr(error, "data", None) or {}).get("messages")
    if messages:
        extra["errors"] = messages
    detail = error.description if status < 500 else ""
    response = problem_response(status, None, detail if isinstance(detail, str) else "", **extra)
    for key, value in ((getattr(error, "data", None) or {}).get("headers") or {}).items():
        response.headers[key] = value
    return response


def perform(call, messages=None, status: int = 422):
    """Run one service call for the API: commit on success; on a DomainError roll back and answer
    a problem whose `code` is the error's code and whose detail is the page's sentence."""
    try:
        result = call()
    except DomainError as error:
        db.session.rollback()
        detail = messages.text(error) if messages is not None else error.code
        params = {k: v for k, v in error.params.items() if isinstance(v, (str, int, float, bool))}
        abort_problem(error.status or status, error.code, detail, params=params)
    db.session.commit()
    return result

"""Structured logs: one JSON object per line, each carrying the id of the request it belongs to
(taken from a well-formed incoming X-Request-ID, else made here, and returned in the response's
X-Request-ID), so a proxy's, a worker's and the app's lines about one request can be joined; and a
warning for each request slower than SLOW_REQUEST_MS."""
import logging
import re
import sys
import time
import uuid

from flask import Flask, g, has_request_context, request

HEADER = "X-Request-ID"
WELL_FORMED = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{7,127}")  # what a proxy or a client may send
FIELDS = "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s"
log = logging.getLogger("ecosystem.requests")
_MARK = "ecosystem_json"


def request_id_for(incoming: str | None) -> str:
    """The caller's id when it is well-formed (no spaces, quotes or line breaks to forge log
    lines), otherwise a new random one."""
    if incoming and WELL_FORMED.fullmatch(incoming):
        return incoming
    return uuid.uuid4().hex


def current_request_id() -> str | None:
    return g.get("request_id") if has_request_context() else None


def _install_record_factory() -> None:
    """Every log record, from any logger or library, gets the request id of the request it runs in."""
    previous = logging.getLogRecordFactory()
    if getattr(previous, _MARK, False):
        return

    def factory(*args, **kwargs):
        record = previous(*args, **kwargs)
        record.request_id = current_request_id()
        return record

    setattr(factory, _MARK, True)
    logging.setLogRecordFactory(factory)


def json_handler(stream=None) -> logging.Handler:
    """A handler writing JSON lines (python-json-logger) with time, level, logger, message and request id."""
    from pythonjsonlogger.json import JsonFormatter
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter(FIELDS, rename_fields={"asctime": "time", "levelname": "level",
                                                             "name": "logger"}))
    setattr(handler, _MARK, True)
    return handler


def register_logging(app: Flask) -> None:
    """JSON lines on stderr for the root logger (once per process; tests keep pytest's capture),
    request ids in and out, and the slow-request warning."""
    _install_record_factory()
    root = logging.getLogger()
    if app.config.get("LOG_FORMAT") == "json" and not app.testing \
            and not any(getattr(h, _MARK, False) for h in root.handlers):
        root.addHandler(json_handler())
        root.setLevel(app.config.get("LOG_LEVEL", "INFO"))

    @app.before_request
    def _start():
        g.request_id = request_id_for(request.headers.get(HEADER))
        g.request_started = time.perf_counter()

    @app.after_request
    def _finish(response):
        rid = g.get("request_id")
        if rid:
            response.headers[HEADER] = rid
        started = g.get("request_started")
        if started is not None:
            ms = round((time.perf_counter() - started) * 1000, 1)
            threshold = app.config.get("SLOW_REQUEST_MS")
            if threshold is not None and ms >= float(threshold):
                log.warning("slow request", extra={"method": request.method, "path": request.path,
                                                   "status": response.status_code, "duration_ms": ms,
                                                   "threshold_ms": float(threshold)})
        return response

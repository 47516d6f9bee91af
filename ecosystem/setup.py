"""The register_* steps of create_app, each small enough to read at a glance."""
import importlib
import logging
import pkgutil
import sqlite3

from flask import Flask, render_template, request
from sqlalchemy import event
from sqlalchemy.engine import Engine

from ecosystem.extensions import api, babel, csrf, db, limiter, login_manager, migrate, talisman

log = logging.getLogger(__name__)


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record) -> None:
    """SQLite: enforce foreign keys, WAL for concurrent readers, wait instead of failing on locks."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        dbapi_connection.isolation_level = None  # let the begin event below issue BEGIN
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=15000")
        cursor.close()


READ_METHODS = ("GET", "HEAD", "OPTIONS")
WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE", "CREATE", "DROP", "ALTER", "SAVEPOINT")


def _reads_only() -> bool:
    """A GET (HEAD, OPTIONS) request: it reads, and at most writes a little on the side."""
    from flask import has_request_context

    from ecosystem.services.platform.read_only import reads_only
    return reads_only() or (has_request_context() and request.method in READ_METHODS)


@event.listens_for(Engine, "begin")
def _sqlite_begin(conn) -> None:
    """SQLite: a write transaction (a POST, a job, a command) takes the write lock at BEGIN
    IMMEDIATE, so a read-then-write cannot lose an update; a GET begins DEFERRED and reads beside a
    writer (WAL), taking the write lock only at its first write (see _sqlite_upgrade)."""
    if conn.dialect.name == "sqlite":
        deferred = _reads_only()
        conn.info["sqlite_deferred"] = deferred
        conn.exec_driver_sql("BEGIN" if deferred else "BEGIN IMMEDIATE")


@event.listens_for(Engine, "before_cursor_execute")
def _sqlite_upgrade(conn, cursor, statement, parameters, context, executemany) -> None:
    """The first write of a deferred (GET) transaction: end its read snapshot, which wrote nothing,
    and begin IMMEDIATE, waiting for the lock like any writer instead of failing on a stale
    snapshot. A GET's writes (last-seen time, a logged read) do not depend on what it read."""
    if conn.info.get("sqlite_deferred") and statement.lstrip()[:9].upper().startswith(WRITES):
        conn.info["sqlite_deferred"] = False
        cursor.execute("COMMIT")
        cursor.execute("BEGIN IMMEDIATE")


def register_logging(app: Flask) -> None:
    from ecosystem.logs import register_logging as install
    install(app)


def register_database(app: Flask) -> None:
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    if uri.startswith("postgres://"):
        uri = "postgresql+psycopg://" + uri[len("postgres://"):]
    elif uri.startswith("postgresql://"):
        uri = "postgresql+psycopg://" + uri[len("postgresql://"):]
    app.config["SQLALCHEMY_DATABASE_URI"] = uri
    if uri.startswith("sqlite:///"):
        from pathlib import Path
        Path(uri[len("sqlite:///"):]).parent.mkdir(parents=True, exist_ok=True)


def register_proxy(app: Flask) -> None:
    """Behind PROXY_COUNT reverse proxies, take the client's address, scheme, host and port from their
    X-Forwarded-* headers (deploy/nginx-ecosystem.conf sets them); with 0, those headers are ignored."""
    count = int(app.config.get("PROXY_COUNT") or 0)
    if count > 0:
        from werkzeug.middleware.proxy_fix import ProxyFix
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count, x_port=count)


def register_limiter(app: Flask) -> None:
    """Rate limits shared by every worker through Redis; memory (per process) only as a fallback."""
    if not app.config.get("RATELIMIT_STORAGE_URI"):
        app.config["RATELIMIT_STORAGE_URI"] = "memory://"
        if app.config.get("RATELIMIT_ENABLED"):
            log.warning("RATELIMIT_STORAGE_URI is not set: rate limits are counted in memory, per "
                        "worker process; set it to redis://127.0.0.1:6379 to share them.")
    limiter.init_app(app)


UPLOAD_BODY_MARGIN = 1024 * 1024  # the form's other fields and the multipart framing around the file


def upload_body_limit(values: dict) -> int:
    """The largest request body: the largest per-file limit among the settings, plus a margin."""
    limits = [int(v) for k, v in values.items() if k.endswith("upload_max_bytes") or k.endswith("import_max_bytes")]
    return max(limits) + UPLOAD_BODY_MARGIN


def register_upload_limit(app: Flask) -> None:
    """MAX_CONTENT_LENGTH a little above the largest allowed file, so a 1 GB body is refused (413)
    before it is read. The static value (from the shipped settings) is what nginx's
    client_max_body_size should match; each request with a body re-derives it from the settings
    in force, before any other hook (CSRF) reads the form."""
    import ecosystem.services.platform.stored_files  # noqa: F401  (file hooks on every session)
    from ecosystem.services.platform.settings import load_defaults
    app.config.setdefault("MAX_CONTENT_LENGTH", None)
    if not app.config["MAX_CONTENT_LENGTH"]:
        app.config["MAX_CONTENT_LENGTH"] = upload_body_limit(load_defaults(app.config["SEEDS_DIR"]))

    def limit_body() -> None:
        if request.method in ("POST", "PUT", "PATCH"):
            from ecosystem.services.platform.settings import defaults, setting
            request.max_content_length = upload_body_limit({k: setting(k) for k in defaults()})

    app.before_request_funcs.setdefault(None, []).insert(0, limit_body)


def register_extensions(app: Flask) -> None:
    import ecosystem.models  # noqa: F401  (every table on the metadata)
    db.init_app(app)
    register_limiter(app)
    migrate.init_app(app, db, directory=str(app.config.get("MIGRATIONS_DIR", "migrations")))
    csrf.init_app(app)
    from ecosystem.forms.wtforms_vi import install
    install()
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = None

    from ecosystem.services.accounts.sessions import load_session

    @login_manager.user_loader
    def load_user(token: str):
        if request.path.startswith("/api/") and request.headers.get("Authorization", "")[:7].lower() == "bearer ":
            return None  # a token speaks for itself, whatever cookie the client also sends
        user = load_session(token)
        if db.session.dirty:
            db.session.commit()  # the session's last-seen time, before the view's own work
        return user


def register_i18n(app: Flask) -> None:
    from ecosystem.i18n import select_locale, select_timezone
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)


def register_template_helpers(app: Flask) -> None:
    from ecosystem import template_helpers
    template_helpers.register(app)


def register_hardening(app: Flask) -> None:
    """Before the blueprints, so every <int:...> of every route is a bounded id."""
    from ecosystem.hardening import inputs, stored_values
    from ecosystem.hardening.headers import init_policies
    app.url_map.converters["int"] = inputs.BoundedIntConverter
    app.before_request(inputs.refuse_bad_values)
    stored_values.install()
    init_policies(talisman, app)


def register_api(app: Flask) -> None:
    """The OpenAPI document (3.1) and token sign-in: a bearer token on /api/ acts as its owner."""
    app.config.setdefault("API_TITLE", "Ecosystem CRM API")
    app.config.setdefault("API_VERSION", "v1")
    app.config.setdefault("OPENAPI_VERSION", "3.1.0")
    app.config.setdefault("API_SPEC_OPTIONS", {
        "info": {"description": "The JSON API of the provincial science and technology ecosystem CRM."},
        "components": {"securitySchemes": {"token": {"type": "http", "scheme": "bearer"}}},
        "security": [{}, {"token": []}]})
    api.init_app(app)
    from ecosystem.views.api.problems import from_http, is_api
    from werkzeug.exceptions import HTTPException

    def http_error(error: HTTPException):
        return from_http(error) if is_api() else error
    app.register_error_handler(HTTPException, http_error)

    from ecosystem.services.api.tokens import resolve

    @login_manager.request_loader
    def load_from_token(req):
        header = req.headers.get("Authorization", "")
        if not req.path.startswith("/api/") or header[:7].lower() != "bearer ":
            return None
        token = resolve(header[7:].strip())
        if token is None:
            return None
        req.environ["ecosystem.api_token"] = token  # this request's, never a later one's
        if db.session.dirty:
            db.session.commit()  # the token's last use, before the view's own work
        return token.user


def _modules(package_name: str):
    """Every public module below a package, its sub-packages included, in a stable order."""
    package = importlib.import_module(package_name)
    infos = pkgutil.walk_packages(package.__path__, prefix=f"{package_name}.")
    for info in sorted(infos, key=lambda m: m.name):
        if not info.ispkg and not info.name.rpartition(".")[2].startswith("_"):
            yield importlib.import_module(info.name)


def register_blueprints(app: Flask) -> None:
    """Every module below views/ (its capability packages and api/) that defines `bp` is a blueprint; its NAV entries
    (endpoint, label, policy, order) become links in the top bar for those the policy allows,
    its ORG_PANELS / PERSON_PANELS templates sections of the organisation / person pages."""
    from flask_smorest import Blueprint as SmorestBlueprint
    from ecosystem.policies import load_all
    load_all()
    nav, org_panels, person_panels = [], [], []
    for module in _modules("ecosystem.views"):
        if isinstance(getattr(module, "bp", None), SmorestBlueprint):
            api.register_blueprint(module.bp)  # its routes and schemas join the OpenAPI document
        elif hasattr(module, "bp"):
            app.register_blueprint(module.bp)
        nav.extend(getattr(module, "NAV", []))
        org_panels.extend(getattr(module, "ORG_PANELS", []))
        person_panels.extend(getattr(module, "PERSON_PANELS", []))
    app.config["NAV"] = sorted(nav, key=lambda item: item[3])
    # Partials a domain adds to organisation and person pages (they receive `org` / `person`).
    app.config["ORG_PANELS"] = org_panels
    app.config["PERSON_PANELS"] = person_panels
    from ecosystem.views import page_cache
    page_cache.register(app)  # after the rate limits' check, so a kept answer still counts


def register_errorhandlers(app: Flask) -> None:
    from werkzeug.exceptions import InternalServerError

    def render_error(error):
        code = getattr(error, "code", 500)
        if request.path.startswith("/api/"):
            from ecosystem.views.api.problems import from_http
            return from_http(error) if hasattr(error, "description") else from_http(InternalServerError())
        return render_template("errors.html", code=code, error=error), code

    for code in (400, 401, 403, 404, 405, 413, 429):
        app.errorhandler(code)(render_error)

    @app.errorhandler(500)
    def server_error(error):
        """Roll the failed transaction back before rendering (the page reads the database through
        the same session); if the page still cannot be rendered, a static one in the reader's language."""
        from ecosystem.hardening.fallback_page import static_error_page
        try:
            db.session.rollback()
        except Exception:  # a lost connection fails even its rollback
            log.exception("rollback after a server error failed")
            db.session.remove()
        try:
            return render_error(error)
        except Exception:
            log.exception("the error page could not be rendered")
            try:
                db.session.rollback()
            except Exception:
                db.session.remove()
            if request.path.startswith("/api/"):  # problem+json even now, built without the database
                return ({"type": "about:blank", "title": "Internal Server Error", "status": 500,
                         "code": "server_error", "detail": ""}, 500, {"Content-Type": "application/problem+json"})
            return static_error_page(request, 500)

    from werkzeug.exceptions import SecurityError

    @app.errorhandler(SecurityError)
    def untrusted_host(error):
        """A Host outside TRUSTED_HOSTS: no URL can be built for it, so no page either."""
        return "Bad Request: untrusted host", 400, {"Content-Type": "text/plain; charset=utf-8"}

    from ecosystem.hardening.inputs import RefusedInput
    from ecosystem.hardening.stored_values import ValueRefused

    @app.errorhandler(ValueRefused)
    def refused_value(error: ValueRefused):
        """A value the database would refuse, met at flush: a 400 naming the field, not a 500."""
        db.session.rollback()
        return render_error(RefusedInput(error.message()))


def register_commands(app: Flask) -> None:
    from ecosystem.cli import register
    register(app)

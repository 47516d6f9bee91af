"""Configuration from the environment, so one code base runs on a laptop, in CI and in production."""
import os
from urllib.parse import urlsplit
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _list(text: str | None) -> list[str] | None:
    """A comma-separated environment value as a list; None when unset."""
    items = [part.strip() for part in (text or "").split(",") if part.strip()]
    return items or None


def _oidc_providers(env=os.environ) -> dict:
    """Single sign-on providers whose client id is set: Google, Microsoft (a tenant), and one generic
    issuer (VNeID or a province's own server). Roles never come from them."""
    found = {}
    if env.get("OIDC_GOOGLE_CLIENT_ID"):
        found["google"] = {"label": "Google", "client_id": env["OIDC_GOOGLE_CLIENT_ID"],
                           "client_secret": env.get("OIDC_GOOGLE_CLIENT_SECRET"),
                           "server_metadata_url": "https://accounts.google.com/.well-known/openid-configuration"}
    if env.get("OIDC_MICROSOFT_CLIENT_ID"):
        tenant = env.get("OIDC_MICROSOFT_TENANT", "organizations")
        found["microsoft"] = {"label": "Microsoft", "client_id": env["OIDC_MICROSOFT_CLIENT_ID"],
                              "client_secret": env.get("OIDC_MICROSOFT_CLIENT_SECRET"),
                              "server_metadata_url": f"https://login.microsoftonline.com/{tenant}/v2.0/"
                                                     ".well-known/openid-configuration"}
    if env.get("OIDC_GENERIC_CLIENT_ID") and env.get("OIDC_GENERIC_ISSUER"):
        found["generic"] = {"label": env.get("OIDC_GENERIC_LABEL", "VNeID"), "client_id": env["OIDC_GENERIC_CLIENT_ID"],
                            "client_secret": env.get("OIDC_GENERIC_CLIENT_SECRET"), "issuer": env["OIDC_GENERIC_ISSUER"]}
    return found


class Config:
    """Defaults for development; every value can be overridden by an environment variable."""

    ENV_NAME = os.environ.get("ECOSYSTEM_ENV", "development")
    SECRET_KEY = os.environ.get("SECRET_KEY")
    # Previous keys, comma-separated, still accepted for signed cookies while sessions move to the new
    # key (Flask 3.1); remove them after the longest session lifetime (docs/operations.md).
    SECRET_KEY_FALLBACKS = _list(os.environ.get("SECRET_KEY_FALLBACKS")) or []
    SQLALCHEMY_DATABASE_URI = os.environ.get(
        "DATABASE_URL", f"sqlite:///{ROOT / 'instance' / 'ecosystem.db'}"
    )
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    UPLOAD_ROOT = os.environ.get("UPLOAD_ROOT", str(ROOT / "instance" / "uploads"))
    # Largest request body; unset = the largest per-file upload setting + 1 MiB (setup.register_upload_limit).
    MAX_CONTENT_LENGTH = int(os.environ["MAX_CONTENT_LENGTH"]) if os.environ.get("MAX_CONTENT_LENGTH") else None
    # Where `flask backup-nightly` writes its archives (keep it outside UPLOAD_ROOT, ideally another disk).
    BACKUP_DIR = os.environ.get("BACKUP_DIR", str(ROOT / "instance" / "backups"))
    SEEDS_DIR = str(ROOT / "seeds")
    BABEL_DEFAULT_LOCALE = "vi"
    # The one place the zone is named: the local clock (ecosystem/clock.py), Babel and the scheduler read it.
    TIMEZONE = os.environ.get("ECOSYSTEM_TIMEZONE", "Asia/Ho_Chi_Minh")
    BABEL_DEFAULT_TIMEZONE = TIMEZONE
    BABEL_TRANSLATION_DIRECTORIES = str(ROOT / "ecosystem" / "translations")
    LANGUAGES = ("vi", "en")
    MAIL_SERVER = os.environ.get("MAIL_SERVER")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "587"))
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    MAIL_USE_TLS = os.environ.get("MAIL_USE_TLS", "1") == "1"
    MAIL_SENDER = os.environ.get("MAIL_SENDER", "no-reply@sokhcn.example.vn")
    PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:5000")
    # Hosts the app answers to (Flask 3.1); production defaults to PUBLIC_BASE_URL's host.
    TRUSTED_HOSTS = _list(os.environ.get("TRUSTED_HOSTS"))
    # Reverse proxies in front of the app: their X-Forwarded-For/-Proto are trusted (0 = none).
    PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "0"))
    # /readyz also waits for the derived data (graph snapshot, network and dashboard figures) and a
    # warmed worker; 0 to check only the database and the migrations.
    READY_NEEDS_DERIVED = os.environ.get("READY_NEEDS_DERIVED", "1") == "1"
    # Rate-limit counters shared by every worker, e.g. redis://127.0.0.1:6379; unset = memory.
    RATELIMIT_ENABLED = True
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI") or None
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_HEADERS_ENABLED = True
    PASSWORD_HASH = {"time_cost": 3, "memory_cost": 65536, "parallelism": 4}
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    WTF_CSRF_TIME_LIMIT = None
    PAGE_SIZE = 20
    # Settings, sectors and list counts are kept this many seconds per worker; a write in the same
    # worker drops them at once, the other workers see it within this time (0 = read every request).
    PROCESS_CACHE_SECONDS = float(os.environ.get("PROCESS_CACHE_SECONDS", "10"))
    # Public lists asked by anonymous visitors (no cookie) are sent again as rendered for this many
    # seconds per worker (ecosystem/views/page_cache.py); 0 = build every answer.
    PAGE_CACHE_SECONDS = float(os.environ.get("PAGE_CACHE_SECONDS", "10"))
    # Bulk imports run in the scheduler process (`flask scheduler`); IMPORT_INLINE=1 runs them inside
    # the request instead, for a one-process laptop without a scheduler.
    IMPORT_INLINE = os.environ.get("IMPORT_INLINE") == "1"
    # Logs: JSON lines on stderr ("json") or Python's plain text ("text"); requests slower than
    # SLOW_REQUEST_MS are logged as a warning with their request id.
    LOG_FORMAT = os.environ.get("LOG_FORMAT", "json")
    LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
    SLOW_REQUEST_MS = float(os.environ.get("SLOW_REQUEST_MS", "1000"))
    OIDC_PROVIDERS = _oidc_providers()
    # Zalo Notification Service: off unless both are set (template ids are the zalo.templates setting).
    ZALO_ZNS_URL = os.environ.get("ZALO_ZNS_URL")  # e.g. https://business.openapi.zalo.me/message/template
    ZALO_ACCESS_TOKEN = os.environ.get("ZALO_ACCESS_TOKEN")

    @classmethod
    def check(cls, config: dict) -> None:
        """Refuse to start in production without a secret; development gets a throwaway one."""
        if not config.get("SECRET_KEY"):
            if config.get("ENV_NAME") == "production":
                raise RuntimeError("SECRET_KEY must be set when ECOSYSTEM_ENV=production")
            config["SECRET_KEY"] = "dev-only-not-secret"
        if config.get("ENV_NAME") == "production":
            config["SESSION_COOKIE_SECURE"] = True
            if not config.get("TRUSTED_HOSTS"):
                config["TRUSTED_HOSTS"] = [urlsplit(config["PUBLIC_BASE_URL"]).hostname]


class TestConfig(Config):
    """Fast hashing and no CSRF token checks in unit tests; a fresh database is given by conftest."""

    TESTING = True
    SECRET_KEY = "test-secret"
    WTF_CSRF_ENABLED = False
    PASSWORD_HASH = {"time_cost": 1, "memory_cost": 8, "parallelism": 1}
    SERVER_NAME = None
    RATELIMIT_ENABLED = False  # the rate-limit tests switch it on with memory storage
    READY_NEEDS_DERIVED = False  # tests/test_warmup.py switches it on
    PROCESS_CACHE_SECONDS = 0  # tests/services/platform/test_process_cache.py switches it on
    PAGE_CACHE_SECONDS = 0  # tests/views/test_page_cache.py switches it on
    RATELIMIT_STORAGE_URI = "memory://"
    OIDC_PROVIDERS: dict = {}
    ZALO_ZNS_URL = None
    ZALO_ACCESS_TOKEN = None

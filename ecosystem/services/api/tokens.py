"""Personal access tokens: the secret is shown once, only its sha256 is stored, it acts as its owner."""
import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import select

from ecosystem.clock import utcnow
from ecosystem.extensions import db
from ecosystem.models import ApiToken
from ecosystem.services.platform.errors import DomainError
from ecosystem.services.platform.settings import setting

PREFIX = "ecot_"
CAPABILITIES = ("directory", "support", "matching", "events", "certification", "funds", "awards",
                "dashboard")
SCOPES = ("read", "write") + tuple(f"{verb}:{cap}" for verb in ("read", "write") for cap in CAPABILITIES)


def digest(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def create_token(user, name: str, scopes: list[str], days: int | None) -> tuple[ApiToken, str]:
    """A new token for user; returns it with the raw secret, which is never stored."""
    name = (name or "").strip()
    if not name or len(name) > 80:
        raise DomainError("token_name", field="name")
    chosen = sorted(set(scopes))
    if not chosen or any(s not in SCOPES for s in chosen):
        raise DomainError("token_scopes", field="scopes")
    longest = int(setting("api.token_max_days"))
    days = longest if not days else int(days)
    if days < 1 or days > longest:
        raise DomainError("token_days", field="days", max=longest)
    raw = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user_id=user.id, name=name, prefix=raw[:12], token_hash=digest(raw),
                     scopes=" ".join(chosen), expires_at=utcnow() + timedelta(days=days))
    db.session.add(token)
    db.session.flush()
    return token, raw


def revoke_token(token: ApiToken, actor) -> None:
    if token.user_id != actor.id:
        raise DomainError("token_not_yours")
    if token.revoked_at is None:
        token.revoked_at = utcnow()
    db.session.flush()


def tokens_of(user) -> list[ApiToken]:
    return list(db.session.scalars(select(ApiToken).where(ApiToken.user_id == user.id)
                                   .order_by(ApiToken.id.desc())))


def _aware(moment):
    from datetime import timezone
    return moment if moment is None or moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def is_live(token: ApiToken, now=None) -> bool:
    now = now or utcnow()
    expires = _aware(token.expires_at)
    return token.revoked_at is None and (expires is None or expires > now) and token.user.is_active


def resolve(raw: str) -> ApiToken | None:
    """The live token whose secret is raw (compared by hash), its last use noted; else None."""
    if not raw or not raw.startswith(PREFIX) or len(raw) > 200:
        return None
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == digest(raw)))
    if token is None or not is_live(token):
        return None
    now = utcnow()
    last = _aware(token.last_used_at)
    if last is None or now - last > timedelta(minutes=5):
        token.last_used_at = now
    return token


def allows(token: ApiToken, verb: str, capability: str) -> bool:
    """read/write for every capability, or read:<cap>/write:<cap>; write implies read."""
    if capability == "open_data" and verb == "read":
        return True  # open data needs no token at all
    scopes = token.scope_set
    wanted = {verb, f"{verb}:{capability}"}
    if verb == "read":
        wanted |= {"write", f"write:{capability}"}
    return bool(scopes & wanted)

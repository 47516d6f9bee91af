"""Webhooks: an organisation's manager or the admin registers a URL for chosen events; each event is
queued as a delivery (in the caller's transaction) and sent by the scheduler, signed, with back-off."""
import hashlib
import http.client
import hmac
import json
import logging
import secrets
from datetime import timedelta

from sqlalchemy import or_, select

from ecosystem.clock import utcnow
from ecosystem.extensions import db
from ecosystem.models import Webhook, WebhookDelivery
from ecosystem.models.accounts import is_staff
from ecosystem.services.api import webhook_addresses
from ecosystem.services.platform.errors import DomainError
from ecosystem.services.platform.settings import setting
from ecosystem.validators import is_web_url

log = logging.getLogger(__name__)
EVENTS = ("support.request.state_changed", "events.registration.confirmed", "events.registration.promoted",
          "certification.certificate.issued", "certification.certificate.revoked", "awards.results.published")


def create_webhook(actor, url: str, events: list[str], organisation=None) -> Webhook:
    """A hook for an organisation the actor manages, or (admin) for every organisation."""
    url = (url or "").strip()
    if not is_web_url(url) or len(url) > 500:
        raise DomainError("webhook_url", field="url")
    chosen = sorted(set(events or []))
    if not chosen or any(e not in EVENTS for e in chosen):
        raise DomainError("webhook_events", field="events")
    if organisation is None and not actor.has_role("admin"):
        raise DomainError("webhook_owner", field="organisation")
    if organisation is not None and organisation.id not in actor.managed_org_ids and not is_staff(actor):
        raise DomainError("webhook_owner", field="organisation")
    webhook_addresses.public_addresses(url, unresolved_ok=True)  # and again before each delivery
    hook = Webhook(organisation_id=organisation.id if organisation else None, created_by_id=actor.id, url=url,
                   events=" ".join(chosen), secret=secrets.token_urlsafe(32))
    db.session.add(hook)
    db.session.flush()
    return hook


def disable_webhook(hook: Webhook) -> None:
    if hook.disabled_at is None:
        hook.disabled_at = utcnow()
    db.session.flush()


def hooks_visible_to(user) -> list[Webhook]:
    """Every hook for the admin; an organisation's for its managers."""
    query = select(Webhook).order_by(Webhook.id.desc())
    if not user.has_role("admin"):
        query = query.where(Webhook.organisation_id.in_(user.managed_org_ids or {0}))
    return list(db.session.scalars(query))


def emit(event: str, payload: dict, organisation_ids=()) -> int:
    """Queue the event for each live hook that chose it: the admin's hooks hear every organisation,
    an organisation's hooks only its own events. The caller's commit makes the deliveries real."""
    ids = {i for i in organisation_ids if i}
    owners = Webhook.organisation_id.is_(None)
    if ids:
        owners = or_(owners, Webhook.organisation_id.in_(ids))
    hooks = db.session.scalars(select(Webhook).where(Webhook.disabled_at.is_(None), owners))
    count = 0
    for hook in hooks:
        if event in hook.event_set:
            db.session.add(WebhookDelivery(webhook_id=hook.id, event=event, next_attempt_at=utcnow(),
                                           payload={"event": event, "occurred_at": utcnow().isoformat(),
                                                    "data": payload}))
            count += 1
    return count


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """sha256=HMAC(secret, "<timestamp>.<body>"): the receiver checks both and refuses old stamps."""
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def backoff(attempts: int) -> timedelta:
    return timedelta(minutes=int(setting("api.webhook_backoff_minutes")) * 2 ** max(attempts - 1, 0))


def _send(delivery: WebhookDelivery) -> tuple[int | None, str]:
    """Check where the URL leads now, then post there and nowhere else; a refusal is kept as the answer."""
    url = delivery.webhook.url
    try:
        addresses = webhook_addresses.public_addresses(url)
    except DomainError as refusal:
        return None, webhook_addresses.refusal_reason(refusal)
    body = json.dumps({**delivery.payload, "delivery_id": delivery.id}, ensure_ascii=False).encode("utf-8")
    stamp = str(int(utcnow().timestamp()))
    headers = {"Content-Type": "application/json", "User-Agent": "ecosystem-crm-webhooks",
               "X-Webhook-Event": delivery.event, "X-Webhook-Id": str(delivery.id), "X-Webhook-Timestamp": stamp,
               "X-Webhook-Signature": signature(delivery.webhook.secret, stamp, body)}
    try:
        return webhook_addresses.post(url, addresses, body, headers, float(setting("api.webhook_timeout_seconds")))
    except (OSError, ValueError, http.client.HTTPException) as error:
        return None, str(error)[:500] or type(error).__name__


def deliver_due(limit: int = 100) -> int:
    """The scheduler's job: send what is due, one commit per delivery so none is sent twice."""
    delivered = 0
    for _ in range(limit):
        now = utcnow()
        delivery = db.session.scalar(select(WebhookDelivery).where(
            WebhookDelivery.state.in_(("queued", "failed")), WebhookDelivery.next_attempt_at <= now)
            .order_by(WebhookDelivery.next_attempt_at, WebhookDelivery.id).limit(1))
        if delivery is None:
            break
        code, excerpt = _send(delivery)
        delivery.attempts += 1
        delivery.response_code, delivery.response_excerpt = code, excerpt
        if code is not None and 200 <= code < 300:
            delivery.state, delivery.delivered_at = "delivered", now
            delivered += 1
        else:
            dead = delivery.attempts >= int(setting("api.webhook_max_attempts"))
            delivery.state = "dead" if dead else "failed"
            delivery.next_attempt_at = now + backoff(delivery.attempts)
            log.warning("webhook delivery %s to %s failed (attempt %d): %s", delivery.id, delivery.webhook.url,
                        delivery.attempts, code or excerpt)
        db.session.commit()
    return delivered

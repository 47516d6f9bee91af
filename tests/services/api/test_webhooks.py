"""Webhooks: queued in the caller's transaction, signed with the hook's secret and a timestamp,
delivered to a local receiver by the scheduler's job, retried with back-off, then given up."""
import hashlib
import hmac
import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from ecosystem.extensions import db
from ecosystem.models import WebhookDelivery
from ecosystem.services.api import webhooks
from ecosystem.services.platform.errors import DomainError
from ecosystem.services.platform.settings import set_setting
from ecosystem.services.support import requests as support
from tests import factories as f


class Receiver:
    """An http.server on 127.0.0.1 that records requests and answers with a chosen status."""

    def __init__(self, status: int = 200):
        self.received, self.status = [], status
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                outer.received.append((dict(self.headers), body))
                self.send_response(outer.status)
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args):
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(autouse=True)
def local_receivers_allowed(app):
    """The receivers here listen on http://127.0.0.1: allowed only through the settings made for it."""
    set_setting("api.webhook_allow_http", True, None)
    set_setting("api.webhook_private_hosts", ["127.0.0.1"], None)
    db.session.commit()


@pytest.fixture
def receiver():
    found = Receiver()
    yield found
    found.close()


def _startup_with_hook(url: str):
    org = f.make_org("Startup Webhook")
    user = f.make_user("startup", manages=[org])
    hook = webhooks.create_webhook(user, url, ["support.request.state_changed"], org)
    db.session.commit()
    return org, user, hook


def test_state_change_is_signed_and_delivered(app, receiver):
    org, user, hook = _startup_with_hook(receiver.url)
    req, _ = support.create_request(org, user, "mentoring", "Cần cố vấn", submit=True)
    db.session.commit()
    assert webhooks.deliver_due() == 1
    headers, body = receiver.received[0]
    stamp = headers["X-Webhook-Timestamp"]
    expected = hmac.new(hook.secret.encode(), stamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    assert headers["X-Webhook-Signature"] == f"sha256={expected}"
    payload = json.loads(body)
    assert payload["event"] == "support.request.state_changed" and payload["data"]["to"] == "submitted"
    delivery = db.session.scalar(db.select(WebhookDelivery))
    assert (delivery.state, delivery.response_code) == ("delivered", 200)
    assert webhooks.deliver_due() == 0  # never twice


def test_failures_back_off_then_give_up(app):
    failing = Receiver(status=500)
    try:
        org, user, _hook = _startup_with_hook(failing.url)
        support.create_request(org, user, "mentoring", "Cần cố vấn", submit=True)
        db.session.commit()
        webhooks.deliver_due()
        delivery = db.session.scalar(db.select(WebhookDelivery))
        assert (delivery.state, delivery.attempts, delivery.response_code) == ("failed", 1, 500)
        assert webhooks.deliver_due() == 0  # not due yet: backing off
        for _ in range(10):
            delivery.next_attempt_at = delivery.next_attempt_at - timedelta(days=1)
            db.session.commit()
            webhooks.deliver_due()
        assert delivery.state == "dead" and delivery.attempts == 6
    finally:
        failing.close()


def test_other_organisations_hooks_hear_nothing(app, receiver):
    _org, _user, _hook = _startup_with_hook(receiver.url)
    other = f.make_org("Startup Khác")
    member = f.make_user("startup", manages=[other])
    support.create_request(other, member, "mentoring", "Của người khác", submit=True)
    db.session.commit()
    assert db.session.scalar(db.select(db.func.count(WebhookDelivery.id))) == 0


def test_only_http_urls_and_own_organisations(app):
    org = f.make_org("Startup URL")
    user = f.make_user("startup", manages=[org])
    for url in ("javascript:alert(1)", "ftp://x.example", "file:///etc/passwd", ""):
        with pytest.raises(DomainError):
            webhooks.create_webhook(user, url, ["awards.results.published"], org)
    with pytest.raises(DomainError):
        webhooks.create_webhook(user, "https://x.example", ["awards.results.published"], None)
    stranger = f.make_org("Không phải của tôi")
    with pytest.raises(DomainError):
        webhooks.create_webhook(user, "https://x.example", ["awards.results.published"], stranger)


def test_hook_page_lists_deliveries(app, login_as, receiver):
    org, user, hook = _startup_with_hook(receiver.url)
    support.create_request(org, user, "mentoring", "Cần cố vấn", submit=True)
    db.session.commit()
    webhooks.deliver_due()
    page = login_as(user).get(f"/webhooks/{hook.id}").get_data(as_text=True)
    assert "delivered" in page and "200" in page

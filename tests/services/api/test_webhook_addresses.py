"""Webhooks reach the public internet only: refused at registration (the form says why, nothing saved)
and again at delivery (the name may have moved), unless an operator allow-lists the host. Names are
resolved by a stand-in resolver and the only receivers are local fake servers (tests/fake_servers.py)."""
import pytest

from ecosystem.extensions import db
from ecosystem.models import Webhook, WebhookDelivery
from ecosystem.services.api import webhook_addresses, webhooks
from ecosystem.services.platform.errors import DomainError
from ecosystem.services.platform.settings import set_setting
from ecosystem.services.support import requests as support
from tests import factories as f
from tests.fake_servers import FakeServer

EVENT = "support.request.state_changed"
NOT_PUBLIC = ["127.0.0.1", "127.1.2.3", "10.0.0.5", "172.16.3.4", "192.168.1.1", "169.254.169.254", "0.0.0.0",
              "100.64.0.1", "224.0.0.1", "240.0.0.1", "255.255.255.255", "::1", "::", "fe80::1", "fc00::5",
              "fd12:3456::1", "ff02::1", "fec0::1", "::ffff:127.0.0.1", "::ffff:10.0.0.5", "::ffff:169.254.169.254",
              "2002:7f00:1::", "64:ff9b::a00:5", "2001:db8::1"]
PUBLIC = ["93.184.216.34", "1.1.1.1", "2606:4700:4700::1111", "::ffff:93.184.216.34"]


@pytest.fixture
def dns(monkeypatch):
    """name → addresses for the stand-in resolver; an IP literal resolves to itself, anything else fails."""
    table: dict = {}

    def resolve(host, port):
        if host in table:
            return table[host]
        try:
            return [str(webhook_addresses.ipaddress.ip_address(host))]
        except ValueError:
            raise OSError(f"no such host {host}") from None
    monkeypatch.setattr(webhook_addresses, "resolve", resolve)
    return table


@pytest.fixture
def fake():
    server = FakeServer(lambda method, path, query, body: (200, {"ok": True}, {}))
    yield server
    server.close()


def _owner():
    org = f.make_org("Startup Địa Chỉ")
    return org, f.make_user("startup", manages=[org])


def _allow(hosts, http=True):
    set_setting("api.webhook_allow_http", http, None)
    set_setting("api.webhook_private_hosts", hosts, None)
    db.session.commit()


def _queue_one(org, user):
    support.create_request(org, user, "mentoring", "Cần cố vấn", submit=True)
    db.session.commit()
    return db.session.scalar(db.select(WebhookDelivery))


@pytest.mark.parametrize("address", NOT_PUBLIC)
def test_addresses_outside_the_public_internet_are_named(address):
    assert webhook_addresses.not_public(address) is not None


@pytest.mark.parametrize("address", PUBLIC)
def test_public_addresses_pass(address):
    assert webhook_addresses.not_public(address) is None


def test_the_production_defaults_allow_https_to_public_hosts_only(app):
    from ecosystem.services.platform.settings import defaults
    assert defaults()["api.webhook_allow_http"] is False and defaults()["api.webhook_private_hosts"] == []


@pytest.mark.parametrize("url", ["https://127.0.0.1/hook", "https://[::1]:8443/", "https://[::ffff:10.0.0.5]/",
                                 "https://169.254.169.254/latest/meta-data", "https://0.0.0.0/",
                                 "https://inside.example.vn/hook", "https://mixed.example.vn/"])
def test_registration_refuses_private_targets(app, dns, url):
    dns["inside.example.vn"] = ["10.1.2.3"]
    dns["mixed.example.vn"] = ["93.184.216.34", "192.168.0.10"]  # one private answer is enough to refuse
    org, user = _owner()
    with pytest.raises(DomainError) as refused:
        webhooks.create_webhook(user, url, [EVENT], org)
    assert refused.value.code == "webhook_private"
    assert db.session.scalar(db.select(db.func.count(Webhook.id))) == 0


def test_plain_http_needs_the_setting(app, dns):
    dns["hooks.example.vn"] = ["93.184.216.34"]
    org, user = _owner()
    with pytest.raises(DomainError) as refused:
        webhooks.create_webhook(user, "http://hooks.example.vn/crm", [EVENT], org)
    assert refused.value.code == "webhook_https"
    _allow([], http=True)
    assert webhooks.create_webhook(user, "http://hooks.example.vn/crm", [EVENT], org).id
    assert webhooks.create_webhook(user, "https://hooks.example.vn/crm", [EVENT], org).id


def test_the_form_says_why_and_saves_nothing(app, dns, client):
    dns["inside.example.vn"] = ["10.1.2.3"]
    org, user = _owner()
    db.session.commit()
    from tests.conftest import login
    login(client, user.email)
    page = client.post("/webhooks/", data={"url": "https://inside.example.vn/hook", "events": [EVENT],
                                           "organisation": str(org.id)})
    assert page.status_code == 200
    assert "Không gửi webhook vào mạng nội bộ: inside.example.vn trỏ tới 10.1.2.3" in page.get_data(as_text=True)
    client.set_cookie("lang", "en")
    user.locale = "en"
    db.session.commit()
    page = client.post("/webhooks/", data={"url": "http://hooks.example.vn/x", "events": [EVENT],
                                           "organisation": str(org.id)})
    assert "The address must start with https://." in page.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(Webhook.id))) == 0


def test_the_allow_list_lets_named_hosts_and_networks_through(app, dns):
    dns["receiver.inside"] = ["10.20.0.7"]
    org, user = _owner()
    _allow(["receiver.inside", "127.0.0.0/8"], http=False)
    assert webhooks.create_webhook(user, "https://receiver.inside/hook", [EVENT], org).id
    assert webhooks.create_webhook(user, "https://127.0.0.1:8443/hook", [EVENT], org).id
    with pytest.raises(DomainError):
        webhooks.create_webhook(user, "https://192.168.1.1/hook", [EVENT], org)  # not on the list


def test_a_name_that_moved_inside_is_refused_at_delivery(app, dns, fake):
    """Registered while public; by delivery time the name points at the local receiver: nothing is sent,
    the delivery is failed with the reason and retried later like any failure."""
    port = int(fake.url.rsplit(":", 1)[1])
    dns["hooks.example.vn"] = ["93.184.216.34"]
    _allow([], http=True)
    org, user = _owner()
    webhooks.create_webhook(user, f"http://hooks.example.vn:{port}/hook", [EVENT], org)
    delivery = _queue_one(org, user)
    dns["hooks.example.vn"] = ["127.0.0.1"]
    assert webhooks.deliver_due() == 0
    assert fake.requests == []
    assert (delivery.state, delivery.attempts, delivery.response_code) == ("failed", 1, None)
    assert delivery.response_excerpt == ("refused before sending: hooks.example.vn resolves to 127.0.0.1, "
                                         "a loopback address (not public)")


def test_delivery_refuses_http_once_the_setting_is_off(app, dns, fake):
    _allow(["127.0.0.1"], http=True)
    org, user = _owner()
    webhooks.create_webhook(user, fake.url + "/hook", [EVENT], org)
    delivery = _queue_one(org, user)
    _allow(["127.0.0.1"], http=False)
    webhooks.deliver_due()
    assert fake.requests == [] and delivery.state == "failed"
    assert "only https://" in delivery.response_excerpt


def test_delivery_connects_to_the_checked_address_under_the_hook_s_name(app, dns, fake):
    """The name is resolved once, by the check; the connection goes to that address with the URL's Host."""
    port = int(fake.url.rsplit(":", 1)[1])
    dns["receiver.inside"] = ["127.0.0.1"]  # no real resolver knows this name
    _allow(["receiver.inside"], http=True)
    org, user = _owner()
    webhooks.create_webhook(user, f"http://receiver.inside:{port}/hook?x=1", [EVENT], org)
    delivery = _queue_one(org, user)
    assert webhooks.deliver_due() == 1
    method, path, headers, _body = fake.requests[0]
    assert (method, path, headers["Host"]) == ("POST", "/hook", f"receiver.inside:{port}")
    assert (delivery.state, delivery.response_code) == ("delivered", 200)


def test_redirects_are_not_followed(app, dns):
    inside = FakeServer(lambda *args: (200, {"ok": True}, {}))
    bouncer = FakeServer(lambda *args: (307, "", {"Location": inside.url + "/secret"}))
    try:
        _allow(["127.0.0.1"], http=True)
        org, user = _owner()
        webhooks.create_webhook(user, bouncer.url + "/hook", [EVENT], org)
        delivery = _queue_one(org, user)
        webhooks.deliver_due()
        assert inside.requests == [] and (delivery.state, delivery.response_code) == ("failed", 307)
    finally:
        inside.close()
        bouncer.close()

"""The deployment files agree with the app: nginx's body limit is MAX_CONTENT_LENGTH, gunicorn takes its
workers from the environment without preloading, one scheduler unit, X-Forwarded-* honoured behind
PROXY_COUNT proxies, and a rotated secret key keeps sessions alive through SECRET_KEY_FALLBACKS."""
import re
import runpy
from pathlib import Path

from ecosystem import create_app
from ecosystem.extensions import db
from tests import factories as f
from tests.conftest import login

DEPLOY = Path(__file__).resolve().parent.parent / "deploy"


def test_nginx_accepts_exactly_the_apps_largest_body(app):
    site = (DEPLOY / "nginx" / "ecosystem.conf").read_text()
    megabytes = int(re.search(r"client_max_body_size (\d+)m;", site).group(1))
    assert megabytes * 1024 * 1024 == app.config["MAX_CONTENT_LENGTH"]
    for header in ("X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host"):
        assert f"proxy_set_header {header}" in site
    assert "ssl_certificate " in site and "alias /opt/ecosystem/static/;" in site


def test_gunicorn_takes_workers_from_the_environment_and_does_not_preload(monkeypatch):
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    monkeypatch.setenv("GUNICORN_BIND", "127.0.0.1:8001")
    conf = runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))
    assert (conf["workers"], conf["preload_app"], conf["bind"]) == (3, False, "127.0.0.1:8001")
    assert conf["timeout"] > 0 and conf["accesslog"] == "-"


def test_one_scheduler_unit_and_templated_web_units():
    units = DEPLOY / "systemd"
    scheduler = (units / "ecosystem-scheduler.service").read_text()
    assert "flask --app app scheduler" in scheduler
    web = (units / "ecosystem-web@.service").read_text()
    assert "gunicorn --config /opt/ecosystem/deploy/gunicorn.conf.py app:app" in web and "%i" in web
    assert "scheduler" not in web.split("[Service]")[1]


def test_forwarded_scheme_and_host_are_honoured_behind_one_proxy():
    seen = []
    for count in (0, 1):
        app = create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://", "PROXY_COUNT": count})
        app.before_request(lambda: seen.append((__import__("flask").request.scheme,
                                                __import__("flask").request.host)))
        app.test_client().get("/healthz", headers={"X-Forwarded-Proto": "https",
                                                   "X-Forwarded-Host": "crm.sokhcn.example.vn"})
    assert seen == [("http", "localhost"), ("https", "crm.sokhcn.example.vn")]


def test_a_rotated_secret_key_keeps_sessions_through_the_fallbacks(app, client):
    admin = f.make_user("admin")
    db.session.commit()
    assert login(client, admin.email).status_code == 302
    assert client.get("/admin/backups").status_code == 200
    app.secret_key = app.config["SECRET_KEY"] = "the-new-key"
    app.config["SECRET_KEY_FALLBACKS"] = ["test-secret"]
    assert client.get("/admin/backups").status_code == 200  # the old cookie is still accepted
    app.config["SECRET_KEY_FALLBACKS"] = []
    assert client.get("/admin/backups").status_code == 302  # without it: sign in again

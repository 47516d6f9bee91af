"""A server error rolls the session back before the error page is rendered; when the page cannot be
rendered (the database is down) the reader gets a static page in their language, never a bare
English 'Internal Server Error'."""
import pytest
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from ecosystem import create_app
from ecosystem.config import TestConfig
from ecosystem.extensions import db
from ecosystem.models import Organisation


def _config() -> dict:
    return {k: getattr(TestConfig, k) for k in dir(TestConfig) if k.isupper()}


@pytest.mark.app_config(PROPAGATE_EXCEPTIONS=False)
def test_a_failed_flush_is_rolled_back_before_the_error_page(app, client):
    seen = {}

    @app.route("/_test/bad-flush")
    def bad_flush():
        db.session.add(Organisation(name=None, slug="x", kind="startup"))  # NOT NULL: the flush fails
        db.session.flush()

    @app.after_request
    def look(response):
        seen["active"] = db.session.is_active
        seen["orgs"] = db.session.scalars(select(Organisation)).all()  # usable again
        return response

    client.set_cookie("lang", "en")
    response = client.get("/_test/bad-flush")
    assert response.status_code == 500
    assert "Something went wrong" in response.get_data(as_text=True)  # the app's own page, in English
    assert seen == {"active": True, "orgs": []}


@pytest.mark.app_config(PROPAGATE_EXCEPTIONS=False)
def test_when_the_error_page_fails_a_static_page_in_the_readers_language(app, client, monkeypatch):
    import ecosystem.setup as setup

    def broken(*args, **kwargs):
        raise OperationalError("SELECT 1", {}, Exception("server closed the connection"))

    monkeypatch.setattr(setup, "render_template", broken)

    @app.route("/_test/boom")
    def boom():
        raise OperationalError("SELECT 1", {}, Exception("server closed the connection"))

    english = client.get("/_test/boom", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert english.status_code == 500 and english.headers["Content-Language"] == "en"
    assert "Something went wrong" in english.get_data(as_text=True)
    vietnamese = client.get("/_test/boom", headers={"Accept-Language": "fr"})
    assert "Đã có lỗi xảy ra" in vietnamese.get_data(as_text=True)
    client.set_cookie("lang", "en")
    cookie = client.get("/_test/boom", headers={"Accept-Language": "vi"})
    assert "Something went wrong" in cookie.get_data(as_text=True)
    assert "<script" not in cookie.get_data(as_text=True) and "style=" not in cookie.get_data(as_text=True)


def test_a_database_that_is_down_gives_a_page_in_the_readers_language(tmp_path):
    """Every query raises (nothing listens on the port): the home page's error ends readable."""
    app = create_app({**_config(), "PROPAGATE_EXCEPTIONS": False, "UPLOAD_ROOT": str(tmp_path),
                      "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://nobody@127.0.0.1:9/down",
                      "SQLALCHEMY_ENGINE_OPTIONS": {"connect_args": {"connect_timeout": 2}}})
    client = app.test_client()
    for language, words in (("en", "Something went wrong"), ("vi", "Đã có lỗi xảy ra")):
        client.set_cookie("lang", language)
        response = client.get("/")
        assert response.status_code == 500
        assert words in response.get_data(as_text=True)

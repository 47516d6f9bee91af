"""The per-worker cache of settings, filter options and list counts: a write in this worker is seen at
once, another worker's write (here: SQL behind the ORM's back) within PROCESS_CACHE_SECONDS."""
import re

import pytest
from flask import g
from sqlalchemy import text

from ecosystem.extensions import db
from ecosystem.services.platform import process_cache
from ecosystem.services.platform.settings import set_setting, setting
from ecosystem.template_helpers import option_tags
from tests import factories as f

pytestmark = [pytest.mark.app_config(PROCESS_CACHE_SECONDS=30),
              pytest.mark.usefixtures("empty_process_cache")]



def _other_worker_sets(key: str, value: int) -> None:
    db.session.execute(text("UPDATE settings SET value = :v WHERE key = :k"), {"v": f'{{"v": {value}}}', "k": key})
    db.session.commit()


def test_a_setting_saved_here_is_seen_at_once_another_workers_after_the_lifetime(app, monkeypatch):
    set_setting("accounts.reset_token_hours", 4, None)
    db.session.commit()
    assert setting("accounts.reset_token_hours") == 4
    _other_worker_sets("accounts.reset_token_hours", 6)
    g.pop("_settings", None)  # the next request
    assert setting("accounts.reset_token_hours") == 4  # this worker's copy, for up to 30 s
    later = process_cache.time.monotonic() + 31
    monkeypatch.setattr(process_cache.time, "monotonic", lambda: later)
    g.pop("_settings", None)
    assert setting("accounts.reset_token_hours") == 6


def test_the_settings_page_shows_what_is_stored(client, login_as):
    set_setting("accounts.reset_token_hours", 4, None)
    db.session.commit()
    _other_worker_sets("accounts.reset_token_hours", 7)
    login_as(f.make_user("admin"))
    page = client.get("/admin/settings").get_data(as_text=True)
    row = re.search(r"accounts\.reset_token_hours.*?</tr>", page, re.S).group(0)
    assert ">7<" in row.replace(" ", "")


def _total(client) -> str:
    return re.search(r'<p class="muted">\s*([^<·]+)', client.get("/orgs/").get_data(as_text=True)).group(1).strip()


def test_directory_count_follows_this_workers_writes_at_once(client):
    f.make_org("Công ty Một")
    db.session.commit()
    assert _total(client).startswith("1 ")
    org = f.make_org("Công ty Hai")
    db.session.commit()
    assert _total(client).startswith("2 ")
    db.session.execute(text("UPDATE organisations SET status = 'archived' WHERE id = :id"), {"id": org.id})
    db.session.commit()
    assert _total(client).startswith("2 ")  # another worker's change: seen within the lifetime
    process_cache.forget()
    assert _total(client).startswith("1 ")


def test_api_total_is_kept_and_dropped_by_a_write_here(client):
    f.make_org("Công ty Một")
    db.session.commit()
    assert client.get("/api/v1/organisations").get_json()["total"] == 1
    f.make_org("Công ty Hai")
    db.session.commit()
    assert client.get("/api/v1/organisations").get_json()["total"] == 2


def test_a_rolled_back_write_is_not_kept(app):
    before = setting("accounts.reset_token_hours")
    set_setting("accounts.reset_token_hours", before + 5, None)
    assert setting("accounts.reset_token_hours") == before + 5  # read inside the transaction
    db.session.rollback()
    g.pop("_settings", None)
    assert setting("accounts.reset_token_hours") == before


def test_option_tags_escape_and_select():
    html = str(option_tags([("a", "Một"), ('"><script>', "<b>x</b>")], "a"))
    assert '<option value="a" selected>Một</option>' in html
    assert "<script>" not in html and "&lt;b&gt;x&lt;/b&gt;" in html
    assert html.count("selected") == 1

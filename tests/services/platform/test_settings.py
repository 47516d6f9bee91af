"""Settings: defaults from seeds/settings, overrides by an admin, unknown keys fail loudly."""
import pytest

from ecosystem.extensions import db
from ecosystem.services.platform.settings import set_setting, setting
from tests import factories as f


def test_default_then_override(app):
    assert setting("accounts.min_password_length") == 10
    set_setting("accounts.min_password_length", 12, None)
    db.session.commit()
    assert setting("accounts.min_password_length") == 12


def test_unknown_key_is_an_error(app):
    with pytest.raises(KeyError):
        setting("accounts.no_such_thing")
    with pytest.raises(KeyError):
        set_setting("accounts.no_such_thing", 1, None)


def test_admin_page_changes_a_setting_and_refuses_bad_json(client, login_as):
    login_as(f.make_user("admin"))
    bad = client.post("/admin/settings", data={"key": "accounts.reset_token_hours", "value": "{x"})
    assert "JSON hợp lệ" in bad.get_data(as_text=True)
    assert setting("accounts.reset_token_hours") == 2
    client.post("/admin/settings", data={"key": "accounts.reset_token_hours", "value": "4"})
    assert setting("accounts.reset_token_hours") == 4

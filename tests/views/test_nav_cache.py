"""Each user's menus are worked out once per worker and kept; a change of roles shows at once."""
import pytest
from flask import url_for

from ecosystem.extensions import db
from ecosystem.models import UserRole
from ecosystem.views.platform import navigation
from tests import factories as f

pytestmark = [pytest.mark.app_config(PROCESS_CACHE_SECONDS=30),
              pytest.mark.usefixtures("empty_process_cache")]


def test_menus_are_kept_per_user_until_their_roles_change(app, client, login_as, monkeypatch):
    user = f.make_user("startup")
    db.session.commit()
    login_as(user)
    worked_out = []
    real = navigation._links
    monkeypatch.setattr(navigation, "_links", lambda: worked_out.append(1) or real())
    with app.test_request_context():
        judging = url_for("judging.index")
    first = client.get("/me/notifications").get_data(as_text=True)
    second = client.get("/me/notifications").get_data(as_text=True)
    assert len(worked_out) == 1 and f'href="{judging}"' not in first and first.count("<nav") == second.count("<nav")
    user.roles.append(UserRole(role="judge"))
    db.session.commit()
    third = client.get("/me/notifications").get_data(as_text=True)
    assert len(worked_out) == 2 and f'href="{judging}"' in third

"""The one view adapter: commit or roll back, and the refusal in words where the reader looks."""
import pytest
from flask import get_flashed_messages
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import func, select
from werkzeug.exceptions import Forbidden
from wtforms import StringField

from ecosystem.extensions import db
from ecosystem.models import Sector
from ecosystem.services.platform.errors import DomainError
from ecosystem.views.errors import Messages, attempt

TABLE = Messages({"too_many": _l("Tối đa %(n)s."), "worded": lambda error: f"<{error.params['x']}>"},
                 fallback=lambda error: f"?{error.code}", lines=lambda error: error.params.get("why", []))


class Refused(DomainError):
    pass


class Forbidden403(DomainError):
    status = 403


class NameForm(FlaskForm):
    class Meta:
        csrf = False

    name = StringField()


def _add_sector(code: str):
    db.session.add(Sector(code=code, name_vi=code, name_en=code))
    db.session.flush()


def raising(error: DomainError):
    def call():
        raise error
    return call


def _count() -> int:
    return db.session.scalar(select(func.count(Sector.id)))


def test_messages_fill_params_call_functions_and_fall_back(app):
    with app.test_request_context():
        assert TABLE.text(Refused("too_many", n=3, why=["a", "b"])) == "Tối đa 3. a b"
        assert TABLE.text(Refused("worded", x=1)) == "<1>"
        assert TABLE.text(Refused("unknown")) == "?unknown"
        assert Messages({}).text(Refused("unknown")) == "unknown"


def test_a_passing_call_commits_and_says_so(app):
    with app.test_request_context():
        assert attempt(TABLE, lambda: _add_sector("a") or 7, "Xong.") == (True, 7)
        db.session.rollback()
        assert _count() == 1 and get_flashed_messages(with_categories=True) == [("success", "Xong.")]


@pytest.mark.parametrize("keep, kept", [((), 0), (("too_many",), 1)])
def test_a_refusal_rolls_back_unless_its_code_is_kept_and_is_flashed(app, keep, kept):
    def call():
        _add_sector("b")
        raise Refused("too_many", n=2)

    with app.test_request_context():
        assert attempt(TABLE, call, "Xong.", keep=keep) == (False, None)
        assert _count() == kept  # rolled back by the adapter …
        db.session.rollback()
        assert _count() == kept  # … or committed by it
        assert get_flashed_messages(with_categories=True) == [("error", "Tối đa 2.")]


def test_a_refusal_goes_under_the_field_it_names_or_is_flashed(app):
    with app.test_request_context(method="POST", data={"name": "x"}):
        form = NameForm()
        attempt(TABLE, raising(Refused("too_many", n=1, field="name")), form=form)
        attempt(TABLE, raising(Refused("too_many", n=2)), form=form, field="name")
        attempt(TABLE, raising(Refused("too_many", n=3, field="nope")), form=form)
        assert form.name.errors == ["Tối đa 1.", "Tối đa 2."]
        assert get_flashed_messages() == ["Tối đa 3."]


def test_an_error_with_a_status_is_answered_with_it(app):
    with app.test_request_context(), pytest.raises(Forbidden):
        attempt(TABLE, raising(Forbidden403("forbidden")))

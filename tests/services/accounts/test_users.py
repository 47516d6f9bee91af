"""The recipient lists: active officers, an organisation's active managers, a person's active accounts."""
from ecosystem.extensions import db
from ecosystem.services.accounts.users import accounts_of, managers_of, officers
from tests import factories as f


def test_officers_are_the_active_officers_only(app):
    first, second = f.make_user("officer"), f.make_user("officer", "admin")
    gone = f.make_user("officer")
    gone.active = False
    f.make_user("admin")
    f.make_user("startup")
    db.session.flush()
    assert officers() == [first, second]


def test_managers_of_an_organisation_are_its_active_managers(app):
    startup, other = f.make_org(), f.make_org()
    member, colleague = f.make_user("startup", manages=[startup]), f.make_user(manages=[startup, other])
    left = f.make_user("startup", manages=[startup])
    left.active = False
    f.make_user("startup", manages=[other])
    db.session.flush()
    assert managers_of(startup.id) == [member, colleague]
    assert managers_of(None) == []


def test_accounts_of_a_person_are_their_active_logins(app):
    person = f.make_person()
    own = f.make_user("mentor", person=person)
    f.make_user("mentor", person=person).active = False
    f.make_user("mentor")
    db.session.flush()
    assert accounts_of(person.id) == [own]
    assert accounts_of(None) == []

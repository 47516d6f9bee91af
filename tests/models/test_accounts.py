"""is_staff: the one answer to "does this user act for the Department?"."""
from flask_login import AnonymousUserMixin

from ecosystem.models import User, UserRole
from ecosystem.models.accounts import is_staff


def user(*roles, active=True) -> User:
    return User(email="x@example.vn", password_hash="-", active=active, roles=[UserRole(role=r) for r in roles])


def test_officers_and_admins_are_staff():
    assert is_staff(user("officer")) and is_staff(user("admin")) and is_staff(user("mentor", "officer"))


def test_others_are_not():
    assert not is_staff(user("startup", "coordinator", "judge"))
    assert not is_staff(user())
    assert not is_staff(AnonymousUserMixin())
    assert not is_staff(None)


def test_a_stored_author_keeps_the_role_it_holds_after_deactivation():
    """A fund entry made by an officer who has since left is still an officer's entry."""
    assert is_staff(user("officer", active=False))

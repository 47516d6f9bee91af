"""Who may do what: one policy function per action, asked by every view and API endpoint.

A route is marked with @guard(action). Object-free policies are decided by the decorator; a
policy that needs the object (declared with needs_object=True) is decided by the view once it
has loaded the object, through require(action, obj). The access test reads the marks from
app.url_map, so no route can be left without a policy.
"""
from functools import wraps
from typing import Callable

from flask import abort, redirect, request, url_for
from flask_login import current_user

from ecosystem.models.accounts import is_staff  # noqa: F401  (policies and views ask it here)

POLICIES: dict[str, Callable] = {}
NEEDS_OBJECT: set[str] = set()


def policy(name: str, needs_object: bool = False):
    """Register a policy function f(user, obj=None) -> bool under an action name."""
    def register(func):
        if name in POLICIES:
            raise ValueError(f"policy {name} registered twice")
        POLICIES[name] = func
        if needs_object:
            NEEDS_OBJECT.add(name)
        return func
    return register


def can(action: str, obj=None, user=None) -> bool:
    """True when user (default: the current user) may perform action on obj."""
    user = current_user if user is None else user
    return bool(POLICIES[action](user, obj))


def _deny():
    if not current_user.is_authenticated:
        if request.path.startswith("/api/"):
            abort(401)
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    abort(403)


def require(action: str, obj=None) -> None:
    """Abort with 403 (or send an anonymous visitor to the login page) unless allowed."""
    if not can(action, obj):
        response = _deny()
        if response is not None:
            abort(response)


def guard(action: str):
    """Mark a route with its policy; decide it here unless the policy needs the loaded object."""
    if action not in POLICIES:
        raise KeyError(f"unknown policy {action}")

    def decorate(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if action in NEEDS_OBJECT:
                if not current_user.is_authenticated and not POLICIES[action](current_user, None):
                    return _deny()
            elif not can(action):
                return _deny()
            return view(*args, **kwargs)
        wrapped.policy = action
        return wrapped
    return decorate


def has_role(user, *roles: str) -> bool:
    return user.is_authenticated and user.has_role(*roles)


def manages(user, org) -> bool:
    return user.is_authenticated and org is not None and org.id in user.managed_org_ids


# --- general -----------------------------------------------------------------------------------

@policy("public")
def _public(user, obj=None):
    return True


@policy("authenticated")
def _authenticated(user, obj=None):
    return user.is_authenticated


@policy("anonymous_only")
def _anonymous_only(user, obj=None):
    """Login and sign-up pages; a signed-in user is sent home by the view instead."""
    return True


@policy("admin")
def _admin(user, obj=None):
    return has_role(user, "admin")


@policy("staff")
def _staff(user, obj=None):
    return is_staff(user)


# --- directory ---------------------------------------------------------------------------------

@policy("org.view", needs_object=True)
def _org_view(user, org=None):
    if org is None:
        return True
    return org.status != "archived" or is_staff(user) or manages(user, org)


@policy("org.create")
def _org_create(user, obj=None):
    return user.is_authenticated


@policy("org.edit", needs_object=True)
def _org_edit(user, org=None):
    if org is None:
        return False
    return is_staff(user) or manages(user, org)


@policy("org.archive", needs_object=True)
def _org_archive(user, org=None):
    return is_staff(user)


@policy("person.view", needs_object=True)
def _person_view(user, person=None):
    if person is None:
        return True
    return not person.archived or is_staff(user)


@policy("person.contact", needs_object=True)
def _person_contact(user, person=None):
    """Contact details on a page: services/directory/contacts.py holds the one rule."""
    from ecosystem.services.directory.contacts import contact_visible
    return contact_visible(user, person)


@policy("person.create")
def _person_create(user, obj=None):
    return is_staff(user) or has_role(user, "coordinator")


@policy("person.edit", needs_object=True)
def _person_edit(user, person=None):
    if person is None:
        return False
    return is_staff(user) or (user.is_authenticated and user.person_id == person.id)


@policy("person.archive", needs_object=True)
def _person_archive(user, person=None):
    return is_staff(user)


@policy("relationship.create", needs_object=True)
def _relationship_create(user, ends=None):
    """ends: (source, target) objects; staff, or someone who manages or is one of the ends."""
    if ends is None:
        return user.is_authenticated
    if is_staff(user):
        return True
    return any(_is_own(user, end) for end in ends)


@policy("relationship.end", needs_object=True)
def _relationship_end(user, rel=None):
    if rel is None:
        return False
    if is_staff(user):
        return True
    return any(_is_own(user, end) for end in (rel.source_person or rel.source_org,
                                              rel.target_person or rel.target_org))


def _is_own(user, end) -> bool:
    from ecosystem.models import Organisation, Person
    if isinstance(end, Organisation):
        return manages(user, end)
    if isinstance(end, Person):
        return user.is_authenticated and user.person_id == end.id
    return False

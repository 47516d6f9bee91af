"""Foundation routes: home, accounts, directory, relationships, notifications, admin, API."""
from tests.access_cases import EVERYONE, SIGNED_IN, STAFF

CASES = [
    ("GET", "/", EVERYONE),
    ("GET", "/healthz", EVERYONE),
    ("GET", "/readyz", EVERYONE),
    ("GET", "/lang/en", EVERYONE),
    ("POST", "/lang/en", EVERYONE),
    ("GET", "/login", EVERYONE),
    ("GET", "/register", EVERYONE),
    ("POST", "/logout", SIGNED_IN),
    ("GET", "/welcome", SIGNED_IN),
    ("GET", "/password/forgot", EVERYONE),
    ("GET", "/password/reset/not-a-token", EVERYONE),
    ("GET", "/password/change", SIGNED_IN),
    ("GET", "/orgs/", EVERYONE),
    ("GET", "/orgs/new", SIGNED_IN),
    ("GET", "/orgs/{startup_a_slug}", EVERYONE),
    ("GET", "/orgs/{archived_slug}", STAFF),
    ("GET", "/orgs/{startup_a_slug}/edit", STAFF | {"startup"}),
    ("GET", "/orgs/{startup_b_slug}/edit", STAFF | {"startup_b"}),
    ("GET", "/orgs/{club_slug}/edit", STAFF | {"coordinator"}),
    ("POST", "/orgs/{startup_b_slug}/archive", STAFF),
    ("GET", "/people/", EVERYONE),
    ("GET", "/people/new", STAFF | {"coordinator"}),
    ("GET", "/people/{mentor_person_id}", EVERYONE),
    ("GET", "/people/{mentor_person_id}/edit", STAFF | {"mentor"}),
    ("POST", "/people/{plain_person_id}/archive", STAFF),
    ("GET", "/relationships/new", SIGNED_IN),
    ("POST", "/relationships/{rel_id}/end", STAFF | {"startup"}),
    ("GET", "/me/notifications", SIGNED_IN),
    ("POST", "/me/notifications/read", SIGNED_IN),
    ("GET", "/admin/outbox", {"admin"}),
    ("GET", "/admin/jobs", {"admin"}),
    ("GET", "/admin/users", STAFF),
    ("GET", "/admin/users/{admin_user_id}", {"admin"}),
    ("GET", "/admin/settings", {"admin"}),
    ("GET", "/api/v1/organisations", EVERYONE),
    ("GET", "/api/v1/wards", EVERYONE),
    ("GET", "/api/v1/organisations/{startup_a_slug}", EVERYONE),
    ("GET", "/api/v1/people/{mentor_person_id}", EVERYONE),
    # Form posts with an empty body: allowed roles get the form back with messages.
    ("POST", "/login", EVERYONE),
    ("POST", "/register", EVERYONE),
    ("POST", "/password/forgot", EVERYONE),
    ("POST", "/password/reset/not-a-token", EVERYONE),
    ("POST", "/password/change", SIGNED_IN),
    ("POST", "/orgs/new", SIGNED_IN),
    ("POST", "/orgs/{startup_a_slug}/edit", STAFF | {"startup"}),
    ("POST", "/people/new", STAFF | {"coordinator"}),
    ("POST", "/people/{mentor_person_id}/edit", STAFF | {"mentor"}),
    ("POST", "/relationships/new", SIGNED_IN),
    ("POST", "/admin/users/{spare_user_id}", {"admin"}),
    ("POST", "/admin/settings", {"admin"}),
    ("POST", "/admin/role-requests/{role_request_id}/approve", STAFF),
    ("POST", "/admin/role-requests/{role_request_id}/decline", STAFF),
    ("POST", "/admin/users/{spare_user_id}/verify", STAFF),
]


def build(world: dict) -> None:
    from ecosystem.extensions import db
    from ecosystem.models import RoleRequest
    from tests.factories import make_user
    world["spare_user_id"] = make_user().id
    asked = RoleRequest(user_id=world["spare_user_id"], role="mentor")
    db.session.add(asked)
    db.session.flush()
    world["role_request_id"] = asked.id

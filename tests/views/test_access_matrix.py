"""Every route × every role: derived from app.url_map so no route can be forgotten."""
import re

import pytest
from werkzeug.routing import RequestRedirect
from werkzeug.exceptions import MethodNotAllowed, NotFound

from ecosystem.extensions import db
from tests import factories as f
from tests.access_cases import ROLES, modules

# Logging out ends the role's session, so it runs last.
ALL_CASES = sorted((case for module in modules() for case in module.CASES),
                   key=lambda case: case[1] == "/logout")


def build_world() -> dict:
    """The standard cast: one user per role, two startups, a club, an archived org, a tie."""
    world: dict = {}
    startup_a = f.make_org("Startup Alpha Thử")
    startup_b = f.make_org("Startup Beta Thử")
    club = f.make_org("CLB Khởi nghiệp Thử", kind="club")
    archived = f.make_org("Tổ chức Đã Lưu Trữ", kind="support_org", status="archived")
    mentor_person = f.make_person("Trần Thị Cố Vấn", mentor_capacity=2)
    plain_person = f.make_person("Lê Văn Thường")
    users = {
        "admin": f.make_user("admin"), "officer": f.make_user("officer"),
        "coordinator": f.make_user("coordinator", manages=[club]),
        "mentor": f.make_user("mentor", person=mentor_person),
        "investor": f.make_user("investor"), "judge": f.make_user("judge"),
        "startup": f.make_user("startup", manages=[startup_a]),
        "startup_b": f.make_user("startup", manages=[startup_b]),
    }
    from ecosystem.models import Relationship
    rel = Relationship(kind="mentor", source_person_id=plain_person.id, target_org_id=startup_a.id)
    db.session.add(rel)
    db.session.flush()
    world.update(startup_a_slug=startup_a.slug, startup_b_slug=startup_b.slug,
                 club_slug=club.slug, archived_slug=archived.slug,
                 mentor_person_id=mentor_person.id, plain_person_id=plain_person.id,
                 rel_id=rel.id, admin_user_id=users["admin"].id, users=users)
    for module in modules():
        if hasattr(module, "build"):
            module.build(world)
    db.session.commit()
    return world


def test_every_route_has_a_policy(app):
    """Each endpoint is marked by permissions.guard (static files aside)."""
    unmarked = [rule.endpoint for rule in app.url_map.iter_rules()
                if rule.endpoint != "static"
                and not hasattr(app.view_functions[rule.endpoint], "policy")]
    assert unmarked == []


def test_every_route_is_in_the_matrix(app):
    """Each (endpoint, method) of url_map appears in at least one case."""
    adapter = app.url_map.bind("localhost")
    covered = set()
    for method, template, _allowed in ALL_CASES:
        try:
            endpoint, _args = adapter.match(_sample_path(template), method=method)
        except (NotFound, MethodNotAllowed, RequestRedirect) as error:
            pytest.fail(f"case {method} {template} matches no route: {error!r}")
        covered.add((endpoint, method))
    missing = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            if (rule.endpoint, method) not in covered:
                missing.append(f"{method} {rule.rule}")
    assert sorted(missing) == []


def _sample_path(template: str) -> str:
    """Fill placeholders with digits so int converters match when only checking coverage."""
    return re.sub(r"\{[a-z_]+\}", "1", template.split("?")[0])


def _login(client, user):
    from tests.conftest import login
    response = login(client, user.email)
    assert response.status_code == 302


def test_access_matrix(app):
    world = build_world()
    failures = []
    for role in ROLES:
        client = app.test_client()
        if role != "anon":
            _login(client, world["users"][role])
        for method, template, allowed in ALL_CASES:
            url = template.format(**world)
            response = client.open(url, method=method, data={})
            status = response.status_code
            location = response.headers.get("Location", "")
            if role in allowed:
                # An API write with an empty body passed the policy when its body is refused (422).
                passed = status < 400 or (url.startswith("/api/") and status == 422)
                ok = passed and "/login?" not in location
            elif role == "anon":
                ok = status == 401 or (status == 302 and "/login" in location)
            else:
                ok = status in (403, 404)
            if not ok:
                failures.append(f"{role:11} {method} {url} → {status} {location}")
    assert failures == []

"""The directory and matching writes of the JSON API (people, relationships, startup profiles,
introduction requests, suggestions to me): each route × role, with the same answers as the pages.

An allowed caller's empty body is refused with 422 (or, for a write without a body, done); the
others get 401/403/404 before the body is read.
"""
from tests.access_cases import EVERYONE, SIGNED_IN, STAFF

V1 = "/api/v1"
STARTUP = STAFF | {"startup"}

CASES = [
    ("PATCH", V1 + "/people/{mentor_person_id}", STAFF | {"mentor"}),
    ("POST", V1 + "/relationships", SIGNED_IN),
    ("POST", V1 + "/relationships/{apidir_rel_id}/end", STARTUP),
    ("GET", V1 + "/startups/{startup_a_slug}/profile", EVERYONE),
    ("GET", V1 + "/startups/{archived_startup_slug}/profile", STAFF),
    ("PATCH", V1 + "/startups/{startup_a_slug}/profile", STARTUP),
    ("GET", V1 + "/matching/startups/{startup_a_slug}/paths?target=p:{mentor_person_id}", STARTUP),
    ("POST", V1 + "/matching/startups/{startup_a_slug}/introductions", STARTUP),
    ("GET", V1 + "/matching/me/suggestions", {"mentor", "investor"}),
]


def build(world: dict) -> None:
    from ecosystem.extensions import db
    from ecosystem.models import Relationship
    from ecosystem.services.directory.records import find_org_by_slug
    from tests import factories as f
    rel = Relationship(kind="mentor", source_person_id=world["plain_person_id"],
                       target_org_id=find_org_by_slug(world["startup_a_slug"]).id)
    db.session.add(rel)
    archived = f.make_org("Startup Đã Lưu Trữ Thử", status="archived")
    db.session.flush()
    world["apidir_rel_id"] = rel.id  # its own, so ending it leaves the pages' one current
    world["archived_startup_slug"] = archived.slug

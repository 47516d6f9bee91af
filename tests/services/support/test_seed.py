"""The demo part of the support pipeline: every state, some overdue, the demo mentor busy."""
from datetime import datetime, timezone

from sqlalchemy import func, select

from ecosystem.extensions import db
from ecosystem.models.support import StartupExtras, SupportRequest, SupportRequestEvent
from ecosystem.seeders import DemoContext
from ecosystem.seeders import support as demo
from ecosystem.services.support import queries as q
from ecosystem.services.support.queries import assigned_query
from tests import factories as f


def _context(app) -> DemoContext:
    orgs = {key: f.make_org(f"Startup {key}") for key in ("nongnghiepxanh", "hoclieuso", "x1")}
    orgs["biic"] = f.make_org("Vườn ươm BIIC Thử", kind="incubator")
    people = {"ngo_pham_hai_nhi": f.make_person("Ngô Phạm Hải Nhi", mentor_capacity=3),
              "plain": f.make_person("Người Thường")}
    users = {u.email: u for u in (
        f.make_user("startup", manages=[orgs["nongnghiepxanh"]]),
        f.make_user("officer"), f.make_user("mentor", person=people["ngo_pham_hai_nhi"]))}
    return DemoContext(seeds_dir=app.config["SEEDS_DIR"], orgs=orgs, people=people, users=users)


def test_demo_requests_cover_every_state_with_history(app):
    ctx = _context(app)
    demo.seed(ctx)
    db.session.commit()
    states = dict(db.session.execute(select(SupportRequest.state, func.count())
                                     .group_by(SupportRequest.state)).all())
    assert set(states) == {"draft", "submitted", "triaged", "assigned", "in_progress", "resolved",
                           "declined", "withdrawn"}
    for req in db.session.scalars(select(SupportRequest)):
        assert req.events[-1].to_state == req.state and req.events[0].action == "create"
        assert [e.at for e in req.events] == sorted(e.at for e in req.events)
    now = datetime.now(timezone.utc)
    assert any(q.is_overdue(r, now) for r in db.session.scalars(select(SupportRequest)))
    mentor = next(u for u in ctx.users.values() if u.has_role("mentor"))
    assert len(db.session.scalars(assigned_query(mentor)).all()) >= 3
    assert db.session.scalar(select(func.count(StartupExtras.organisation_id))) == 3
    assert db.session.get(StartupExtras, ctx.orgs["nongnghiepxanh"].id).pitch_deck is not None


def test_demo_part_survives_a_demo_without_startups(app):
    demo.seed(DemoContext(seeds_dir=app.config["SEEDS_DIR"]))
    assert db.session.scalar(select(func.count(SupportRequestEvent.id))) == 0

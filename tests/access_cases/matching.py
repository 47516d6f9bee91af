"""Matching routes: a startup's suggestions for its managers and staff; introductions for their ends;
cohort plans for coordinators of the cohort's organisation and staff."""
from tests.access_cases import SIGNED_IN, STAFF

STARTUP = STAFF | {"startup"}
START = "/matching/startups/{startup_a_slug}"
INTRO = "/intros/{intro_id}"
PLAN = "/cohorts/{plan_id}"

CASES = [
    ("GET", START, STARTUP),
    ("POST", START + "/verdict", STARTUP),
    ("GET", START + "/paths?target=p:{mentor_person_id}", STARTUP),
    ("POST", START + "/intros", STARTUP),
    ("GET", START + "/mentors/{mentor_person_id}/rate", STARTUP),
    ("POST", START + "/mentors/{mentor_person_id}/rate", STARTUP),
    ("GET", "/matching/startups/{club_slug}", set()),  # not a startup: nobody
    ("GET", "/api/v1/matching/startups/{startup_a_slug}/suggestions", STARTUP),
    ("GET", "/matching/mine", {"mentor", "investor"}),
    ("POST", "/matching/mine/verdict", {"mentor", "investor"}),
    ("GET", "/intros/", SIGNED_IN),
    # requested: the requester (startup), the connector (the club's coordinator) and staff see it;
    # the target (the mentor) only once the connector has passed it on.
    ("GET", INTRO, STAFF | {"startup", "coordinator"}),
    ("POST", INTRO + "/decide", {"coordinator"}),
    ("POST", INTRO + "/withdraw", {"startup"}),
    ("GET", "/cohorts/", STAFF | {"coordinator"}),
    ("GET", "/cohorts/new", STAFF | {"coordinator"}),
    ("POST", "/cohorts/new", STAFF | {"coordinator"}),
    ("GET", PLAN, STAFF | {"coordinator"}),
    ("POST", PLAN + "/rows/{plan_row_id}", STAFF | {"coordinator"}),
    ("POST", PLAN + "/optimise", STAFF | {"coordinator"}),
    ("POST", PLAN + "/confirm", STAFF | {"coordinator"}),
    ("POST", PLAN + "/discard", STAFF | {"coordinator"}),
]


def build(world: dict) -> None:
    """An introduction startup A → the mentor, through the club; a cohort plan of the club."""
    from ecosystem.extensions import db
    from ecosystem.models import CohortPlan, CohortRow, Introduction, Organisation, Relationship

    club = db.session.query(Organisation).filter_by(slug=world["club_slug"]).one()
    startup = db.session.query(Organisation).filter_by(slug=world["startup_a_slug"]).one()
    db.session.add(Relationship(kind="club_member", source_org_id=startup.id, target_org_id=club.id))
    intro = Introduction(startup_id=startup.id, target_person_id=world["mentor_person_id"],
                         connector_org_id=club.id, path=[], status="requested")
    plan = CohortPlan(title="Đợt thử", cohort_org_id=club.id, cohort_kind="members",
                      pool=[world["mentor_person_id"]])
    plan.rows = [CohortRow(startup_id=startup.id)]
    db.session.add_all([intro, plan])
    db.session.flush()
    world.update(intro_id=intro.id, plan_id=plan.id, plan_row_id=plan.rows[0].id)

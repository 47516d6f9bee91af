"""Demo matching: mentors' ratings, two warm introductions (one waiting for the club's coordinator,
one accepted by both sides) and a draft cohort plan for the TDMU startup club.

Everything goes through the matching services, so the demo obeys the same rules as the product.
The few ties the introductions travel on are added as relationships of the demo.
"""
from flask import current_app
from sqlalchemy import select

from ecosystem.extensions import db
from ecosystem.models import Relationship
from ecosystem.services.matching import cohorts
from ecosystem.services.matching import introductions
from ecosystem.services.matching import suggestions as matching
from ecosystem.services.directory.relations import create_relationship

COMMENTS = {5: "Góp ý sát thực tế, giới thiệu được khách hàng đầu tiên.",
            4: "Nhiệt tình, lịch gặp đều đặn hằng tháng."}


def _tie(kind, source, target) -> None:
    column = Relationship.source_person_id if hasattr(source, "full_name") else Relationship.source_org_id
    exists = db.session.scalar(select(Relationship.id).where(
        Relationship.kind == kind, column == source.id, Relationship.target_org_id == target.id))
    if exists is None:
        create_relationship(kind, source, target, None, source="demo-matching")


def _rate_mentors(ctx) -> None:
    """A rating for most mentoring ties of the demo (4 or 5 stars, by the startup's manager)."""
    managers = {org_id: user for user in ctx.users.values() for org_id in user.managed_org_ids}
    ties = db.session.execute(select(Relationship.source_person_id, Relationship.target_org_id)
                              .where(Relationship.kind == "mentor")
                              .order_by(Relationship.id)).all()
    people = {p.id: p for p in ctx.people.values()}
    orgs = {o.id: o for o in ctx.orgs.values()}
    for n, (person_id, org_id) in enumerate(ties):
        if n % 4 == 3 or person_id not in people or org_id not in orgs:
            continue
        rating = 5 if n % 3 else 4
        rater = managers.get(org_id) or next(iter(ctx.users.values()))
        matching.rate_mentor(orgs[org_id], people[person_id], rating, COMMENTS[rating], rater)


def _introduce(startup, target_key, requester, message):
    """A request along the best current path whose first connector can answer."""
    for path in matching.paths_to(startup, target_key):
        if path.connector and introductions.approvers(path.connector):
            return introductions.request_introduction(startup, target_key, path.connector,
                                                      requester, message)
    return None


def seed(ctx) -> None:
    orgs, people, users = ctx.orgs, ctx.people, ctx.users
    needed = ("nongnghiepxanh", "hoclieuso", "club_tdmu")
    if not all(k in orgs for k in needed) or not {"ngo_pham_hai_nhi", "quach_hoai_huyen"} <= set(people):
        return
    with current_app.test_request_context():
        club = orgs["club_tdmu"]
        _tie("club_member", orgs["nongnghiepxanh"], club)
        _tie("club_member", people["quach_hoai_huyen"], club)
        _tie("club_member", people["ngo_pham_hai_nhi"], club)
        db.session.flush()
        _rate_mentors(ctx)
        startup_user = users.get("startup@demo.sokhcn.vn")
        second_user = users.get("startup2@demo.sokhcn.vn")
        if startup_user:
            _introduce(orgs["nongnghiepxanh"], ("person", people["quach_hoai_huyen"].id),
                       startup_user, "Chúng tôi đang gọi vốn vòng seed cho cảm biến vườn cây, "
                                     "mong được chị Huyền góp ý.")
        if second_user:
            accepted = _introduce(orgs["hoclieuso"], ("person", people["ngo_pham_hai_nhi"].id),
                                  second_user, "Xin được gặp chị Nhi về tiêu chuẩn học liệu số.")
            if accepted is not None:
                for user in introductions.approvers(accepted.connector_key):
                    introductions.decide(accepted, user, True, "Rất sẵn lòng giới thiệu.")
                    break
                target = introductions.approvers(accepted.target_key)
                if target and accepted.status == "forwarded":
                    introductions.decide(accepted, target[0], True, "Hẹn gặp tại CLB tuần sau.")
        coordinator = users.get("coordinator@demo.sokhcn.vn")
        if coordinator and cohorts.cohort_startup_ids(club, "members"):
            cohorts.create_plan(coordinator, club, "members", "all",
                                "Ghép cố vấn CLB Khởi nghiệp TDMU – quý I/2026")

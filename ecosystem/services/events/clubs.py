"""Clubs: membership requests decided by coordinators; members are club_member relationships."""
from flask_babel import gettext as _
from sqlalchemy import or_, select

from ecosystem.clock import local_today
from ecosystem.extensions import db
from ecosystem.models import ClubMembershipRequest, Organisation, Relationship
from ecosystem.models.base import utcnow
from ecosystem.services.accounts.users import managers_of
from ecosystem.services.platform.audit import log_action
from ecosystem.services.platform.errors import DomainError
from ecosystem.services.platform.notifications import notify
from ecosystem.services.directory.relations import create_relationship


class ClubError(DomainError):
    """A refused club membership request or decision."""


def clubs(q: str = "") -> list[Organisation]:
    from ecosystem.text import fold
    query = select(Organisation).where(Organisation.kind == "club", Organisation.status != "archived")
    if q:
        query = query.where(Organisation.search_key.contains(fold(q)))
    return list(db.session.scalars(query.order_by(Organisation.name)))


def members(club: Organisation) -> list[Relationship]:
    """Current club_member ties to this club (people and startups)."""
    return list(db.session.scalars(select(Relationship).where(
        Relationship.kind == "club_member", Relationship.target_org_id == club.id,
        or_(Relationship.ended_on.is_(None), Relationship.ended_on >= local_today()))
        .order_by(Relationship.started_on.desc().nulls_last(), Relationship.id.desc())))


def _membership(club: Organisation, person_id=None, org_id=None) -> Relationship | None:
    column = (Relationship.source_person_id == person_id if person_id
              else Relationship.source_org_id == org_id)
    return db.session.scalar(select(Relationship).where(
        Relationship.kind == "club_member", Relationship.target_org_id == club.id, column,
        or_(Relationship.ended_on.is_(None), Relationship.ended_on >= local_today())).limit(1))


def pending_requests(club: Organisation) -> list[ClubMembershipRequest]:
    return list(db.session.scalars(select(ClubMembershipRequest).where(
        ClubMembershipRequest.club_id == club.id, ClubMembershipRequest.status == "pending")
        .order_by(ClubMembershipRequest.created_at)))


def applicant_startups(user) -> list[Organisation]:
    """The startups a user may ask to join on behalf of: those they manage."""
    return [m.organisation for m in user.managed if m.organisation.kind == "startup"]


def request_membership(club: Organisation, user, org: Organisation | None = None,
                       message: str | None = None) -> ClubMembershipRequest:
    """Ask to join for oneself (the account's person) or for a startup one manages."""
    if club.kind != "club":
        raise ClubError("not_a_club")
    if org is not None and org.id not in user.managed_org_ids:
        raise ClubError("not_your_org")
    if org is None and not user.person_id:
        raise ClubError("needs_person")
    person_id, org_id = (None, org.id) if org is not None else (user.person_id, None)
    if _membership(club, person_id, org_id):
        raise ClubError("already_member")
    pending = db.session.scalar(select(ClubMembershipRequest).where(
        ClubMembershipRequest.club_id == club.id, ClubMembershipRequest.status == "pending",
        ClubMembershipRequest.person_id == person_id if person_id else
        ClubMembershipRequest.org_id == org_id))
    if pending:
        raise ClubError("already_requested")
    req = ClubMembershipRequest(club_id=club.id, person_id=person_id, org_id=org_id,
                                requested_by_id=user.id, message=(message or "").strip() or None)
    db.session.add(req)
    db.session.flush()
    log_action(user.id, "club.request", "organisation", club.id, request=req.id)
    applicant = org.name if org is not None else (user.person.full_name if user.person else user.email)
    notify(managers_of(club.id), "clubs.request",
           lambda: (_("Yêu cầu gia nhập %(club)s", club=club.name),
                    _("%(who)s muốn gia nhập câu lạc bộ.", who=applicant)),
           link=f"/clubs/{club.slug}/members")
    return req


def decide_request(req: ClubMembershipRequest, accept: bool, actor) -> Relationship | None:
    """Accept (a club_member tie from today, which the graph picks up) or decline; the asker is told."""
    if req.status != "pending":
        raise ClubError("already_decided")
    req.status = "accepted" if accept else "declined"
    req.decided_by_id, req.decided_at = actor.id, utcnow()
    rel = None
    if accept:
        rel = _membership(req.club, req.person_id, req.org_id)
        if rel is None:
            rel = create_relationship("club_member", req.applicant, req.club, actor,
                                      started_on=local_today())
            rel.source = "club_request"
        req.relationship_id = rel.id
    log_action(actor.id, "club.accept" if accept else "club.decline", "organisation", req.club_id,
               request=req.id)
    club = req.club
    if accept:
        compose = lambda: (_("Bạn đã là thành viên %(club)s", club=club.name),  # noqa: E731
                           _("Điều phối viên đã chấp nhận yêu cầu gia nhập câu lạc bộ."))
    else:
        compose = lambda: (_("Yêu cầu gia nhập %(club)s chưa được chấp nhận", club=club.name),  # noqa: E731
                           _("Điều phối viên đã từ chối yêu cầu gia nhập câu lạc bộ."))
    notify([req.requested_by], "clubs.decision", compose, link=f"/clubs/{club.slug}")
    db.session.flush()
    return rel


def own_request(club: Organisation, user) -> ClubMembershipRequest | None:
    if not user.is_authenticated:
        return None
    return db.session.scalar(select(ClubMembershipRequest).where(
        ClubMembershipRequest.club_id == club.id, ClubMembershipRequest.requested_by_id == user.id)
        .order_by(ClubMembershipRequest.id.desc()).limit(1))

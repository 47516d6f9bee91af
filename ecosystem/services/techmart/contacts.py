"""Contact through the platform: an organisation asks an offer's owner to talk; contact details of
both sides are shown only once the owner accepts (the double opt-in of warm introductions)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select

from ecosystem.extensions import db
from ecosystem.models import Organisation, TechContactRequest, TechOffer, User
from ecosystem.models.base import utcnow
from ecosystem.services.matching.introductions import approvers
from ecosystem.services.platform.audit import log_action
from ecosystem.services.platform.notifications import notify
from ecosystem.services.techmart.pipeline import TechmartError


def org_users(org_id: int) -> list[User]:
    """The accounts that answer for an organisation (its managers)."""
    return approvers(("org", org_id))


def _tell(users, kind: str, title, body, params: dict, link: str) -> None:
    notify(users, kind, lambda: (title, body % params), link=link)


def request_contact(offer: TechOffer, requester: Organisation, user, message: str | None = None,
                    demand_id: int | None = None) -> TechContactRequest:
    """Ask the owner of an offer to get in touch; one open or accepted request per pair."""
    if offer.status != "published":
        raise TechmartError("offer_withdrawn")
    if requester.id == offer.organisation_id:
        raise TechmartError("own_offer")
    if requester.id not in user.managed_org_ids:
        raise TechmartError("not_your_org")
    if db.session.scalar(select(TechContactRequest.id).where(
            TechContactRequest.offer_id == offer.id, TechContactRequest.requester_org_id == requester.id,
            TechContactRequest.status.in_(("requested", "accepted")))):
        raise TechmartError("already_requested")
    row = TechContactRequest(offer_id=offer.id, requester_org_id=requester.id, requested_by_id=user.id,
                             demand_id=demand_id, message=(message or "").strip()[:2000] or None)
    db.session.add(row)
    db.session.flush()
    log_action(user.id, "techmart.contact.request", "tech_contact_request", row.id)
    _tell(org_users(offer.organisation_id), "techmart.contact", _l("Đề nghị liên hệ về công nghệ"),
          _l("%(org)s muốn trao đổi về công nghệ “%(offer)s”."), {"org": requester.name, "offer": offer.title},
          f"/techmart/contacts/{row.id}")
    return row


def decide_contact(row: TechContactRequest, user, accept: bool) -> TechContactRequest:
    """The offer owner's answer; accepting shows each side the other's contact details."""
    db.session.refresh(row, with_for_update=True)
    if row.status != "requested":
        raise TechmartError("not_open")
    row.status = "accepted" if accept else "declined"
    row.decided_by_id, row.decided_at = user.id, utcnow()
    db.session.flush()
    log_action(user.id, "techmart.contact.decide", "tech_contact_request", row.id, status=row.status)
    body = (_l("%(org)s đã đồng ý trao đổi về “%(offer)s”. Thông tin liên hệ đã hiển thị.") if accept
            else _l("%(org)s chưa thể trao đổi về “%(offer)s” lúc này."))
    _tell(org_users(row.requester_org_id), "techmart.contact", _l("Trả lời đề nghị liên hệ"), body,
          {"org": row.offer.organisation.name, "offer": row.offer.title}, f"/techmart/contacts/{row.id}")
    return row


def withdraw_contact(row: TechContactRequest, user) -> None:
    if row.status != "requested":
        raise TechmartError("not_open")
    row.status = "withdrawn"
    db.session.flush()
    log_action(user.id, "techmart.contact.withdraw", "tech_contact_request", row.id)


def sides(row: TechContactRequest, user) -> set[str]:
    """Which ends of a request the user answers for: requester, owner."""
    if not user.is_authenticated:
        return set()
    managed = user.managed_org_ids
    return ({"requester"} if row.requester_org_id in managed else set()) | (
        {"owner"} if row.offer.organisation_id in managed else set())


def _details(org: Organisation, asker: User | None = None) -> dict:
    return {"name": org.name, "email": org.email or (asker.email if asker else None), "phone": org.phone,
            "website": org.website}


def contact_details(row: TechContactRequest, user) -> dict | None:
    """The other side's contact details, once the owner has accepted; None before."""
    mine = sides(row, user)
    if row.status != "accepted" or not mine:
        return None
    if "requester" in mine:
        owner = row.offer.organisation
        decider = db.session.get(User, row.decided_by_id) if row.decided_by_id else None
        return _details(owner, decider)
    asker = db.session.get(User, row.requested_by_id) if row.requested_by_id else None
    return _details(row.requester, asker)


def contacts_of(user) -> list[TechContactRequest]:
    """Requests a user's organisations sent or received, newest first."""
    ids = list(user.managed_org_ids)
    if not ids:
        return []
    return list(db.session.scalars(
        select(TechContactRequest).join(TechOffer, TechOffer.id == TechContactRequest.offer_id)
        .where(or_(TechContactRequest.requester_org_id.in_(ids), TechOffer.organisation_id.in_(ids)))
        .order_by(TechContactRequest.id.desc())))


def accepted_between(org_a: int, org_b: int) -> bool:
    """Have these two organisations an accepted contact request, either way round?"""
    return bool(db.session.scalar(
        select(TechContactRequest.id).join(TechOffer, TechOffer.id == TechContactRequest.offer_id).where(
            TechContactRequest.status == "accepted",
            or_((TechContactRequest.requester_org_id == org_a) & (TechOffer.organisation_id == org_b),
                (TechContactRequest.requester_org_id == org_b) & (TechOffer.organisation_id == org_a)))))

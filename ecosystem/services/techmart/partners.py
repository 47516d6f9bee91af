"""International partners: an organisation abroad is flagged with its ISO 3166 country and kind; a
cooperation agreement is a 'cooperation_agreement' relationship (signed → started_on, expiry →
ended_on) whose title and scope live beside it, so the graph and the map see the partnership."""
from __future__ import annotations

from datetime import date

from babel import Locale
from sqlalchemy import select

from ecosystem.clock import local_today
from ecosystem.extensions import db
from ecosystem.models import CooperationAgreement, InternationalPartner, Organisation, Relationship
from ecosystem.models.base import utcnow
from ecosystem.models.partners import PARTNER_KINDS
from ecosystem.services.directory.relations import create_relationship
from ecosystem.services.platform.audit import log_action
from ecosystem.services.techmart.pipeline import TechmartError

AGREEMENT = "cooperation_agreement"


def country_names(locale: str = "vi") -> dict[str, str]:
    """ISO 3166-1 alpha-2 codes and their names in the reader's language (Babel's CLDR data)."""
    names = Locale.parse(locale).territories
    return dict(sorted(((code, name) for code, name in names.items() if len(code) == 2 and code.isalpha()
                        and code not in ("EU", "EZ", "UN", "QO", "XA", "XB", "XK", "ZZ")),
                       key=lambda item: item[1]))


def set_partner(org: Organisation, country: str, partner_kind: str, actor) -> InternationalPartner:
    """Flag an organisation as abroad (or change its country or kind)."""
    country = (country or "").strip().upper()
    if country not in country_names("en") or country == "VN":
        raise TechmartError("country_unknown", "country")
    if partner_kind not in PARTNER_KINDS:
        raise TechmartError("partner_kind_unknown", "partner_kind")
    row = db.session.get(InternationalPartner, org.id)
    if row is None:
        row = InternationalPartner(organisation_id=org.id)
        db.session.add(row)
    row.country, row.partner_kind = country, partner_kind
    org.updated_at = utcnow()  # the network map's directory stamp moves: the node's country changed
    db.session.flush()
    log_action(actor.id if actor else None, "techmart.partner.set", "organisation", org.id, country=country)
    return row


def partner_of(org: Organisation) -> InternationalPartner | None:
    return db.session.get(InternationalPartner, org.id)


def partners(country: str = "") -> list[InternationalPartner]:
    query = select(InternationalPartner).join(Organisation).where(Organisation.status != "archived")
    if country:
        query = query.where(InternationalPartner.country == country)
    return list(db.session.scalars(query.order_by(InternationalPartner.country, Organisation.name)))


def record_agreement(domestic: Organisation, partner: Organisation, actor, *, title: str, scope: str,
                     signed_on: date, expires_on: date | None = None) -> CooperationAgreement:
    """A signed cooperation agreement between a domestic organisation and a partner abroad."""
    if partner_of(partner) is None:
        raise TechmartError("not_a_partner", "partner")
    if partner_of(domestic) is not None:
        raise TechmartError("domestic_required", "organisation")
    title, scope = (title or "").strip(), (scope or "").strip()
    if not title or not scope:
        raise TechmartError("agreement_text_required", "scope")
    if signed_on is None or signed_on > local_today():
        raise TechmartError("agreement_signed_future", "signed_on")
    if expires_on is not None and expires_on < signed_on:
        raise TechmartError("agreement_expiry_order", "expires_on")
    rel = create_relationship(AGREEMENT, domestic, partner, actor, started_on=signed_on, ended_on=expires_on,
                              source="techmart", note=title[:200])
    row = CooperationAgreement(relationship_id=rel.id, title=title, scope=scope, signed_on=signed_on,
                               expires_on=expires_on)
    db.session.add(row)
    db.session.flush()
    return row


def agreements(org: Organisation | None = None) -> list[CooperationAgreement]:
    """Agreements, newest first; of one organisation (either party) when given."""
    query = select(CooperationAgreement).join(Relationship, Relationship.id == CooperationAgreement.relationship_id)
    if org is not None:
        query = query.where((Relationship.source_org_id == org.id) | (Relationship.target_org_id == org.id))
    return list(db.session.scalars(query.order_by(CooperationAgreement.signed_on.desc())))


def map_countries() -> dict[int, str]:
    """Organisation id → country of every partner abroad (the others are in Việt Nam)."""
    return dict(db.session.execute(select(InternationalPartner.organisation_id, InternationalPartner.country)).all())

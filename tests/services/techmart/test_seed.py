"""The demo technology market: as large as the issue promises, every deal state, a past Techmart
with results, and nothing added twice."""
from collections import Counter

from sqlalchemy import func, select

from ecosystem.clock import local_today
from ecosystem.extensions import db
from ecosystem.models import (Organisation, Relationship, TechDeal, TechDemand, TechmartSession, TechOffer)
from ecosystem.models.base import as_utc, utcnow
from ecosystem.seeding import load_demo
from ecosystem.services.techmart.sessions import session_report


def count(model) -> int:
    return db.session.scalar(select(func.count(model.id)))


def test_the_demo_market(app):
    assert load_demo(app.config["SEEDS_DIR"], password_hasher=lambda p: "x")["loaded"]
    db.session.commit()
    assert count(TechOffer) >= 40 and count(TechDemand) == 20
    kinds = Counter(db.session.scalars(select(Organisation.kind).join(TechOffer, TechOffer.organisation_id == Organisation.id)))
    assert set(kinds) <= {"university", "research_institute", "fablab"} and kinds["university"] >= 20
    assert set(db.session.scalars(select(Organisation.kind).join(
        TechDemand, TechDemand.organisation_id == Organisation.id))) == {"enterprise"}
    assert set(db.session.scalars(select(TechDeal.state))) == {"interest", "nda", "negotiation", "contract",
                                                               "completed", "abandoned"}
    signed = list(db.session.scalars(select(TechDeal).where(TechDeal.state.in_(("contract", "completed")))))
    assert all(d.relationship_id and d.contract_date <= local_today() for d in signed)
    assert db.session.scalar(select(func.count(Relationship.id)).where(
        Relationship.kind == "technology_transfer", Relationship.source == "techmart")) == len(signed)
    past = [s for s in db.session.scalars(select(TechmartSession)) if as_utc(s.event.ends_at) < utcnow()]
    assert len(past) == 1
    report = session_report(past[0])
    assert report["held"] >= 5 and report["deals"] == 6 and report["contracts"] == 2 and report["contract_value"] > 0
    before = (count(TechOffer), count(TechDemand), count(TechDeal))
    assert not load_demo(app.config["SEEDS_DIR"])["loaded"]
    assert (count(TechOffer), count(TechDemand), count(TechDeal)) == before


def test_the_demo_ip_records_labs_and_partners(app):
    from ecosystem.models import CooperationAgreement, InternationalPartner, IPRecord, Lab, LabRequest
    from ecosystem.services.techmart.labs import warn_expiring
    assert load_demo(app.config["SEEDS_DIR"], password_hasher=lambda p: "x")["loaded"]
    db.session.commit()
    records = list(db.session.scalars(select(IPRecord)))
    assert len(records) >= 10 and any(r.person_id for r in records) and any(r.support_request_id for r in records)
    assert {r.status for r in records} >= {"filed", "granted"}
    hosts = set(db.session.scalars(select(Organisation.slug).join(Lab, Lab.organisation_id == Organisation.id)))
    assert hosts == {"vgu", "tdmu", "eiu", "vien_vlx"} and len(list(db.session.scalars(select(LabRequest)))) == 1
    countries = set(db.session.scalars(select(InternationalPartner.country)))
    assert len(countries) >= 2 and len(list(db.session.scalars(select(CooperationAgreement)))) >= 3
    assert warn_expiring() == 1  # the lab expiring in 40 days

"""International partners and the digest: a partner abroad has an ISO 3166 country, an agreement is a
graph relationship with its terms, the map filters by country; the digest lists a month's offers,
demands, upcoming sessions and results, goes to opted-in people once per edition in their language."""
from datetime import date, datetime, time

import pytest
from sqlalchemy import func, select, update

from ecosystem.clock import LOCAL_TZ
from ecosystem.extensions import db
from ecosystem.models import DigestSend, OutboxMessage, Relationship, TechDemand, TechOffer
from ecosystem.services.dashboard.network_map import MapFilter, filter_graph
from ecosystem.services.dashboard import network_figures
from ecosystem.services.techmart import digest, partners
from ecosystem.services.techmart.pipeline import TechmartError
from tests import factories as f
from tests.techmart_factories import make_demand, make_offer


def test_a_partner_abroad_and_a_cooperation_agreement_on_the_graph(app):
    officer = f.make_user("officer")
    uni, abroad = f.make_org("Trường Đại học Trong Nước", kind="university"), f.make_org("Kyoto Lab", kind="university")
    with pytest.raises(TechmartError) as error:
        partners.set_partner(abroad, "XX", "university", officer)
    assert error.value.code == "country_unknown"
    with pytest.raises(TechmartError):
        partners.set_partner(abroad, "VN", "university", officer)  # a partner abroad is not in Việt Nam
    partners.set_partner(abroad, "jp", "university", officer)
    assert partners.partner_of(abroad).country == "JP" and partners.partners("JP")[0].organisation == abroad
    with pytest.raises(TechmartError) as error:
        partners.record_agreement(uni, abroad, officer, title="MoU", scope="x", signed_on=date(2025, 5, 1),
                                  expires_on=date(2024, 1, 1))
    assert error.value.code == "agreement_expiry_order"
    with pytest.raises(TechmartError) as error:
        partners.record_agreement(abroad, uni, officer, title="MoU", scope="x", signed_on=date(2025, 5, 1))
    assert error.value.code == "not_a_partner"
    made = partners.record_agreement(uni, abroad, officer, title="MoU trao đổi", scope="Trao đổi giảng viên",
                                     signed_on=date(2025, 5, 1), expires_on=date(2030, 5, 1))
    rel = db.session.get(Relationship, made.relationship_id)
    assert rel.kind == "cooperation_agreement" and rel.started_on == date(2025, 5, 1) and rel.ended_on == date(2030, 5, 1)
    assert (rel.source_org_id, rel.target_org_id) == (uni.id, abroad.id)
    assert partners.agreements(abroad) == [made] and partners.map_countries() == {abroad.id: "JP"}
    assert "JP" in partners.country_names("vi") and partners.country_names("vi")["JP"] == "Nhật Bản"


def test_the_network_map_filters_by_country(app):
    officer = f.make_user("officer")
    uni, abroad = f.make_org("Trường Đại học Bản Đồ", kind="university"), f.make_org("Fraunhofer Thử", kind="research_institute")
    partners.set_partner(abroad, "DE", "research_institute", officer)
    partners.record_agreement(uni, abroad, officer, title="MoU", scope="Vật liệu", signed_on=date(2025, 1, 1))
    db.session.commit()
    nodes = network_figures.node_attributes()
    assert nodes[f"o{abroad.id}"]["country"] == "DE" and nodes[f"o{uni.id}"]["country"] == "VN"
    graph = network_figures.ecosystem_graph()
    assert set(filter_graph(graph, MapFilter(countries=frozenset({"DE"})))) == {f"o{abroad.id}"}
    both = filter_graph(graph, MapFilter(countries=frozenset({"DE", "VN"})))
    assert both.has_edge(f"o{uni.id}", f"o{abroad.id}")


def _created(model, row, day: date) -> None:
    db.session.execute(update(model).where(model.id == row.id)
                       .values(created_at=datetime.combine(day, time(10), LOCAL_TZ)))


def test_an_edition_holds_the_months_offers_and_demands_for_signed_in_readers(app):
    offer, old = make_offer(title="Công nghệ tháng Mười"), make_offer(title="Công nghệ cũ")
    demand = make_demand(title="Nhu cầu tháng Mười")
    _created(TechOffer, offer, date(2026, 10, 15))
    _created(TechOffer, old, date(2026, 9, 30))
    _created(TechDemand, demand, date(2026, 10, 2))
    db.session.expire_all()
    public = digest.digest_content("2026-10", with_demands=False)
    assert [o.title for o in public["offers"]] == ["Công nghệ tháng Mười"] and public["demands"] == []
    assert [d.title for d in digest.digest_content("2026-10", with_demands=True)["demands"]] == ["Nhu cầu tháng Mười"]
    for bad in ("2026-13", "26-10", "x"):
        with pytest.raises(TechmartError):
            digest.edition_bounds(bad)
    assert digest.previous_edition(date(2027, 1, 3)) == "2026-12" and digest.previous_edition(date(2026, 11, 1)) == "2026-10"


def test_the_digest_goes_to_opted_in_people_once_per_edition_in_their_language(app):
    reader, english, other = f.make_user("startup"), f.make_user("mentor", locale="en"), f.make_user("startup")
    offer = make_offer(title="Công nghệ bản tin")
    _created(TechOffer, offer, date(2026, 10, 15))
    assert digest.set_subscription(reader, True) and not digest.set_subscription(reader, True)
    digest.set_subscription(english, True)
    assert {u.id for u in digest.subscribers()} == {reader.id, english.id}
    assert digest.send_edition("2026-10") == 2
    assert digest.send_edition("2026-10") == 0  # exactly once per edition and recipient
    mails = {m.to: m for m in db.session.scalars(select(OutboxMessage))}
    assert set(mails) == {reader.email, english.email} and other.email not in mails
    assert mails[reader.email].subject == "Bản tin Chợ công nghệ tháng 2026-10"
    assert mails[english.email].subject == "Technology market digest 2026-10"
    assert "New technology offers" in mails[english.email].body
    assert "Công nghệ bản tin" in mails[reader.email].body and "/techmart/digest/2026-10" in mails[reader.email].body
    digest.set_subscription(reader, False)
    assert digest.send_edition("2026-11") == 1
    assert db.session.scalar(select(func.count(DigestSend.id))) == 3

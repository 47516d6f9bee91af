"""Contact requests hide details until accepted; deals move along the pipeline with history, and a
signed contract becomes a 'technology_transfer' edge of the graph that an abandonment ends."""
from datetime import date

import pytest

from ecosystem.extensions import db
from ecosystem.models import Relationship, TechDealEvent
from ecosystem.models.techmart import DealHistoryIsAppendOnly
from ecosystem.services.matching.graph_store import forget_graph, fresh_graph
from ecosystem.services.techmart import contacts, deals
from ecosystem.services.techmart.pipeline import TechmartError
from tests import factories as f
from tests.techmart_factories import make_demand, make_offer


@pytest.fixture
def sides(app):
    uni = f.make_org("Trường Đại học Bán Thử", kind="university", email="cgcn@truong.example.vn", phone="0274 1")
    ent = f.make_org("Công ty Mua Thử", kind="enterprise", email="kythuat@congty.example.vn")
    seller, buyer = f.make_user("startup", manages=[uni]), f.make_user("startup", manages=[ent])
    return {"offer": make_offer(org=uni), "uni": uni, "ent": ent, "seller": seller, "buyer": buyer}


def test_contact_details_appear_for_both_sides_only_after_the_owner_accepts(sides):
    row = contacts.request_contact(sides["offer"], sides["ent"], sides["buyer"], "Xin trao đổi")
    assert contacts.contact_details(row, sides["buyer"]) is None
    assert contacts.contact_details(row, sides["seller"]) is None
    with pytest.raises(TechmartError) as error:
        contacts.request_contact(sides["offer"], sides["ent"], sides["buyer"])
    assert error.value.code == "already_requested"
    contacts.decide_contact(row, sides["seller"], accept=True)
    assert contacts.contact_details(row, sides["buyer"])["email"] == "cgcn@truong.example.vn"
    assert contacts.contact_details(row, sides["seller"])["email"] == "kythuat@congty.example.vn"
    assert contacts.contact_details(row, f.make_user("officer")) is None
    assert contacts.accepted_between(sides["uni"].id, sides["ent"].id)
    with pytest.raises(TechmartError):
        contacts.decide_contact(row, sides["seller"], accept=False)


def test_an_owner_cannot_ask_to_contact_itself(sides):
    with pytest.raises(TechmartError) as error:
        contacts.request_contact(sides["offer"], sides["uni"], sides["seller"])
    assert error.value.code == "own_offer"


def test_a_deal_runs_to_contract_adds_a_graph_edge_and_keeps_its_history(sides):
    forget_graph()
    demand = make_demand(org=sides["ent"])
    deal = deals.start_deal(sides["offer"], sides["ent"], sides["buyer"], demand_id=demand.id)
    with pytest.raises(TechmartError) as error:
        deals.start_deal(sides["offer"], sides["ent"], sides["buyer"])
    assert error.value.code == "deal_exists"
    deals.move_deal(deal, "nda", sides["seller"], note="NDA ký ngày 5/1")
    deals.move_deal(deal, "negotiation", sides["buyer"])
    with pytest.raises(TechmartError) as error:
        deals.move_deal(deal, "contract", sides["seller"], value=650_000_000, form="licence",
                        day=date(2026, 2, 1), today=date(2026, 1, 31))
    assert error.value.code == "date_in_future"
    deals.move_deal(deal, "contract", sides["seller"], value=650_000_000, form="licence", day=date(2026, 1, 20),
                    today=date(2026, 1, 31))
    db.session.commit()
    rel = db.session.get(Relationship, deal.relationship_id)
    assert (rel.kind, rel.source_org_id, rel.target_org_id, rel.amount_vnd) == (
        "technology_transfer", sides["uni"].id, sides["ent"].id, 650_000_000)
    assert [e.to_state for e in deal.events] == ["interest", "nda", "negotiation", "contract"]
    assert deal.events[1].note == "NDA ký ngày 5/1"
    with fresh_graph() as graph:
        kinds = {t.kind for t in graph.ties(("org", sides["uni"].id))}
    assert "technology_transfer" in kinds
    deals.move_deal(deal, "completed", sides["buyer"])
    assert deal.state == "completed"
    with pytest.raises(TechmartError):
        deals.move_deal(deal, "abandoned", sides["buyer"], reason="muộn")


def test_abandoning_needs_a_reason_and_ends_a_signed_transfer(sides):
    deal = deals.start_deal(sides["offer"], sides["ent"], sides["buyer"])
    with pytest.raises(TechmartError) as error:
        deals.move_deal(deal, "abandoned", sides["buyer"], reason="")
    assert error.value.code == "reason_required"
    deals.move_deal(deal, "negotiation", sides["buyer"])
    deals.move_deal(deal, "contract", sides["seller"], value=1, form="service", day=date(2025, 6, 1),
                    today=date(2025, 7, 1))
    deals.move_deal(deal, "abandoned", sides["seller"], reason="Bên mua chấm dứt hợp đồng", today=date(2025, 7, 1))
    rel = db.session.get(Relationship, deal.relationship_id)
    assert rel.ended_on == date(2025, 7, 1) and deal.abandoned_reason == "Bên mua chấm dứt hợp đồng"
    assert deal.events[-1].note == "Bên mua chấm dứt hợp đồng"


def test_the_history_is_append_only(sides):
    deal = deals.start_deal(sides["offer"], sides["ent"], sides["buyer"])
    db.session.commit()
    row = db.session.scalars(db.select(TechDealEvent).where(TechDealEvent.deal_id == deal.id)).one()
    row.note = "sửa lại"
    with pytest.raises(DealHistoryIsAppendOnly):
        db.session.flush()
    db.session.rollback()
    with pytest.raises(DealHistoryIsAppendOnly):
        db.session.delete(db.session.get(TechDealEvent, row.id))
        db.session.flush()
    db.session.rollback()


def test_weights_saved_before_the_transfer_kind_still_build_the_graph(app):
    """An officer's override of matching.kind_weights from before this kind existed lacks it."""
    from ecosystem.services.platform.settings import defaults, set_setting
    old = {k: v for k, v in defaults()["matching.kind_weights"].items() if k != "technology_transfer"}
    set_setting("matching.kind_weights", {**old, "mentor": 0.5}, None)
    db.session.commit()
    forget_graph()
    with fresh_graph() as graph:
        assert graph.kind_weights["technology_transfer"] == defaults()["matching.kind_weights"]["technology_transfer"]
        assert graph.kind_weights["mentor"] == 0.5

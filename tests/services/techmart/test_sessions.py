"""Techmart sessions: booths get slots, a slot is booked once, a visitor never twice at one time, the
optimal plan books meetings, the report counts them; suggestions carry reasons from the graph."""
from datetime import date, timedelta

import pytest
from sqlalchemy import update

from ecosystem.extensions import db
from ecosystem.models import Relationship, TechmartSlot
from ecosystem.models.base import utcnow
from ecosystem.services.matching.graph_store import forget_graph
from ecosystem.services.techmart import deals, planning, sessions
from ecosystem.services.techmart.pipeline import TechmartError
from ecosystem.services.techmart.suggestions import demands_for_offer, offers_for_demand
from tests import factories as f
from tests.techmart_factories import make_demand, make_offer, make_session, sector


@pytest.fixture
def market(app):
    officer = f.make_user("officer")
    uni, lab = f.make_org("Trường Đại học Gian Hàng", kind="university"), f.make_org("FabLab Gian Hàng", kind="fablab")
    ent, ent2 = f.make_org("Công ty Khách Một", kind="enterprise"), f.make_org("Công ty Khách Hai", kind="enterprise")
    session = make_session(officer)
    booth = sessions.add_booth(session, uni, [make_offer(org=uni)], 2, officer)
    booth2 = sessions.add_booth(session, lab, [make_offer(org=lab, title="Máy in 3D kim loại")], 2, officer)
    return {"officer": officer, "session": session, "booth": booth, "booth2": booth2, "ent": ent, "ent2": ent2,
            "user": f.make_user("startup", manages=[ent]), "user2": f.make_user("startup", manages=[ent2])}


def test_a_booth_gets_consecutive_slots_and_refuses_more_than_the_session_holds(market):
    slots = market["booth"].slots
    assert len(slots) == 2 and slots[1].starts_at - slots[0].starts_at == timedelta(minutes=30)
    other = f.make_org("Viện Quá Tải", kind="research_institute")
    with pytest.raises(TechmartError) as error:
        sessions.add_booth(market["session"], other, [make_offer(org=other)], 5, market["officer"])  # 2 h / 30 min
    assert error.value.code == "capacity_range"
    with pytest.raises(TechmartError) as error:
        sessions.add_booth(market["session"], other, [make_offer()], 1, market["officer"])
    assert error.value.code == "offers_of_exhibitor"


def test_a_slot_is_booked_once_and_a_visitor_is_never_in_two_places(market):
    first = market["booth"].slots[0]
    sessions.book_slot(first, market["ent"], market["user"])
    with pytest.raises(TechmartError) as error:
        sessions.book_slot(first, market["ent2"], market["user2"])
    assert error.value.code == "slot_taken"
    same_time = market["booth2"].slots[0]
    with pytest.raises(TechmartError) as error:
        sessions.book_slot(same_time, market["ent"], market["user"])
    assert error.value.code == "visitor_busy"
    with pytest.raises(TechmartError) as error:
        sessions.book_slot(market["booth"].slots[1], market["ent2"], market["user"])
    assert error.value.code == "not_your_org"


def test_the_unique_key_refuses_a_double_booking_that_slips_past_the_check(market):
    """Two requests both pass visitor_busy; the database still keeps one meeting per visitor and time."""
    a, b = market["booth"].slots[0], market["booth2"].slots[0]
    db.session.execute(update(TechmartSlot).where(TechmartSlot.id == a.id).values(visitor_org_id=market["ent"].id))
    with pytest.raises(Exception):
        with db.session.begin_nested():
            db.session.execute(update(TechmartSlot).where(TechmartSlot.id == b.id)
                               .values(visitor_org_id=market["ent"].id))


def test_cancel_frees_the_slot_and_held_meetings_count_in_the_report(market):
    slot = market["booth"].slots[0]
    sessions.book_slot(slot, market["ent"], market["user"])
    sessions.cancel_slot(slot, market["user"])
    assert slot.visitor_org_id is None
    sessions.book_slot(slot, market["ent2"], market["user2"])
    sessions.mark_held(slot, market["officer"])
    offer = market["booth"].offers[0]
    deal = deals.start_deal(offer, market["ent2"], market["user2"], session_id=market["session"].id)
    deals.move_deal(deal, "negotiation", market["user2"])
    deals.move_deal(deal, "contract", market["officer"], value=400_000_000, form="licence", day=date(2025, 1, 2))
    report = sessions.session_report(market["session"])
    assert (report["slots"], report["booked"], report["held"], report["deals"], report["contracts"],
            report["contract_value"]) == (4, 1, 1, 1, 1, 400_000_000)


def test_a_past_slot_cannot_be_booked(market):
    slot = market["booth"].slots[0]
    with pytest.raises(TechmartError) as error:
        sessions.book_slot(slot, market["ent"], market["user"], now=utcnow() + timedelta(days=30))
    assert error.value.code == "slot_past"


def test_the_optimal_plan_books_each_demand_at_its_best_booth_within_capacity(market):
    make_demand(org=market["ent"])
    make_demand(org=market["ent2"], title="Nhu cầu không khớp", sectors=[sector("fintech").id])
    pairings = planning.plan_session(market["session"])
    assert [(p.demand.organisation_id, p.match.score > 0) for p in pairings] == [(market["ent"].id, True)]
    assert planning.apply_plan(market["session"], market["officer"]) == 1
    booked = [s for b in market["session"].booths for s in b.slots if s.visitor_org_id == market["ent"].id]
    assert len(booked) == 1
    assert planning.plan_session(market["session"])[0].booth.id != booked[0].booth_id  # the other booth next


def test_suggestions_explain_the_fit_on_both_sides_with_the_graph(app):
    forget_graph()
    uni, ent = f.make_org("Trường Đại học Gợi Ý", kind="university"), f.make_org("Công ty Gợi Ý", kind="enterprise")
    club = f.make_org("CLB Chung", kind="club")
    db.session.add_all([Relationship(kind="partner", source_org_id=uni.id, target_org_id=club.id),
                        Relationship(kind="partner", source_org_id=ent.id, target_org_id=club.id)])
    offer = make_offer(org=uni)
    make_offer(title="Không cùng lĩnh vực", sectors=[sector("fintech").id])
    demand = make_demand(org=ent)
    db.session.commit()
    with app.test_request_context():
        found = offers_for_demand(demand)
        assert [s.item.id for s in found] == [offer.id]
        texts = [text for text, _negative in found[0].reasons]
        assert any("CLB Chung" in t for t in texts) and any("TRL 7" in t for t in texts)
        assert [s.item.id for s in demands_for_offer(offer)] == [demand.id]

"""Demo technology market: 40 offers from the demo's universities, institute and fablabs, 20 demands
of its enterprises (seeds/demo/techmart.json, invented technologies), a past virtual Techmart with
meetings and results, an upcoming one open for booking, and deals in every state of the pipeline.
Everything goes through the techmart services, so the demo obeys their rules."""
import json
from datetime import date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import select

from ecosystem.clock import local_today
from ecosystem.extensions import db
from ecosystem.models import OrgManager, Sector, User, UserRole
from ecosystem.models.base import as_utc
from ecosystem.services.accounts.credentials import hash_password
from ecosystem.services.techmart import contacts, deals, demands, offers, sessions

SELLER_EMAIL = "chuyengiao@demo.sokhcn.vn"  # manages the universities, institute and fablabs that offer
SELLER_PASSWORD = "demo-chuyengiao-2026"
BUYER_EMAIL = "quy.khcn@demo.sokhcn.vn"  # the funds demo's enterprise login, if it exists
# (offer index, demand index, final state, contract value, days after the past Techmart)
DEALS = [(0, 0, "completed", 950_000_000, 20), (5, 8, "contract", 480_000_000, 35), (11, 1, "negotiation", None, 0),
         (23, 3, "nda", None, 0), (1, 14, "interest", None, 0), (20, 9, "abandoned", None, 0)]
STEPS = {"interest": [], "nda": ["nda"], "negotiation": ["nda", "negotiation"],
         "contract": ["nda", "negotiation", "contract"], "completed": ["nda", "negotiation", "contract", "completed"],
         "abandoned": ["negotiation", "abandoned"]}


def _user(ctx, email: str, password: str, orgs) -> User:
    user = ctx.users.get(email) or db.session.scalar(select(User).where(User.email == email))
    if user is None:
        user = User(email=email, password_hash=hash_password(password), locale="vi")
        user.roles = [UserRole(role="startup")]
        db.session.add(user)
        db.session.flush()
    for org in orgs:
        if org.id not in user.managed_org_ids:
            db.session.add(OrgManager(user_id=user.id, organisation_id=org.id))
    db.session.flush()
    db.session.refresh(user)
    return user


def _local(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour, 0))


def _offers(ctx, data, sectors, seller) -> list:
    made = []
    for row in data["offers"]:
        fields = {**row, "sectors": [sectors[c].id for c in row["sectors"]],
                  "ip_date": date.fromisoformat(row["ip_date"]) if row["ip_date"] else None}
        made.append(offers.save_offer(ctx.orgs[row["org"]], fields, seller))
    return made


def _demands(ctx, data, sectors, actor) -> list:
    made = []
    for n, row in enumerate(data["demands"]):
        fields = {**row, "sectors": [sectors[c].id for c in row["sectors"]],
                  "deadline": local_today() + timedelta(days=60 + 15 * n)}
        made.append(demands.save_demand(ctx.orgs[row["org"]], fields, actor))
    return made


def _session(officer, organiser, day: date, title: str, booths, made_offers):
    session = sessions.create_session({"title": title, "organiser_id": organiser.id, "starts_at": _local(day, 8),
                                       "ends_at": _local(day, 12), "online_url": "https://techmart.demo.sokhcn.vn/phong-1",
                                       "meeting_minutes": 30, "description": "Techmart trực tuyến: gian hàng công "
                                       "nghệ của các trường, viện, fablab và lịch gặp 1:1 với doanh nghiệp."}, officer)
    for org, indices, capacity in booths:
        sessions.add_booth(session, org, [made_offers[i] for i in indices], capacity, officer)
    return session


def _book_past(session, pairs, officer) -> None:
    """Meetings of the past Techmart, booked (as they were, the day before) and held."""
    for booth_index, visitor, demand in pairs:
        booth = session.booths[booth_index]
        slot = next(s for s in booth.slots if s.visitor_org_id is None and not sessions.visitor_busy(s, visitor.id))
        sessions.book_slot(slot, visitor, officer, demand.id, now=as_utc(slot.starts_at) - timedelta(days=1),
                           on_behalf=True)
        sessions.mark_held(slot, officer)


def _deals(made_offers, made_demands, session, officer, past_day: date) -> None:
    for offer_i, demand_i, final, value, after in DEALS:
        offer, demand = made_offers[offer_i], made_demands[demand_i]
        deal = deals.start_deal(offer, demand.organisation, officer, demand_id=demand.id, session_id=session.id,
                                note="Gặp tại Techmart trực tuyến")
        for step in STEPS[final]:
            if step == "contract":
                deals.move_deal(deal, "contract", officer, value=value, form="licence",
                                day=min(past_day + timedelta(days=after), local_today()))
            elif step == "abandoned":
                deals.move_deal(deal, "abandoned", officer, reason="Chi phí đầu tư dây chuyền ép vượt khả năng")
            else:
                deals.move_deal(deal, step, officer)


def seed(ctx) -> None:
    path = Path(ctx.seeds_dir, "demo", "techmart.json")
    users = list(ctx.users.values())
    officer = next((u for u in users if u.has_role("officer")), None)
    if officer is None or not path.exists() or any(k not in ctx.orgs for k in ("vgu", "tdmu", "ent_cokhi", "dost_binhduong")):
        return
    data = json.loads(path.read_text(encoding="utf-8"))
    sectors = {s.code: s for s in db.session.scalars(select(Sector))}
    sellers = {row["org"] for row in data["offers"]}
    seller = _user(ctx, SELLER_EMAIL, SELLER_PASSWORD, [ctx.orgs[k] for k in sorted(sellers)])
    made_offers = _offers(ctx, data, sectors, seller)
    made_demands = _demands(ctx, data, sectors, officer)
    organiser = ctx.orgs["dost_binhduong"]
    past_day = local_today() - timedelta(days=75)
    o = ctx.orgs
    past = _session(officer, organiser, past_day, "Techmart trực tuyến Bình Dương – Công nghệ sản xuất xanh",
                    [(o["vgu"], [0, 1, 4], 6), (o["tdmu"], [5, 6, 8], 6), (o["eiu"], [10, 11], 6),
                     (o["vien_vlx"], [20, 23], 6)], made_offers)
    _book_past(past, [(0, o["ent_cokhi"], made_demands[0]), (2, o["ent_cokhi"], made_demands[1]),
                      (1, o["ent_moitruong"], made_demands[8]), (3, o["ent_go"], made_demands[3]),
                      (0, o["ent_dien"], made_demands[14]), (3, o["ent_moitruong"], made_demands[9]),
                      (1, o["ent_duoc"], made_demands[12])], officer)
    _deals(made_offers, made_demands, past, officer, past_day)
    contacts.request_contact(made_offers[2], o["ent_cokhi"], _user(ctx, BUYER_EMAIL, "demo-quy-2026", [o["ent_cokhi"]]),
                             "Chúng tôi quan tâm điện mặt trời mái nhà cho xưởng 2.")
    _session(officer, organiser, local_today() + timedelta(days=21), "Techmart trực tuyến – Nông nghiệp và thực phẩm",
             [(o["tdmu_biofablab"], [25, 26, 28], 6), (o["biic_fablab"], [31, 34], 4), (o["vsc_fablab"], [35, 36], 4)],
             made_offers)

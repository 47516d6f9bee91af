"""Small factories for the technology market: an offer, a demand, a Techmart session with a booth."""
from datetime import datetime, timedelta

from ecosystem.clock import local_now
from ecosystem.extensions import db
from ecosystem.models import Sector
from ecosystem.services.techmart import demands, offers, sessions
from tests import factories as f


def sector(code: str = "manufacturing") -> Sector:
    found = db.session.query(Sector).filter_by(code=code).one_or_none()
    return found or f.make_sector(code, f"Lĩnh vực {code}", f"Sector {code}")


def make_offer(org=None, actor=None, **data):
    org = org or f.make_org("Trường Đại học Thử Nghiệm", kind="university")
    fields = {"title": "Bộ điều khiển biến tần tiết kiệm điện", "summary": "Giảm 20 % điện năng cho động cơ.",
              "trl": 7, "ip_status": "patent", "ip_number": "1-0012345", "ip_date": datetime(2022, 5, 4).date(),
              "transfer_forms": ["licence"], "price_min_vnd": 300_000_000, "price_max_vnd": 900_000_000,
              "sectors": [sector().id]}
    fields.update(data)
    return offers.save_offer(org, fields, actor)


def make_demand(org=None, actor=None, **data):
    org = org or f.make_org("Công ty Cơ khí Thử", kind="enterprise")
    fields = {"title": "Giảm tiêu thụ điện của dây chuyền", "problem": "Động cơ chạy non tải tốn điện.",
              "trl_wanted": 6, "budget_min_vnd": 200_000_000, "budget_max_vnd": 1_000_000_000, "deadline": None,
              "fund_cofunding": False, "sectors": [sector().id]}
    fields.update(data)
    return demands.save_demand(org, fields, actor)


def make_session(actor, organiser=None, days: int = 7, hours: int = 2, minutes: int = 30):
    organiser = organiser or f.make_org("Sở KH&CN Thử", kind="government")
    start = (local_now() + timedelta(days=days)).replace(hour=9, minute=0, second=0, microsecond=0, tzinfo=None)
    return sessions.create_session({"title": "Techmart Thử", "organiser_id": organiser.id, "starts_at": start,
                                    "ends_at": start + timedelta(hours=hours), "online_url": "https://meet.example.vn/x",
                                    "meeting_minutes": minutes}, actor)

"""A small ecosystem for the matching service, view and browser tests.

Nông Sản Xanh (seed, high-tech agriculture, needs mentoring and investment) is a resident of the
incubator and a member of the club. Chị Lan mentors another startup, belongs to the club and
knows Anh Minh through the club; Anh Minh is an angel investor. Quỹ Sông Bé is a fund.
"""
from dataclasses import dataclass

import pytest

from ecosystem.extensions import db
from ecosystem.models import InvestorProfile
from ecosystem.services.directory.relations import create_relationship
from tests.factories import make_org, make_person, make_sector, make_user

CITY = "Thành phố Hồ Chí Minh"


@dataclass
class World:
    agri: object
    startup: object
    other: object
    incubator: object
    club: object
    founder: object
    lan: object
    hoa: object
    minh: object
    fund: object
    startup_user: object
    lan_user: object
    minh_user: object
    coordinator: object
    officer: object
    fund_user: object


def build_world() -> World:
    agri = make_sector("agritech", "Nông nghiệp công nghệ cao", "High-tech agriculture")
    fin = make_sector("fintech", "Công nghệ tài chính", "Fintech")
    incubator = make_org("Vườn ươm Becamex Thử", kind="incubator")
    club = make_org("CLB Khởi nghiệp TDMU Thử", kind="club")
    startup = make_org("Nông Sản Xanh", stage="seed", city=CITY, former_province="Bình Dương")
    startup.sectors = [agri]
    startup.startup.needs = ["mentoring", "investment"]
    startup.startup.funding_sought_vnd = 2_000_000_000
    startup.startup.product = "Cảm biến độ ẩm cho vườn sầu riêng"
    other = make_org("Ví Việt Thử", stage="pre_seed", city=CITY)
    other.sectors = [fin]
    founder = make_person("Lê Văn Sáng", languages=["vi", "en"], email="sang@example.vn")
    lan = make_person("Trần Thị Lan", mentor_capacity=2, languages=["vi"], city=CITY,
                      email="lan@example.vn", phone="0909 000 111")
    lan.sectors = [agri]
    lan.mentor.topics, lan.mentor.stages = ["mentoring", "trade"], ["seed"]
    hoa = make_person("Đỗ Thị Hoa", mentor_capacity=1, languages=["en"], city=CITY)
    hoa.sectors = [fin]
    hoa.mentor.topics, hoa.mentor.stages = ["ip"], ["idea"]
    minh = make_person("Phạm Văn Minh", languages=["vi"], email="minh@example.vn",
                       phone="0912 345 678", contact_visibility="private")
    minh.investor = InvestorProfile(stages=["seed"], ticket_min_vnd=1_000_000_000,
                                    ticket_max_vnd=5_000_000_000, geography="Việt Nam",
                                    sectors=[agri])
    fund = make_org("Quỹ Sông Bé Thử", kind="fund")
    fund.investor = InvestorProfile(stages=["series_a_plus"], ticket_min_vnd=10_000_000_000,
                                    geography="Đông Nam Bộ", sectors=[fin])
    db.session.flush()
    officer = make_user("officer")
    for kind, a, b in [("founder", founder, startup), ("resident", startup, incubator),
                       ("club_member", startup, club), ("mentor", lan, other),
                       ("club_member", lan, club), ("club_member", minh, club),
                       ("member", lan, incubator)]:
        create_relationship(kind, a, b, officer)
    users = dict(
        startup_user=make_user("startup", manages=[startup], email="startup@example.vn"),
        lan_user=make_user("mentor", person=lan, email="lan.user@example.vn"),
        minh_user=make_user("investor", person=minh, email="minh.user@example.vn"),
        coordinator=make_user("coordinator", manages=[club, incubator], email="coord@example.vn"),
        fund_user=make_user("investor", manages=[fund], email="fund@example.vn"),
    )
    db.session.commit()
    return World(agri, startup, other, incubator, club, founder, lan, hoa, minh, fund,
                 officer=officer, **users)


@pytest.fixture
def request_ctx(app):
    """Services that render words read the locale of a request; give them one."""
    with app.test_request_context():
        yield

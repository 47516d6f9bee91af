"""Random and hand-built profiles for the scoring tests."""
import random

from ecosystem.matching.profiles import (
    InvestorProfile, MentorProfile, PortfolioCompany, StartupProfile,
)

MENTOR_WEIGHTS = {"expertise": 3.0, "stage_fit": 1.5, "mentored_stage": 1.25, "sector": 2.0,
                  "language": 0.5, "location": 0.75, "capacity": 0.4, "proximity": 1.1,
                  "feedback": 0.9}
INVESTOR_WEIGHTS = {"sector": 3.0, "stage": 2.0, "ticket": 1.5, "geography": 0.6,
                    "portfolio_conflict": 2.5, "co_investment": 0.8}
SECTORS = ["Nông nghiệp công nghệ cao", "Công nghệ tài chính", "Y sinh", "Logistics", "Giáo dục"]
SKILLS = ["marketing", "gọi vốn", "sở hữu trí tuệ", "pháp lý", "sản xuất", "xuất khẩu", "AI"]
STAGES = ["idea", "pre_seed", "seed", "series_a"]
LANGS = ["vi", "en", "ja", "ko"]
PROVINCES = ["Hồ Chí Minh", "Đồng Nai", "Tây Ninh"]
ORGS = {i: f"CLB {i}" for i in range(1, 7)}
PRODUCTS = ["drone phun thuốc", "ví điện tử", "xét nghiệm nhanh", "kho lạnh", "học trực tuyến"]


def subset(rng, items, most=3):
    return frozenset(rng.sample(items, rng.randint(0, min(most, len(items)))))


def random_startup(rng: random.Random, sid: int, investor_ids=()) -> StartupProfile:
    orgs = subset(rng, list(ORGS), 2)
    investors = subset(rng, list(investor_ids), 2) if investor_ids else frozenset()
    return StartupProfile(
        id=sid, name=f"Startup {sid}", stage=rng.choice(STAGES + [None]),
        sectors=subset(rng, SECTORS, 2), needs=subset(rng, SKILLS, 3),
        languages=subset(rng, LANGS, 2), province=rng.choice(PROVINCES + [None]),
        funding_sought=rng.choice([None, 0, 500_000_000, 2_000_000_000, 9_000_000_000]),
        orgs={i: ORGS[i] for i in orgs}, investors={i: f"Quỹ {i}" for i in investors},
        competitors=subset(rng, list(range(1000, 1012)), 2), products=subset(rng, PRODUCTS, 2),
    )


def random_mentor(rng: random.Random, mid: int) -> MentorProfile:
    capacity = rng.randint(0, 4)
    rated = rng.random() < 0.6
    return MentorProfile(
        id=mid, name=f"Mentor {mid}", expertise=subset(rng, SKILLS, 3),
        sectors=subset(rng, SECTORS, 2), stages=subset(rng, STAGES, 2),
        languages=subset(rng, LANGS, 2), province=rng.choice(PROVINCES + [None]),
        capacity=capacity, active_mentees=rng.randint(0, capacity),
        mentored_by_stage={s: rng.randint(0, 4) for s in subset(rng, STAGES, 3)},
        feedback_rating=rng.uniform(1, 5) if rated else None,
        feedback_count=rng.randint(1, 20) if rated else 0,
        orgs={i: ORGS[i] for i in subset(rng, list(ORGS), 2)},
    )


def random_investor(rng: random.Random, iid: int, investor_ids=()) -> InvestorProfile:
    low = rng.choice([None, 100_000_000, 1_000_000_000])
    high = rng.choice([None, 3_000_000_000, 10_000_000_000])
    portfolio = tuple(PortfolioCompany(cid, f"Danh mục {cid}", subset(rng, PRODUCTS, 1))
                      for cid in rng.sample(range(1000, 1012), rng.randint(0, 3)))
    partners = subset(rng, list(investor_ids), 3) if investor_ids else frozenset()
    return InvestorProfile(
        id=iid, name=f"Quỹ {iid}", sectors=subset(rng, SECTORS, 2), stages=subset(rng, STAGES, 2),
        ticket_min=low, ticket_max=high, provinces=subset(rng, PROVINCES, 1),
        portfolio=portfolio, co_investors=frozenset(partners),
    )

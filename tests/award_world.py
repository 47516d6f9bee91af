"""A small award world for service, view, privacy and browser tests: a live provincial contest, startups,
four judges (one tied to startup A in the graph), accepted entries and an open screening round."""
import json
from datetime import date
from pathlib import Path

from ecosystem.extensions import db
from ecosystem.models import Relationship
from ecosystem.services.awards.catalogue import install_setup
from ecosystem.services.awards.setup_checks import shift_setup
from tests import factories as f

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
JUDGE_NAMES = ("Phạm Minh Khoa", "Lê Thu Hà", "Trần Quốc Bảo", "Võ Thị Lan", "Đặng Văn Hùng")
SCREENING_GOOD = {"novelty": 20, "feasibility": 18, "market": 15, "team": 10, "impact": 10}  # 73


def live_setup(today: date, code: str = "bd-startup-live") -> dict:
    """The provincial rule set moved so that today falls in the middle of its submission window."""
    data = json.loads((SEEDS / "awards" / "binh_duong_startup_2024.json").read_text(encoding="utf-8"))
    return shift_setup(data, (today - date(2024, 5, 20)).days, code=code, year=today.year)


def make_startup(name: str, manager=None, registered=date(2022, 3, 1), city="Bình Dương"):
    org = f.make_org(name, city=city, first_registered_on=registered)
    user = manager or f.make_user("startup", manages=[org], person=f.make_person(f"Sáng lập {name}"))
    db.session.add(Relationship(kind="founder", source_person_id=user.person_id, target_org_id=org.id))
    db.session.flush()
    return org, user


def make_judge(name: str, email: str | None = None):
    person = f.make_person(name, is_judge=True)
    return person, f.make_user("judge", person=person, email=email)


def build(today: date, judges: int = 4, open_round: bool = True) -> dict:
    """Cycle, two accepted startup entries, judges on the screening panel, conflicts scanned, k judges each."""
    from ecosystem.services.awards import judging
    from ecosystem.services.awards.conflicts import scan_conflicts
    from ecosystem.services.awards.nominations import screen_nomination, start_nomination, submit_nomination
    officer = f.make_user("officer", email="officer-awards@example.vn")
    cycle = install_setup(live_setup(today), officer)
    category = next(c for c in cycle.categories if c.code == "startup")
    screening = cycle.rounds[0]
    org_a, user_a = make_startup("Startup Sen Vàng", None)
    org_b, user_b = make_startup("Startup Lúa Xanh", None)
    people = [make_judge(name, email=f"judge{i}-awards@example.vn")
              for i, name in enumerate(JUDGE_NAMES[:judges], start=1)]
    tied = people[-1][0]  # invested in startup A in 2024: found in the graph
    db.session.add(Relationship(kind="investor", source_person_id=tied.id, target_org_id=org_a.id,
                                started_on=date(today.year - 1, 3, 1)))
    answers = {"product": "Máy sấy nông sản", "innovation": "Năng lượng mặt trời",
               "results": "120 khách hàng", "impact": "Giảm hao hụt sau thu hoạch"}
    entries = []
    for org, user in ((org_a, user_a), (org_b, user_b)):
        entry = start_nomination(cycle, category, user, {"title": f"Dự án của {org.name}", "answers": answers,
                                                         "entrant_org_id": org.id}, today)
        submit_nomination(entry, user, today)
        screen_nomination(entry, officer, "accept", None)
        entries.append(entry)
    judging.set_panel(screening, category, [p.id for p, _ in people], officer)
    scan_conflicts(cycle, officer, today)
    if open_round:
        judging.confirm_assignment(screening, officer)
        judging.open_round(screening, officer)
    db.session.commit()
    return {"cycle": cycle, "category": category, "round": screening, "officer": officer,
            "orgs": (org_a, org_b), "owners": (user_a, user_b), "judges": people, "tied": tied,
            "entries": entries}

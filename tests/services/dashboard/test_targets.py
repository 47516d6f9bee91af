"""Programme targets: loaded as data, added, retired, measured against their figures."""
import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from ecosystem.extensions import db
from ecosystem.models import AuditEntry, ProgrammeTarget
from ecosystem.services.dashboard import targets as svc
from tests import factories as f

SEEDS = Path(__file__).resolve().parents[3] / "seeds"
T = Decimal("1")


@pytest.mark.parametrize("comparator, current, goal, baseline, expected", [
    ("<=", 15, 7, 21, ("not_met", 6 / 14)),   # ICF rank 21 → 7, now 15
    ("<=", 7, 7, 21, ("met", 1.0)),
    (">", 12, None, 10, ("met", None)),        # more S&T enterprises than in 2020
    (">", 10, None, 10, ("not_met", None)),
    (">=", 30, 40, None, ("not_met", 0.75)),   # 40 % of enterprises innovating
    ("≈", Decimal("44.2"), 45, None, ("met", 44.2 / 45)),
    ("≈", Decimal("43.9"), 45, None, ("not_met", 43.9 / 45)),
    (">", None, 50, None, ("no_data", None)),
    (">", 5, None, None, ("no_data", None)),
])
def test_evaluate(comparator, current, goal, baseline, expected):
    as_dec = lambda v: None if v is None else Decimal(str(v))  # noqa: E731
    status, share = svc.evaluate(comparator, as_dec(current), as_dec(goal), as_dec(baseline), T)
    assert status == expected[0]
    assert share == (pytest.approx(expected[1]) if expected[1] is not None else None)


def test_seed_file_loads_once_with_owner_period_baseline(app):
    data = json.loads((SEEDS / "targets.json").read_text(encoding="utf-8"))
    assert svc.load_targets(str(SEEDS)) == len(data["targets"])
    assert svc.load_targets(str(SEEDS)) == 0
    icf = db.session.scalar(select(ProgrammeTarget).where(ProgrammeTarget.code == "icf_rank"))
    assert (icf.baseline_value, icf.target_value, icf.comparator) == ("21", "7", "<=")
    assert icf.owner("vi") == "UBND tỉnh Bình Dương" and icf.legal_basis == "BD_KHCN_DMST_2022"
    share = db.session.scalar(select(ProgrammeTarget).where(ProgrammeTarget.code == "enterprises_innovating_share_2030"))
    assert (share.target_value, share.period_end) == ("40", date(2030, 12, 31))


def test_computed_target_against_its_2020_baseline(app):
    svc.load_targets(str(SEEDS))
    target = db.session.scalar(select(ProgrammeTarget).where(ProgrammeTarget.code == "innovative_startups_above_2020"))
    f.make_org("Startup 2019", first_registered_on=date(2019, 5, 1))
    f.make_org("Startup 2023", first_registered_on=date(2023, 5, 1))
    f.make_org("Startup 2024", first_registered_on=date(2024, 5, 1))
    f.make_org("Startup 2010", first_registered_on=date(2010, 5, 1))  # older than 5 years by 2020
    progress = svc.progress(target, 2024)
    assert (progress.baseline, progress.current, progress.current_source) == (1, 3, "computed")
    assert progress.status == "met"
    assert svc.progress(target, 2020).status == "not_met"  # 1 is not more than 1


def test_reported_target_uses_the_latest_figure_up_to_the_year(app):
    svc.load_targets(str(SEEDS))
    officer = f.make_user("officer")
    target = db.session.scalar(select(ProgrammeTarget).where(ProgrammeTarget.code == "tfp_share_2025"))
    assert svc.progress(target, 2024).status == "no_data"
    svc.record_figure(target, 2023, "43,5", "Cục Thống kê", officer)
    svc.record_figure(target, 2024, "44.6", "", officer)
    db.session.refresh(target)
    assert svc.progress(target, 2023).current == Decimal("43.5")
    assert svc.progress(target, 2023).status == "not_met"  # 43.5 is not within 1 point of 45
    assert svc.progress(target, 2024).status == "met"
    svc.record_figure(target, 2024, "40", "sửa số liệu", officer)  # a correction replaces the figure
    db.session.refresh(target)
    assert [fig.value for fig in target.figures] == ["43.5", "40"]
    with pytest.raises(svc.TargetError):
        svc.record_figure(target, 2025, "nhiều", "", officer)


def test_add_and_retire(app):
    officer = f.make_user("officer")
    data = dict(code="startups_2030", title_vi="5.000 startup vào năm 2030", owner_vi="UBND TP. Hồ Chí Minh",
                period_start=date(2026, 1, 1), period_end=date(2030, 12, 31), unit="count", comparator=">=",
                target_value="5.000", legal_basis="DEMO", indicator="innovative_startups")
    with pytest.raises(svc.TargetError) as caught:
        svc.add_target({**data, "target_value": "5 nghìn"}, officer)
    assert caught.value.code == "not_a_number"
    target = svc.add_target({**data, "target_value": "5000"}, officer)
    assert target.measure == "computed" and target.status == "active"
    with pytest.raises(svc.TargetError):
        svc.add_target({**data, "target_value": "5000"}, officer)  # the code is taken
    with pytest.raises(svc.TargetError):
        svc.add_target({**data, "code": "x", "target_value": None}, officer)  # nothing to measure
    with pytest.raises(svc.TargetError):
        svc.retire_target(target, "  ", officer)
    successor = svc.add_target({**data, "code": "startups_2030_hcmc", "target_value": "8000"}, officer)
    svc.retire_target(target, "Thay bằng chỉ tiêu của TP. Hồ Chí Minh", officer, successor)
    assert (target.status, target.superseded_by_id) == ("superseded", successor.id)
    with pytest.raises(svc.TargetError):
        svc.retire_target(target, "lần nữa", officer)
    assert [t.code for t in svc.targets_in_force(2027)] == ["startups_2030_hcmc"]
    assert len(svc.targets_in_force(2027, include_retired=True)) == 2
    assert db.session.scalar(select(func.count(AuditEntry.id)).where(AuditEntry.action.like("target.%"))) == 3


def test_demo_seeder_loads_targets_and_invented_figures(app):
    from ecosystem.seeders import DemoContext
    from ecosystem.seeders.dashboard import seed
    seed(DemoContext(seeds_dir=str(SEEDS)))
    tfp = db.session.scalar(select(ProgrammeTarget).where(ProgrammeTarget.code == "tfp_share_2025"))
    assert [(fig.year, fig.value) for fig in tfp.figures] == [(2023, "41.5"), (2024, "43.2")]
    assert all("demo" in fig.source for fig in tfp.figures)
    assert svc.progress(tfp, 2024).status == "not_met"

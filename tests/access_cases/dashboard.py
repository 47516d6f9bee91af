"""The DOST's view: dashboard, targets, network, annual report, bulk import, directory exports."""
from tests.access_cases import EVERYONE, STAFF

CASES = [
    ("GET", "/dashboard/", STAFF),
    ("GET", "/dashboard/public", EVERYONE),
    ("POST", "/dashboard/refresh", STAFF),
    ("GET", "/dashboard/targets/", STAFF),
    ("GET", "/dashboard/targets/new", STAFF),
    ("POST", "/dashboard/targets/new", STAFF),
    ("POST", "/dashboard/targets/{target_id}/retire", STAFF),
    ("POST", "/dashboard/targets/{target_id}/figures", STAFF),
    ("GET", "/network/", STAFF),
    ("GET", "/network/map", STAFF),
    ("GET", "/network/map.svg", STAFF),
    ("POST", "/network/recompute", STAFF),
    ("GET", "/reports/annual", STAFF),
    ("GET", "/reports/annual/2025", STAFF),
    ("GET", "/reports/annual/2025.xlsx", STAFF),
    ("GET", "/imports/", STAFF),
    ("POST", "/imports/", STAFF),
    ("GET", "/imports/template/organisation.xlsx", STAFF),
    ("GET", "/imports/{import_run_id}", STAFF),
    ("POST", "/imports/{import_run_id}/confirm", STAFF),
    ("GET", "/imports/{import_run_id}/progress", STAFF),
    ("GET", "/exports/orgs.csv", EVERYONE),
    ("GET", "/exports/people.xlsx", EVERYONE),
]


def build(world: dict) -> None:
    from datetime import date

    from ecosystem.extensions import db
    from ecosystem.models import ImportRun, ProgrammeTarget
    target = ProgrammeTarget(code="access_case", title_vi="Mục tiêu thử", owner_vi="Sở KH&CN",
                             period_start=date(2021, 1, 1), period_end=date(2030, 12, 31), unit="count",
                             comparator=">=", target_value="10", legal_basis="DEMO")
    run = ImportRun(kind="organisation", filename="thu.csv", storage_name="access-case.csv", status="done",
                    summary={})
    db.session.add_all([target, run])
    db.session.flush()
    world.update(target_id=target.id, import_run_id=run.id)

"""Demo part of the DOST's view: the programme targets and a few reported figures (invented)."""
from sqlalchemy import select

from ecosystem.clock import local_today
from ecosystem.extensions import db
from ecosystem.models import ProgrammeTarget, TargetFigure
from ecosystem.services.dashboard.targets import load_targets

# Invented illustrative figures for the demo; real ones come from official statistics.
DEMO_FIGURES = {
    "tfp_share_2025": [(2023, "41.5"), (2024, "43.2")],
    "technology_renewal_rate": [(2023, "18.5"), (2024, "21.0")],
    "labour_productivity_growth_2025": [(2023, "6.4"), (2024, "7.1")],
    "icf_rank": [(2024, "21")],
}


def seed(ctx) -> None:
    load_targets(ctx.seeds_dir)
    for code, figures in DEMO_FIGURES.items():
        target = db.session.scalar(select(ProgrammeTarget).where(ProgrammeTarget.code == code))
        if target is None:
            continue
        for year, value in figures:
            if year <= local_today().year:
                db.session.add(TargetFigure(target_id=target.id, year=year, value=value,
                                            source="Số liệu minh hoạ (demo) / illustrative demo figure"))
    db.session.flush()

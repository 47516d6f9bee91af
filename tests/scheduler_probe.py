"""A scheduler process for the race test: one job every 2 seconds whose body writes a row per run."""
import sys

from ecosystem import create_app
from ecosystem.extensions import db
from ecosystem.jobs import Job, run_scheduler
from ecosystem.models import AuditEntry

PROBE = Job("probe.tick", "tests.scheduler_probe:tick", "interval", {"seconds": 2})


def tick() -> None:
    db.session.add(AuditEntry(actor_id=None, action="probe.tick", object_type="job", object_id=None))


if __name__ == "__main__":
    url, seconds = sys.argv[1], float(sys.argv[2])
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True})
    run_scheduler(app, jobs=[PROBE], run_for=seconds)

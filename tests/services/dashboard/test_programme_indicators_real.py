"""The dashboard's cross-domain indicators on the merged models themselves, not stand-in tables:
a guessed column name (support's `type_code`) once left the support panel 'no data yet' in the demo."""
from datetime import date, datetime, timezone

import pytest

from ecosystem.extensions import db
from ecosystem.models import Attendance, Base, SupportRequest
from ecosystem.services.dashboard import programme_indicators as dom
from ecosystem.services.dashboard.figures import compute_panels, panel_by_code
from ecosystem.services.dashboard.labels import row_label
from ecosystem.services.dashboard.directory_indicators import Scope
from tests import factories as f
from tests.event_factories import make_event

UTC = timezone.utc


def test_every_source_whose_table_is_installed_resolves_all_its_columns(app):
    installed = [name for name, (table, _) in dom.SOURCES.items() if table in Base.metadata.tables]
    assert {"support", "events", "attendances", "certificates", "funds", "nominations"} <= set(installed)
    broken = [name for name in installed if dom.source(name) is None]
    assert broken == []


def _request(org, type_code, state, submitted, resolved=None):
    db.session.add(SupportRequest(organisation_id=org.id, type_code=type_code, title=type_code, state=state,
                                  submitted_at=submitted, resolved_at=resolved))


def test_support_panel_reads_the_support_requests(app):
    startup = f.make_org("Startup Đếm Yêu Cầu", stage="seed", former_district="Dĩ An",
                         first_registered_on=date(2023, 1, 1))
    _request(startup, "mentoring", "resolved", datetime(2024, 3, 1, tzinfo=UTC), datetime(2024, 3, 11, tzinfo=UTC))
    _request(startup, "ip", "submitted", datetime(2024, 5, 1, tzinfo=UTC))
    _request(startup, "ip", "draft", None)  # never submitted: outside every period
    db.session.flush()
    panel = dom.support_indicator(Scope(2024, 2024))
    assert panel["available"] is True
    assert dict(map(tuple, panel["rows"])) == {"mentoring": 1, "ip": 1}
    assert panel["extra"]["median_days"] == 10.0 and panel["extra"]["open"] == 1
    assert dict(map(tuple, dom.supported_indicator(Scope(2024, 2024))["rows"]))["supported"] == 1


def test_events_panel_counts_published_events_and_check_ins_with_kind_names(app):
    club = f.make_org("CLB Đếm Sự Kiện", kind="club")
    held = make_event(club, kind="pitch", starts_at=datetime(2024, 6, 1, 9, tzinfo=UTC))
    make_event(club, kind="workshop", status="draft", starts_at=datetime(2024, 7, 1, 9, tzinfo=UTC))
    make_event(club, kind="workshop", status="cancelled", starts_at=datetime(2024, 8, 1, 9, tzinfo=UTC))
    db.session.add_all([Attendance(event_id=held.id, name=f"Khách {i}", attended_on=date(2024, 6, 1), method="list")
                        for i in range(3)])
    db.session.flush()
    panels = compute_panels(Scope(2024, 2024), public=True)
    events = panel_by_code(panels, "events")
    assert events["total"] == 1 and dict(map(tuple, events["rows"])) == {"pitch": 1}
    assert events["extra"]["participants"] == 3
    with app.test_request_context("/"):
        assert row_label("event_kind", "pitch") == "Gọi vốn (pitching)"  # a name, never the code


@pytest.mark.parametrize("code", ["support_requests", "matching", "st_funds"])
def test_private_panels_stay_off_the_public_set(app, code):
    assert panel_by_code(compute_panels(Scope(2024, 2024), public=True), code) is None
    assert panel_by_code(compute_panels(Scope(2024, 2024), public=False), code) is not None


def test_matching_panel_counts_introductions_made(app):
    from ecosystem.models import Introduction  # the matching domain's table
    startup = f.make_org("Startup Được Giới Thiệu", stage="seed", first_registered_on=date(2023, 1, 1))
    mentor, connector = f.make_person("Cố Vấn Đích"), f.make_person("Người Nối")
    for status in ("accepted", "requested", "target_declined"):
        db.session.add(Introduction(startup_id=startup.id, target_person_id=mentor.id,
                                    connector_person_id=connector.id, status=status))
    db.session.flush()
    year = date.today().year
    rows = dict(map(tuple, dom.matching_indicator(Scope(year, year))["rows"]))
    assert rows["introductions_total"] == 3 and rows["introductions_accepted"] == 1

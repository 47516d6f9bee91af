"""A cycle's organisers and secretariat: added and removed with an audit entry, refused when nobody is named."""
from datetime import date

import pytest
from sqlalchemy import select

from ecosystem.extensions import db
from ecosystem.models import AuditEntry, AwardStaff
from ecosystem.services.awards.catalogue import AwardError, install_setup
from ecosystem.services.awards.staff import add_staff, remove_staff, staff_of
from tests import factories as f
from tests.award_world import live_setup


@pytest.fixture
def cycle(app):
    return install_setup(live_setup(date(2026, 11, 26)), f.make_user("officer"))


def audit(action):
    return list(db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def test_added_staff_is_listed_and_audited_once(cycle):
    officer, person, org = f.make_user("officer"), f.make_person("Thư Ký"), f.make_org("Sở KH&CN", kind="government")
    member = add_staff(cycle, "secretariat", officer, person_id=person.id)
    both = add_staff(cycle, "organiser", officer, person_id=person.id, organisation_id=org.id)
    again = add_staff(cycle, "secretariat", officer, person_id=person.id, organisation_id=0)  # a double click
    assert again is member
    assert staff_of(cycle) == [member, both]
    rows = audit("award.staff.add")
    assert [(r.actor_id, r.object_type, r.object_id) for r in rows] == [(officer.id, "award_cycle", cycle.id)] * 2
    assert rows[1].data == {"role": "organiser", "person_id": person.id, "organisation_id": org.id}


def test_removed_staff_leaves_an_audit_entry_naming_who_it_was(cycle):
    officer, org = f.make_user("officer"), f.make_org("Trung tâm Hỗ trợ", kind="support_org")
    member = add_staff(cycle, "organiser", officer, organisation_id=org.id)
    remove_staff(member, officer)
    assert staff_of(cycle) == [] and db.session.scalar(select(AwardStaff.id)) is None
    [row] = audit("award.staff.remove")
    assert row.actor_id == officer.id and row.object_id == cycle.id
    assert row.data == {"role": "organiser", "person_id": None, "organisation_id": org.id}


@pytest.mark.parametrize("role, person, org, code", [
    ("organiser", None, None, "staff_needs_someone"),
    ("organiser", 0, 0, "staff_needs_someone"),
    ("organiser", 987654, None, "staff_unknown"),
    ("judge", None, 1, "staff_bad_role"),
])
def test_refusals(cycle, role, person, org, code):
    with pytest.raises(AwardError) as raised:
        add_staff(cycle, role, f.make_user("officer"), person_id=person, organisation_id=org)
    assert raised.value.code == code
    assert staff_of(cycle) == [] and audit("award.staff.add") == []

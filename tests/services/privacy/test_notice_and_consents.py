"""The notice is data, versioned by a setting; a consent records purpose, version, source and time."""
import pytest
from sqlalchemy import select

from ecosystem.extensions import db
from ecosystem.models import AuditEntry
from ecosystem.models.privacy import Consent
from ecosystem.services.platform.settings import set_setting
from ecosystem.services.privacy import notice
from ecosystem.services.privacy.consents import (ConsentError, active_purposes, consents_of,
                                                 record_consent, withdraw_purpose)
from tests import factories as f


def test_the_shipped_notice_is_the_one_in_force_in_both_languages(app):
    text = notice.load_notice()
    assert text["version"] == "2026.1" == notice.current_version()
    for locale in ("vi", "en"):
        assert text[locale]["title"] and len(text[locale]["sections"]) == len(text["vi"]["sections"])
    assert "A05" in " ".join(p for s in text["vi"]["sections"] for p in s["paragraphs"])


def test_a_setting_naming_a_missing_version_falls_back_to_the_newest_shipped(app):
    set_setting("privacy.notice_version", "2099.9", None)
    assert notice.current_version() == notice.notice_versions()[-1]
    with pytest.raises(KeyError):
        notice.load_notice("2099.9")


def test_consent_purposes_come_from_the_processing_register(app):
    assert notice.consent_purposes() == ["account", "event_registration", "office_hours", "zalo", "techmart_digest"]
    assert notice.purpose_label("office_hours", "en") == "Booking mentors' office hours"
    assert notice.purpose_label("nope", "vi") == "nope"


def test_a_consent_records_purpose_version_source_and_the_linked_person(app):
    user = f.make_user(person=f.make_person())
    consent = record_consent(user, "event_registration", "event_registration", ref_id=42)
    assert (consent.user_id, consent.person_id, consent.purpose, consent.notice_version,
            consent.source, consent.ref_id) == (user.id, user.person_id, "event_registration",
                                                "2026.1", "event_registration", 42)
    assert consent.granted_at is not None and consent.withdrawn_at is None
    with pytest.raises(ConsentError) as refused:
        record_consent(user, "marketing", "register")
    assert refused.value.code == "unknown_purpose"


def test_a_consent_given_without_an_account_is_found_through_the_person(app):
    person = f.make_person()
    user = f.make_user(person=person)
    db.session.add(Consent(person_id=person.id, purpose="office_hours", notice_version="2026.1",
                           source="paper"))
    db.session.flush()
    assert [c.purpose for c in consents_of(user)] == ["office_hours"]


def test_withdrawing_stamps_every_live_consent_of_the_purpose_and_is_audited(app):
    user = f.make_user()
    first = record_consent(user, "event_registration", "event_registration", ref_id=1)
    second = record_consent(user, "event_registration", "event_registration", ref_id=2)
    kept = record_consent(user, "account", "register")
    assert active_purposes(user) == {"account", "event_registration"}
    withdrawn = withdraw_purpose(user, "event_registration")
    assert {c.id for c in withdrawn} == {first.id, second.id}
    assert first.withdrawn_at is not None and kept.withdrawn_at is None
    assert active_purposes(user) == {"account"}
    audit = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "privacy.consent.withdraw"))
    assert audit.data["purpose"] == "event_registration"
    with pytest.raises(ConsentError):
        withdraw_purpose(user, "event_registration")


def test_the_register_table_shows_the_settings_in_force(app):
    set_setting("privacy.retention.login_attempts_days", 90, None)
    headers = {k: k.upper() for k in ("code", "activity", "subjects", "data", "purpose", "legal_basis",
                                      "retention", "recipients", "consent", "settings", "yes", "no")}
    columns, rows = notice.register_table("en", headers)
    assert columns[0] == ("code", "CODE") and len(rows) == len(notice.processing_register()["activities"])
    security = next(r for r in rows if r["code"] == "security")
    assert "privacy.retention.login_attempts_days = 90" in security["settings"]
    assert security["consent"] == "NO" and security["legal_basis"].startswith("The controller")

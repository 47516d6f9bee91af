"""Form rendering seen by readers of either language: WTForms' own messages follow the page's
language, and a field without an error carries no bogus ARIA attributes."""
from sqlalchemy import select

from ecosystem.extensions import db
from ecosystem.models import Organisation
from tests import factories as f


def _startup_member(app, client, login_as, locale):
    org = f.make_org("Công ty Thử Ngôn Ngữ")
    user = f.make_user("startup", manages=[org], locale=locale)
    db.session.commit()
    login_as(user)
    return db.session.scalar(select(Organisation.slug).where(Organisation.id == org.id))


def test_an_english_reader_gets_wtforms_range_message_in_english(app, client, login_as):
    slug = _startup_member(app, client, login_as, "en")
    page = client.post(f"/startups/{slug}/profile/team", data={"team_size": "0"}).get_data(
        as_text=True)
    assert "Number must be between 1 and 10000." in page
    assert "Số phải trong khoảng" not in page


def test_a_vietnamese_reader_gets_the_same_message_in_vietnamese(app, client, login_as):
    slug = _startup_member(app, client, login_as, "vi")
    page = client.post(f"/startups/{slug}/profile/team", data={"team_size": "0"}).get_data(
        as_text=True)
    assert "Số phải trong khoảng 1 đến 10000." in page


def test_fields_without_errors_carry_no_none_aria_attributes(app, client, login_as):
    slug = _startup_member(app, client, login_as, "vi")
    clean = client.get(f"/startups/{slug}/profile/team").get_data(as_text=True)
    assert 'id="team_size"' in clean
    assert '="None"' not in clean
    refused = client.post(f"/startups/{slug}/profile/team", data={"team_size": "0"}).get_data(
        as_text=True)
    assert 'aria-invalid="true"' in refused and 'aria-describedby="team_size-err"' in refused
    assert '="None"' not in refused

"""The ward migration maps typed wards onto the 2025 list, derives the former district, and reports the rest."""
from flask_migrate import upgrade
from sqlalchemy import select, text

from ecosystem import create_app
from ecosystem.extensions import db
from ecosystem.models import Organisation, Person
from tests.conftest import _config_dict
from tests.models.test_migrations import blank_url  # noqa: F401  (the fixture: a blank database)


def test_free_text_wards_are_mapped_and_the_rest_reported(blank_url, capsys):  # noqa: F811
    app = create_app({**_config_dict(), "SQLALCHEMY_DATABASE_URI": blank_url})
    with app.app_context():
        upgrade(directory="migrations", revision="h_cert_01")
        # Raw rows, as they stood before the ward migration (the models may have moved on since).
        org = ("INSERT INTO organisations (kind, name, slug, technologies, state_owned, status, search_key, ward, "
               "city, former_district, created_at, updated_at) VALUES ('startup', :name, :slug, '[]', false, "
               "'verified', '', :ward, :city, :district, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)")
        with db.engine.begin() as conn:
            for name, slug, ward, city, district in (
                    ("Công ty Phường Thử", "phuong-thu", "thu dau mot", None, "gõ sai"),
                    ("Công ty Cũ Thử", "cu-thu", "Phường Hiệp Thành", None, "Thủ Dầu Một"),
                    ("Công ty Hà Nội Thử", "ha-noi-thu", "Phường Ba Đình", "Hà Nội", None)):
                conn.execute(text(org), {"name": name, "slug": slug, "ward": ward, "city": city, "district": district})
            conn.execute(text("INSERT INTO people (full_name, languages, contact_visibility, is_judge, is_coordinator, "
                              "archived, search_key, ward, created_at, updated_at) VALUES ('Trần Thị Thử', '[]', "
                              "'members', false, false, false, '', 'xa bau bang', CURRENT_TIMESTAMP, "
                              "CURRENT_TIMESTAMP)"))
        upgrade(directory="migrations")
        db.session.expire_all()
        orgs = {o.name: o for o in db.session.scalars(select(Organisation))}
        mapped = orgs["Công ty Phường Thử"]
        assert (mapped.ward, mapped.former_district, mapped.former_province) == (
            "Phường Thủ Dầu Một", "Thủ Dầu Một", "Bình Dương")
        assert orgs["Công ty Cũ Thử"].ward == "Phường Hiệp Thành"  # a pre-2025 ward: left for an officer
        assert orgs["Công ty Hà Nội Thử"].ward == "Phường Ba Đình"  # outside the city: not ours to map
        person = db.session.scalar(select(Person))
        assert (person.ward, person.former_district) == ("Xã Bàu Bàng", "Bàu Bàng")
        from ecosystem.services.directory.records import unmapped_wards
        assert [(kind, name, ward) for kind, _id, name, ward in unmapped_wards()] == [
            ("organisation", "Công ty Cũ Thử", "Phường Hiệp Thành")]
        db.session.remove()
        db.engine.dispose()
    assert "1 ward value(s) not in the 2025 list" in capsys.readouterr().out

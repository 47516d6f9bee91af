"""The ward migration maps typed wards onto the 2025 list, derives the former district, and reports the rest."""
from flask_migrate import upgrade
from sqlalchemy import select

from ecosystem import create_app
from ecosystem.extensions import db
from ecosystem.models import Organisation, Person
from tests import factories as f
from tests.conftest import _config_dict
from tests.models.test_migrations import blank_url  # noqa: F401  (the fixture: a blank database)


def test_free_text_wards_are_mapped_and_the_rest_reported(blank_url, capsys):  # noqa: F811
    app = create_app({**_config_dict(), "SQLALCHEMY_DATABASE_URI": blank_url})
    with app.app_context():
        upgrade(directory="migrations", revision="h_cert_01")
        f.make_org("Công ty Phường Thử", ward="thu dau mot", former_district="gõ sai")
        f.make_org("Công ty Cũ Thử", ward="Phường Hiệp Thành", former_district="Thủ Dầu Một")
        f.make_org("Công ty Hà Nội Thử", ward="Phường Ba Đình", city="Hà Nội")
        f.make_person("Trần Thị Thử", ward="xa bau bang")
        db.session.commit()
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

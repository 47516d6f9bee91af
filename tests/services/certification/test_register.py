"""The certificate register: numbering (also under concurrent officers), revocation, search and export."""
import threading
from datetime import date

import pytest

from ecosystem.extensions import db
from ecosystem.models import Certificate
from ecosystem.services.certification.context import CertError
from ecosystem.services.certification.register import (create_certificate, published_revocations, register_query,
                                              register_rows, revoke_certificate)
from ecosystem.services.platform.spreadsheets import to_csv_bytes
from tests import factories as f
from tests.services.certification.helpers import enterprise


def certificate(name: str, products: list[str], issued_on: date, rule_set_code: str = "ND268_2025"):
    org, _manager = enterprise(name)
    return create_certificate(org.id, rule_set_code, products, issued_on, None)


def test_numbers_run_per_year(app):
    first = certificate("Công ty CP Dược Liệu Thử", ["Cao dược liệu"], date(2025, 12, 30))
    second = certificate("Công ty TNHH Drone Thử", ["Thiết bị bay phun thuốc"], date(2026, 1, 5))
    third = certificate("Công ty CP Phần Mềm Thử", ["Phần mềm ERP"], date(2026, 2, 2))
    assert [first.number, second.number, third.number] == [
        "001/2025/GCN-DNKHCN", "001/2026/GCN-DNKHCN", "002/2026/GCN-DNKHCN"]


def test_revocation_records_ground_decision_and_publication(app):
    officer = f.make_user("officer")
    cert = certificate("Công ty CP Hạt Giống Thử", ["Giống lúa chịu mặn"], date(2020, 5, 4), "ND13_2019")
    with pytest.raises(CertError, match="unknown_ground"):
        revoke_certificate(cert, officer, "bad_luck", "12/QĐ-SKHCN", date(2026, 1, 30))
    with pytest.raises(CertError, match="decision_required"):
        revoke_certificate(cert, officer, "no_annual_report", " ", date(2026, 1, 30))
    revoke_certificate(cert, officer, "no_annual_report", "12/QĐ-SKHCN", date(2026, 1, 30), "Không báo cáo")
    # 30 working days from Fri 30/01/2026 across the Tết week (16-20/02): Fri 20/03/2026.
    assert cert.status == "revoked" and cert.publication_end == date(2026, 3, 20)
    assert [e.action for e in cert.events] == ["issued", "revoked"]
    assert published_revocations(date(2026, 3, 20)) == [cert]
    assert published_revocations(date(2026, 3, 21)) == []
    with pytest.raises(CertError, match="already_revoked"):
        revoke_certificate(cert, officer, "no_annual_report", "13/QĐ-SKHCN", date(2026, 2, 2))


def test_register_lists_valid_certificates_and_finds_without_accents(app):
    dryer = certificate("Công ty TNHH Nông Sản Sấy Thử", ["Máy sấy nông sản năng lượng mặt trời"],
                        date(2026, 1, 5))
    chip = certificate("Công ty CP Vi Mạch Sông Bé Thử", ["Chip cảm biến"], date(2026, 1, 6))
    gone = certificate("Công ty CP Đã Thu Hồi Thử", ["Sản phẩm cũ"], date(2024, 1, 6))
    revoke_certificate(gone, f.make_user("officer"), "registration_revoked", "1/QĐ", date(2026, 1, 7))
    listed = list(db.session.scalars(register_query()))
    assert set(listed) == {dryer, chip}
    assert list(db.session.scalars(register_query("may say nong san"))) == [dryer]
    assert list(db.session.scalars(register_query("song be"))) == [chip]
    assert list(db.session.scalars(register_query(chip.number))) == [chip]


def test_export_neutralises_formulas(app):
    cert = certificate("Công ty CP Công Thức Thử", ["=HYPERLINK(\"http://x\")"], date(2026, 1, 5))
    body = to_csv_bytes(register_rows([cert]), [("number", "Số"), ("products", "Sản phẩm")]).decode("utf-8-sig")
    assert "'=HYPERLINK" in body and cert.number in body


@pytest.mark.parametrize("officers", [6])
def test_concurrent_issues_get_distinct_numbers(app, officers):
    """Officers issuing at the same moment: each certificate gets its own number of the year."""
    orgs = [enterprise(f"Công ty CP Song Song {i} Thử")[0].id for i in range(officers)]
    db.session.commit()
    flask_app = app
    numbers, errors = [], []
    barrier = threading.Barrier(officers)

    def issue(org_id: int):
        with flask_app.app_context():
            try:
                barrier.wait(timeout=10)
                cert = create_certificate(org_id, "ND268_2025", ["Sản phẩm"], date(2026, 4, 1), None)
                db.session.commit()
                numbers.append(cert.number)
            except Exception as exc:  # noqa: BLE001 - reported below
                db.session.rollback()
                errors.append(repr(exc))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=issue, args=(org_id,)) for org_id in orgs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert sorted(numbers) == [f"{i:03d}/2026/GCN-DNKHCN" for i in range(1, officers + 1)]
    assert db.session.query(Certificate).count() == officers

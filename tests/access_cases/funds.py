"""Fund routes: an enterprise sees and writes only its own fund; officers see all and inspect."""
from tests.access_cases import SIGNED_IN, STAFF

OWNER = STAFF | {"startup"}
FUND = "/funds/{fund_a_id}"
ENTRY = FUND + "/entries/{fund_usage_id}"

CASES = [
    ("GET", "/funds/", STAFF),
    ("GET", "/funds/export.xlsx", STAFF),
    ("GET", "/funds/ownerships", STAFF),
    ("GET", "/funds/rules/", STAFF),
    ("GET", "/funds/rules/CIT_67_2025.json", STAFF),
    ("POST", "/funds/rules/install", {"admin"}),
    ("POST", "/funds/ownerships", STAFF),
    ("GET", "/funds/mine", SIGNED_IN),
    ("GET", "/funds/new/{startup_b_slug}", STAFF | {"startup_b"}),
    ("POST", "/funds/new/{startup_b_slug}", STAFF | {"startup_b"}),
    ("GET", FUND, OWNER),
    ("GET", FUND + "/edit", OWNER),
    ("POST", FUND + "/edit", OWNER),
    ("GET", FUND + "/appropriations/new", OWNER),
    ("POST", FUND + "/appropriations/new", OWNER),
    ("GET", FUND + "/usages/new", OWNER),
    ("POST", FUND + "/usages/new", OWNER),
    ("GET", FUND + "/transfers/new", OWNER),
    ("POST", FUND + "/transfers/new", OWNER),
    ("GET", ENTRY + "/reverse", OWNER),
    ("POST", ENTRY + "/reverse", OWNER),
    ("GET", ENTRY + "/misuse", STAFF),
    ("POST", ENTRY + "/misuse", STAFF),
    ("GET", ENTRY + "/attachment", OWNER),
    ("GET", FUND + "/reports/tax/{fund_year}", OWNER),
    ("GET", FUND + "/reports/tax/{fund_year}.xlsx", OWNER),
    ("GET", FUND + "/reports/dost/{fund_year}", OWNER),
    ("GET", FUND + "/reports/dost/{fund_year}.xlsx", OWNER),
]


def build(world: dict) -> None:
    """Startup A's fund with an appropriation and a usage whose voucher is on disk."""
    from datetime import date
    from decimal import Decimal

    from flask import current_app

    from ecosystem.extensions import db
    from ecosystem.models import FundEntry, Organisation, StFund
    from ecosystem.services.platform.uploads import inspect_upload, write_upload

    org = db.session.query(Organisation).filter_by(slug=world["startup_a_slug"]).one()
    officer = world["users"]["officer"]
    fund = StFund(organisation_id=org.id, decision_number="01/QĐ-QKHCN", decision_date=date(2020, 3, 2))
    db.session.add(fund)
    db.session.flush()
    appropriation = FundEntry(fund_id=fund.id, kind="appropriation", tax_year=2022, taxable_income=1_000_000_000,
                              amount=100_000_000, created_by_id=officer.id)
    appropriation.rate, appropriation.cit_rate = Decimal("0.1"), Decimal("0.2")
    pdf = b"%PDF-1.4\n% thu nghiem\n%%EOF\n"
    info = inspect_upload(pdf, "hop-dong.pdf", 1_000_000)
    write_upload(current_app.config["UPLOAD_ROOT"], info, pdf)
    usage = FundEntry(fund_id=fund.id, kind="usage", day=date(2023, 5, 4), amount=30_000_000, category="training",
                      attachment_name=info.original_name, attachment_path=info.storage_name,
                      attachment_mime=info.mime, created_by_id=world["users"]["startup"].id)
    db.session.add_all([appropriation, usage])
    db.session.flush()
    world.update(fund_a_id=fund.id, fund_usage_id=usage.id, fund_year=2023)

"""Demo S&T funds: one compliant, one with money at risk, one in breach with a misuse finding, one transfer.

Enterprises come from the demo data when it has some (kind 'enterprise' with a tax code), else
invented ones are added. Entries go through the fund services so the demo obeys every rule.
"""
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from ecosystem.extensions import db
from ecosystem.models import OrgManager, Organisation, StFund, User, UserRole
from ecosystem.services.funds import ledger as service
from ecosystem.services.accounts.credentials import hash_password
from ecosystem.text import slugify
from ecosystem.validators import tax_code_check_digit

B = 1_000_000_000  # one tỷ đồng
MANAGER_EMAIL = "quy.khcn@demo.sokhcn.vn"  # the enterprise side of the demo: sees its own two funds only
MANAGER_PASSWORD = "demo-quy-2026"
INVENTED = [
    ("Công ty Cổ phần Cơ điện tử Phú Lợi Demo", False),
    ("Công ty TNHH Vật liệu Xanh Bến Cát Demo", False),
    ("Công ty TNHH MTV Cấp thoát nước Tân Định Demo", True),
    ("Công ty TNHH Kỹ thuật Tân Định Con Demo", True),
]
PLANS = {  # tax year: (taxable income, rate); usages: (day, amount, category)
    "compliant": ([(2019, 12 * B, "0.10"), (2020, 10 * B, "0.10"), (2021, 8 * B, "0.08"), (2023, 9 * B, "0.10")],
                  [(date(2020, 6, 15), 700_000_000, "innovation_machinery"), (date(2021, 3, 10), 500_000_000, "personnel"),
                   (date(2022, 9, 5), 650_000_000, "technology_purchase"), (date(2024, 4, 22), 420_000_000, "training"),
                   (date(2025, 2, 14), 180_000_000, "commercialisation")]),
    "at_risk": ([(2020, 6 * B, "0.10"), (2021, 7 * B, "0.10"), (2022, 5 * B, "0.05")],
                [(date(2021, 5, 4), 250_000_000, "facilities"), (date(2022, 11, 20), 120_000_000, "cooperation"),
                 (date(2024, 8, 1), 90_000_000, "initiatives")]),
    "state_owned": ([(2018, 40 * B, "0.03"), (2019, 42 * B, "0.03"), (2022, 45 * B, "0.05")],
                    [(date(2019, 7, 1), 400_000_000, "facilities"), (date(2020, 10, 12), 250_000_000, "personnel"),
                     (date(2023, 3, 3), 300_000_000, "commercialisation"),
                     (date(2024, 6, 6), 500_000_000, "technology_purchase")]),
}


def _invented_tax_code(n: int) -> str:
    while True:
        nine = f"97{n:07d}"
        digit = tax_code_check_digit(nine)
        taken = db.session.scalar(select(Organisation.id).where(Organisation.tax_code.like(f"{nine}%")))
        if digit is not None and not taken:
            return nine + str(digit)
        n += 1


def _enterprises(ctx) -> list[Organisation]:
    """Four enterprises without a fund: demo ones first, invented ones for the rest."""
    found = [o for o in ctx.orgs.values() if o.kind == "enterprise" and o.tax_code
             and not db.session.scalar(select(StFund.id).where(StFund.organisation_id == o.id))]
    for n, (name, state_owned) in enumerate(INVENTED[len(found):], start=len(found) + 1):
        org = Organisation(kind="enterprise", name=name, slug=f"{slugify(name)}-{n}", status="verified",
                           tax_code=_invented_tax_code(n * 37), state_owned=state_owned, city="TP. Hồ Chí Minh",
                           former_province="Bình Dương", size_class="medium")
        db.session.add(org)
        found.append(org)
    db.session.flush()
    return found[:4]


def _demo_manager(ctx, orgs) -> User:
    """An enterprise login managing `orgs`, so the enterprise's own fund pages can be shown in the demo."""
    user = ctx.users.get(MANAGER_EMAIL) or db.session.scalar(select(User).where(User.email == MANAGER_EMAIL))
    if user is None:
        user = User(email=MANAGER_EMAIL, password_hash=hash_password(MANAGER_PASSWORD), locale="vi")
        user.roles = [UserRole(role="startup")]
        db.session.add(user)
        db.session.flush()
    for org in orgs:
        if not db.session.scalar(select(OrgManager.id).where(OrgManager.user_id == user.id,
                                                             OrgManager.organisation_id == org.id)):
            db.session.add(OrgManager(user_id=user.id, organisation_id=org.id))
    db.session.flush()
    db.session.refresh(user)
    return user


def _actor(org, officer):
    manager = db.session.scalar(select(User).join(OrgManager).where(OrgManager.organisation_id == org.id))
    return manager or officer


def _fund(org, officer, number: str, decided: date, plan: str | None):
    actor = _actor(org, officer)
    fund = service.save_fund(org, {"decision_number": number, "decision_date": decided, "sent_to_dost_on": decided,
                                   "organisation_form": "internal", "state_owned": org.state_owned}, actor)
    appropriations, usages = PLANS.get(plan, ([], []))
    for year, income, rate in appropriations:
        service.record_appropriation(fund, actor, tax_year=year, taxable_income=income, rate=Decimal(rate),
                                     cit_rate=Decimal("0.2"), day=date(year + 1, 3, 28))
    for day, amount, category in usages:
        service.record_usage(fund, actor, day=day, amount=amount, category=category,
                             reference=f"HĐ-{day:%y%m}-{amount // 10**6}")
    return fund, actor


def seed(ctx) -> None:
    users = list(ctx.users.values())
    officer = next((u for u in users if u.has_role("officer")), users[0] if users else None)
    if officer is None:
        return
    first, second, parent, child = _enterprises(ctx)
    _demo_manager(ctx, [first, second])
    _fund(first, officer, "05/2019/QĐ-HĐQT", date(2019, 3, 1), "compliant")
    fund, actor = _fund(second, officer, "11/2020/QĐ-GĐ", date(2020, 2, 10), "at_risk")
    finding = service.record_usage(fund, actor, day=date(2023, 5, 18), amount=60_000_000, category="cooperation",
                                   reference="HĐ-2305-HN")
    service.flag_misuse(fund, officer, finding, "Chi hội nghị khách hàng, không thuộc nội dung chi của Quỹ")
    parent_fund, parent_actor = _fund(parent, officer, "02/2018/QĐ-HĐTV", date(2018, 1, 20), "state_owned")
    _fund(child, officer, "01/2021/QĐ-CT", date(2021, 4, 2), None)
    service.add_ownership(parent, child, Decimal(1), date(2018, 1, 1), officer, "Điều lệ công ty con, vốn 100 %")
    service.record_transfer(parent_fund, parent_actor, direction="out", counterparty=child, day=date(2024, 9, 9),
                            amount=200_000_000, reference="QĐ điều chuyển 09/2024")

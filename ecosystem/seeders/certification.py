"""Demo certification data: invented S&T enterprises of the former Bình Dương at every stage.

Certificates issued by the Bình Dương DOST before the 1/7/2025 merger and by the HCMC DOST after
(authority is data), applications under both rule sets, annual reports with a gap that raises the
missed-report warning, a change of certificate, and a revocation still being published.
Dates of applications in progress are relative to the day the demo is loaded, so the officers'
due list always has something due soon and something overdue.
"""
from datetime import date, timedelta

from sqlalchemy import select

from ecosystem.clock import local_today
from ecosystem.extensions import db
from ecosystem.models import OrgManager, Organisation, User, UserRole
from ecosystem.services.certification import applications as apps
from ecosystem.services.certification import appraisal as wf
from ecosystem.services.accounts.credentials import hash_password
from ecosystem.services.certification.register import create_certificate, revoke_certificate
from ecosystem.services.certification.annual_reports import file_report
from ecosystem.text import slugify
from ecosystem.validators import tax_code_check_digit

BINH_DUONG_DOST = ("Sở Khoa học và Công nghệ tỉnh Bình Dương", "Binh Duong Department of Science and Technology")
PDF = b"%PDF-1.4\n% tai lieu minh hoa (demo)\ntrailer<<>>\n%%EOF\n"
BN = 1_000_000_000
ENTERPRISE_EMAIL = "doanhnghiep.khcn@demo.sokhcn.vn"
OFFICER_EMAIL = "canbo.khcn@demo.sokhcn.vn"
DEMO_PASSWORD = "demo-khcn-2026"

ENTERPRISES = [  # key, name, ward, former district, size, founded, result, product
    ("sinh-hoc-phu-giao", "Công ty CP Công nghệ Sinh học Phú Giáo", "Xã Phước Thành", "Phú Giáo", "small",
     date(2012, 4, 9), ("invention", "Quy trình lên men chủng Bacillus xử lý chất thải chăn nuôi", "1-0019876"),
     "Chế phẩm vi sinh BioPG xử lý chất thải chăn nuôi"),
    ("co-khi-tan-uyen", "Công ty TNHH Cơ khí Chính xác Tân Uyên", "Phường Tân Uyên", "Tân Uyên", "medium",
     date(2010, 9, 20), ("utility_solution", "Cơ cấu kẹp phôi tự định tâm cho máy CNC", "2-0003412"),
     "Đồ gá kẹp phôi tự định tâm TU-Clamp"),
    ("phan-mem-thuan-an", "Công ty CP Phần mềm Nông nghiệp Số Thuận An", "Phường Thuận An", "Thuận An", "small",
     date(2019, 2, 14), ("software", "Phần mềm nhật ký canh tác điện tử FarmLog", "4521/2021/QTG"),
     "Ứng dụng FarmLog truy xuất nguồn gốc nông sản"),
    ("vat-lieu-ben-cat", "Công ty TNHH Vật liệu Xanh Bến Cát", "Phường Bến Cát", "Bến Cát", "large",
     date(2008, 6, 2), ("invention", "Gạch không nung từ tro bay và xỉ lò hơi", "1-0028811"),
     "Gạch bê tông nhẹ tro bay GreenBlock"),
    ("y-te-di-an", "Công ty CP Thiết bị Y tế Dĩ An", "Phường Dĩ An", "Dĩ An", "small",
     date(2016, 11, 28), ("industrial_design", "Kiểu dáng máy đo SpO2 cầm tay", "3-0007654"),
     "Máy đo SpO2 cầm tay DA-Oxi"),
    ("thuc-pham-bau-bang", "Công ty TNHH Thực phẩm Chức năng Bàu Bàng", "Xã Bàu Bàng", "Bàu Bàng", "micro",
     date(2021, 7, 5), ("research_result", "Quy trình chiết xuất cao lá sa kê", "QĐ 221/QĐ-SKHCN"),
     "Trà túi lọc lá sa kê"),
    ("dien-tu-thu-dau-mot", "Công ty CP Điện tử Thông minh Thủ Dầu Một", "Phường Phú Lợi", "Thủ Dầu Một", "small",
     date(2017, 3, 13), ("layout_design", "Thiết kế bố trí vi mạch cảm biến độ ẩm đất", "TKBT-0042"),
     "Cảm biến độ ẩm đất không dây SoilSense"),
]


def _tax_code(n: int) -> str:
    """An invented code with a correct check digit and the 99 prefix no real enterprise has."""
    while True:
        nine = f"99{8800000 + n:07d}"
        digit = tax_code_check_digit(nine)
        if digit is not None:
            return nine + str(digit)
        n += 100


def _user(ctx, email: str, role: str) -> User:
    user = ctx.users.get(email) or db.session.scalar(select(User).where(User.email == email))
    if user is None:
        user = User(email=email, password_hash=hash_password(DEMO_PASSWORD), locale="vi")
        user.roles = [UserRole(role=role)]
        db.session.add(user)
        db.session.flush()
    return user


def _officer(ctx) -> User:
    for user in ctx.users.values():
        if user.has_role("officer"):
            return user
    return _user(ctx, OFFICER_EMAIL, "officer")


def _enterprises(ctx, manager: User) -> list[Organisation]:
    orgs = []
    for index, (key, name, ward, district, size, founded, _result, _product) in enumerate(ENTERPRISES):
        org = ctx.orgs.get(key) or db.session.scalar(select(Organisation).where(Organisation.slug == key))
        if org is None:
            org = Organisation(kind="enterprise", name=name, slug=key or slugify(name), status="verified",
                               tax_code=_tax_code(index), size_class=size, founded_on=founded,
                               first_registered_on=founded, city="Thành phố Hồ Chí Minh", ward=ward,
                               former_province="Bình Dương", former_district=district)
            db.session.add(org)
            db.session.flush()
        db.session.add(OrgManager(user_id=manager.id, organisation_id=org.id))
        orgs.append(org)
    db.session.flush()
    db.session.refresh(manager)
    return orgs


def _dossier(org: Organisation, spec, manager: User, on: date, figures: dict[int, dict]):
    application = apps.start_application(org, manager, on)
    kind, title, number = spec[6]
    result = apps.add_result(application, {"type": kind, "title": title, "document_number": number,
                                           "right": "owned"}, manager)
    apps.add_product(application, spec[7], result.id, manager)
    for year, values in figures.items():
        apps.save_year(application, year, values, manager)
    if org.size_class == "large":
        apps.update_basics(application, {"rd_staff_with_degree": 14}, manager)
    for item in apps.missing_documents(application):
        apps.add_document(application, item["code"], PDF, f"{item['code']}.pdf", manager)
    return application


def _certify(org, spec, manager, officer, submitted: date, accepted: date, issued: date, figures):
    application = _dossier(org, spec, manager, submitted, figures)
    apps.submit_application(application, manager, submitted)
    wf.accept_dossier(application, officer, accepted)
    return wf.issue_from_application(application, officer, issued)


def _reports(certificate, manager, years, share_percent: int, today: date) -> None:
    for year in years:
        total = 40 * BN + year % 7 * BN
        file_report(certificate, manager, year, total * share_percent // 100, total, today,
                    incentives_vnd=120_000_000, incentives_note="Miễn thuế thu nhập doanh nghiệp")


def seed(ctx) -> None:
    today = local_today()
    manager = _user(ctx, ENTERPRISE_EMAIL, "startup")
    officer = _officer(ctx)
    orgs = _enterprises(ctx, manager)
    # 1. Decree 13, Bình Dương DOST, 2019; reports to 2023, none since → missed-report warning.
    old = create_certificate(orgs[0].id, "ND13_2019", [ENTERPRISES[0][7]], date(2019, 8, 14), officer,
                             *BINH_DUONG_DOST)
    _reports(old, manager, range(2019, 2024), 38, today)
    # 2. Decree 13 certificate of 2023, changed under the same basis when it added a product.
    second = _certify(orgs[1], ENTERPRISES[1], manager, officer, date(2023, 4, 21), date(2023, 4, 26),
                      date(2023, 5, 10), {2022: {"revenue": 30 * BN, "st_revenue": 12 * BN}})
    second.authority_vi, second.authority_en = BINH_DUONG_DOST
    _reports(second, manager, range(2023, today.year), 41, today)
    change = apps.start_application(orgs[1], manager, date(2025, 11, 3), kind="change", certificate=second,
                                    adds_products=True, note="Bổ sung sản phẩm đồ gá thế hệ 2")
    apps.add_product(change, "Đồ gá kẹp phôi TU-Clamp 2", None, manager)
    for code in ("request_form", "change_evidence"):
        apps.add_document(change, code, PDF, f"{code}.pdf", manager)
    apps.submit_application(change, manager, date(2025, 11, 3))
    wf.accept_dossier(change, officer, date(2025, 11, 4))
    wf.issue_from_application(change, officer, date(2025, 11, 12))
    # 3. Decree 268, HCMC DOST, January 2026 (after the merger).
    _certify(orgs[2], ENTERPRISES[2], manager, officer, date(2026, 1, 5), date(2026, 1, 6), date(2026, 1, 20),
             {2025: {"revenue": 8 * BN, "st_revenue": 5 * BN}})
    # 4. Large enterprise under Decree 268 in appraisal, decision due in two days.
    large_figures = {year: {"net_revenue": 900 * BN, "rd_spending": 21 * BN} for year in range(today.year - 3,
                                                                                             today.year)}
    appraisal = _dossier(orgs[3], ENTERPRISES[3], manager, today - timedelta(days=20), large_figures)
    apps.submit_application(appraisal, manager, today - timedelta(days=16))
    wf.accept_dossier(appraisal, officer, today - timedelta(days=13))
    # 5. Overdue: accepted 20 days ago (the 15 days have run out).
    late = _dossier(orgs[4], ENTERPRISES[4], manager, today - timedelta(days=30),
                    {today.year - 1: {"revenue": 12 * BN, "st_revenue": 4 * BN}})
    apps.submit_application(late, manager, today - timedelta(days=25))
    wf.accept_dossier(late, officer, today - timedelta(days=20))
    # 6. A draft still being filled by the enterprise.
    draft = apps.start_application(orgs[5], manager, today)
    apps.add_result(draft, {"type": ENTERPRISES[5][6][0], "title": ENTERPRISES[5][6][1],
                            "document_number": ENTERPRISES[5][6][2], "right": "licensed"}, manager)
    # 7. Revoked ten days ago, still published.
    revoked = create_certificate(orgs[6].id, "ND13_2019", [ENTERPRISES[6][7]], date(2020, 3, 2), officer,
                                 *BINH_DUONG_DOST)
    _reports(revoked, manager, range(2020, 2022), 35, today)
    revoke_certificate(revoked, officer, "no_annual_report", "118/QĐ-SKHCN", today - timedelta(days=10),
                       "Không thực hiện chế độ báo cáo 3 năm liên tiếp (2022–2024)")
    db.session.flush()

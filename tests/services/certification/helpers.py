"""Shared builders for certification tests: an enterprise, its manager, a filled dossier."""
from datetime import date

from ecosystem.extensions import db
from ecosystem.services.certification import applications as apps
from tests import factories as f

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
BN = 1_000_000_000


def enterprise(name: str = "Công ty CP Công nghệ Sinh học Thử", size_class: str = "small", **fields):
    fields.setdefault("tax_code", f.valid_tax_code())
    fields.setdefault("founded_on", date(2015, 3, 2))
    org = f.make_org(name, kind="enterprise", size_class=size_class, **fields)
    manager = f.make_user("startup", manages=[org])
    return org, manager


def filled_application(org, manager, today: date, *, st_share_percent: int = 40, documents: bool = True):
    """A draft with one patent, one product, last year's revenue and every required document."""
    app = apps.start_application(org, manager, today)
    result = apps.add_result(app, {"type": "invention", "title": "Quy trình lên men vi sinh",
                                   "document_number": "1-0034567", "right": "owned"}, manager)
    apps.add_product(app, "Chế phẩm vi sinh xử lý chất thải chăn nuôi", result.id, manager)
    apps.save_year(app, today.year - 1, {"revenue": 10 * BN, "st_revenue": st_share_percent * BN // 10,
                                         "net_revenue": 10 * BN, "rd_spending": BN}, manager)
    if documents:
        for item in apps.missing_documents(app):
            apps.add_document(app, item["code"], PDF, f"{item['code']}.pdf", manager)
    db.session.flush()
    return app

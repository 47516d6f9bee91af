"""Directory lists as export tables: the same filters as the list pages, labels in the reader's
language, contact details only where the viewer may see them."""
from __future__ import annotations

from typing import Callable

from flask import current_app
from flask_babel import gettext as _

from ecosystem.extensions import db
from ecosystem.models import vocab
from ecosystem.services.directory.contacts import person_contact
from ecosystem.services.directory.records import organisation_query, person_query


def _base_url() -> str:
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/")


def _words(vocabulary: dict) -> dict:
    """A vocabulary's labels translated once, not once per row."""
    return {code: str(text) for code, text in vocabulary.items()}


def organisation_table(filters: dict, locale: str = "vi") -> tuple[list, list]:
    """(columns, rows) of the organisation list for these filters (the list page's own query)."""
    columns = [("name", _("Tên")), ("name_en", _("Tên tiếng Anh")), ("kind", _("Loại")),
               ("tax_code", _("Mã số doanh nghiệp")), ("sectors", _("Lĩnh vực")), ("stage", _("Giai đoạn")),
               ("ward", _("Phường/Xã")), ("former_district", _("Huyện/Thị cũ")), ("city", _("Tỉnh/Thành phố")),
               ("founded_on", _("Ngày thành lập")), ("first_registered_on", _("Ngày đăng ký lần đầu")),
               ("website", _("Website")), ("email", _("E-mail")), ("phone", _("Điện thoại")),
               ("status", _("Trạng thái")), ("url", _("Trang"))]
    rows = []
    kinds, stages, statuses = (_words(v) for v in (vocab.ORG_KINDS, vocab.STAGES, vocab.ORG_STATUSES))
    for org in db.session.scalars(organisation_query(**filters).execution_options(yield_per=1000)):
        rows.append({
            "name": org.name, "name_en": org.name_en, "kind": kinds.get(org.kind, org.kind),
            "tax_code": org.tax_code, "sectors": [s.display(locale) for s in org.sectors],
            "stage": stages.get(org.stage, org.stage), "ward": org.ward,
            "former_district": org.former_district, "city": org.city, "founded_on": org.founded_on,
            "first_registered_on": org.first_registered_on, "website": org.website, "email": org.email,
            "phone": org.phone, "status": statuses.get(org.status, org.status),
            "url": f"{_base_url()}/orgs/{org.slug}"})
    return columns, rows


def person_table(filters: dict, viewer, locale: str = "vi") -> tuple[list, list]:
    """(columns, rows) of the people list; e-mail and phone only for staff (a list is a harvest)."""
    columns = [("full_name", _("Họ tên")), ("title", _("Chức danh")), ("sectors", _("Lĩnh vực")),
               ("mentor", _("Cố vấn")), ("investor", _("Nhà đầu tư")), ("ward", _("Phường/Xã")),
               ("former_district", _("Huyện/Thị cũ")), ("email", _("E-mail")), ("phone", _("Điện thoại")),
               ("url", _("Trang"))]
    rows = []
    yes, no = _("có"), _("không")
    for person in db.session.scalars(person_query(**filters).execution_options(yield_per=1000)):
        contact = person_contact(viewer, person, bulk=True)
        rows.append({
            "full_name": person.full_name, "title": person.title,
            "sectors": [s.display(locale) for s in person.sectors],
            "mentor": yes if person.mentor else no, "investor": yes if person.investor else no,
            "ward": person.ward, "former_district": person.former_district,
            "email": contact["email"], "phone": contact["phone"],
            "url": f"{_base_url()}/people/{person.id}"})
    return columns, rows

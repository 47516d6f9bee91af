"""Loaders, choices and refusal messages shared by the technology-market views."""
from flask import abort, flash
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from ecosystem.extensions import db
from ecosystem.models import (Organisation, TechContactRequest, TechDeal, TechDemand, TechmartSession,
                              TechmartSlot, TechOffer)
from ecosystem.permissions import is_staff, require
from ecosystem.services.platform.uploads import UploadRejected
from ecosystem.services.techmart.demands import DEMAND_ORG_KINDS
from ecosystem.services.techmart.pipeline import TechmartError
from ecosystem.views.errors import upload_quota_text

MESSAGES = {
    "bad_ip_status": _l("Tình trạng sở hữu trí tuệ không hợp lệ."),
    "ip_number_required": _l("Cần ghi số đơn hoặc số bằng và ngày nộp đơn hoặc ngày cấp."),
    "forms_required": _l("Chọn ít nhất một hình thức chuyển giao."),
    "trl_range": _l("Mức sẵn sàng công nghệ từ 1 đến 9."),
    "range_order": _l("Mức trên phải lớn hơn hoặc bằng mức dưới."),
    "sector_required": _l("Chọn ít nhất một lĩnh vực."),
    "not_an_enterprise": _l("Chỉ doanh nghiệp mới đăng được nhu cầu công nghệ."),
    "offer_withdrawn": _l("Công nghệ này đã được rút khỏi sàn."),
    "own_offer": _l("Đây là công nghệ của chính tổ chức bạn."),
    "not_your_org": _l("Bạn không quản lý tổ chức này."),
    "already_requested": _l("Tổ chức của bạn đã gửi đề nghị liên hệ về công nghệ này."),
    "not_open": _l("Đề nghị này đã được trả lời."),
    "deal_exists": _l("Đã có một thương vụ đang mở giữa hai bên về công nghệ này."),
    "bad_step": _l("Không thể chuyển thương vụ sang bước này."),
    "reason_required": _l("Cần ghi lý do dừng thương vụ."),
    "value_required": _l("Cần ghi giá trị hợp đồng."),
    "form_required": _l("Cần chọn hình thức chuyển giao của hợp đồng."),
    "date_required": _l("Cần ghi ngày ký hợp đồng."),
    "date_in_future": _l("Ngày ký hợp đồng không thể ở tương lai."),
    "bad_minutes": _l("Thời lượng buổi gặp phải lớn hơn 0."),
    "offers_of_exhibitor": _l("Chỉ trưng bày công nghệ của chính đơn vị đó."),
    "capacity_range": _l("Số buổi gặp vượt quá thời gian của phiên Techmart."),
    "booth_exists": _l("Đơn vị này đã có gian hàng trong phiên."),
    "slot_past": _l("Khung giờ này đã qua."),
    "own_booth": _l("Không thể đặt lịch gặp tại gian hàng của chính mình."),
    "visitor_busy": _l("Doanh nghiệp của bạn đã có lịch gặp khác vào giờ này."),
    "slot_taken": _l("Khung giờ này vừa có người đặt; hãy chọn giờ khác."),
    "not_booked": _l("Khung giờ này chưa có lịch gặp."),
    "needs_place": _l("Cần địa điểm hoặc đường dẫn phòng họp trực tuyến."),
    "ends_before_start": _l("Thời điểm kết thúc phải sau thời điểm bắt đầu."),
    "ip_type_unknown": _l("Chọn loại tài sản trí tuệ."),
    "ip_status_unknown": _l("Chọn tình trạng của đơn hoặc văn bằng."),
    "ip_title_required": _l("Cần ghi tên đối tượng sở hữu trí tuệ."),
    "ip_number_missing": _l("Cần ghi số đơn hoặc số văn bằng."),
    "ip_filing_required": _l("Cần ghi ngày nộp đơn."),
    "ip_date_future": _l("Ngày nộp đơn và ngày cấp không thể ở tương lai."),
    "ip_grant_date_required": _l("Văn bằng đã cấp cần có ngày cấp."),
    "ip_grant_before_filing": _l("Ngày cấp phải sau ngày nộp đơn."),
    "ip_outcome_not_expected": _l("Chỉ ghi nhận kết quả cho yêu cầu hỗ trợ bảo hộ sở hữu trí tuệ đã giải quyết."),
    "lab_name_required": _l("Cần ghi tên phòng thí nghiệm."),
    "lab_certificate_required": _l("Công nhận cần có số chứng chỉ và ngày hết hạn."),
    "lab_recognition_date_required": _l("Quyết định công nhận cần có ngày quyết định."),
    "lab_recognition_future": _l("Ngày quyết định không thể ở tương lai."),
    "lab_inactive": _l("Phòng thí nghiệm này tạm ngừng nhận đăng ký."),
    "country_unknown": _l("Chọn quốc gia của đối tác nước ngoài."),
    "partner_kind_unknown": _l("Chọn loại đối tác."),
    "not_a_partner": _l("Tổ chức này chưa được ghi nhận là đối tác nước ngoài."),
    "domestic_required": _l("Bên trong nước không thể là đối tác nước ngoài."),
    "agreement_text_required": _l("Cần ghi tên và phạm vi của thoả thuận."),
    "agreement_signed_future": _l("Ngày ký không thể ở tương lai."),
    "agreement_expiry_order": _l("Ngày hết hạn phải sau ngày ký."),
    "edition_unknown": _l("Không có số bản tin này."),
    "support.org.not_startup": _l("Chỉ startup đang hoạt động mới gửi được yêu cầu."),
}
UPLOAD_MESSAGES = {
    "upload.empty": _l("Tệp rỗng."),
    "upload.too_large": _l("Tệp quá lớn."),
    "upload.quota_exceeded": upload_quota_text,
    "upload.type_not_allowed": _l("Loại tệp không được chấp nhận."),
}


def error_text(code: str) -> str:
    return str(MESSAGES.get(code, code))


def refused(error: Exception, form=None) -> None:
    """Roll back and show why: next to the field it concerns, else as a flash message."""
    db.session.rollback()
    if isinstance(error, UploadRejected):
        message, field = str(UPLOAD_MESSAGES.get(error.code, error.code)), "upload"
    else:
        message, field = error_text(error.code), getattr(error, "field", None)
    if form is not None and field and field in form:
        form[field].errors = [*form[field].errors, message]
    else:
        flash(message, "error")


def save_for(form, org, action: str, save, not_yours: str):
    """The create/edit step of an offer or demand form: the organisation must be one the user acts
    for and the policy must allow it; a refusal goes next to its field; success commits."""
    if org is None:
        form.organisation.errors = [not_yours]
        return None
    require(action, org)
    try:
        saved = save(org)
    except TechmartError as error:
        refused(error, form)
        return None
    db.session.commit()
    return saved


def attempt(call, success: str | None = None):
    """One service call: commit and flash success, or roll back and flash the refusal; None when refused."""
    try:
        result = call()
    except TechmartError as error:
        refused(error)
        return None
    db.session.commit()
    if success:
        flash(success, "success")
    return result if result is not None else True


def load(model, ident: int, action: str):
    """Load-or-404, then the policy on the object (403 / login)."""
    row = db.session.get(model, ident)
    if row is None:
        abort(404)
    require(action, row)
    return row


def get_offer(ident, action="techmart.offer.view") -> TechOffer:
    return load(TechOffer, ident, action)


def get_demand(ident, action="techmart.demand.view") -> TechDemand:
    return load(TechDemand, ident, action)


def get_deal(ident, action="techmart.deal.view") -> TechDeal:
    return load(TechDeal, ident, action)


def get_contact(ident, action="techmart.contact.view") -> TechContactRequest:
    return load(TechContactRequest, ident, action)


def get_session(ident) -> TechmartSession:
    row = db.session.get(TechmartSession, ident)
    if row is None:
        abort(404)
    return row


def get_slot(ident, action: str) -> TechmartSlot:
    return load(TechmartSlot, ident, action)


def my_orgs(kinds=None, exclude: int | None = None) -> list[Organisation]:
    """Organisations the current user acts for (all live ones for staff), optionally of some kinds."""
    query = select(Organisation).where(Organisation.status != "archived").order_by(Organisation.name)
    if not is_staff(current_user):
        query = query.where(Organisation.id.in_(current_user.managed_org_ids or {-1}))
    if kinds:
        query = query.where(Organisation.kind.in_(kinds))
    if exclude is not None:
        query = query.where(Organisation.id != exclude)
    return list(db.session.scalars(query))


def org_choices(orgs) -> list[tuple[int, str]]:
    return [(o.id, o.name) for o in orgs]


def demand_choices(org_ids) -> list[tuple[int, str]]:
    """(0, none) then the open demands of the given organisations."""
    rows = db.session.scalars(select(TechDemand).where(TechDemand.organisation_id.in_(list(org_ids) or [-1]),
                                                       TechDemand.status == "open").order_by(TechDemand.id))
    return [(0, _("— Không gắn với nhu cầu —"))] + [(d.id, d.title) for d in rows]


def enterprise_orgs(exclude: int | None = None) -> list[Organisation]:
    return my_orgs(DEMAND_ORG_KINDS, exclude)

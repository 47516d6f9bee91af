"""Shared by the certification blueprints: load-or-404/403, error messages, template helpers."""
from flask import abort, redirect, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from ecosystem.clock import local_today
from ecosystem.extensions import db
from ecosystem.models import CertApplication, Certificate
from ecosystem.models import certification as cert_vocab
from ecosystem.permissions import require
from ecosystem.services.certification import applications as cert_applications
from ecosystem.services.certification import context as cert_data
from ecosystem.views.errors import Messages, attempt, upload_quota_text

MESSAGES = {
    "no_tax_code": _l("Doanh nghiệp cần có mã số doanh nghiệp hợp lệ để nộp hồ sơ."),
    "open_application_exists": _l("Doanh nghiệp đang có một hồ sơ chưa xử lý xong."),
    "already_certified": _l("Doanh nghiệp đã có giấy chứng nhận còn hiệu lực."),
    "certificate_not_valid": _l("Giấy chứng nhận không còn hiệu lực."),
    "not_editable": _l("Hồ sơ không còn ở trạng thái được sửa."),
    "result_type_not_in_rule_set": _l("Loại kết quả này không được chấp nhận theo căn cứ pháp lý của hồ sơ."),
    "result_not_in_application": _l("Kết quả KH&CN không thuộc hồ sơ này."),
    "st_revenue_above_total": _l("Doanh thu sản phẩm KH&CN không thể lớn hơn tổng doanh thu."),
    "unknown_checklist_item": _l("Thành phần hồ sơ không có trong danh mục."),
    "no_results": _l("Cần khai ít nhất một kết quả KH&CN."),
    "documents_missing": _l("Còn thiếu tài liệu bắt buộc trong danh mục hồ sơ."),
    "cannot_withdraw": _l("Không thể rút hồ sơ ở trạng thái này."),
    "note_required": _l("Cần ghi nội dung yêu cầu bổ sung."),
    "reason_required": _l("Cần ghi lý do từ chối."),
    "wrong_status": _l("Thao tác không hợp lệ ở trạng thái hiện tại của hồ sơ."),
    "forward_not_in_rule_set": _l("Căn cứ pháp lý của hồ sơ không có bước chuyển Bộ KH&CN."),
    "number_taken": _l("Không cấp được số giấy chứng nhận, vui lòng thử lại."),
    "already_revoked": _l("Giấy chứng nhận đã bị thu hồi."),
    "unknown_ground": _l("Căn cứ thu hồi không có trong căn cứ pháp lý của giấy chứng nhận."),
    "decision_required": _l("Cần số quyết định thu hồi."),
    "year_out_of_range": _l("Chỉ báo cáo cho năm tài chính đã kết thúc, từ năm được cấp giấy chứng nhận."),
    "negative_amount": _l("Số tiền không được âm."),
    "no_rule_set": _l("Không có căn cứ pháp lý nào có hiệu lực vào ngày này."),
    "upload.empty": _l("Tệp rỗng."),
    "upload.too_large": _l("Tệp quá lớn."),
    "upload.quota_exceeded": upload_quota_text,
    "upload.type_not_allowed": _l("Chỉ nhận tệp PDF, PNG, JPEG hoặc WebP (kiểm tra theo nội dung tệp)."),
}
DUE_LABELS = {
    "completeness": _l("Kiểm tra tính đầy đủ của hồ sơ"),
    "completion": _l("Doanh nghiệp bổ sung hồ sơ"),
    "decision": _l("Quyết định cấp / từ chối"),
}
STEP_LABELS = {
    "created": _l("Tạo hồ sơ"),
    "submitted": _l("Nộp hồ sơ"),
    "resubmitted": _l("Nộp lại sau khi bổ sung"),
    "completion_requested": _l("Yêu cầu bổ sung"),
    "accepted": _l("Hồ sơ hợp lệ – bắt đầu thẩm định"),
    "council_on": _l("Lấy ý kiến hội đồng chuyên gia"),
    "council_off": _l("Không lấy ý kiến hội đồng"),
    "forwarded": _l("Chuyển Bộ KH&CN"),
    "issued": _l("Cấp giấy chứng nhận"),
    "refused": _l("Từ chối"),
    "withdrawn": _l("Doanh nghiệp rút hồ sơ"),
    "changed": _l("Thay đổi, bổ sung"),
    "reissued": _l("Cấp lại"),
    "revoked": _l("Thu hồi"),
}
UNITS = {"working_days": _l("ngày làm việc"), "days": _l("ngày")}


CERT = Messages(MESSAGES)


def _load(model, object_id: int, action: str):
    found = db.session.get(model, object_id)
    if found is None:
        abort(404)
    require(action, found)
    return found


def get_application(app_id: int, action: str = "cert.application.view") -> CertApplication:
    return _load(CertApplication, app_id, action)


def get_certificate(cert_id: int, action: str = "cert.certificate.view") -> Certificate:
    return _load(Certificate, cert_id, action)


def start_and_open(org, **options):
    """Start an application (new, change or reissue) and open it; None after a refusal, shown as a flash."""
    ok, app = attempt(CERT, lambda: cert_applications.start_application(org, current_user, local_today(), **options))
    return redirect(url_for("cert.application", app_id=app.id)) if ok else None


def org_certificates(org) -> list[Certificate]:
    """Valid certificates of an organisation, for the section on its directory page."""
    return list(db.session.scalars(select(Certificate).where(
        Certificate.organisation_id == org.id, Certificate.status.in_(cert_vocab.VALID_CERTIFICATE_STATUSES))
        .order_by(Certificate.issued_on)))


def template_globals() -> dict:
    """Names the certification templates use: vocabularies, labels and rule-set texts."""
    return {"cert_vocab": cert_vocab, "due_labels": DUE_LABELS, "step_labels": STEP_LABELS,
            "unit_labels": UNITS, "rule_text": cert_data.text, "item_text": cert_data.item_text,
            "rule_set_of": cert_data.rule_set, "org_certificates": org_certificates}

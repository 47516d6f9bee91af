"""Reason codes of the privacy services in words, and the file-download response they share."""
from flask import Response
from flask_babel import lazy_gettext as _l

MESSAGES = {
    "unknown_kind": _l("Loại yêu cầu không hợp lệ."),
    "unknown_purpose": _l("Mục đích không hợp lệ."),
    "details_needed": _l("Hãy cho biết dữ liệu nào cần sửa và sửa thành gì."),
    "details_too_long": _l("Tối đa 4000 ký tự."),
    "already_open": _l("Bạn đã có một yêu cầu loại này đang chờ xử lý."),
    "nothing_to_withdraw": _l("Không có sự đồng ý nào còn hiệu lực cho mục đích này."),
    "not_submitted": _l("Yêu cầu này đã được bắt đầu xử lý."),
    "not_open": _l("Yêu cầu này đã được xử lý xong."),
    "reason_needed": _l("Khi từ chối phải nêu lý do."),
}

MIME = {"csv": "text/csv; charset=utf-8", "json": "application/json; charset=utf-8",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def message(code: str) -> str:
    return str(MESSAGES.get(code, code))


def download(data: bytes, name: str, fmt: str) -> Response:
    """A file to save, never cached: it holds personal data."""
    return Response(data, mimetype=MIME[fmt], headers={
        "Content-Disposition": f"attachment; filename={name}.{fmt}", "Cache-Control": "no-store"})

"""Support requests for the startup and the assignee: file, follow, move, discuss."""
import secrets

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from ecosystem.extensions import db
from ecosystem.forms.support import ActionForm, CommentForm, RequestForm, type_choices
from ecosystem.i18n import current_locale
from ecosystem.models import Organisation
from ecosystem.models.base import utcnow
from ecosystem.models.support import STATE_LABELS, SupportComment, SupportRequest, type_label
from ecosystem.permissions import can, guard, require
from ecosystem.policies.support_ties import managed_startup_ids
from ecosystem.services.support import workflow as wf
from ecosystem.services.support import requests as service
from ecosystem.services.support import queries
from ecosystem.services.support.onboarding import eligibility
from ecosystem.views.errors import Messages, attempt
from ecosystem.views.loading import page_number
from ecosystem.views.once import once
from ecosystem.views.support.standards import standard_context

bp = Blueprint("support", __name__, url_prefix="/support")
NAV = [("support.mine", _l("Yêu cầu hỗ trợ"), "support.create", 30),
       ("support.assigned", _l("Việc được giao"), "support.assigned_nav", 31)]


ACTION_LABELS = {
    "create": _l("Tạo bản nháp"), "submit": _l("Gửi yêu cầu"), "triage": _l("Tiếp nhận, phân loại"),
    "assign": _l("Giao việc"), "start": _l("Bắt đầu xử lý"),
    "resolve": _l("Đánh dấu đã giải quyết"),
    "decline": _l("Từ chối yêu cầu"), "withdraw": _l("Rút yêu cầu"), "reopen": _l("Mở lại"),
}


@bp.context_processor
def support_helpers() -> dict:
    """Labels in the reader's language and the overdue flag, for every support template."""
    locale = current_locale()
    return {"support_state": lambda code: STATE_LABELS.get(code, code),
            "support_type": lambda code: type_label(code, locale),
            "support_overdue": queries.is_overdue, "support_due": queries.due_at,
            "action_labels": ACTION_LABELS,
            "who": lambda user: (user.person.full_name if user is not None and user.person
                                 else getattr(user, "email", ""))}


WORKFLOW_MESSAGES = {
    "support.transition.invalid": _l("Không thể thực hiện thao tác này ở trạng thái hiện tại "
                                     "của yêu cầu. Không có gì thay đổi."),
    "support.transition.forbidden": _l("Bạn không có quyền thực hiện thao tác này."),
    "support.decline.reason_required": _l("Vui lòng nêu lý do từ chối."),
    "support.reopen.reason_required": _l("Vui lòng nêu lý do mở lại."),
    "support.assign.assignee_required": _l("Vui lòng chọn người hoặc đơn vị được giao."),
    "support.assign.assignee_kind_invalid": _l("Vui lòng chọn người hoặc đơn vị được giao."),
    "support.action.unknown": _l("Thao tác không hợp lệ."),
    "support.edit.not_draft": _l("Chỉ sửa được yêu cầu ở trạng thái nháp."),
    "support.type.unknown": _l("Vui lòng chọn loại hỗ trợ."),
    "support.title.required": _l("Vui lòng nhập tiêu đề."),
    "support.comment.required": _l("Vui lòng nhập nội dung bình luận."),
    "support.comment.internal_forbidden": _l("Bạn không thể viết ghi chú nội bộ."),
    "support.org.not_startup": _l("Chỉ startup đang hoạt động mới gửi được yêu cầu."),
    "support.standard.not_expected": _l("Chỉ ghi nhận giấy chứng nhận cho yêu cầu áp dụng ISO đã giải quyết."),
    "support.standard.unknown": _l("Vui lòng chọn tiêu chuẩn."),
    "support.standard.incomplete": _l("Vui lòng nhập tổ chức chứng nhận và số giấy chứng nhận."),
    "support.standard.expiry_before_issue": _l("Ngày hết hạn phải sau ngày cấp."),
    "support.standard.amount": _l("Kinh phí hỗ trợ phải là số nguyên đồng không âm."),
}
SUPPORT = Messages(WORKFLOW_MESSAGES)


def workflow_message(code: str) -> str:
    """The user-facing text of a refused move or input, in the reader's language."""
    return str(WORKFLOW_MESSAGES.get(code, code))



def get_request(req_id: int, action: str = "support.view") -> SupportRequest:
    req = db.session.get(SupportRequest, req_id)
    if req is None:
        abort(404)
    require(action, req)
    return req


def _request_form(req: SupportRequest | None = None) -> RequestForm:
    form = RequestForm(obj=req)
    ids = managed_startup_ids(current_user)
    names = dict(db.session.execute(select(Organisation.id, Organisation.name)
                                    .where(Organisation.id.in_(ids))).all())
    form.organisation_id.choices = [(i, names[i]) for i in ids]
    form.type_code.choices = type_choices(current_locale())
    if request.method == "GET" and req is None:
        form.idempotency_key.data = secrets.token_urlsafe(24)
        if request.args.get("type"):
            form.type_code.data = request.args["type"]
    return form


@bp.route("/")
@guard("support.mine")
def mine():
    ids = managed_startup_ids(current_user)
    query = (select(SupportRequest).where(SupportRequest.organisation_id.in_(ids))
             .order_by(SupportRequest.updated_at.desc(), SupportRequest.id.desc()))
    page = db.paginate(query, page=page_number(), per_page=20, error_out=False)
    return render_template("support/mine.html", page=page, has_startup=bool(ids), now=utcnow())


@bp.route("/new", methods=["GET", "POST"])
@guard("support.create")
def create():
    form = _request_form()
    if form.validate_on_submit():
        org = db.session.get(Organisation, form.organisation_id.data)
        ok, made = attempt(SUPPORT, lambda: service.create_request(
            org, current_user, form.type_code.data, form.title.data, form.description.data,
            submit="submit" in request.form, idempotency_key=form.idempotency_key.data))
        if ok:
            req, created = made
            if created:
                flash(_("Đã gửi yêu cầu hỗ trợ.") if req.state != "draft"
                      else _("Đã lưu bản nháp."), "success")
            return redirect(url_for("support.detail", req_id=req.id))
    return render_template("support/form.html", form=form, req=None)


@bp.route("/<int:req_id>/edit", methods=["GET", "POST"])
@guard("support.edit")
def edit(req_id: int):
    req = get_request(req_id, "support.view")
    if req.state != wf.State.DRAFT:  # e.g. the second click of a double-clicked "send"
        return redirect(url_for("support.detail", req_id=req.id))
    require("support.edit", req)
    form = _request_form(req)
    form.organisation_id.choices = [(req.organisation_id, req.organisation.name)]
    form.organisation_id.data = req.organisation_id
    if form.validate_on_submit():
        def save():
            service.update_draft(req, current_user, form.type_code.data, form.title.data,
                                 form.description.data)
            if "submit" in request.form:
                service.transition(req, "submit", current_user)

        if attempt(SUPPORT, save, _("Đã gửi yêu cầu hỗ trợ.") if "submit" in request.form
                   else _("Đã lưu bản nháp."))[0]:
            return redirect(url_for("support.detail", req_id=req.id))
    return render_template("support/form.html", form=form, req=req)


@bp.route("/<int:req_id>")
@guard("support.view")
def detail(req_id: int):
    req = get_request(req_id)
    roles = req.roles_of(current_user)
    actions = wf.allowed_actions(req.state, roles)
    action_form = ActionForm()
    if wf.Action.ASSIGN in actions:
        mentors, orgs = queries.assignee_candidates(req.organisation)
        action_form.assignee.choices = {_("Cố vấn"): mentors, _("Tổ chức"): orgs}
    now = utcnow()
    return render_template(
        "support/detail.html", req=req, actions=actions, action_form=action_form,
        comments=service.visible_comments(req, current_user), comment_form=CommentForm(),
        may_note=can("support.note_internal", req), overdue=queries.is_overdue(req, now),
        due=queries.due_at(req), elig=eligibility(req.organisation), roles=roles, **standard_context(req))


@bp.route("/<int:req_id>/do/<action>", methods=["POST"])
@guard("support.act")
def act(req_id: int, action: str):
    req = get_request(req_id, "support.act")
    if action not in {a.value for a in wf.Action} or not wf.may_ever(
            action, req.roles_of(current_user)):
        abort(403)
    form = ActionForm()
    form.assignee.choices = []
    if form.validate_on_submit():
        attempt(SUPPORT, lambda: service.transition(req, action, current_user, reason=form.reason.data,
                                                    note=form.note.data, assignee=form.assignee.data),
                _("Đã cập nhật yêu cầu."))  # a move these roles may never make answers 403
    else:
        flash(_("Phiên làm việc đã hết hạn, vui lòng tải lại trang."), "error")
    return redirect(url_for("support.detail", req_id=req_id))


@bp.route("/<int:req_id>/comment", methods=["POST"])
@guard("support.comment")
def comment(req_id: int):
    req = get_request(req_id, "support.comment")
    form = CommentForm()
    if form.validate_on_submit():
        attempt(SUPPORT, once("support_comment", form, SupportComment,
                              lambda: service.add_comment(req, current_user, form.body.data, form.internal.data)),
                _("Đã gửi bình luận."))
    else:
        flash(workflow_message("support.comment.required"), "error")
    return redirect(url_for("support.detail", req_id=req_id) + "#comments")


@bp.route("/assigned")
@guard("support.assigned")
def assigned():
    query = queries.assigned_query(current_user)
    query = query.order_by(SupportRequest.state.in_(
        [s.value for s in wf.TERMINAL_STATES]), SupportRequest.submitted_at)
    page = db.paginate(query, page=page_number(), per_page=20, error_out=False)
    return render_template("support/assigned.html", page=page, now=utcnow())

"""Adding and ending relationships: the records that become the graph's edges."""
from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user

from ecosystem.forms.directory import ConfirmForm, RelationshipForm
from ecosystem.models import Organisation, Relationship
from ecosystem.permissions import guard, require
from ecosystem.services.directory import records as directory
from ecosystem.services.directory.relations import create_relationship, end_relationship, resolve_end
from ecosystem.views.errors import Messages, attempt
from ecosystem.views.loading import get_relationship, safe_next
from ecosystem.views.once import once

bp = Blueprint("relationships", __name__, url_prefix="/relationships")


RELATION_MESSAGES = {
    "needs_person": _l("Loại quan hệ này cần một cá nhân ở bên thứ nhất."),
    "needs_org": _l("Loại quan hệ này cần một tổ chức ở bên thứ hai."),
    "wrong_target_kind": _l("Bên thứ hai không đúng loại tổ chức cho quan hệ này."),
    "same_end": _l("Hai bên của quan hệ phải khác nhau."),
    "end_before_start": _l("Ngày kết thúc không thể trước ngày bắt đầu."),
    "unknown_end": _l("Không tìm thấy bên này trong danh bạ. Hãy chọn từ danh sách gợi ý."),
    "already_ended": _l("Quan hệ này đã kết thúc."),
}
RELATIONS = Messages(RELATION_MESSAGES)


def end_url(end) -> str:
    if isinstance(end, Organisation):
        return url_for("orgs.detail", slug=end.slug)
    return url_for("people.detail", person_id=end.id)


def end_key(end) -> str:
    return f"o:{end.id}" if isinstance(end, Organisation) else f"p:{end.id}"


@bp.route("/new", methods=["GET", "POST"])
@guard("relationship.create")
def create():
    form = RelationshipForm()
    if request.method == "GET":
        form.source.data = request.args.get("source", "")
        form.target.data = request.args.get("target", "")
        form.kind.data = request.args.get("kind", form.kind.data)
    fixed = resolve_end(form.source.data) or resolve_end(form.target.data)
    options = directory.search_any(request.args.get("find", ""), 30) if request.args.get("find") else []
    if form.validate_on_submit():
        source, target = resolve_end(form.source.data), resolve_end(form.target.data)
        if source is None or target is None:
            (form.source if source is None else form.target).errors.append(str(RELATION_MESSAGES["unknown_end"]))
        else:
            require("relationship.create", (source, target))
            fields = {name: form[name].data or None for name in
                      ("started_on", "ended_on", "amount_vnd", "round", "cohort", "role_title", "note")}
            if attempt(RELATIONS, once("relationship", form, Relationship,
                                       lambda: create_relationship(form.kind.data, source, target, current_user,
                                                                   source="manual", **fields)),
                       _("Đã thêm quan hệ."), form=form, field="kind")[0]:
                return redirect(safe_next(end_url(source)))
    return render_template("relationships/form.html", form=form, fixed=fixed, options=options,
                           end_key=end_key)


@bp.route("/<int:rel_id>/end", methods=["POST"])
@guard("relationship.end")
def end(rel_id: int):
    rel = get_relationship(rel_id, "relationship.end")
    if ConfirmForm().validate_on_submit():
        attempt(RELATIONS, lambda: end_relationship(rel, current_user),
                _("Đã kết thúc quan hệ; quan hệ vẫn được giữ trong lịch sử."))
    return redirect(safe_next("/"))

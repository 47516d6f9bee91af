"""Certification applications: the enterprise drafts its dossier on one page, sees the conditions, submits."""
import secrets

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from ecosystem.clock import local_today
from ecosystem.extensions import db
from ecosystem.hardening.downloads import send_upload
from ecosystem.forms.certification import (BasicsForm, CouncilForm, DocumentForm, NoteForm, ProductForm,
                                           ResultForm, StartForm, SubmitForm, YearForm)
from ecosystem.forms.directory import ConfirmForm
from ecosystem.models import CertApplication, CertDocument, Certificate, Organisation
from ecosystem.models.certification import APPLICATION_STATUSES
from ecosystem.permissions import can, guard, require
from ecosystem.services.certification import applications as apps
from ecosystem.services.certification.context import CertError, item_text, rule_set, rule_set_on
from ecosystem.services.certification.appraisal import decision_step, due_item
from ecosystem.views.certification.common import CERT, get_application, start_and_open, template_globals
from ecosystem.views.errors import attempt
from ecosystem.views.loading import page_number

bp = Blueprint("cert", __name__, url_prefix="/certification")
NAV = [("cert.index", _l("Chứng nhận DN KH&CN"), "cert.applications", 40)]
ORG_PANELS = ["certification/_org_section.html"]


@bp.app_context_processor
def _cert_template_globals():
    return template_globals()


@bp.route("/")
@guard("cert.applications")
def index():
    """Staff see every application (filter by status); an enterprise sees its own."""
    status = request.args.get("status", "")
    query = select(CertApplication).join(Organisation).order_by(CertApplication.id.desc())
    if not can("cert.office"):
        query = query.where(CertApplication.organisation_id.in_(current_user.managed_org_ids or {0}))
    if status in APPLICATION_STATUSES:
        query = query.where(CertApplication.status == status)
    page = db.paginate(query, page=page_number(), per_page=20, error_out=False)
    certificates = []
    if not can("cert.office"):
        certificates = list(db.session.scalars(select(Certificate).where(
            Certificate.organisation_id.in_(current_user.managed_org_ids or {0})).order_by(Certificate.id)))
    return render_template("certification/index.html", page=page, status=status, certificates=certificates,
                           today=local_today())


@bp.route("/apply", methods=["GET", "POST"])
@guard("cert.apply")
def apply():
    choices = apps.apply_choices(current_user)
    orgs = [o for o, blocker in choices if blocker is None]
    form = StartForm()
    form.organisation.choices = [  # the ones that would be refused are shown disabled, with the reason
        (o.id, f"{o.name} ({o.tax_code})" if blocker is None else f"{o.name} — {CERT.text(CertError(blocker))}",
         {} if blocker is None else {"disabled": True}) for o, blocker in choices]
    if request.method == "GET":
        form.idem_key.data = secrets.token_hex(16)
        if orgs:
            form.organisation.data = orgs[0].id
    if form.validate_on_submit():
        org = next((o for o in orgs if o.id == form.organisation.data), None)
        if org is None:
            blocker = {o.id: b for o, b in choices}.get(form.organisation.data)
            flash(CERT.text(CertError(blocker or "no_tax_code")), "error")
            return redirect(url_for("cert.apply"))
        opened = start_and_open(org, idem_key=form.idem_key.data or None)
        if opened is not None:
            return opened
    return render_template("certification/apply.html", form=form, orgs=orgs, refused=[
                               (o, CERT.text(CertError(b))) for o, b in choices if b is not None],
                           rules=rule_set_on(local_today()))


def _forms(app: CertApplication) -> dict:
    """Every form the application page may show, with rule-set-dependent choices filled in."""
    rules = rule_set(app.rule_set_code)
    basics = BasicsForm(obj=app, prefix="basics")
    result = ResultForm(prefix="result")
    result.type.choices = [(t["code"], item_text(t)) for t in rules.result_types]
    product = ProductForm(prefix="product")
    product.result_id.choices = [(0, _("— Không gắn —"))] + [(r.id, r.title) for r in app.results]
    document = DocumentForm(prefix="document")
    document.checklist_code.choices = [(i["code"], item_text(i)) for i in rules.checklist_for(app.size_class, app.kind)]
    submit = SubmitForm(prefix="submit")
    submit.token.data = secrets.token_hex(16)
    return {"basics": basics, "result": result, "product": product, "year": YearForm(prefix="year"),
            "document": document, "submit": submit, "complete": NoteForm(prefix="complete"),
            "forward": NoteForm(prefix="forward"), "refuse": NoteForm(prefix="refuse"),
            "council": CouncilForm(prefix="council", with_council=app.with_council), "confirm": ConfirmForm()}


def _page(app: CertApplication, forms: dict | None = None, status: int = 200):
    today = local_today()
    on = app.submitted_on if app.status not in apps.EDITABLE and app.submitted_on else today
    rules, results, overall = apps.evaluate_application(app, on)
    merged = _forms(app)
    merged.update(forms or {})
    return render_template(
        "certification/application.html", app=app, rules=rules, results=results, overall=overall,
        forms=merged, missing=apps.missing_documents(app), due=due_item(app, today),
        decision_step=decision_step(app), today=today), status


@bp.route("/applications/<int:app_id>")
@guard("cert.application.view")
def application(app_id: int):
    app = get_application(app_id)
    if can("cert.application.edit", app) and apps.refresh_draft_rule_set(app, local_today()):
        db.session.commit()
        flash(_("Căn cứ pháp lý áp dụng cho hồ sơ đã thay đổi theo ngày hiện tại: kiểm tra lại danh mục hồ sơ."),
              "success")
    return _page(app)


def _back(app: CertApplication, anchor: str = ""):
    return redirect(url_for("cert.application", app_id=app.id) + (f"#{anchor}" if anchor else ""))


def _run(app: CertApplication, action, success: str, anchor: str = ""):
    """Call one service and come back to the dossier; a refusal becomes a message on the same page."""
    attempt(CERT, action, success)
    return _back(app, anchor)


@bp.route("/applications/<int:app_id>/basics", methods=["POST"])
@guard("cert.application.edit")
def basics(app_id: int):
    app = get_application(app_id, "cert.application.edit")
    form = BasicsForm(prefix="basics")
    if not form.validate_on_submit():
        return _page(app, {"basics": form})
    data = {name: form[name].data for name in ("size_class", "established_on", "rd_staff_with_degree", "note")}
    return _run(app, lambda: apps.update_basics(app, data, current_user), _("Đã lưu thông tin doanh nghiệp."),
                "basics")


@bp.route("/applications/<int:app_id>/results", methods=["POST"])
@guard("cert.application.edit")
def add_result(app_id: int):
    app = get_application(app_id, "cert.application.edit")
    form = _forms(app)["result"]
    if not form.validate_on_submit():
        return _page(app, {"result": form})
    data = {name: form[name].data for name in ("type", "title", "document_number", "document_date", "issuer",
                                                "right")}
    return _run(app, lambda: apps.add_result(app, data, current_user), _("Đã thêm kết quả KH&CN."), "results")


@bp.route("/applications/<int:app_id>/results/<int:result_id>/delete", methods=["POST"])
@guard("cert.application.edit")
def remove_result(app_id: int, result_id: int):
    app = get_application(app_id, "cert.application.edit")
    return _run(app, lambda: apps.remove_result(app, result_id, current_user), _("Đã xoá kết quả."), "results")


@bp.route("/applications/<int:app_id>/products", methods=["POST"])
@guard("cert.application.edit")
def add_product(app_id: int):
    app = get_application(app_id, "cert.application.edit")
    form = _forms(app)["product"]
    if not form.validate_on_submit():
        return _page(app, {"product": form})
    result_id = form.result_id.data or None
    return _run(app, lambda: apps.add_product(app, form.name.data, result_id, current_user),
                _("Đã thêm sản phẩm."), "products")


@bp.route("/applications/<int:app_id>/products/<int:product_id>/delete", methods=["POST"])
@guard("cert.application.edit")
def remove_product(app_id: int, product_id: int):
    app = get_application(app_id, "cert.application.edit")
    return _run(app, lambda: apps.remove_product(app, product_id, current_user), _("Đã xoá sản phẩm."),
                "products")


@bp.route("/applications/<int:app_id>/years", methods=["POST"])
@guard("cert.application.edit")
def save_year(app_id: int):
    app = get_application(app_id, "cert.application.edit")
    form = YearForm(prefix="year")
    if not form.validate_on_submit():
        return _page(app, {"year": form})
    figures = {name: form[name].data for name in apps.YEAR_FIGURES}
    return _run(app, lambda: apps.save_year(app, form.year.data, figures, current_user),
                _("Đã lưu số liệu năm %(year)s.", year=form.year.data), "years")


@bp.route("/applications/<int:app_id>/years/<int:year>/delete", methods=["POST"])
@guard("cert.application.edit")
def remove_year(app_id: int, year: int):
    app = get_application(app_id, "cert.application.edit")
    return _run(app, lambda: apps.remove_year(app, year, current_user), _("Đã xoá số liệu năm."), "years")


@bp.route("/applications/<int:app_id>/documents", methods=["POST"])
@guard("cert.application.edit")
def add_document(app_id: int):
    app = get_application(app_id, "cert.application.edit")
    form = _forms(app)["document"]
    if not form.validate_on_submit():
        return _page(app, {"document": form})
    upload = form.file.data
    data = upload.stream.read(int(apps.cert_setting("upload_max_bytes")) + 1)
    return _run(app, lambda: apps.add_document(app, form.checklist_code.data, data, upload.filename,
                                               current_user), _("Đã tải lên tài liệu."), "documents")


@bp.route("/applications/<int:app_id>/documents/<int:document_id>/delete", methods=["POST"])
@guard("cert.application.edit")
def remove_document(app_id: int, document_id: int):
    app = get_application(app_id, "cert.application.edit")
    return _run(app, lambda: apps.remove_document(app, document_id, current_user), _("Đã xoá tài liệu."),
                "documents")


@bp.route("/documents/<int:document_id>")
@guard("cert.application.view")
def document(document_id: int):
    """A dossier file, only to the enterprise and the DOST; never from static/."""
    doc = db.session.get(CertDocument, document_id) or abort(404)
    require("cert.application.view", doc.application)
    return send_upload(apps.document_path(doc), doc.mime, doc.original_name)


@bp.route("/applications/<int:app_id>/submit", methods=["POST"])
@guard("cert.application.submit")
def submit(app_id: int):
    """A double click sends the same token twice: the second one changes nothing."""
    app = get_application(app_id, "cert.application.submit")
    form = SubmitForm(prefix="submit")
    form.validate_on_submit()
    return _run(app, lambda: apps.submit_application(app, current_user, local_today(), form.token.data or None),
                _("Đã nộp hồ sơ cho Sở KH&CN."))


@bp.route("/applications/<int:app_id>/withdraw", methods=["POST"])
@guard("cert.application.withdraw")
def withdraw(app_id: int):
    app = get_application(app_id, "cert.application.withdraw")
    if not ConfirmForm().validate_on_submit():
        return _back(app)
    return _run(app, lambda: apps.withdraw_application(app, current_user, local_today()), _("Đã rút hồ sơ."))

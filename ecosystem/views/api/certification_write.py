"""JSON writes of S&T-enterprise certification: the enterprise drafts, fills (files too) and submits its
dossier, officers decide and revoke, through the pages' policies and services (same refusals, same history)."""
from flask import abort
from flask_babel import gettext as _
from flask_login import current_user
from flask_smorest.fields import Upload
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from ecosystem.clock import local_today
from ecosystem.extensions import db
from ecosystem.models import vocab
from ecosystem.models.certification import RESULT_RIGHTS
from ecosystem.permissions import can, guard
from ecosystem.services.certification import applications as apps
from ecosystem.services.certification import appraisal as workflow
from ecosystem.services.certification.context import CertError, cert_setting, rule_set
from ecosystem.services.certification.annual_reports import file_report
from ecosystem.services.certification.register import revoke_certificate
from ecosystem.services.directory.records import find_org_by_slug
from ecosystem.validators import MONEY_MAX
from ecosystem.views.api.base import IDEMPOTENCY_DOC, Moment, api_blueprint, idempotent, preload
from ecosystem.views.api.problems import abort_problem, perform
from ecosystem.views.api.programmes import ApplicationOut, application_json
from ecosystem.views.certification.common import CERT, get_application, get_certificate

bp = api_blueprint("api_certification_write", "certification", url_prefix="/api/v1/certification",
                   description="Certification dossiers: drafting, submission, officers' decisions, revocation")
APP = "/applications/<int:app_id>"
DECISIONS = ("request_completion", "accept", "council", "forward", "refuse", "issue")
Money = validate.Range(0, MONEY_MAX)



class CertResultOut(Schema):
    id = fields.Integer()
    type = fields.String()
    title = fields.String()
    document_number = fields.String(allow_none=True)
    document_date = fields.Date(allow_none=True)
    issuer = fields.String(allow_none=True)
    right = fields.String()


class CertProductOut(Schema):
    id = fields.Integer()
    name = fields.String()
    result_id = fields.Integer(allow_none=True)


class CertYearOut(Schema):
    year = fields.Integer()
    revenue = fields.Integer(allow_none=True, metadata={"description": "VND"})
    st_revenue = fields.Integer(allow_none=True, metadata={"description": "VND"})
    net_revenue = fields.Integer(allow_none=True, metadata={"description": "VND"})
    rd_spending = fields.Integer(allow_none=True, metadata={"description": "VND"})


class CertDocumentOut(Schema):
    id = fields.Integer()
    checklist_code = fields.String()
    original_name = fields.String()
    mime = fields.String()
    size = fields.Integer()
    uploaded_at = Moment()


class CertStepOut(Schema):
    at = Moment()
    on = fields.Date()
    action = fields.String()
    status_from = fields.String(allow_none=True)
    status_to = fields.String(allow_none=True)
    due_on = fields.Date(allow_none=True)
    note = fields.String(allow_none=True)
    actor_id = fields.Integer(allow_none=True)


class CertConditionOut(Schema):
    code = fields.String()
    type = fields.String()
    met = fields.Boolean(allow_none=True, metadata={"description": "null while a fact it needs is missing"})
    waived = fields.Boolean()


class CertApplicationDetail(ApplicationOut):
    size_class = fields.String(allow_none=True)
    established_on = fields.Date(allow_none=True)
    rd_staff_with_degree = fields.Integer(allow_none=True)
    note = fields.String(allow_none=True)
    submitted_on = fields.Date(allow_none=True)
    with_council = fields.Boolean()
    completeness_due = fields.Date(allow_none=True)
    completion_due = fields.Date(allow_none=True)
    decision_due = fields.Date(allow_none=True)
    decided_on = fields.Date(allow_none=True)
    decision_note = fields.String(allow_none=True)
    results = fields.List(fields.Nested(CertResultOut))
    products = fields.List(fields.Nested(CertProductOut))
    years = fields.List(fields.Nested(CertYearOut))
    documents = fields.List(fields.Nested(CertDocumentOut))
    missing_documents = fields.List(fields.String(), metadata={"description": "required checklist codes"})
    conditions = fields.List(fields.Nested(CertConditionOut))
    conditions_met = fields.Boolean(allow_none=True)
    steps = fields.List(fields.Nested(CertStepOut), metadata={"description": "the append-only history"})


class CertStartIn(Schema):
    organisation = fields.String(required=True, validate=validate.Length(min=1, max=200),
                                 metadata={"description": "slug of an enterprise the caller manages"})


class CertRequestIn(Schema):
    kind = fields.String(required=True, validate=validate.OneOf(("change", "reissue")))
    adds_products = fields.Boolean(load_default=False)
    note = fields.String(required=True, validate=validate.Length(min=1, max=4000))


class CertBasicsIn(Schema):
    size_class = fields.String(validate=validate.OneOf([""] + list(vocab.SIZE_CLASSES)))
    established_on = fields.Date(allow_none=True)
    rd_staff_with_degree = fields.Integer(allow_none=True, validate=validate.Range(0, 100000))
    note = fields.String(allow_none=True, validate=validate.Length(max=4000))

    @validates_schema
    def _something(self, data, **kwargs):
        if not data:
            raise ValidationError("Send at least one field.")


class CertResultIn(Schema):
    type = fields.String(required=True, validate=validate.Length(min=1, max=40),
                         metadata={"description": "a result type of the application's rule set"})
    title = fields.String(required=True, validate=validate.Length(min=1, max=300))
    document_number = fields.String(required=True, validate=validate.Length(min=1, max=120))
    document_date = fields.Date(load_default=None, allow_none=True)
    issuer = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=200))
    right = fields.String(load_default="owned", validate=validate.OneOf(list(RESULT_RIGHTS)))


class CertProductIn(Schema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=300))
    result_id = fields.Integer(load_default=None, allow_none=True)


class CertYearIn(Schema):
    revenue = fields.Integer(strict=True, load_default=None, allow_none=True, validate=Money)
    st_revenue = fields.Integer(strict=True, load_default=None, allow_none=True, validate=Money)
    net_revenue = fields.Integer(strict=True, load_default=None, allow_none=True, validate=Money)
    rd_spending = fields.Integer(strict=True, load_default=None, allow_none=True, validate=Money)


class CertDocumentQuery(Schema):
    checklist_code = fields.String(required=True, validate=validate.Length(min=1, max=60),
                                   metadata={"description": "an item of the dossier's checklist"})


class CertDocumentFile(Schema):
    file = Upload(required=True, metadata={"description": "PDF, PNG, JPEG or WebP (checked by content)"})


class CertSubmitIn(Schema):
    token = fields.String(required=True, validate=validate.Length(min=1, max=64),
                          metadata={"description": "chosen by the client: sending it again changes nothing"})


class CertConfirmIn(Schema):
    confirm = fields.Boolean(required=True, validate=validate.Equal(True))


class CertDecisionIn(Schema):
    action = fields.String(required=True, validate=validate.OneOf(DECISIONS))
    note = fields.String(load_default="", validate=validate.Length(max=4000),
                         metadata={"description": "what to complete, the refusal's reason, or a forwarding note"})
    with_council = fields.Boolean(load_default=False, metadata={"description": "accept and council only"})
    confirm = fields.Boolean(load_default=False, metadata={"description": "issue: true, as the page asks first"})


class CertRevokeIn(Schema):
    ground = fields.String(required=True, validate=validate.Length(min=1, max=60),
                           metadata={"description": "a revocation ground of the certificate's rule set"})
    decision_number = fields.String(required=True, validate=validate.Length(min=1, max=120))
    decided_on = fields.Date(required=True)
    note = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=4000))
    confirm = fields.Boolean(required=True, metadata={"description": "true: revocation cannot be undone"})


class CertReportIn(Schema):
    fiscal_year = fields.Integer(required=True, validate=validate.Range(1990, 2100))
    total_revenue = fields.Integer(strict=True, required=True, validate=Money, metadata={"description": "VND"})
    st_revenue = fields.Integer(strict=True, required=True, validate=Money,
                                metadata={"description": "VND, not above the total"})
    incentives_vnd = fields.Integer(strict=True, load_default=None, allow_none=True, validate=Money)
    incentives_note = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=4000))


class CertReportOut(Schema):
    fiscal_year = fields.Integer()
    total_revenue = fields.Integer()
    st_revenue = fields.Integer()
    incentives_vnd = fields.Integer(allow_none=True)
    incentives_note = fields.String(allow_none=True)


class CertRevokedOut(Schema):
    id = fields.Integer()
    number = fields.String()
    status = fields.String()
    revoked_on = fields.Date(allow_none=True)
    revocation_ground = fields.String(allow_none=True)
    revocation_decision = fields.String(allow_none=True)
    publication_end = fields.Date(allow_none=True)


def detail_json(app) -> dict:
    """The dossier as its page shows it: conditions as of submission (today for a draft)."""
    on = app.submitted_on if app.status not in apps.EDITABLE and app.submitted_on else local_today()
    _rules, results, overall = apps.evaluate_application(app, on)
    return {**application_json(app),
            **{name: getattr(app, name) for name in (
                "size_class", "established_on", "rd_staff_with_degree", "note", "submitted_on", "with_council",
                "completeness_due", "completion_due", "decision_due", "decided_on", "decision_note")},
            "results": list(app.results), "products": list(app.products),
            "years": sorted(app.years, key=lambda y: y.year), "documents": list(app.documents),
            "missing_documents": [item["code"] for item in apps.missing_documents(app)],
            "conditions": [{"code": r.code, "type": r.type, "met": r.met, "waived": r.waived} for r in results],
            "conditions_met": overall, "steps": sorted(app.steps, key=lambda s: s.id)}


def confirmation_needed(consequence: str) -> None:
    """The page's 'ask first' step: without confirm=true nothing changes and the consequence is told."""
    abort_problem(422, "confirmation_required", consequence)


def _editable(app_id: int):
    return get_application(app_id, "cert.application.edit")


def _edit(app_id: int, call):
    """One dossier edit through the service; answers the dossier as it now stands."""
    app = _editable(app_id)
    perform(lambda: (apps.refresh_draft_rule_set(app, local_today()), call(app)), CERT)  # as the page shows it
    return detail_json(app)


@bp.route("/applications", methods=["POST"])
@guard("cert.apply")
@idempotent
@bp.doc(**IDEMPOTENCY_DOC)
@bp.arguments(CertStartIn)
@bp.response(201, CertApplicationDetail)
def start(data):
    """Start a draft for an enterprise the caller manages (the page's refusals: tax code, one open, certified)."""
    org = find_org_by_slug(data["organisation"])
    if org is None or org.id not in (current_user.managed_org_ids or set()):
        abort(403)
    app = perform(lambda: apps.start_application(org, current_user, local_today()), CERT)
    return detail_json(app)


@bp.route("/certificates/<int:cert_id>/requests", methods=["POST"])
@guard("cert.certificate.request")
@preload(lambda cert_id: get_certificate(cert_id, "cert.certificate.request"))
@idempotent
@bp.doc(**IDEMPOTENCY_DOC)
@bp.arguments(CertRequestIn)
@bp.response(201, CertApplicationDetail)
def request_change(data, cert_id: int):
    """Ask to change (possibly adding products) or reissue the enterprise's own valid certificate."""
    cert = get_certificate(cert_id, "cert.certificate.request")
    app = perform(lambda: apps.start_application(cert.organisation, current_user, local_today(), kind=data["kind"],
                                                 certificate=cert, adds_products=data["adds_products"],
                                                 note=data["note"]), CERT)
    return detail_json(app)


@bp.route(APP)
@guard("cert.application.view")
@bp.etag
@bp.response(200, CertApplicationDetail)
def application(app_id: int):
    """One dossier with its conditions and history: its enterprise's managers and officers only (a draft
    follows the rule set in force today, as on its page)."""
    app = get_application(app_id)
    if can("cert.application.edit", app) and apps.refresh_draft_rule_set(app, local_today()):
        db.session.commit()
    return detail_json(app)


@bp.route(APP, methods=["PATCH"])
@guard("cert.application.edit")
@preload(_editable)
@bp.arguments(CertBasicsIn)
@bp.response(200, CertApplicationDetail)
def basics(data, app_id: int):
    """The enterprise's basics, while a draft or asked to complete."""
    return _edit(app_id, lambda app: apps.update_basics(app, data, current_user))


@bp.route(APP + "/results", methods=["POST"])
@guard("cert.application.edit")
@preload(_editable)
@bp.arguments(CertResultIn)
@bp.response(201, CertApplicationDetail)
def add_result(data, app_id: int):
    return _edit(app_id, lambda app: apps.add_result(app, data, current_user))


@bp.route(APP + "/results/<int:result_id>", methods=["DELETE"])
@guard("cert.application.edit")
@bp.response(200, CertApplicationDetail)
def remove_result(app_id: int, result_id: int):
    return _edit(app_id, lambda app: apps.remove_result(app, result_id, current_user))


@bp.route(APP + "/products", methods=["POST"])
@guard("cert.application.edit")
@preload(_editable)
@bp.arguments(CertProductIn)
@bp.response(201, CertApplicationDetail)
def add_product(data, app_id: int):
    return _edit(app_id, lambda app: apps.add_product(app, data["name"], data["result_id"], current_user))


@bp.route(APP + "/products/<int:product_id>", methods=["DELETE"])
@guard("cert.application.edit")
@bp.response(200, CertApplicationDetail)
def remove_product(app_id: int, product_id: int):
    return _edit(app_id, lambda app: apps.remove_product(app, product_id, current_user))


@bp.route(APP + "/years/<int:year>", methods=["PUT"])
@guard("cert.application.edit")
@preload(lambda app_id, year: _editable(app_id))
@bp.arguments(CertYearIn)
@bp.response(200, CertApplicationDetail)
def save_year(data, app_id: int, year: int):
    """One fiscal year (1990–2100, as the page) of figures in whole VND (S&T revenue not above the total)."""
    if not 1990 <= year <= 2100:
        abort_problem(422, "invalid", "The fiscal year is 1990 to 2100.")
    return _edit(app_id, lambda app: apps.save_year(app, year, data, current_user))


@bp.route(APP + "/years/<int:year>", methods=["DELETE"])
@guard("cert.application.edit")
@bp.response(200, CertApplicationDetail)
def remove_year(app_id: int, year: int):
    return _edit(app_id, lambda app: apps.remove_year(app, year, current_user))


@bp.route(APP + "/documents", methods=["POST"])
@guard("cert.application.edit")
@preload(_editable)
@bp.arguments(CertDocumentQuery, location="query")
@bp.arguments(CertDocumentFile, location="files")
@bp.response(201, CertApplicationDetail)
def add_document(query, files, app_id: int):
    """A dossier file for one item of the checklist the page offers (its size class and kind)."""
    upload, code = files["file"], query["checklist_code"]
    data = upload.stream.read(int(cert_setting("upload_max_bytes")) + 1)

    def call(app):
        offered = {item["code"] for item in rule_set(app.rule_set_code).checklist_for(app.size_class, app.kind)}
        if code not in offered:
            raise CertError("unknown_checklist_item")
        return apps.add_document(app, code, data, upload.filename, current_user)
    return _edit(app_id, call)


@bp.route(APP + "/documents/<int:document_id>", methods=["DELETE"])
@guard("cert.application.edit")
@bp.response(200, CertApplicationDetail)
def remove_document(app_id: int, document_id: int):
    return _edit(app_id, lambda app: apps.remove_document(app, document_id, current_user))


@bp.route(APP + "/submit", methods=["POST"])
@guard("cert.application.submit")
@preload(lambda app_id: get_application(app_id, "cert.application.submit"))
@bp.arguments(CertSubmitIn)
@bp.response(200, CertApplicationDetail)
def submit(data, app_id: int):
    """Send the dossier to the DOST (results and required documents first); the same token twice is one."""
    app = get_application(app_id, "cert.application.submit")
    perform(lambda: apps.submit_application(app, current_user, local_today(), data["token"]), CERT)
    return detail_json(app)


@bp.route(APP + "/withdraw", methods=["POST"])
@guard("cert.application.withdraw")
@preload(lambda app_id: get_application(app_id, "cert.application.withdraw"))
@bp.arguments(CertConfirmIn)
@bp.response(200, CertApplicationDetail)
def withdraw(data, app_id: int):
    app = get_application(app_id, "cert.application.withdraw")
    perform(lambda: apps.withdraw_application(app, current_user, local_today()), CERT)
    return detail_json(app)


def _decision(app, data):
    """The service call of one officer's decision, as the office pages make it."""
    today, note = local_today(), data["note"].strip()
    return {
        "request_completion": lambda: workflow.request_completion(app, current_user, note, today),
        "accept": lambda: workflow.accept_dossier(app, current_user, today, data["with_council"]),
        "council": lambda: workflow.set_council(app, current_user, data["with_council"], today),
        "forward": lambda: workflow.forward_to_ministry(app, current_user, note, today),
        "refuse": lambda: workflow.refuse_application(app, current_user, note, today),
        "issue": lambda: workflow.issue_from_application(app, current_user, today),
    }[data["action"]]


@bp.route(APP + "/decisions", methods=["POST"])
@guard("cert.application.process")
@preload(lambda app_id: get_application(app_id, "cert.application.process"))
@bp.arguments(CertDecisionIn)
@bp.response(200, CertApplicationDetail)
def decide(data, app_id: int):
    """An officer's step: ask to complete (note), accept (council or not), set the council, forward,
    refuse (reason), or issue the certificate (confirm=true), each recorded in the history."""
    app = get_application(app_id, "cert.application.process")
    if data["action"] == "issue" and not data["confirm"]:
        confirmation_needed(_(
            "%(org)s sẽ được cấp giấy chứng nhận doanh nghiệp KH&CN, có số hiệu và được công khai trên sổ đăng ký; "
            "giấy đã cấp chỉ có thể thu hồi bằng quyết định.", org=app.organisation.name))
    perform(_decision(app, data), CERT)
    return detail_json(app)


@bp.route("/certificates/<int:cert_id>/revoke", methods=["POST"])
@guard("cert.certificate.revoke")
@preload(lambda cert_id: get_certificate(cert_id, "cert.certificate.revoke"))
@bp.arguments(CertRevokeIn)
@bp.response(200, CertRevokedOut)
def revoke(data, cert_id: int):
    """Revoke on a ground of the certificate's rule set with the decision's number; published, final."""
    certificate = get_certificate(cert_id, "cert.certificate.revoke")
    if not data["confirm"]:
        confirmation_needed(_(
            "Giấy chứng nhận %(number)s của %(org)s sẽ hết hiệu lực và quyết định thu hồi được công khai; "
            "không thể hoàn tác.", number=certificate.number, org=certificate.organisation.name))
    perform(lambda: revoke_certificate(certificate, current_user, data["ground"], data["decision_number"],
                                       data["decided_on"], data["note"] or None), CERT)
    return certificate


@bp.route("/certificates/<int:cert_id>/reports", methods=["POST"])
@guard("cert.certificate.report")
@preload(lambda cert_id: get_certificate(cert_id, "cert.certificate.report"))
@bp.arguments(CertReportIn)
@bp.response(200, CertReportOut)
def report(data, cert_id: int):
    """File (or correct) the annual report of an ended fiscal year of the enterprise's own valid certificate."""
    certificate = get_certificate(cert_id, "cert.certificate.report")
    return perform(lambda: file_report(certificate, current_user, data["fiscal_year"], data["st_revenue"],
                                       data["total_revenue"], local_today(), data["incentives_vnd"],
                                       data["incentives_note"] or None), CERT)

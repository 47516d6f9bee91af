"""The enterprise's side of an application: draft it, fill the dossier, see the conditions, submit.

Plain verb_noun functions: they check, change rows, flush and log; the caller commits.
"""
from datetime import date

from flask import current_app
from sqlalchemy import select

from ecosystem.extensions import db
from ecosystem.models import (CertApplication, CertDocument, CertProduct, CertResult, CertYear, Certificate,
                              Organisation)
from ecosystem.models.certification import OPEN_STATUSES
from ecosystem.services.platform import uploads
from ecosystem.services.platform.audit import log_action
from ecosystem.services.platform.stored_files import save_bytes
from ecosystem.services.certification.conditions import age_in_years, all_met, evaluate_conditions, first_full_fiscal_year
from ecosystem.services.certification.context import CertError, cert_setting, rule_set, rule_set_on
from ecosystem.services.certification.appraisal import add_step, deadline, notify_officers
from ecosystem.validators import is_valid_tax_code

EDITABLE = ("draft", "incomplete")
YEAR_FIGURES = ("revenue", "st_revenue", "net_revenue", "rd_spending")


def eligible_organisations(user) -> list[Organisation]:
    """Organisations the user manages that have a valid tax code (only enterprises can apply)."""
    orgs = [m.organisation for m in user.managed]
    return sorted((o for o in orgs if is_valid_tax_code(o.tax_code) and o.status != "archived"),
                  key=lambda o: o.name)


def open_application(org: Organisation, kind: str | None = None) -> CertApplication | None:
    query = select(CertApplication).where(CertApplication.organisation_id == org.id,
                                          CertApplication.status.in_(OPEN_STATUSES))
    if kind:
        query = query.where(CertApplication.kind == kind)
    return db.session.scalars(query.order_by(CertApplication.id)).first()


def valid_certificate(org: Organisation) -> Certificate | None:
    return db.session.scalars(select(Certificate).where(
        Certificate.organisation_id == org.id, Certificate.status != "revoked")).first()


def start_application(org: Organisation, user, today: date, kind: str = "new",
                      certificate: Certificate | None = None, adds_products: bool = False,
                      note: str | None = None, idem_key: str | None = None) -> CertApplication:
    """A new draft under the rule set in force today (fixed again on submission); one open at a time."""
    if idem_key:
        earlier = db.session.scalar(select(CertApplication).where(CertApplication.idem_key == idem_key))
        if earlier is not None:
            return earlier
    if not is_valid_tax_code(org.tax_code):
        raise CertError("no_tax_code")
    if open_application(org) is not None:
        raise CertError("open_application_exists")
    if kind == "new" and valid_certificate(org) is not None:
        raise CertError("already_certified")
    if kind != "new" and (certificate is None or not certificate.is_valid
                          or certificate.organisation_id != org.id):
        raise CertError("certificate_not_valid")
    app = CertApplication(
        organisation_id=org.id, applicant_id=user.id, kind=kind, certificate_id=certificate.id if certificate else None,
        adds_products=bool(adds_products and kind == "change"), rule_set_code=rule_set_on(today).code,
        size_class=org.size_class, established_on=org.first_registered_on or org.founded_on,
        note=note, idem_key=idem_key)
    db.session.add(app)
    if certificate is not None:
        app.products = [CertProduct(name=name) for name in certificate.products or []]
    db.session.flush()
    add_step(app, user, "created", today, None, "draft")
    log_action(user.id, "cert.application.create", "cert_application", app.id, kind=kind)
    return app


def _require_editable(app: CertApplication) -> None:
    if app.status not in EDITABLE:
        raise CertError("not_editable")


def update_basics(app: CertApplication, data: dict, user) -> None:
    _require_editable(app)
    for name in ("size_class", "established_on", "rd_staff_with_degree", "note"):
        if name in data:
            setattr(app, name, data[name] if data[name] != "" else None)
    db.session.flush()
    log_action(user.id, "cert.application.update", "cert_application", app.id)


def add_result(app: CertApplication, data: dict, user) -> CertResult:
    _require_editable(app)
    codes = {item["code"] for item in rule_set(app.rule_set_code).result_types}
    if data.get("type") not in codes:
        raise CertError("result_type_not_in_rule_set")
    result = CertResult(type=data["type"], title=data["title"], document_number=data.get("document_number"),
                        document_date=data.get("document_date"), issuer=data.get("issuer"),
                        right=data.get("right") or "owned")
    app.results.append(result)
    db.session.flush()
    log_action(user.id, "cert.result.add", "cert_application", app.id, result_id=result.id)
    return result


def remove_result(app: CertApplication, result_id: int, user) -> None:
    _require_editable(app)
    app.results = [r for r in app.results if r.id != result_id]
    for product in app.products:
        if product.result_id == result_id:
            product.result_id = None
    db.session.flush()
    log_action(user.id, "cert.result.remove", "cert_application", app.id, result_id=result_id)


def add_product(app: CertApplication, name: str, result_id: int | None, user) -> CertProduct:
    _require_editable(app)
    if result_id is not None and result_id not in {r.id for r in app.results}:
        raise CertError("result_not_in_application")
    product = CertProduct(name=name.strip(), result_id=result_id)
    app.products.append(product)
    db.session.flush()
    log_action(user.id, "cert.product.add", "cert_application", app.id, product_id=product.id)
    return product


def remove_product(app: CertApplication, product_id: int, user) -> None:
    _require_editable(app)
    app.products = [p for p in app.products if p.id != product_id]
    db.session.flush()
    log_action(user.id, "cert.product.remove", "cert_application", app.id, product_id=product_id)


def save_year(app: CertApplication, year: int, figures: dict, user) -> CertYear:
    """Add or replace one fiscal year's figures (int VND); S&T revenue cannot exceed the total."""
    _require_editable(app)
    values = {name: figures.get(name) for name in YEAR_FIGURES}
    if values["st_revenue"] is not None and values["revenue"] is not None \
            and values["st_revenue"] > values["revenue"]:
        raise CertError("st_revenue_above_total")
    row = next((y for y in app.years if y.year == year), None)
    if row is None:
        row = CertYear(year=year)
        app.years.append(row)
    for name, value in values.items():
        setattr(row, name, value)
    db.session.flush()
    log_action(user.id, "cert.year.save", "cert_application", app.id, year=year)
    return row


def remove_year(app: CertApplication, year: int, user) -> None:
    _require_editable(app)
    app.years = [y for y in app.years if y.year != year]
    db.session.flush()


def add_document(app: CertApplication, checklist_code: str, data: bytes, filename: str | None,
                 user) -> CertDocument:
    """Store an uploaded dossier file for one checklist item (checked by content, kept outside static)."""
    _require_editable(app)
    if checklist_code not in {item["code"] for item in rule_set(app.rule_set_code).checklist}:
        raise CertError("unknown_checklist_item")
    info = uploads.inspect_upload(data, filename, int(cert_setting("upload_max_bytes")))
    save_bytes(info, data, app.organisation_id)  # in place after the commit; quota per organisation
    document = CertDocument(checklist_code=checklist_code, original_name=info.original_name,
                            storage_name=info.storage_name, mime=info.mime, size=info.size,
                            sha256=info.sha256, uploaded_by_id=user.id)
    app.documents.append(document)
    db.session.flush()
    log_action(user.id, "cert.document.add", "cert_application", app.id, document_id=document.id)
    return document


def remove_document(app: CertApplication, document_id: int, user) -> None:
    _require_editable(app)
    app.documents = [d for d in app.documents if d.id != document_id]
    db.session.flush()  # the orphaned row is deleted; its file goes after the commit (stored_files)
    log_action(user.id, "cert.document.remove", "cert_application", app.id, document_id=document_id)


def document_path(document: CertDocument):
    return uploads.storage_path(current_app.config["UPLOAD_ROOT"], document.storage_name)


def application_facts(app: CertApplication, on: date) -> dict:
    """The plain facts the pure condition checks read, as of the submission (or today for a draft)."""
    org = app.organisation
    tables = {name: {y.year: getattr(y, name) for y in app.years if getattr(y, name) is not None}
              for name in YEAR_FIGURES}
    results = []
    for result in app.results:
        results.append({"type": result.type, "document_number": result.document_number,
                        "right": result.right, "title": result.title,
                        "products": [p.name for p in app.products if p.result_id == result.id]})
    facts = {"registered": is_valid_tax_code(org.tax_code) and org.status != "archived",
             "size_class": app.size_class, "st_results": results,
             "rd_staff_with_degree": app.rd_staff_with_degree, "last_fiscal_year": on.year - 1, **tables}
    if app.established_on:
        facts["age_years"] = age_in_years(app.established_on, on)
        facts["first_full_fiscal_year"] = first_full_fiscal_year(app.established_on)
    return facts


def evaluate_application(app: CertApplication, on: date):
    """(rule set, condition results, overall) for the form and the officer, before and after submission."""
    rules = rule_set(app.rule_set_code)
    results = evaluate_conditions(rules, application_facts(app, on))
    return rules, results, all_met(results)


def missing_documents(app: CertApplication) -> list[dict]:
    have = {d.checklist_code for d in app.documents}
    items = rule_set(app.rule_set_code).checklist_for(app.size_class, app.kind)
    return [item for item in items if item.get("required") and item["code"] not in have]


def refresh_draft_rule_set(app: CertApplication, today: date) -> bool:
    """A draft follows the rule set in force today (its checklist and conditions may change); True if it did."""
    if app.status != "draft":
        return False
    code = rule_set_on(today).code
    if code == app.rule_set_code:
        return False
    app.rule_set_code = code
    db.session.flush()
    return True


def submit_application(app: CertApplication, user, today: date, token: str | None = None) -> bool:
    """Send the dossier to the DOST: fixes the rule set on first submission and starts the clocks.

    A repeated click with the same token is a no-op (returns False)."""
    if token and app.submit_token == token and app.status not in EDITABLE:
        return False
    _require_editable(app)
    first = app.status == "draft"
    if first:
        refresh_draft_rule_set(app, today)
        app.submitted_on = today
    if not app.results and app.kind == "new":
        raise CertError("no_results")
    if missing_documents(app):
        raise CertError("documents_missing")
    rules, results, _overall = evaluate_application(app, today)
    previous = app.status
    app.status, app.received_on, app.submit_token = "submitted", today, token
    app.conditions = [r.as_dict() for r in results]
    app.completeness_due = deadline(rules, "completeness_check", today)
    app.forward_due = deadline(rules, "forward_to_ministry", today) if app.kind == "new" else None
    app.completion_due = None
    add_step(app, user, "submitted" if first else "resubmitted", today, previous, "submitted",
             due_on=app.completeness_due)
    log_action(user.id, "cert.application.submit", "cert_application", app.id, rule_set=app.rule_set_code)
    notify_officers(app, "cert.submitted")
    return True


def withdraw_application(app: CertApplication, user, today: date) -> None:
    if app.status not in ("draft", "submitted", "incomplete"):
        raise CertError("cannot_withdraw")
    previous, app.status = app.status, "withdrawn"
    add_step(app, user, "withdrawn", today, previous, "withdrawn")
    log_action(user.id, "cert.application.withdraw", "cert_application", app.id)

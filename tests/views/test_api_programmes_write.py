"""API writes of certification, S&T funds and programme targets: a token does what its owner may do on
the pages, through the same services, with the same refusals (and nothing more)."""
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from ecosystem.clock import local_today
from ecosystem.extensions import db
from ecosystem.models import CertApplication, Certificate, FundEntry, ProgrammeTarget, StFund, TargetFigure
from ecosystem.services.certification import applications as apps
from ecosystem.services.certification.register import create_certificate
from ecosystem.services.funds import ledger as ledger_service
from tests import factories as f
from tests.services.certification.helpers import enterprise, filled_application
from tests.views.test_api import bearer, token_for

V1 = "/api/v1"
M = 1_000_000


def problem(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)[:400]
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert body["code"] == code, body
    return body


# --- certification: the enterprise's dossier ---------------------------------------------------

def test_owner_starts_fills_and_submits_a_dossier(app):
    org, manager = enterprise()
    raw = token_for(manager, ["write:certification"])
    client = app.test_client()
    started = client.post(V1 + "/certification/applications", json={"organisation": org.slug},
                          headers=bearer(raw) | {"Idempotency-Key": "start-1"})
    assert started.status_code == 201 and started.get_json()["status"] == "draft"
    app_id = started.get_json()["id"]
    replay = client.post(V1 + "/certification/applications", json={"organisation": org.slug},
                         headers=bearer(raw) | {"Idempotency-Key": "start-1"})
    assert replay.headers.get("Idempotent-Replayed") == "true" and replay.get_json()["id"] == app_id
    problem(client.post(V1 + "/certification/applications", json={"organisation": org.slug}, headers=bearer(raw)),
            422, "open_application_exists")
    url = f"{V1}/certification/applications/{app_id}"
    problem(client.post(url + "/submit", json={"token": "t1"}, headers=bearer(raw)), 422, "no_results")

    assert client.patch(url, json={"rd_staff_with_degree": 7, "size_class": "small"},
                        headers=bearer(raw)).get_json()["rd_staff_with_degree"] == 7
    problem(client.patch(url, json={}, headers=bearer(raw)), 422, "invalid")
    problem(client.post(url + "/results", json={"type": "poem", "title": "Thơ", "document_number": "1"},
                        headers=bearer(raw)), 422, "result_type_not_in_rule_set")
    added = client.post(url + "/results", json={"type": "invention", "title": "Quy trình lên men",
                                                "document_number": "1-0034567"}, headers=bearer(raw))
    assert added.status_code == 201
    result_id = added.get_json()["results"][0]["id"]
    problem(client.post(url + "/products", json={"name": "Chế phẩm", "result_id": result_id + 999},
                        headers=bearer(raw)), 422, "result_not_in_application")
    assert client.post(url + "/products", json={"name": "Chế phẩm", "result_id": result_id},
                       headers=bearer(raw)).status_code == 201
    year = local_today().year - 1
    problem(client.put(f"{url}/years/{year}", json={"revenue": 10, "st_revenue": 11}, headers=bearer(raw)),
            422, "st_revenue_above_total")
    problem(client.put(f"{url}/years/{year}", json={"revenue": 10.5}, headers=bearer(raw)), 422, "invalid")
    saved = client.put(f"{url}/years/{year}", json={"revenue": 10 * 10**9, "st_revenue": 4 * 10**9},
                       headers=bearer(raw))
    assert saved.get_json()["years"] == [{"year": year, "revenue": 10 * 10**9, "st_revenue": 4 * 10**9,
                                          "net_revenue": None, "rd_spending": None}]
    missing = problem(client.post(url + "/submit", json={"token": "t1"}, headers=bearer(raw)),
                      422, "documents_missing")
    assert missing["detail"]  # the page's sentence

    dossier = db.session.get(CertApplication, app_id)
    from tests.services.certification.helpers import PDF
    for item in apps.missing_documents(dossier):
        apps.add_document(dossier, item["code"], PDF, f"{item['code']}.pdf", manager)
    db.session.commit()
    submitted = client.post(url + "/submit", json={"token": "t1"}, headers=bearer(raw))
    assert submitted.status_code == 200 and submitted.get_json()["status"] == "submitted"
    again = client.post(url + "/submit", json={"token": "t1"}, headers=bearer(raw))
    assert again.status_code == 200  # the same token twice: one submission, one step
    assert [s["action"] for s in again.get_json()["steps"]] == ["created", "submitted"]
    problem(client.patch(url, json={"note": "muộn"}, headers=bearer(raw)), 403, "forbidden")  # no longer editable


def test_dossier_files_are_checked_as_on_the_page(app):
    import io
    from tests.services.certification.helpers import PDF
    org, manager = enterprise()
    dossier = apps.start_application(org, manager, local_today())
    db.session.commit()
    client, url = app.test_client(), f"{V1}/certification/applications/{dossier.id}/documents"
    raw = token_for(manager)

    def send(code: str, data: bytes, name: str = "don.pdf"):
        return client.post(f"{url}?checklist_code={code}", data={"file": (io.BytesIO(data), name)},
                           headers=bearer(raw), content_type="multipart/form-data")

    problem(send("request_form", b"<html>not a pdf</html>", "don.pdf"), 422, "upload.type_not_allowed")
    problem(send("no_such_item", PDF), 422, "unknown_checklist_item")
    problem(client.post(f"{url}?checklist_code=request_form", headers=bearer(raw)), 422, "invalid")
    stored = send("request_form", PDF)
    assert stored.status_code == 201
    assert [(d["checklist_code"], d["mime"]) for d in stored.get_json()["documents"]] == [
        ("request_form", "application/pdf")]
    assert "request_form" not in stored.get_json()["missing_documents"]
    stranger = token_for(f.make_user("startup", manages=[f.make_org("Startup Ngoài")]))
    assert client.post(f"{url}?checklist_code=request_form", data={"file": (io.BytesIO(PDF), "x.pdf")},
                       headers=bearer(stranger), content_type="multipart/form-data").status_code == 403
    db.session.expire_all()
    assert len(db.session.get(CertApplication, dossier.id).documents) == 1


def test_deletes_and_withdrawal_go_through_the_service(app):
    org, manager = enterprise()
    dossier = filled_application(org, manager, local_today())
    db.session.commit()
    raw = token_for(manager)
    client, url = app.test_client(), f"{V1}/certification/applications/{dossier.id}"
    result_id, product_id = dossier.results[0].id, dossier.products[0].id
    document_id, year = dossier.documents[0].id, dossier.years[0].year
    assert client.delete(f"{url}/products/{product_id}", headers=bearer(raw)).get_json()["products"] == []
    assert client.delete(f"{url}/results/{result_id}", headers=bearer(raw)).get_json()["results"] == []
    assert client.delete(f"{url}/years/{year}", headers=bearer(raw)).get_json()["years"] == []
    left = client.delete(f"{url}/documents/{document_id}", headers=bearer(raw)).get_json()["documents"]
    assert document_id not in [d["id"] for d in left]
    problem(client.post(url + "/withdraw", json={"confirm": False}, headers=bearer(raw)), 422, "invalid")
    assert client.post(url + "/withdraw", json={"confirm": True}, headers=bearer(raw)).get_json()["status"] == \
        "withdrawn"
    db.session.expire_all()
    assert db.session.get(CertApplication, dossier.id).status == "withdrawn"


def test_scopes_and_other_enterprises_are_refused(app):
    org, manager = enterprise()
    other_org, other = enterprise("Công ty TNHH Khác Thử")
    dossier = apps.start_application(org, manager, local_today())
    db.session.commit()
    client, url = app.test_client(), f"{V1}/certification/applications/{dossier.id}"
    reader = token_for(manager, ["read"])
    problem(client.patch(url, json={"note": "x"}, headers=bearer(reader)), 403, "insufficient_scope")
    funds_only = token_for(manager, ["write:funds"])
    problem(client.patch(url, json={"note": "x"}, headers=bearer(funds_only)), 403, "insufficient_scope")
    assert client.get(url, headers=bearer(reader)).status_code == 200
    stranger = token_for(other)
    assert client.get(url, headers=bearer(stranger)).status_code == 403
    assert client.patch(url, json={"note": "x"}, headers=bearer(stranger)).status_code == 403
    assert client.post(url + "/submit", json={"token": "t"}, headers=bearer(stranger)).status_code == 403
    assert client.post(V1 + "/certification/applications", json={"organisation": org.slug},
                       headers=bearer(stranger)).status_code == 403  # not an enterprise they manage
    officer = token_for(f.make_user("officer"))
    assert client.patch(url, json={"note": "x"}, headers=bearer(officer)).status_code == 403  # the enterprise fills
    assert client.get(url, headers=bearer(officer)).status_code == 200
    assert client.post(url + "/decisions", json={"action": "accept"}, headers=bearer(stranger)).status_code == 403
    db.session.expire_all()
    assert db.session.get(CertApplication, dossier.id).note is None


# --- certification: the officers' decisions --------------------------------------------------------

def test_officer_decisions_need_the_pages_reasons_and_confirmation(app):
    org, manager = enterprise()
    dossier = filled_application(org, manager, local_today())
    apps.submit_application(dossier, manager, local_today())
    db.session.commit()
    raw = token_for(f.make_user("officer"), ["write:certification"])
    client, url = app.test_client(), f"{V1}/certification/applications/{dossier.id}/decisions"
    problem(client.post(url, json={"action": "request_completion", "note": "  "}, headers=bearer(raw)),
            422, "note_required")
    problem(client.post(url, json={"action": "refuse"}, headers=bearer(raw)), 422, "reason_required")
    problem(client.post(url, json={"action": "issue", "confirm": True}, headers=bearer(raw)), 422, "wrong_status")
    asked = client.post(url, json={"action": "request_completion", "note": "Bổ sung báo cáo tài chính"},
                        headers=bearer(raw))
    assert asked.get_json()["status"] == "incomplete" and asked.get_json()["completion_due"]
    owner = token_for(manager)
    resubmitted = client.post(f"{V1}/certification/applications/{dossier.id}/submit", json={"token": "again"},
                              headers=bearer(owner))
    assert resubmitted.get_json()["status"] == "submitted"
    assert client.post(url, json={"action": "accept", "with_council": True},
                       headers=bearer(raw)).get_json()["status"] == "appraisal"
    unconfirmed = problem(client.post(url, json={"action": "issue"}, headers=bearer(raw)),
                          422, "confirmation_required")
    assert org.name in unconfirmed["detail"]
    db.session.expire_all()
    assert db.session.get(CertApplication, dossier.id).status == "appraisal"
    assert db.session.scalar(select(func.count(Certificate.id))) == 0
    issued = client.post(url, json={"action": "issue", "confirm": True}, headers=bearer(raw)).get_json()
    assert issued["status"] == "issued" and issued["certificate_id"]
    assert [s["action"] for s in issued["steps"]] == [
        "created", "submitted", "completion_requested", "resubmitted", "accepted", "issued"]
    assert issued["steps"][2]["note"] == "Bổ sung báo cáo tài chính"
    problem(client.post(url, json={"action": "refuse", "note": "muộn"}, headers=bearer(raw)), 422, "wrong_status")
    assert client.post(url, json={"action": "accept"}, headers=bearer(owner)).status_code == 403


def test_refusal_keeps_its_reason(app):
    org, manager = enterprise()
    dossier = filled_application(org, manager, local_today())
    apps.submit_application(dossier, manager, local_today())
    db.session.commit()
    raw = token_for(f.make_user("officer"))
    answer = app.test_client().post(f"{V1}/certification/applications/{dossier.id}/decisions",
                                    json={"action": "refuse", "note": "Không đạt tỷ lệ doanh thu"},
                                    headers=bearer(raw))
    assert answer.get_json()["status"] == "refused" and answer.get_json()["decision_note"] == \
        "Không đạt tỷ lệ doanh thu"


def test_revocation_asks_first_and_checks_the_ground(app):
    org, manager = enterprise()
    cert = create_certificate(org.id, "ND13_2019", ["Giống lúa"], date(2020, 5, 4), None)
    db.session.commit()
    raw = token_for(f.make_user("officer"))
    client, url = app.test_client(), f"{V1}/certification/certificates/{cert.id}/revoke"
    body = {"ground": "no_annual_report", "decision_number": "12/QĐ-SKHCN", "decided_on": "2026-01-30",
            "confirm": False}
    assert cert.number in problem(client.post(url, json=body, headers=bearer(raw)), 422,
                                  "confirmation_required")["detail"]
    problem(client.post(url, json=body | {"confirm": True, "ground": "bad_luck"}, headers=bearer(raw)),
            422, "unknown_ground")
    problem(client.post(url, json=body | {"confirm": True, "decision_number": "  "}, headers=bearer(raw)),
            422, "decision_required")
    assert client.post(url, json=body | {"confirm": True}, headers=bearer(token_for(manager))).status_code == 403
    done = client.post(url, json=body | {"confirm": True}, headers=bearer(raw)).get_json()
    assert done["status"] == "revoked" and done["publication_end"] == "2026-03-20"
    problem(client.post(url, json=body | {"confirm": True}, headers=bearer(raw)), 422, "already_revoked")
    db.session.expire_all()
    assert [e.action for e in db.session.get(Certificate, cert.id).events] == ["issued", "revoked"]


def test_owner_asks_to_change_a_valid_certificate(app):
    org, manager = enterprise()
    cert = create_certificate(org.id, "ND268_2025", ["Phần mềm"], date(2025, 6, 2), None)
    db.session.commit()
    client, url = app.test_client(), f"{V1}/certification/certificates/{cert.id}/requests"
    answer = client.post(url, json={"kind": "change", "adds_products": True, "note": "Thêm sản phẩm"},
                         headers=bearer(token_for(manager)))
    assert answer.status_code == 201
    assert (answer.get_json()["kind"], answer.get_json()["certificate_id"]) == ("change", cert.id)
    assert [p["name"] for p in answer.get_json()["products"]] == ["Phần mềm"]
    other = f.make_user("startup", manages=[f.make_org("Startup Lạ")])
    assert client.post(url, json={"kind": "reissue", "note": "x"}, headers=bearer(token_for(other))).status_code \
        == 403


# --- funds ---------------------------------------------------------------------------------------

@pytest.fixture
def fund_world(app):
    org = f.make_org("Công ty Cổ phần Cơ khí API", kind="enterprise", tax_code=f.valid_tax_code())
    owner = f.make_user("startup", manages=[org])
    officer = f.make_user("officer")
    fund = ledger_service.save_fund(org, {"decision_number": "12/QĐ", "decision_date": date(2019, 1, 15),
                                          "organisation_form": "internal", "state_owned": False}, owner)
    db.session.commit()
    return {"org": org, "owner": owner, "officer": officer, "fund_id": fund.id,
            "url": f"{V1}/funds/{fund.id}", "client": app.test_client()}


def appropriation(**extra) -> dict:
    return {"tax_year": 2019, "taxable_income": 1000 * M, "rate": "0.1", "cit_rate": "0.2"} | extra


def entries(fund_id: int, kind: str | None = None) -> list[FundEntry]:
    query = select(FundEntry).where(FundEntry.fund_id == fund_id).order_by(FundEntry.id)
    db.session.expire_all()
    return list(db.session.scalars(query.where(FundEntry.kind == kind) if kind else query))


def test_owner_records_an_appropriation_with_the_pages_limits(fund_world):
    w = fund_world
    client, raw = w["client"], token_for(w["owner"], ["write:funds"])
    problem(client.post(w["url"] + "/appropriations", json=appropriation(rate="0.11"), headers=bearer(raw)),
            422, "rate_out_of_range")
    problem(client.post(w["url"] + "/appropriations", json=appropriation(taxable_income=1000.5 * M),
                        headers=bearer(raw)), 422, "invalid")
    problem(client.post(w["url"] + "/appropriations", json=appropriation(amount=90 * M, override_reason="x"),
                        headers=bearer(raw)), 422, "override_officer_only")
    made = client.post(w["url"] + "/appropriations", json=appropriation(), headers=bearer(raw))
    assert made.status_code == 201 and made.get_json()["amount"] == 100 * M
    problem(client.post(w["url"] + "/appropriations", json=appropriation(), headers=bearer(raw)), 422, "year_taken")
    officer = token_for(w["officer"])
    problem(client.post(w["url"] + "/appropriations", json=appropriation(tax_year=2020, amount=90 * M),
                        headers=bearer(officer)), 422, "override_needs_reason")
    overridden = client.post(w["url"] + "/appropriations",
                             json=appropriation(tax_year=2020, amount=90 * M, override_reason="Quyết toán lại"),
                             headers=bearer(officer))
    assert overridden.get_json()["amount"] == 90 * M
    assert [(e.tax_year, e.amount, e.created_by_id) for e in entries(w["fund_id"], "appropriation")] == [
        (2019, 100 * M, w["owner"].id), (2020, 90 * M, w["officer"].id)]
    assert client.get(w["url"], headers=bearer(raw)).get_json()["appropriated"] == 190 * M


def test_usages_stay_within_the_balance_unless_advanced(fund_world):
    w = fund_world
    client, raw = w["client"], token_for(w["owner"])
    client.post(w["url"] + "/appropriations", json=appropriation(), headers=bearer(raw))
    usage = {"day": "2020-05-04", "amount": 60 * M, "category": "training"}
    problem(client.post(w["url"] + "/usages", json=usage | {"amount": 120 * M}, headers=bearer(raw)),
            422, "beyond_balance")
    problem(client.post(w["url"] + "/usages", json=usage | {"amount": 0}, headers=bearer(raw)),
            422, "amount_positive")
    future = (local_today() + timedelta(days=2)).isoformat()
    problem(client.post(w["url"] + "/usages", json=usage | {"day": future}, headers=bearer(raw)), 422, "future_day")
    problem(client.post(w["url"] + "/usages", json=usage | {"category": "yachts"}, headers=bearer(raw)),
            422, "invalid")
    assert client.post(w["url"] + "/usages", json=usage, headers=bearer(raw)).get_json()["kind"] == "usage"
    advanced = client.post(w["url"] + "/usages", json=usage | {"advance": True}, headers=bearer(raw))
    assert advanced.status_code == 201 and advanced.get_json()["kind"] == "advance"
    assert [e.amount for e in entries(w["fund_id"]) if e.kind in ("usage", "advance")] == [60 * M, 60 * M]


def test_the_ledger_is_append_only_reversals_and_findings(fund_world):
    w = fund_world
    client, owner, officer = w["client"], token_for(w["owner"]), token_for(w["officer"])
    client.post(w["url"] + "/appropriations", json=appropriation(), headers=bearer(owner))
    used = client.post(w["url"] + "/usages", json={"day": "2020-05-04", "amount": 30 * M, "category": "training"},
                       headers=bearer(owner)).get_json()
    entry_url = f"{w['url']}/entries/{used['id']}"
    assert client.post(entry_url + "/misuse", json={"note": "Chi sai"}, headers=bearer(owner)).status_code == 403
    found = client.post(entry_url + "/misuse", json={"note": "Chi tiếp khách"}, headers=bearer(officer))
    assert found.status_code == 201 and found.get_json()["proper"] is False
    problem(client.post(entry_url + "/reversal", json={"reason": "Nhầm"}, headers=bearer(owner)),
            422, "not_reversible")  # reversed once already by the finding
    finding_url = f"{w['url']}/entries/{found.get_json()['id']}"
    problem(client.post(finding_url + "/reversal", json={"reason": "Không đồng ý"}, headers=bearer(owner)),
            422, "staff_entry")
    problem(client.post(finding_url + "/reversal", json={"reason": "  "}, headers=bearer(officer)),
            422, "reason_required")
    kinds = [e.kind for e in entries(w["fund_id"])]
    assert kinds == ["appropriation", "usage", "reversal", "usage"]  # nothing edited or deleted
    assert entries(w["fund_id"])[1].amount == 30 * M


def test_fund_writes_refuse_strangers_and_read_scopes(fund_world):
    w = fund_world
    client = w["client"]
    stranger = token_for(f.make_user("startup", manages=[f.make_org("Startup Bên Ngoài")]))
    assert client.post(w["url"] + "/appropriations", json=appropriation(), headers=bearer(stranger)).status_code \
        == 403
    assert client.put(w["url"], json={"decision_number": "1", "decision_date": "2020-01-01"},
                      headers=bearer(stranger)).status_code == 403
    reader = token_for(w["owner"], ["read:funds", "write:certification"])
    problem(client.post(w["url"] + "/appropriations", json=appropriation(), headers=bearer(reader)),
            403, "insufficient_scope")
    assert client.post(w["url"] + "/appropriations", json=appropriation()).status_code == 401
    assert entries(w["fund_id"]) == []


def test_fund_facts_create_and_edit_with_the_pages_rules(fund_world):
    w = fund_world
    client, owner = w["client"], token_for(w["owner"])
    problem(client.post(V1 + "/funds", json={"organisation": w["org"].slug, "decision_number": "2",
                                             "decision_date": "2020-01-01"}, headers=bearer(owner)),
            422, "fund_exists")
    problem(client.put(w["url"], json={"decision_number": "12/QĐ", "decision_date": "2019-01-15",
                                       "sent_to_dost_on": "2018-12-01"}, headers=bearer(owner)),
            422, "sent_before_decision")
    edited = client.put(w["url"], json={"decision_number": "13/QĐ", "decision_date": "2019-01-15",
                                        "organisation_form": "legal_entity"}, headers=bearer(owner))
    assert edited.status_code == 200 and edited.get_json()["decision_number"] == "13/QĐ"
    second = f.make_org("Công ty Con API", kind="enterprise", tax_code=f.valid_tax_code())
    no_tax = f.make_org("Startup Chưa Có Mã")
    manager = f.make_user("startup", manages=[second, no_tax])
    db.session.commit()
    raw = token_for(manager)
    problem(client.post(V1 + "/funds", json={"organisation": no_tax.slug, "decision_number": "1",
                                             "decision_date": "2020-01-01"}, headers=bearer(raw)),
            422, "needs_tax_code")
    assert client.post(V1 + "/funds", json={"organisation": w["org"].slug, "decision_number": "1",
                                            "decision_date": "2020-01-01"}, headers=bearer(raw)).status_code == 403
    made = client.post(V1 + "/funds", json={"organisation": second.slug, "decision_number": "1/QĐ",
                                            "decision_date": "2020-01-01"}, headers=bearer(raw))
    assert made.status_code == 201
    assert db.session.scalar(select(StFund).where(StFund.organisation_id == second.id)).decision_number == "1/QĐ"


def test_transfers_need_a_wholly_owned_partner(fund_world):
    w = fund_world
    client, raw = w["client"], token_for(w["owner"])
    client.post(w["url"] + "/appropriations", json=appropriation(), headers=bearer(raw))
    other = f.make_org("Công ty Không Liên Quan", kind="enterprise", tax_code=f.valid_tax_code())
    db.session.commit()
    body = {"direction": "out", "counterparty": other.slug, "day": "2020-06-01", "amount": 10 * M}
    problem(client.post(w["url"] + "/transfers", json=body, headers=bearer(raw)), 422, "not_wholly_owned")
    problem(client.post(w["url"] + "/transfers", json=body | {"counterparty": "khong-co"}, headers=bearer(raw)),
            422, "not_wholly_owned")
    ledger_service.add_ownership(w["org"], other, Decimal(1), date(2020, 1, 1), w["officer"])
    db.session.commit()
    moved = client.post(w["url"] + "/transfers", json=body, headers=bearer(raw))
    assert moved.status_code == 201 and moved.get_json()["kind"] == "transfer_out"


def test_idempotency_key_appends_one_entry(fund_world):
    w = fund_world
    client, raw = w["client"], token_for(w["owner"])
    headers = bearer(raw) | {"Idempotency-Key": "phieu-chi-7"}
    first = client.post(w["url"] + "/appropriations", json=appropriation(), headers=headers)
    second = client.post(w["url"] + "/appropriations", json=appropriation(), headers=headers)
    assert first.status_code == second.status_code == 201 and first.get_json() == second.get_json()
    assert len(entries(w["fund_id"], "appropriation")) == 1


# --- programme targets ---------------------------------------------------------------------------

TARGET = {"code": "dn_khcn_2030", "title_vi": "Số doanh nghiệp KH&CN", "owner_vi": "Sở KH&CN",
          "period_start": "2025-01-01", "period_end": "2030-12-31", "unit": "count", "comparator": ">=",
          "target_value": "50", "legal_basis": "QD_123"}


def test_officer_adds_retires_and_reports_targets(app):
    raw = token_for(f.make_user("officer"), ["write:dashboard"])
    client, url = app.test_client(), V1 + "/dashboard/targets"
    made = client.post(url, json=TARGET, headers=bearer(raw))
    assert made.status_code == 201 and made.get_json()["measure"] == "reported"
    problem(client.post(url, json=TARGET, headers=bearer(raw)), 422, "code_taken")
    problem(client.post(url, json=TARGET | {"code": "b", "period_end": "2024-01-01"}, headers=bearer(raw)),
            422, "period_order")
    problem(client.post(url, json=TARGET | {"code": "c", "target_value": None}, headers=bearer(raw)),
            422, "nothing_to_measure")
    problem(client.post(url, json=TARGET | {"code": "d", "target_value": "năm mươi"}, headers=bearer(raw)),
            422, "not_a_number")
    problem(client.post(url, json=TARGET | {"code": "Có Dấu"}, headers=bearer(raw)), 422, "invalid")
    assert "dn_khcn_2030" in [t["code"] for t in client.get(url, headers=bearer(raw)).get_json()]

    figure = client.post(url + "/dn_khcn_2030/figures", json={"year": 2025, "value": "7,5", "source": "Cục TK"},
                         headers=bearer(raw))
    assert figure.get_json()["value"] == "7.5"
    problem(client.post(url + "/dn_khcn_2030/figures", json={"year": 2025, "value": "x"}, headers=bearer(raw)),
            422, "not_a_number")
    assert db.session.scalar(select(TargetFigure.value)) == "7.5"

    problem(client.post(url + "/dn_khcn_2030/retire", json={"reason": " "}, headers=bearer(raw)),
            422, "reason_required")
    problem(client.post(url + "/dn_khcn_2030/retire", json={"reason": "Thay", "superseded_by": "dn_khcn_2030"},
                        headers=bearer(raw)), 422, "supersedes_itself")
    client.post(url, json=TARGET | {"code": "dn_khcn_2035"}, headers=bearer(raw))
    retired = client.post(url + "/dn_khcn_2030/retire", json={"reason": "Chỉ tiêu mới",
                                                              "superseded_by": "dn_khcn_2035"}, headers=bearer(raw))
    assert (retired.get_json()["status"], retired.get_json()["superseded_by"]) == ("superseded", "dn_khcn_2035")
    problem(client.post(url + "/dn_khcn_2030/retire", json={"reason": "Lần nữa"}, headers=bearer(raw)),
            422, "not_active")
    assert client.post(url + "/khong_co/retire", json={"reason": "x"}, headers=bearer(raw)).status_code == 404
    db.session.expire_all()
    kept = db.session.scalar(select(ProgrammeTarget).where(ProgrammeTarget.code == "dn_khcn_2030"))
    assert kept.retired_reason == "Chỉ tiêu mới" and len(kept.figures) == 1  # history kept


def test_targets_are_the_officers(app):
    client, url = app.test_client(), V1 + "/dashboard/targets"
    startup = token_for(f.make_user("startup"))
    assert client.post(url, json=TARGET, headers=bearer(startup)).status_code == 403
    reader = token_for(f.make_user("officer"), ["read", "write:funds"])
    problem(client.post(url, json=TARGET, headers=bearer(reader)), 403, "insufficient_scope")
    assert db.session.scalar(select(func.count(ProgrammeTarget.id))) == 0


def test_owner_files_annual_reports_with_the_services_checks(app):
    org, manager = enterprise()
    cert = create_certificate(org.id, "ND268_2025", ["Phần mềm"], date(2024, 6, 2), None)
    db.session.commit()
    client, url = app.test_client(), f"{V1}/certification/certificates/{cert.id}/reports"
    raw = token_for(manager, ["write:certification"])
    last = local_today().year - 1
    body = {"fiscal_year": last, "total_revenue": 10 * M, "st_revenue": 4 * M}
    problem(client.post(url, json=body | {"st_revenue": 11 * M}, headers=bearer(raw)), 422, "st_revenue_above_total")
    problem(client.post(url, json=body | {"fiscal_year": local_today().year}, headers=bearer(raw)),
            422, "year_out_of_range")
    problem(client.post(url, json=body | {"total_revenue": "10.000.000"}, headers=bearer(raw)), 422, "invalid")
    assert client.post(url, json=body, headers=bearer(raw)).get_json()["st_revenue"] == 4 * M
    corrected = client.post(url, json=body | {"st_revenue": 5 * M}, headers=bearer(raw))
    assert corrected.status_code == 200
    db.session.expire_all()
    assert [(r.fiscal_year, r.st_revenue) for r in db.session.get(Certificate, cert.id).reports] == [(last, 5 * M)]
    officer = token_for(f.make_user("officer"))
    assert client.post(url, json=body, headers=bearer(officer)).status_code == 403  # the enterprise reports


def test_officer_records_ownership_that_allows_transfers(fund_world):
    w = fund_world
    client, url = w["client"], V1 + "/funds/ownerships"
    child = f.make_org("Công ty Con Sở Hữu", kind="enterprise", tax_code=f.valid_tax_code())
    db.session.commit()
    body = {"parent": w["org"].slug, "child": child.tax_code, "share": "1", "valid_from": "2020-01-01"}
    assert client.post(url, json=body, headers=bearer(token_for(w["owner"]))).status_code == 403
    officer = token_for(w["officer"])
    problem(client.post(url, json=body | {"child": "khong-co"}, headers=bearer(officer)), 422, "unknown_organisation")
    problem(client.post(url, json=body | {"child": w["org"].slug}, headers=bearer(officer)), 422, "self_ownership")
    problem(client.post(url, json=body | {"share": "0"}, headers=bearer(officer)), 422, "share_range")
    made = client.post(url, json=body, headers=bearer(officer))
    assert made.status_code == 201 and (made.get_json()["child"], made.get_json()["share"]) == (child.slug, "1")
    assert ledger_service.wholly_owned_pair(w["org"].id, child.id, date(2021, 1, 1))

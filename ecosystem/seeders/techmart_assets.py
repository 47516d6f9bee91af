"""Demo IP records, labs and international partners (seeds/demo/techmart_assets.json): IP applications
and grants of the demo's universities, institute, enterprises, startups and two people, one IP
protection request with its outcome, four labs at the real universities and institute (one expiring
soon, so the warning shows), a lab-time request, and three invented partners abroad with agreements.
Everything goes through the techmart services, so the demo obeys their rules."""
import json
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from ecosystem.clock import local_today
from ecosystem.extensions import db
from ecosystem.models import Organisation, Sector, SupportRequest
from ecosystem.models.base import utcnow
from ecosystem.services.techmart import ip_records, labs, partners
from ecosystem.text import slugify

NEEDED = ("vgu", "tdmu", "eiu", "vien_vlx")


def _ago(days):
    return None if days is None else local_today() - timedelta(days=days)


def _ahead(days):
    return None if days is None else local_today() + timedelta(days=days)


def _ip(row: dict) -> dict:
    return {"ip_type": row["ip_type"], "title": row["title"], "number": row["number"], "status": row["status"],
            "filing_date": _ago(row["filed_days_ago"]), "grant_date": _ago(row["granted_days_ago"])}


def _owner(ctx, key: str):
    kind, _, name = key.partition(":")
    return (ctx.orgs if kind == "org" else ctx.people).get(name)


def _labs(ctx, data, officer) -> list:
    sectors = {s.code: s.id for s in db.session.scalars(select(Sector))}
    made = []
    for row in data["labs"]:
        fields = {**row, "sectors": [sectors[c] for c in row["sectors"] if c in sectors], "active": True,
                  "accreditation_expires_on": _ahead(row["expires_in_days"]),
                  "recognition_date": _ago(row["recognition_days_ago"])}
        made.append(labs.save_lab(ctx.orgs[row["org"]], fields, officer))
    return made


def _partners(ctx, data, officer) -> None:
    for row in data["partners"]:
        org = Organisation(kind=row["kind"], name=row["name"], name_en=row["name"], slug=slugify(row["name"])[:90],
                           description=row["description"], status="verified")
        db.session.add(org)
        db.session.flush()
        partners.set_partner(org, row["country"], row["partner_kind"], officer)
        for deal in row["agreements"]:
            if deal["with"] in ctx.orgs:
                partners.record_agreement(ctx.orgs[deal["with"]], org, officer, title=deal["title"],
                                          scope=deal["scope"], signed_on=_ago(deal["signed_days_ago"]),
                                          expires_on=_ahead(deal["expires_in_days"]))


def seed(ctx) -> None:
    path = Path(ctx.seeds_dir, "demo", "techmart_assets.json")
    officer = next((u for u in ctx.users.values() if u.has_role("officer")), None)
    if officer is None or not path.exists() or any(k not in ctx.orgs for k in NEEDED):
        return
    data = json.loads(path.read_text(encoding="utf-8"))
    for row in data["ip_records"]:
        owner = _owner(ctx, row["owner"])
        if owner is not None:
            ip_records.save_ip_record(owner, _ip(row), officer)
    support = data["ip_support"]
    if support["org"] in ctx.orgs:
        req = SupportRequest(organisation_id=ctx.orgs[support["org"]].id, type_code=ip_records.IP_SUPPORT_TYPE,
                             title=support["title"], state="resolved", created_by_id=officer.id,
                             submitted_at=utcnow() - timedelta(days=60), resolved_at=utcnow() - timedelta(days=5))
        db.session.add(req)
        db.session.flush()
        ip_records.record_support_outcome(req, _ip(support["record"]), officer)
    made = _labs(ctx, data, officer)
    wanted = data["lab_request"]
    startup = ctx.orgs.get(wanted["org"])
    member = next((u for u in ctx.users.values() if startup is not None and startup.id in u.managed_org_ids), None)
    if member is not None:  # a startup's own member submits its request
        labs.request_lab_time(made[wanted["lab"]], startup, member, wanted["title"])
    _partners(ctx, data, officer)
    db.session.flush()

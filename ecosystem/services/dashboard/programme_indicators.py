"""Indicators whose records belong to other domains: support requests, matching, events,
certificates, S&T funds, awards (and technology transfer, in transfer_indicators.py).

Each reads its table through the shared metadata, so this module imports none of those models: a
table or column that does not exist (its branch not merged yet) gives a panel marked unavailable,
never an error. The names looked for are in SOURCES; the first candidate column present is used.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import Table, select

from ecosystem.clock import local_today
from ecosystem.extensions import db
from ecosystem.models import Base, Organisation
from ecosystem.services.dashboard.directory_indicators import (Scope, alive_at_end, panel, startup_rows, supported_by_ties,
                                           trend, unavailable)
from ecosystem.services.platform.settings import setting

SOURCES = {
    "support": ("support_requests", {"type": ("type_code", "request_type", "type", "kind"), "state": ("state", "status"),
                                     "submitted": ("submitted_at", "created_at"),
                                     "resolved": ("resolved_at", "closed_at"),
                                     "org": ("organisation_id", "startup_id")}),
    "suggestions": ("match_suggestions", {"status": ("status", "state"), "at": ("created_at", "suggested_at")}),
    "introductions": ("introductions", {"status": ("status", "state"), "at": ("created_at", "requested_at")}),
    "events": ("events", {"at": ("starts_at",), "kind": ("kind",), "status": ("status",),
                          "org": ("organiser_id",)}),
    "attendances": ("attendances", {"event": ("event_id",), "on": ("attended_on", "checked_in_at")}),
    "certificates": ("cert_certificates", {"issued": ("issued_on",), "revoked": ("revoked_on",),
                                           "org": ("organisation_id",), "status": ("status",)}),
    "funds": ("st_funds", {"org": ("organisation_id",), "since": ("decision_date",)}),
    "standards": ("standard_certificates", {"org": ("organisation_id",), "standard": ("standard",),
                                            "issued": ("issued_on",), "co_funding": ("co_funding_vnd",)}),
    "fund_entries": ("fund_entries", {"fund": ("fund_id",), "kind": ("kind",), "day": ("day",),
                                      "amount": ("amount",), "tax_year": ("tax_year",),
                                      "cit": ("cit_rate_micro",), "proper": ("proper",),
                                      "reverses": ("reverses_id",)}),
    "nominations": ("award_nominations", {"cycle": ("cycle_id",), "status": ("status",),
                                          "org": ("entrant_org_id",)}),
    "cycles": ("award_cycles", {"year": ("year",)}),
    "rounds": ("award_rounds", {"cycle": ("cycle_id",), "position": ("position",),
                                "published": ("published_at",)}),
    "results": ("award_results", {"round": ("round_id",), "nomination": ("nomination_id",),
                                  "advanced": ("advanced",)}),
    "tech_deals": ("tech_deals", {"state": ("state",), "at": ("created_at",), "signed": ("contract_date",),
                                  "value": ("contract_value_vnd",), "org": ("buyer_org_id",)}),
    "ip_records": ("ip_records", {"type": ("ip_type",), "filed": ("filing_date",), "granted": ("grant_date",),
                                  "org": ("organisation_id",)}),
}
CLOSED_REQUEST_STATES = ("resolved", "declined", "withdrawn")
DROPPED_NOMINATIONS = ("draft", "withdrawn")
UNHELD_EVENTS = ("draft", "cancelled")  # a draft was never announced, so never held


def _metadata():
    return Base.metadata


def source(name: str):
    """(table, {role: column}) when the table and every role's column exist, else None."""
    table_name, roles = SOURCES[name]
    table: Table | None = _metadata().tables.get(table_name)
    if table is None:
        return None
    columns = {}
    for role, candidates in roles.items():
        found = next((table.c[c] for c in candidates if c in table.c), None)
        if found is None:
            return None
        columns[role] = found
    return table, columns


def _in_place(query, org_column, scope: Scope):
    """Keep rows whose organisation is in the scope's place (no join when no place is chosen)."""
    if not (scope.former_district or scope.ward):
        return query
    return query.join(Organisation, Organisation.id == org_column).where(*scope.place_filter(Organisation))


def _day(value) -> date | None:
    return value.date() if isinstance(value, datetime) else value


def _bounds(column, scope: Scope):
    """A date or a timestamp column between the scope's first and last day."""
    if isinstance(column.type.python_type, type) and issubclass(column.type.python_type, datetime):
        return column.between(datetime.combine(scope.start, datetime.min.time()),
                              datetime.combine(scope.end + timedelta(days=1), datetime.min.time()))
    return column.between(scope.start, scope.end)


def support_indicator(scope: Scope) -> dict:
    """Support requests by type and state, median days to resolve, trend of filed and resolved."""
    found = source("support")
    if found is None:
        return unavailable("support_requests", public=False)
    from ecosystem.services.support.workflow import median_time_to_resolve
    _, c = found
    query = _in_place(select(c["type"], c["state"], c["submitted"], c["resolved"])
                      .where(_bounds(c["submitted"], scope)), c["org"], scope)
    rows = db.session.execute(query).all()
    median = median_time_to_resolve((s, r) for _, _, s, r in rows)
    days = round(median.total_seconds() / 86400, 1) if median is not None else None
    moves = trend(scope, {"filed": [(s, None) for _, _, s, _ in rows],
                          "resolved": [(r, None) for _, _, _, r in rows if r]})
    by_state = Counter(state for _, state, _, _ in rows)
    return panel("support_requests", public=False, total=len(rows), dimension="request_type",
                 rows=Counter(t for t, _, _, _ in rows).most_common(), trend=moves,
                 extra={"by_state": by_state.most_common(), "median_days": days,
                        "open": sum(v for k, v in by_state.items() if k not in CLOSED_REQUEST_STATES)})


def supported_indicator(scope: Scope) -> dict:
    """Startups supported in the period: a support request, a mentor, or a host organisation."""
    startups = {row[0] for row in alive_at_end(startup_rows(scope), scope)}
    supported = supported_by_ties(scope) & startups
    found = source("support")
    if found is not None:
        _, c = found
        query = select(c["org"]).where(_bounds(c["submitted"], scope))
        supported |= {org for (org,) in db.session.execute(query)} & startups
    return panel("startups_supported", public=True, total=len(supported), dimension="share",
                 rows=[("supported", len(supported)), ("not_supported", len(startups - supported))])


def matching_indicator(scope: Scope) -> dict:
    """Matches suggested and accepted, introductions requested and made."""
    suggestions, intros = source("suggestions"), source("introductions")
    if suggestions is None and intros is None:
        return unavailable("matching", public=False)
    rows = []
    for found, prefix in ((suggestions, "suggestions"), (intros, "introductions")):
        if found is None:
            continue
        _, c = found
        statuses = Counter(s for (s,) in db.session.execute(select(c["status"]).where(_bounds(c["at"], scope))))
        rows += [(f"{prefix}_total", sum(statuses.values())), (f"{prefix}_accepted", statuses.get("accepted", 0))]
    return panel("matching", public=False, total=None, dimension="matching", rows=rows)


def events_indicator(scope: Scope) -> dict:
    """Events held in the period (by kind) and their participants (check-ins)."""
    events = source("events")
    if events is None:
        return unavailable("events", public=True)
    _, e = events
    query = _in_place(select(e["at"], e["kind"])
                      .where(_bounds(e["at"], scope), e["status"].not_in(UNHELD_EVENTS)), e["org"], scope)
    held = db.session.execute(query).all()
    dated = {"events": [(at, None) for at, _ in held]}
    participants = 0
    attendances = source("attendances")
    if attendances is not None:
        _, a = attendances
        query = _in_place(select(a["on"]).join(events[0], events[0].c.id == a["event"])
                          .where(_bounds(a["on"], scope)), e["org"], scope)
        days = [on for (on,) in db.session.execute(query)]
        participants, dated["participants"] = len(days), [(d, None) for d in days]
    return panel("events", public=True, total=len(held), dimension="event_kind",
                 rows=Counter(kind for _, kind in held).most_common(), trend=trend(scope, dated),
                 extra={"participants": participants})


def certified_on(day: date, scope: Scope | None = None) -> int | None:
    """Enterprises holding a valid S&T certificate on a day (None when certification is absent)."""
    found = source("certificates")
    if found is None:
        return None
    _, c = found
    query = select(c["org"]).where(c["issued"] <= day, (c["revoked"].is_(None)) | (c["revoked"] > day))
    if scope is not None:
        query = _in_place(query, c["org"], scope)
    return len({org for (org,) in db.session.execute(query)})


def certificates_indicator(scope: Scope) -> dict:
    """S&T enterprise certificates issued in the period, and enterprises certified at its end."""
    found = source("certificates")
    if found is None:
        return unavailable("st_enterprises", public=True)
    _, c = found
    issued = db.session.execute(_in_place(select(c["issued"]).where(_bounds(c["issued"], scope)),
                                          c["org"], scope)).all()
    valid = certified_on(min(scope.end, local_today()), scope)
    return panel("st_enterprises", public=True, total=valid, dimension="certification",
                 rows=[("issued", len(issued)), ("valid_at_end", valid)],
                 trend=trend(scope, {"issued": [(d, None) for (d,) in issued]}))


STANDARD_FAMILY = {"iso_9001": "iso_9001", "iso_56001": "iso_56000", "iso_56002": "iso_56000"}


def standards_indicator(scope: Scope) -> dict:
    """Enterprises certified ISO 9001 / ISO 56000 with programme support in the period, by year."""
    found = source("standards")
    if found is None:
        return unavailable("iso_certified", public=True)
    _, c = found
    query = _in_place(select(c["org"], c["standard"], c["issued"], c["co_funding"])
                      .where(_bounds(c["issued"], scope)), c["org"], scope)
    rows = db.session.execute(query).all()
    enterprises = {family: {org for org, std, _day, _vnd in rows if STANDARD_FAMILY.get(std) == family}
                   for family in ("iso_9001", "iso_56000")}
    return panel("iso_certified", public=True, total=len({org for org, *_ in rows}), dimension="standard",
                 rows=[(family, len(orgs)) for family, orgs in enterprises.items()]
                 + [("co_funding_vnd", sum(vnd or 0 for *_, vnd in rows))],
                 trend=trend(scope, {family: [(day, None) for _org, std, day, _vnd in rows
                                              if STANDARD_FAMILY.get(std) == family]
                                     for family in ("iso_9001", "iso_56000")}))


def ledger_inputs(entries):
    """fund_rules' ledger_inputs, wherever the funds domain keeps it (it moved once)."""
    try:
        from ecosystem.services.funds.statements import ledger_inputs as inputs
    except ImportError:
        from ecosystem.services.funds.tranche_rule import ledger_inputs as inputs
    return inputs(entries)


def fund_books(as_of: date) -> list[tuple] | None:
    """Per fund: (fund id, organisation id, since, ledger entries as plain dicts, position rows).
    The funds pages' own positions when the funds domain is installed, so the figures agree."""
    if source("funds") is None or source("fund_entries") is None:
        return None
    books = _books_from_fund_pages(as_of)
    return books if books is not None else _books_from_tables(as_of)


def _books_from_fund_pages(as_of: date) -> list[tuple] | None:
    try:
        from ecosystem.services.funds.queries import all_states
        from ecosystem.services.funds.ledger import entry_dict
    except ImportError:
        return None
    return [(s.fund.id, s.fund.organisation_id, s.fund.decision_date, [entry_dict(e) for e in s.entries],
             list(s.rows)) for s in all_states(as_of)]


def _books_from_tables(as_of: date) -> list[tuple]:
    """The same from the tables and the funds' tranche rule, with the installed fund rule sets."""
    from ecosystem.services.funds.tranche_rule import fund_position
    (fund_t, f), (entry_t, e) = source("funds"), source("fund_entries")
    ledgers = defaultdict(list)
    for row in db.session.execute(select(e["fund"], entry_t.c.id, e["kind"], e["day"], e["amount"],
                                         e["tax_year"], e["cit"], e["proper"], e["reverses"])):
        ledgers[row[0]].append({"id": row[1], "kind": row[2], "day": row[3], "amount": row[4],
                                "tax_year": row[5], "cit_rate": Decimal(row[6] or 0) / 1_000_000,
                                "proper": row[7], "reverses": row[8]})
    from ecosystem.services.funds.rule_book import rule_book
    rules = {"rule_sets": rule_book()}  # each tranche under the rule set of its tax period
    bond_rate = Decimal(str(setting("funds.bond_rate_1y")))
    books = []
    for fund_id, org_id, since in db.session.execute(select(fund_t.c.id, f["org"], f["since"])):
        inflows, usages = ledger_inputs(ledgers[fund_id])
        books.append((fund_id, org_id, since, ledgers[fund_id],
                      list(fund_position(inflows, usages, as_of, bond_rate, **rules))))
    return books


def _org_ids_in_place(scope: Scope) -> set | None:
    if not (scope.former_district or scope.ward):
        return None
    return set(db.session.scalars(select(Organisation.id).where(*scope.place_filter(Organisation))))


def funds_indicator(scope: Scope) -> dict:
    """Enterprises with an S&T fund, money appropriated (tax years in the period) and used (in the
    period), and, as the funds pages count them, money at risk (open tranches under 70 %) and owed."""
    as_of = min(scope.end, local_today())
    books = fund_books(as_of)
    if books is None:
        return unavailable("st_funds", public=False, unit="vnd")
    place = _org_ids_in_place(scope)
    appropriated = used = at_risk = owed = enterprises = 0
    dated, rule_sets = {"appropriated": [], "used": []}, {}
    for _fund_id, org_id, since, entries, rows in books:
        if (place is not None and org_id not in place) or (since is not None and since > scope.end):
            continue
        enterprises += 1
        for row in rows:
            if scope.year_from <= row["year"] <= scope.year_to:
                appropriated += row["appropriated"]
                dated["appropriated"].append((date(row["year"], 12, 31), row["appropriated"]))
            at_risk += row["at_risk"] if row["status"] == "open" else 0
            owed += row["cit_due"] + row["interest_due"]
            rule_sets[row["rule_set"]] = rule_sets.get(row["rule_set"], False) or bool(row["unconfirmed"])
        for day, amount, _proper in ledger_inputs(entries)[1]:
            if scope.start <= day <= scope.end:
                used += amount
                dated["used"].append((day, amount))
    return panel("st_funds", public=False, unit="vnd", total=appropriated, dimension="fund_money",
                 rows=[("appropriated", appropriated), ("used", used), ("at_risk", at_risk), ("owed", owed)],
                 trend=trend(scope, dated), extra={"enterprises": enterprises, "rule_sets": [
                     {"code": code, "unconfirmed": flag} for code, flag in sorted(rule_sets.items())]})


def awards_indicator(scope: Scope, *, public: bool) -> dict:
    """Nominations (submitted, of cycles in the period) and winners (advanced in a cycle's last
    round); the public page counts only winners of published rounds."""
    parts = [source(n) for n in ("nominations", "cycles", "rounds", "results")]
    if any(p is None for p in parts[:2]):
        return unavailable("awards", public=True)
    (nom_t, n), (cyc_t, cy) = parts[0], parts[1]
    query = _in_place(select(nom_t.c.id, cy["year"]).join(cyc_t, cyc_t.c.id == n["cycle"])
                      .where(cy["year"].between(scope.year_from, scope.year_to),
                             n["status"].not_in(DROPPED_NOMINATIONS)), n["org"], scope)
    nominations = dict(db.session.execute(query).all())
    winners = set()
    if parts[2] is not None and parts[3] is not None:
        (round_t, r), (res_t, rs) = parts[2], parts[3]
        rounds = db.session.execute(select(round_t.c.id, r["cycle"], r["position"], r["published"])).all()
        last = {}
        for rid, cycle, position, published in rounds:
            if cycle not in last or position > last[cycle][1]:
                last[cycle] = (rid, position, published)
        final = {rid for rid, _, published in last.values() if published or not public}
        for nomination, round_id, advanced in db.session.execute(select(rs["nomination"], rs["round"], rs["advanced"])):
            if round_id in final and advanced and nomination in nominations:
                winners.add(nomination)
    by_year = Counter(nominations.values())
    rows = [("nominations", len(nominations)), ("winners", len(winners))]
    return panel("awards", public=True, total=len(nominations), dimension="awards", rows=rows,
                 extra={"by_year": sorted(by_year.items())})

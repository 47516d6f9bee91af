"""The top bar's menus: the views' NAV entries grouped by task, so no role sees more than a handful
of top-level entries (a flat row of 15–20 links filled a phone's first screen)."""
from flask import current_app, request, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from ecosystem.extensions import db
from ecosystem.models import Organisation
from ecosystem.i18n import current_locale
from ecosystem.permissions import can
from ecosystem.services.platform.process_cache import remember, watch

# Top-level menus, in the order shown (with the brand and the person menu: at most 7 entries).
GROUPS = (("startups", _l("Khởi nghiệp")), ("events", _l("Sự kiện")),
          ("programmes", _l("Chương trình")), ("reports", _l("Báo cáo")), ("admin", _l("Quản trị")))

# Which menu a blueprint's pages belong to (the highlighted section).
BLUEPRINT_GROUP = {
    **dict.fromkeys(("orgs", "people", "relationships", "startups", "support", "support_office",
                     "support_standards", "matching", "intros", "cohorts", "exports"), "startups"),
    **dict.fromkeys(("events", "desk", "tickets", "office_hours", "clubs"), "events"),
    **dict.fromkeys(("cert", "cert_public", "cert_office", "funds", "fund_rules", "fund_reports",
                     "awards", "award_rounds", "award_admin", "judging", "techmart",
                     "techmart_sessions", "techmart_deals", "techmart_demands"), "programmes"),
    **dict.fromkeys(("dashboard", "targets", "reports", "network"), "reports"),
    **dict.fromkeys(("admin", "imports", "privacy_admin", "broadcasts", "backups"),
                    "admin"),
}

# Pages without a NAV entry of their own: (endpoint, label, policy, order, url arguments).
EXTRA = (
    ("orgs.index", _l("Tổ chức"), "public", 10, {}),
    ("orgs.index", _l("Startup"), "public", 11, {"kind": "startup"}),
    ("people.index", _l("Cá nhân"), "public", 12, {}),
    ("network.health", _l("Mạng lưới hệ sinh thái"), "dashboard.network", 56, {}),
    ("reports.annual_index", _l("Báo cáo năm"), "dashboard.report", 57, {}),
    ("targets.index", _l("Chỉ tiêu"), "dashboard.targets", 58, {}),
    ("admin.users", _l("Tài khoản"), "staff", 90, {}),
    ("admin.settings", _l("Cấu hình"), "admin", 91, {}),
    ("admin.outbox", _l("Hộp thư đi"), "admin", 92, {}),
    ("admin.jobs", _l("Tác vụ định kỳ"), "admin", 93, {}),
    ("backups.index", _l("Sao lưu"), "admin", 93.5, {}),
    ("privacy_admin.requests", _l("Yêu cầu về dữ liệu cá nhân"), "privacy.admin", 94, {}),
)


def current_group() -> str | None:
    """The menu of the page being shown (None on home, account and sign-in pages)."""
    endpoint = request.endpoint or ""
    return BLUEPRINT_GROUP.get(endpoint.partition(".")[0])


def _my_startups() -> list[Organisation]:
    """Startups the signed-in person manages: their 'my suggestions' entries."""
    ids = current_user.managed_org_ids if current_user.is_authenticated else set()
    if not ids:
        return []
    return list(db.session.execute(select(Organisation.slug, Organisation.name).where(
        Organisation.id.in_(ids), Organisation.kind == "startup",
        Organisation.status != "archived").order_by(Organisation.name)).all())


def _entries() -> list[tuple[str, str, str, int, dict]]:
    """The views' NAV entries and EXTRA, in order (worked out once per application)."""
    cached = current_app.extensions.get("nav_entries")
    if cached is None:
        app_nav = [(endpoint, label, action, order, {})
                   for endpoint, label, action, order in current_app.config.get("NAV", [])]
        known = {rule.endpoint for rule in current_app.url_map.iter_rules()}
        cached = sorted((e for e in [*EXTRA, *app_nav] if e[0] in known), key=lambda e: e[3])
        current_app.extensions["nav_entries"] = cached
    return cached


def menus() -> list[dict]:
    """[{code, label, current, links: [{url, label, current}]}] for the groups this user may use."""
    here, path, full = current_group(), request.path, request.full_path.rstrip("?")
    return [{"code": code, "label": label, "current": code == here,
             "links": [{"url": url, "label": text, "current": url in (full, path)}
                       for url, text in links]}
            for code, label, links in _allowed_links()]


def _allowed_links() -> list[tuple]:
    """(code, label, [(url, label)]) per menu this user may use; the same on every page, so it is
    kept per worker by user, roles, managed organisations and language (the routes check access
    themselves: a menu a few seconds behind a role change shows a link, never opens a page)."""
    if not current_user.is_authenticated:
        return _links()
    user = current_user
    key = (user.id, user.person_id, tuple(sorted(user.role_codes)), tuple(sorted(user.managed_org_ids)),
           current_locale())
    return remember("nav_links", key, _links)


def _links() -> list[tuple]:
    links: dict[str, list] = {code: [] for code, _label in GROUPS}
    seen = set()
    for endpoint, label, action, _order, args in _entries():
        group = BLUEPRINT_GROUP.get(endpoint.partition(".")[0])
        if group is None or not can(action):
            continue
        url = url_for(endpoint, **args)
        if url in seen:
            continue
        seen.add(url)
        links[group].append((url, str(label)))  # in the key's language: kept as text
    for slug, name in _my_startups():
        links["startups"].insert(0, (url_for("matching.startup", slug=slug),
                                     _("Gợi ý cho %(name)s", name=name)))  # not lazy: a lazy string is
                                     # rendered as markup, and the name is the user's own text
    return [(code, str(label), links[code]) for code, label in GROUPS if links[code]]


watch("nav_links", ("users", "user_roles", "org_managers", "organisations", "people", "support_requests"))

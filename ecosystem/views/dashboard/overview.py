"""The dashboard: the officers' full view and the public one, with period and place filters."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _, lazy_gettext as _l

from ecosystem.clock import local_today
from ecosystem.i18n import current_locale
from ecosystem.permissions import guard
from ecosystem.services.dashboard import figures as dashboard_service
from ecosystem.services.directory.records import filter_options
from ecosystem.services.platform.process_cache import remember
from ecosystem.services.dashboard.directory_indicators import Scope
from ecosystem.views.dashboard import panels as _panels
from ecosystem.validators import parse_int

bp = Blueprint("dashboard", __name__, url_prefix="/dashboard")
NAV = [("dashboard.index", _l("Bảng điều hành"), "dashboard.view", 50),
       ("dashboard.public", _l("Số liệu hệ sinh thái"), "public", 55)]
FIRST_YEAR = 2000


@bp.app_template_filter("number")
def number_filter(value) -> str:
    """1.500.000 in Vietnamese, 1,500,000 in English (Babel); '–' for no figure."""
    from ecosystem.services.dashboard.charts import format_number
    return format_number(value, locale=current_locale())


def scope_from(args) -> Scope:
    """Years and place from the query string; anything odd falls back to the default span."""
    default = dashboard_service.default_scope()
    last_year = local_today().year + 1

    def year(name, fallback):
        found = parse_int(args.get(name) or "", FIRST_YEAR, last_year)
        return fallback if found is None else found

    year_from, year_to = year("year_from", default.year_from), year("year_to", default.year_to)
    if year_to < year_from:
        year_from, year_to = default.year_from, default.year_to
    return Scope(year_from, year_to, (args.get("former_district") or "").strip()[:120],
                 (args.get("ward") or "").strip()[:120])


def _render(public: bool):
    scope = scope_from(request.args)
    figures = dashboard_service.dashboard_panels(scope, public=public)
    dashboard_service.save_cache()
    years = list(range(local_today().year + 1, FIRST_YEAR - 1, -1))
    return render_template("dashboard/index.html", public=public, scope=scope, figures=figures,
                           panels=_panel_views(figures, scope, public), years=years,
                           options=filter_options(current_locale()))


def _panel_views(figures: dict, scope: Scope, public: bool) -> list:
    """The panels' tables and charts; stored figures are drawn once per worker and computation (a
    dashboard draws 18 charts, about 20 ms), figures computed just now are drawn as they are."""
    draw = lambda: [_panels.view(p) for p in figures["panels"]]  # noqa: E731
    if not figures.get("from_cache"):
        return draw()
    key = (dashboard_service.cache_key(scope, public), current_locale(), figures["computed_at"])
    return remember("dashboard_views", key, draw)


@bp.route("/")
@guard("dashboard.view")
def index():
    return _render(public=False)


@bp.route("/public")
@guard("dashboard.public")
def public():
    return _render(public=True)


@bp.route("/refresh", methods=["POST"])
@guard("dashboard.view")
def refresh():
    """Ask the scheduler to recompute the figures in the background instead of waiting for them to age."""
    scope = scope_from(request.form)
    dashboard_service.ask_recompute(scope, public=False)
    dashboard_service.ask_recompute(scope, public=True)
    dashboard_service.save_cache()
    flash(_("Đã yêu cầu tính lại; số liệu mới sẽ có sau khoảng một phút."), "success")
    return redirect(url_for("dashboard.index", year_from=scope.year_from, year_to=scope.year_to,
                            former_district=scope.former_district or None, ward=scope.ward or None))

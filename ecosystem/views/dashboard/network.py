"""Network health and the network map: who is isolated, who bridges, where supporters are thin.

What the pages show is computed by the scheduler (services/dashboard/derived.py) and read here, so a
web worker never builds the networkx graph; a filter not drawn yet is asked for and the page
reloads itself until it is there."""
from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ecosystem.extensions import db
from ecosystem.i18n import current_locale
from ecosystem.permissions import guard
from ecosystem.services.dashboard import derived
from ecosystem.services.dashboard.network_words import kind_labels
from ecosystem.services.directory.records import all_sectors, filter_options
from ecosystem.services.techmart.partners import country_names, map_countries

bp = Blueprint("network", __name__, url_prefix="/network")


def _chosen(args) -> dict:
    return {"kind": args.getlist("kind"), "sector": args.getlist("sector"), "place": args.get("place", ""),
            "country": [c.upper() for c in args.getlist("country") if len(c) == 2 and c.isalpha()]}


def _stored_map(chosen: dict):
    """(StoredMap, computed_at) when drawn, else (None, None) after asking the scheduler for it."""
    found = derived.stored_map(current_locale(), chosen)
    db.session.commit()
    return found or (None, None)


def country_options() -> dict:
    """Việt Nam and the countries of the partners abroad, in the reader's language."""
    names = country_names(current_locale())
    return {code: names.get(code, code) for code in ["VN", *sorted(set(map_countries().values()))]}


@bp.route("/")
@guard("dashboard.network")
def health():
    found = derived.stored_health()
    db.session.commit()
    return render_template("network/health.html", health=found, kinds=kind_labels(),
                           sectors={s.id: s.display(current_locale()) for s in all_sectors()})


@bp.route("/recompute", methods=["POST"])
@guard("dashboard.network")
def recompute():
    """Ask the scheduler for fresh network figures; the page says when they were computed."""
    derived.ask_network_recompute()
    db.session.commit()
    flash(_("Đã yêu cầu tính lại; số liệu mới sẽ có sau khoảng một phút."), "success")
    return redirect(url_for("network.health"))


@bp.route("/map")
@guard("dashboard.network")
def map_page():
    chosen = _chosen(request.args)
    result, computed_at = _stored_map(chosen)
    return render_template("network/map.html", result=result, computed_at=computed_at,
                           chosen=chosen,
                           kinds=kind_labels(), options=filter_options(current_locale()), countries=country_options(),
                           query=request.query_string.decode())


@bp.route("/map.svg")
@guard("dashboard.network")
def map_svg():
    result, _computed_at = _stored_map(_chosen(request.args))
    if result is None:  # the map page says it is being drawn and reloads itself
        flash(_("Bản đồ đang được vẽ; thử lại sau ít giây."), "info")
        return redirect(url_for("network.map_page", **request.args.to_dict(flat=False)))
    return Response(result.svg, mimetype="image/svg+xml",
                    headers={"Content-Disposition": "inline; filename=ban-do-mang-luoi.svg",
                             "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'"})

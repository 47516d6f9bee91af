"""Network health and the network map: who is isolated, who bridges, where supporters are thin."""
from flask import Blueprint, Response, render_template, request
from flask_babel import gettext as _
from flask_babel import pgettext
from markupsafe import Markup

from ecosystem.i18n import current_locale
from ecosystem.models import vocab
from ecosystem.permissions import guard
from ecosystem.services.dashboard import network_figures as network_service
from ecosystem.services.directory.records import all_sectors, filter_options
from ecosystem.services.dashboard.network_map import MapFilter

bp = Blueprint("network", __name__, url_prefix="/network")


def kind_labels() -> dict:
    """Node kinds in words; the order fixes each kind's colour on every map."""
    labels = {code: str(text) for code, text in vocab.ORG_KINDS.items()}
    labels.update({"mentor": _("Cố vấn"), "investor": _("Nhà đầu tư"), "person": pgettext("singular", "Cá nhân")})
    return labels


def map_words() -> dict:
    """The map's own sentences in the reader's language ({…} are filled in by the map)."""
    return {"summary": _("Mạng lưới gồm {nodes} nút và {edges} liên kết sau bộ lọc."),
            "sampled": _("Hiển thị {shown} nút có nhiều liên kết nhất; {rest} nút còn lại được gộp thành "
                         "{clusters} cụm theo {by} ({folded})."),
            "others": _("{n} nút khác: {name}"), "ties": _("{n} liên kết"), "cluster": _("Cụm (gộp)"),
            "empty": _("Chưa có dữ liệu"), "locale": current_locale()}


def _map(flt):
    return network_service.network_map(flt, kind_labels(), _("Bản đồ mạng lưới đổi mới sáng tạo"), map_words())


def _filter(args) -> tuple[MapFilter | None, dict]:
    chosen = {"kind": args.getlist("kind"), "sector": args.getlist("sector"), "place": args.get("place", "")}
    sectors = {s.code: s.id for s in all_sectors()}
    flt = MapFilter(kinds=frozenset(chosen["kind"]) or None,
                    sectors=frozenset(sectors[c] for c in chosen["sector"] if c in sectors) or None,
                    places=frozenset([chosen["place"]]) if chosen["place"] else None)
    return (flt if any((flt.kinds, flt.sectors, flt.places)) else None), chosen


@bp.route("/")
@guard("dashboard.network")
def health():
    return render_template("network/health.html", health=network_service.health(), kinds=kind_labels(),
                           sectors={s.id: s.display(current_locale()) for s in all_sectors()})


@bp.route("/map")
@guard("dashboard.network")
def map_page():
    flt, chosen = _filter(request.args)
    result = _map(flt)
    return render_template("network/map.html", result=result, svg=Markup(result.svg), chosen=chosen,
                           kinds=kind_labels(), options=filter_options(current_locale()),
                           query=request.query_string.decode())


@bp.route("/map.svg")
@guard("dashboard.network")
def map_svg():
    flt, _chosen = _filter(request.args)
    result = _map(flt)
    return Response(result.svg, mimetype="image/svg+xml",
                    headers={"Content-Disposition": "inline; filename=ban-do-mang-luoi.svg",
                             "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'"})

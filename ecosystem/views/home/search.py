"""/search: organisations, people and events from one box in the top bar."""
from flask import Blueprint, render_template, request
from flask_login import current_user

from ecosystem.permissions import can, guard
from ecosystem.services.home.search import search_all

bp = Blueprint("search", __name__, url_prefix="/search")


@bp.route("")
@guard("public")
def results():
    q = (request.args.get("q") or "").strip()[:200]
    managed = current_user.managed_org_ids if current_user.is_authenticated else set()
    found = search_all(q, staff=can("staff"), managed=managed)
    return render_template("home/search.html", q=q, found=found)

"""Club pages: the list, a club's page with its events and calendar feed, joining, coordinators' desk."""
from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user

from ecosystem.extensions import db
from ecosystem.forms.directory import ConfirmForm
from ecosystem.forms.events import JoinClubForm
from ecosystem.i18n import current_locale
from ecosystem.models import ClubMembershipRequest, Organisation
from ecosystem.models.clubs import MEMBERSHIP_REQUEST_STATUSES
from ecosystem.permissions import guard, require
from ecosystem.services.events import clubs as service
from ecosystem.services.events.lifecycle import club_feed, to_local, upcoming_of
from ecosystem.services.directory.records import find_org_by_slug
from ecosystem.views.errors import attempt
from ecosystem.views.events.messages import EVENTS, message
from ecosystem.views.once import once

bp = Blueprint("clubs", __name__, url_prefix="/clubs")
NAV = [("clubs.index", _l("Câu lạc bộ"), "public", 41)]


def get_club(slug: str, action: str | None = None) -> Organisation:
    club = find_org_by_slug(slug)
    if club is None or club.kind != "club" or club.status == "archived":
        abort(404)
    if action:
        require(action, club)
    return club


def _join_form() -> JoinClubForm:
    form = JoinClubForm()
    own = [(0, _("Bản thân tôi"))] if current_user.person_id else []
    form.applicant.choices = own + [(o.id, o.name) for o in service.applicant_startups(current_user)]
    return form


@bp.route("/")
@guard("public")
def index():
    q = request.args.get("q", "").strip()
    rows = service.clubs(q)
    sizes = {club.id: len(service.members(club)) for club in rows}
    return render_template("clubs/index.html", clubs=rows, sizes=sizes, q=q)


@bp.route("/<slug>")
@guard("public")
def detail(slug: str):
    club = get_club(slug)
    join = _join_form() if current_user.is_authenticated else None
    return render_template("clubs/detail.html", club=club, members=service.members(club),
                           events=upcoming_of(club.id), join=join, to_local=to_local,
                           request_=service.own_request(club, current_user))


@bp.route("/<slug>/events.ics")
@guard("public")
def feed(slug: str):
    club = get_club(slug)
    return Response(club_feed(club, current_locale()), mimetype="text/calendar",
                    headers={"Content-Disposition": f'inline; filename="{club.slug}.ics"'})


@bp.route("/<slug>/join", methods=["POST"])
@guard("clubs.join")
def join(slug: str):
    club = get_club(slug, "clubs.join")
    form = _join_form()
    if form.validate_on_submit():
        org = db.session.get(Organisation, form.applicant.data) if form.applicant.data else None
        attempt(EVENTS, once("club_membership", form, ClubMembershipRequest,
                             lambda: service.request_membership(club, current_user, org, form.message.data)),
                _("Đã gửi yêu cầu gia nhập; điều phối viên sẽ xem xét."))
    elif not form.applicant.choices:
        flash(message("needs_person"), "error")
    return redirect(url_for("clubs.detail", slug=club.slug))


@bp.route("/<slug>/members")
@guard("clubs.manage")
def members(slug: str):
    club = get_club(slug, "clubs.manage")
    return render_template("clubs/members.html", club=club, members=service.members(club),
                           pending=service.pending_requests(club), confirm=ConfirmForm(),
                           STATUSES=MEMBERSHIP_REQUEST_STATUSES)


@bp.route("/<slug>/requests/<int:request_id>", methods=["POST"])
@guard("clubs.manage")
def decide(slug: str, request_id: int):
    club = get_club(slug, "clubs.manage")
    req = db.session.get(ClubMembershipRequest, request_id)
    if req is None or req.club_id != club.id:
        abort(404)
    if ConfirmForm().validate_on_submit():
        accept = request.form.get("decision") == "accept"
        attempt(EVENTS, lambda: service.decide_request(req, accept, current_user),
                _("Đã chấp nhận thành viên.") if accept else _("Đã từ chối yêu cầu."))
    return redirect(url_for("clubs.members", slug=club.slug))

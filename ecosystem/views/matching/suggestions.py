"""Suggestion pages: a startup's mentors and investors with reasons, warm paths to one of them,
verdicts and mentor ratings; and the startups suggested to a mentor or an investor."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from ecosystem.extensions import db
from ecosystem.forms.matching import IntroRequestForm, RatingForm, VerdictForm
from ecosystem.models import InvestorProfile, Organisation, Person
from ecosystem.permissions import guard, require
from ecosystem.services.matching import introductions as intros
from ecosystem.services.matching import suggestions as service
from ecosystem.services.matching.reasons import COMPONENT_LABELS
from ecosystem.services.matching.strongest import strongest_reasons
from ecosystem.views.loading import get_org, get_person
from ecosystem.views.errors import attempt
from ecosystem.views.matching.messages import MATCHING
from ecosystem.validators import parse_int

bp = Blueprint("matching", __name__, url_prefix="/matching")
NAV = [("matching.mine", _l("Startup gợi ý cho tôi"), "match.mine", 40)]
ORG_PANELS = ["matching/_org_panel.html"]
PERSON_PANELS = ["matching/_person_panel.html"]
# The labels in the reader's language once per page, not once per card and component.
bp.context_processor(lambda: {"component_labels": {code: str(text) for code, text in COMPONENT_LABELS.items()},
                               "strongest_reasons": strongest_reasons})
TOP = 5  # shown first; the rest behind "show more" (?all=1)


def shown_count() -> int | None:
    """How many suggestions to compute: TOP + 1 (to know whether there are more), or all."""
    return None if request.args.get("all") == "1" else TOP + 1


def first_and_more(found: list) -> tuple[list, bool]:
    """The suggestions to show, and whether a "show more" link is needed."""
    if request.args.get("all") == "1":
        return found, False
    return found[:TOP], len(found) > TOP


def managed_startups() -> list[Organisation]:
    """Startups the current user manages (for the warm-path links on people's pages)."""
    ids = current_user.managed_org_ids if current_user.is_authenticated else set()
    if not ids:
        return []
    return list(db.session.scalars(select(Organisation).where(
        Organisation.id.in_(ids), Organisation.kind == "startup").order_by(Organisation.name)))


bp.record_once(lambda state: state.app.jinja_env.globals.setdefault("managed_startups",
                                                                    managed_startups))


def get_startup(slug: str) -> Organisation:
    org = get_org(slug, "org.view", sectors=False)  # the startup's profile reads them with its row
    require("match.startup", org)
    return org


def investor_key(investor: InvestorProfile) -> tuple:
    return ("person", investor.person_id) if investor.person_id else ("org", investor.organisation_id)


@bp.route("/startups/<slug>")
@guard("match.startup")
def startup(slug: str):
    org = get_startup(slug)
    found, to_rate = service.startup_suggestions_and_mentors(org, shown_count())
    shown = {kind: first_and_more(rows) for kind, rows in found.items()}
    return render_template("matching/startup.html", org=org,
                           found={kind: rows for kind, (rows, _more) in shown.items()},
                           more=any(more for _rows, more in shown.values()), verdict=VerdictForm(),
                           investor_key=investor_key, key_text=intros.key_text, to_rate=to_rate)


def _candidate(text: str):
    """'m:5' → ('mentor', Person), 'i:3' → ('investor', InvestorProfile), else 404."""
    kind, _sep, ident = (text or "").partition(":")
    model = {"m": Person, "i": InvestorProfile}.get(kind)
    found = db.session.get(model, parse_int(ident)) if model and parse_int(ident) is not None else None
    if found is None:
        abort(404)
    return ("mentor" if kind == "m" else "investor"), found


@bp.route("/startups/<slug>/verdict", methods=["POST"])
@guard("match.startup")
def startup_verdict(slug: str):
    org = get_startup(slug)
    form = VerdictForm()
    if form.validate_on_submit():
        kind, candidate = _candidate(form.candidate.data)
        service.record_verdict(org, form.verdict.data, current_user, "startup",
                               **{kind: candidate})
        db.session.commit()
        flash(_("Đã ghi nhận: gợi ý này sẽ không xuất hiện lại."), "success")
    else:
        flash(_("Không ghi nhận được phản hồi."), "error")
    return redirect(url_for("matching.startup", slug=org.slug))


@bp.route("/startups/<slug>/paths")
@guard("match.startup")
def paths(slug: str):
    org = get_startup(slug)
    target = intros.parse_key(request.args.get("target"))
    names = service.key_names([target]) if target else {}
    if target is None or target not in names:
        abort(404)
    found = service.paths_to(org, target)
    shown = [(path, service.explain_path(path)) for path in found]
    return render_template("matching/paths.html", org=org, target=target, target_name=names[target],
                           shown=shown, form=IntroRequestForm(), key_text=intros.key_text,
                           reachable={p.connector: bool(intros.approvers(p.connector))
                                      for p in found if p.connector})


@bp.route("/startups/<slug>/intros", methods=["POST"])
@guard("match.startup")
def request_intro(slug: str):
    org = get_startup(slug)
    form = IntroRequestForm()
    target, via = intros.parse_key(form.target.data), intros.parse_key(form.via.data)
    if not form.validate_on_submit() or target is None or via is None:
        flash(_("Không gửi được đề nghị giới thiệu."), "error")
        return redirect(url_for("matching.startup", slug=org.slug))
    ok, intro = attempt(MATCHING, lambda: intros.request_introduction(
        org, target, via, current_user, form.message.data, form.idempotency_key.data),
        _("Đã gửi đề nghị giới thiệu."))
    if not ok:
        return redirect(url_for("matching.paths", slug=org.slug, target=form.target.data))
    return redirect(url_for("intros.detail", intro_id=intro.id))


@bp.route("/startups/<slug>/mentors/<int:person_id>/rate", methods=["GET", "POST"])
@guard("match.startup")
def rate(slug: str, person_id: int):
    org = get_startup(slug)
    mentor = get_person(person_id)
    form = RatingForm()
    if form.validate_on_submit() and attempt(
            MATCHING, lambda: service.rate_mentor(org, mentor, int(form.rating.data), form.comment.data,
                                                  current_user), _("Cảm ơn bạn đã đánh giá."))[0]:
        return redirect(url_for("matching.startup", slug=org.slug))
    return render_template("matching/rate.html", org=org, mentor=mentor, form=form)


@bp.route("/mine")
@guard("match.mine")
def mine():
    person, investors = service.own_candidacies(current_user)
    mentor = service.suggestions_for_mentor(person, shown_count()) if person and person.mentor else None
    more = False
    if mentor is not None:
        mentor, more = first_and_more(mentor)
    invested = []
    for investor in investors:
        rows, extra = first_and_more(service.suggestions_for_investor(investor, shown_count()))
        invested.append((investor, rows))
        more = more or extra
    return render_template("matching/mine.html", person=person, mentor=mentor, invested=invested,
                           more=more, verdict=VerdictForm())


@bp.route("/mine/verdict", methods=["POST"])
@guard("match.mine")
def mine_verdict():
    """A mentor or investor says a suggested startup is not for them (candidate = the startup
    as 's:<org id>:m' for the mentor side or 's:<org id>:i:<investor id>')."""
    form = VerdictForm()
    parts = (form.candidate.data or "").split(":")
    if not form.validate_on_submit() or len(parts) < 3 or parts[0] != "s" or parse_int(parts[1]) is None:
        flash(_("Không ghi nhận được phản hồi."), "error")
        return redirect(url_for("matching.mine"))
    org = db.session.get(Organisation, parse_int(parts[1]))
    if org is None:
        abort(404)
    if parts[2] == "m" and current_user.person_id:
        mentor = db.session.get(Person, current_user.person_id)
        service.record_verdict(org, form.verdict.data, current_user, "candidate", mentor=mentor)
    elif parts[2] == "i" and len(parts) == 4 and parse_int(parts[3]) is not None:
        investor = db.session.get(InvestorProfile, parse_int(parts[3]))
        if investor is None or not (investor.person_id == current_user.person_id or
                                    investor.organisation_id in current_user.managed_org_ids):
            abort(403)
        service.record_verdict(org, form.verdict.data, current_user, "candidate", investor=investor)
    else:
        flash(_("Không ghi nhận được phản hồi."), "error")
        return redirect(url_for("matching.mine"))
    db.session.commit()
    flash(_("Đã ghi nhận: gợi ý này sẽ không xuất hiện lại."), "success")
    return redirect(url_for("matching.mine"))

"""Startup onboarding and the guided profile: steps, completeness, eligibility, verification."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user

from ecosystem.extensions import db
from ecosystem.forms import form_data
from ecosystem.forms.directory import ConfirmForm
from ecosystem.forms.fields import UNSAFE_URL
from ecosystem.forms.startups import STEP_FORMS, with_needs
from ecosystem.i18n import current_locale
from ecosystem.models import Organisation
from ecosystem.models.support import IP_STATUSES, REVENUE_BANDS
from ecosystem.permissions import can, guard
from ecosystem.services.support import onboarding as profiles
from ecosystem.services.directory.records import filter_options
from ecosystem.services.platform.settings import setting
from ecosystem.services.platform.stored_files import store_upload
from ecosystem.views.errors import Messages, attempt, upload_quota_text
from ecosystem.views.loading import get_org, page_number, sector_choices
from ecosystem.views.once import once
from ecosystem.views.directory.messages import TAX_CODE_TAKEN, WARD_UNKNOWN

bp = Blueprint("startups", __name__, url_prefix="/startups")
ORG_PANELS = ["startups/_org_panel.html"]


NOT_PENDING = _l("Hồ sơ này không ở trạng thái chờ xác minh.")
STARTUPS = Messages({
    "tax_code_taken": TAX_CODE_TAKEN,
    "ward_unknown": WARD_UNKNOWN,
    "unsafe_url": UNSAFE_URL,
    "bad_amount": _l("Số tiền không hợp lệ."),
    "already_verified": NOT_PENDING,
    "archived": NOT_PENDING,
    "upload.empty": _l("Tệp trống."),
    "upload.too_large": lambda error: _("Tệp vượt quá dung lượng cho phép (%(mb)s MB).",
                                        mb=round(error.params["max_bytes"] / 1048576, 1)),
    "upload.quota_exceeded": upload_quota_text,
    "upload.type_not_allowed": _l("Chỉ nhận tệp PDF hoặc ảnh (PNG, JPEG, WebP); nội dung tệp "
                                  "không đúng định dạng."),
})


def _field_of(error) -> str | None:
    """An upload refusal belongs under the pitch deck; the others name their field."""
    return "pitch_deck" if error.code.startswith("upload.") else error.field



def _startup(slug: str, action: str):
    org = get_org(slug, action)
    if org.kind != "startup":
        abort(404)
    return org


@bp.route("/")
@guard("public")
def index():
    args = {k: request.args.get(k, "").strip() for k in ("q", "sector", "eligible", "status")}
    if not can("staff"):
        args["status"] = ""
    page = db.paginate(profiles.startup_query(**args), page=page_number(), per_page=20,
                       error_out=False)
    rows = [(org, profiles.eligibility(org)) for org in page.items]
    return render_template("startups/index.html", page=page, rows=rows, filters=args,
                           options=filter_options(current_locale()))


@bp.route("/new", methods=["GET", "POST"])
@guard("startup.onboard")
def onboard():
    form = STEP_FORMS["basics"]()
    form.sectors.choices = sector_choices()
    if form.validate_on_submit():
        ok, org = attempt(STARTUPS, once("startup", form, Organisation,
                                         lambda: profiles.onboard_startup(form_data(form), current_user)),
                          _("Đã tạo hồ sơ startup. Hồ sơ đang chờ xác minh; hãy hoàn thiện các bước tiếp theo."),
                          form=form)
        if ok:
            return redirect(url_for("startups.step", slug=org.slug, step="team"))
    return render_template("startups/onboard.html", form=form,
                           setting_max_years=setting("support.startup_max_age_years"))


@bp.route("/<slug>/profile")
@guard("startup.profile.view")
def profile(slug: str):
    org = _startup(slug, "startup.profile.view")
    return render_template("startups/profile.html", org=org, meter=profiles.completeness(org),
                           elig=profiles.eligibility(org), extras=profiles.extras_of(org),
                           steps=profiles.STEPS, step_labels=profiles.STEP_LABELS,
                           ip_statuses=IP_STATUSES, revenue_bands=REVENUE_BANDS)


def _step_form(step: str, org):
    form = STEP_FORMS[step]()
    extras = profiles.extras_of(org)
    if step == "basics":
        form.sectors.choices = sector_choices()
    if step == "funding":
        with_needs(form, current_locale())
    if request.method == "GET":
        profile = org.startup
        if step == "basics":
            form.process(obj=org)
            form.sectors.data = [s.id for s in org.sectors]
        elif step == "team":
            form.team_size.data = profile.team_size if profile else None
            form.fill(extras.founders or [])
        elif step == "product":
            form.process(obj=profile)
            form.technologies.data = org.technologies or []
        else:
            form.funding_sought_vnd.data = profile.funding_sought_vnd if profile else None
            form.needs.data = list(profile.needs or []) if profile else []
    return form


def _save_step(step: str, org, form) -> bool:
    """Save one step; False (with a message next to the field) when refused."""
    data = form_data(form)

    def save():
        if step == "basics":
            profiles.save_basics(org, data, current_user)
        elif step == "team":
            profiles.save_team(org, form.founders(), data.get("team_size"), current_user)
        elif step == "product":
            profiles.save_product(org, data, current_user)
        else:
            upload = request.files.get("pitch_deck")
            deck = None
            if upload is not None and upload.filename:
                deck = store_upload(upload.stream, upload.filename, "pitch_deck", current_user,
                                    organisation_id=org.id)
            profiles.save_funding(org, data, current_user, deck)

    return attempt(STARTUPS, save, form=form, field=_field_of)[0]


@bp.route("/<slug>/profile/<step>", methods=["GET", "POST"])
@guard("startup.profile.edit")
def step(slug: str, step: str):
    if step not in profiles.STEPS:
        abort(404)
    org = _startup(slug, "startup.profile.edit")
    form = _step_form(step, org)
    if form.validate_on_submit() and _save_step(step, org, form):
        flash(_("Đã lưu bước “%(step)s”.", step=profiles.STEP_LABELS[step]), "success")
        index = profiles.STEPS.index(step)
        if index + 1 < len(profiles.STEPS):
            return redirect(url_for("startups.step", slug=org.slug, step=profiles.STEPS[index + 1]))
        return redirect(url_for("startups.profile", slug=org.slug))
    return render_template("startups/step.html", org=org, form=form, step=step,
                           steps=profiles.STEPS, step_labels=profiles.STEP_LABELS,
                           meter=profiles.completeness(org), extras=profiles.extras_of(org),
                           max_mb=round(setting("support.upload_max_bytes") / 1048576, 1),
                           setting_max_years=setting("support.startup_max_age_years"))


@bp.route("/<slug>/verify", methods=["POST"])
@guard("startup.verify")
def verify(slug: str):
    org = _startup(slug, "startup.verify")
    if ConfirmForm().validate_on_submit():
        attempt(STARTUPS, lambda: profiles.verify_startup(org, current_user), _("Đã xác minh hồ sơ startup."))
    return redirect(url_for("startups.profile", slug=org.slug))

"""The home page: the public landing for visitors, the panels of each role held for a signed-in person."""
from flask import render_template
from flask_login import current_user

from ecosystem.models.accounts import is_staff
from ecosystem.models.support import STATE_LABELS
from ecosystem.services.home import landing, office, roles, startup
from ecosystem.views.matching.intros import STATUS_LABELS as INTRO_LABELS


def home_panels(user) -> dict:
    """Panels of every role the user holds (a person with several roles sees each one's)."""
    held = user.role_codes
    panels = {}
    if "startup" in held or user.managed_org_ids:
        panels["startup"] = startup.startup_home(user)
    if held & {"mentor", "investor"}:
        panels["adviser"] = roles.adviser_home(user)
    if "coordinator" in held:
        panels["coordinator"] = roles.coordinator_home(user)
    if is_staff(user):
        panels["officer"] = office.officer_home()
    if "judge" in held:
        panels["judge"] = roles.judge_home(user)
    if "admin" in held:
        panels["admin"] = office.admin_home()
    return {name: data for name, data in panels.items() if data is not None}


def home_page():
    if not current_user.is_authenticated:
        return render_template("home/landing.html", **landing.landing())
    return render_template("home/home.html", panels=home_panels(current_user),
                           state_labels=STATE_LABELS, intro_labels=INTRO_LABELS)

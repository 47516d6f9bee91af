"""The nomination form of a category with the choices the signed-in user has (pages and API share it)."""
from flask_babel import gettext as _
from flask_login import current_user

from ecosystem.forms.awards import nomination_form
from ecosystem.i18n import current_locale
from ecosystem.services.awards import nominations


def nomination_form_class(category, creating: bool, nomination=None):
    """The form class: entrants the user may speak for, organisations they may nominate from, the team."""
    orgs = [(f"o{o.id}", o.name) for o in nominations.entrant_org_choices(current_user)]
    if current_user.person_id:
        orgs.insert(0, ("self", _("Bản thân tôi (cá nhân)")))
    managed = [("", _("— Không —"))] + [(str(o.id), o.name) for o in nominations.entrant_org_choices(current_user)
                                         if o.id in current_user.managed_org_ids]
    team = [(p.id, p.full_name) for p in nominations.team_choices(nomination)] if nomination else []
    return nomination_form(category, current_locale(), orgs, managed, team, creating)

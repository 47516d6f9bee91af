"""Load-or-404 for award objects and the words for an AwardError."""
from flask import abort

from ecosystem.extensions import db
from ecosystem.forms.awards import ERRORS
from ecosystem.i18n import current_locale
from ecosystem.models import Assignment, Nomination, NominationDocument
from ecosystem.permissions import require
from ecosystem.services.awards.catalogue import AwardError, find_cycle, find_round
from ecosystem.services.awards.eligibility import reason_text
from ecosystem.services.awards.rubric import SHEET_REASONS, describe
from ecosystem.views.errors import Messages



def get_cycle(code: str):
    cycle = find_cycle(code)
    if cycle is None:
        abort(404)
    return cycle


def get_round(cycle, code: str):
    award_round = find_round(cycle, code)
    if award_round is None:
        abort(404)
    return award_round


def _load(model, ident: int, action: str, guarded=lambda obj: obj):
    """Load or 404, then ask the policy about the object (or what it belongs to)."""
    obj = db.session.get(model, ident)
    if obj is None:
        abort(404)
    require(action, guarded(obj))
    return obj


def get_nomination(nomination_id: int, action: str = "awards.nomination.view") -> Nomination:
    return _load(Nomination, nomination_id, action)


def get_document(document_id: int) -> NominationDocument:
    return _load(NominationDocument, document_id, "awards.nomination.view", lambda doc: doc.nomination)


def get_assignment(assignment_id: int, action: str = "awards.score") -> Assignment:
    return _load(Assignment, assignment_id, action)


def failure_texts(failures) -> list[str]:
    """Eligibility failures in the reader's language, with names in place of ids."""
    from ecosystem.models import Organisation, Person
    texts = []
    for failure in failures or ():
        params = dict(failure["params"])
        if "person" in params:
            person = db.session.get(Person, params["person"]) if isinstance(params["person"], int) else None
            params["person"] = person.full_name if person else params["person"]
        if "organisation" in params:
            org = db.session.get(Organisation, params["organisation"]) if isinstance(params["organisation"], int) else None
            params["organisation"] = org.name if org else params["organisation"]
        texts.append(reason_text({**failure, "params": params}, current_locale()))
    return texts


def error_lines(error: AwardError) -> list[str]:
    """The details under an error: each failing eligibility rule or score-sheet problem in words."""
    lang = current_locale()
    if error.code == "ineligible":
        return failure_texts(error.params.get("failures", []))
    if error.code == "bad_sheet":
        return [describe(p, SHEET_REASONS, lang) for p in error.params.get("problems", [])]
    if error.code == "bad_setup":
        return [f"{p['code']}: {p['params']}" for p in error.params.get("problems", [])]
    return []


AWARDS = Messages(ERRORS, lines=error_lines)

"""Who may do what in the awards: nominees see their own entries, judges only what they were given,
organisers everything but the scores while a round is open, the public only what was published."""
from sqlalchemy import select

from ecosystem.permissions import has_role, is_staff, policy


def _judges_it(user, nomination) -> bool:
    """An active assignment in a round that has started, and no conflict recorded."""
    if not (has_role(user, "judge") and user.person_id):
        return False
    from ecosystem.extensions import db
    from ecosystem.models import Assignment, AwardConflict, AwardRound
    assigned = db.session.scalar(select(Assignment.id).join(AwardRound).where(
        Assignment.nomination_id == nomination.id, Assignment.judge_person_id == user.person_id,
        Assignment.status == "active", AwardRound.status != "setup").limit(1))
    conflicted = db.session.scalar(select(AwardConflict.id).where(
        AwardConflict.nomination_id == nomination.id, AwardConflict.judge_person_id == user.person_id).limit(1))
    return assigned is not None and conflicted is None


@policy("awards.browse")
def _browse(user, obj=None):
    return True


@policy("awards.nominate")
def _nominate(user, obj=None):
    return user.is_authenticated


@policy("awards.nomination.view", needs_object=True)
def _nomination_view(user, nomination=None):
    if nomination is None:
        return user.is_authenticated
    return is_staff(user) or nomination.spoken_for_by(user) or _judges_it(user, nomination)


@policy("awards.nomination.edit", needs_object=True)
def _nomination_edit(user, nomination=None):
    if nomination is None:
        return user.is_authenticated
    return nomination.status in ("draft", "returned") and nomination.spoken_for_by(user)


@policy("awards.manage")
def _manage(user, obj=None):
    return is_staff(user)


@policy("awards.judge")
def _judge(user, obj=None):
    return has_role(user, "judge")


@policy("awards.score", needs_object=True)
def _score(user, assignment=None):
    if assignment is None:
        return has_role(user, "judge")
    return (has_role(user, "judge") and user.person_id == assignment.judge_person_id
            and assignment.status == "active" and assignment.round.status != "setup"
            and _judges_it(user, assignment.nomination))


@policy("awards.results", needs_object=True)
def _results(user, award_round=None):
    """Organisers see scores and totals only once the round is closed."""
    if award_round is None:
        return is_staff(user)
    return is_staff(user) and award_round.status in ("closed", "published")


@policy("awards.results.public", needs_object=True)
def _results_public(user, award_round=None):
    return award_round is None or award_round.status == "published"

"""Warm introductions with double opt-in: the startup asks the first connector of a path, the
connector accepts or declines, then the target accepts or declines. Every step is recorded and
notified; contact details are shown to the two ends only once both have accepted, and an accepted
introduction becomes an 'introduced' edge of the graph."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select

from ecosystem.extensions import db
from ecosystem.models import Introduction, Organisation, Person, User
from ecosystem.models.base import utcnow
from ecosystem.services.accounts.users import accounts_of, managers_of
from ecosystem.services.platform.audit import log_action
from ecosystem.services.matching.suggestions import MatchError, key_names, path_data, paths_to
from ecosystem.services.platform.notifications import notify
from ecosystem.services.directory.relations import record_graph_change
from ecosystem.validators import parse_int

OPEN = ("requested", "forwarded")


def parse_key(text: str | None) -> tuple | None:
    """'p:5' → ('person', 5), 'o:7' → ('org', 7); None for anything else."""
    kind, _, ident = (text or "").partition(":")
    number = parse_int(ident)
    if kind not in ("p", "o") or number is None:
        return None
    return ("person" if kind == "p" else "org", number)


def key_text(key: tuple) -> str:
    return ("p:" if key[0] == "person" else "o:") + str(key[1])


def approvers(key: tuple | None) -> list[User]:
    """Who answers for a node: the person's own account, or the organisation's managers."""
    if key is None:
        return []
    return accounts_of(key[1]) if key[0] == "person" else managers_of(key[1])


def _startup_users(intro: Introduction) -> list[User]:
    return approvers(("org", intro.startup_id))


def request_introduction(startup: Organisation, target: tuple, via: tuple, user,
                         message: str | None = None, idempotency_key: str | None = None
                         ) -> Introduction:
    """Ask `via`, the first connector of a current warm path, to introduce the startup to target."""
    if idempotency_key:
        done = db.session.scalar(select(Introduction).where(
            Introduction.idempotency_key == idempotency_key))
        if done is not None:
            return done
    if target == ("org", startup.id):
        raise MatchError("self")
    path = next((p for p in paths_to(startup, target) if p.connector == via), None)
    if path is None:
        raise MatchError("path_gone")
    if not approvers(via):
        raise MatchError("connector_unreachable")
    if not approvers(target):
        raise MatchError("target_unreachable")
    column = Introduction.target_person_id if target[0] == "person" else Introduction.target_org_id
    if db.session.scalar(select(Introduction.id).where(
            Introduction.startup_id == startup.id, column == target[1],
            Introduction.status.in_(OPEN + ("accepted",)))):
        raise MatchError("already_requested")
    names = key_names(path.nodes)
    intro = Introduction(startup_id=startup.id, requested_by_id=user.id, message=message,
                         path=path_data(path),
                         idempotency_key=idempotency_key or None)
    intro.target_person_id, intro.target_org_id = _split(target)
    intro.connector_person_id, intro.connector_org_id = _split(via)
    db.session.add(intro)
    db.session.flush()
    log_action(user.id, "intro.request", "introduction", intro.id)
    _tell(approvers(via), intro, "intro.asked", _l("Đề nghị giới thiệu"),
          _l("%(startup)s nhờ bạn giới thiệu họ với %(target)s."), names)
    return intro


def _split(key: tuple) -> tuple:
    return (key[1], None) if key[0] == "person" else (None, key[1])


def _tell(users, intro, kind, title, body, names=None) -> None:
    names = names or key_names([("org", intro.startup_id), intro.target_key, intro.connector_key])
    params = {"startup": names.get(("org", intro.startup_id), ""),
              "target": names.get(intro.target_key, ""),
              "connector": names.get(intro.connector_key, "")}
    notify(users, kind, lambda: (title, body % params), link=f"/intros/{intro.id}")


def _locked(intro: Introduction) -> Introduction:
    """The row again, locked on PostgreSQL, so two decisions cannot both apply."""
    db.session.refresh(intro, with_for_update=True)
    return intro


def decide(intro: Introduction, user, accept: bool, note: str | None = None) -> Introduction:
    """The connector's decision (while requested), then the target's (once forwarded)."""
    intro = _locked(intro)
    roles = intro.roles_of(user)
    if intro.status == "requested" and "connector" in roles:
        intro.connector_note, intro.connector_decided_at = note, utcnow()
        if accept:
            intro.status = "forwarded"
            _tell(approvers(intro.target_key), intro, "intro.forwarded", _l("Lời giới thiệu mới"),
                  _l("%(connector)s giới thiệu %(startup)s với bạn. Bạn có muốn kết nối?"))
            _tell(_startup_users(intro), intro, "intro.progress", _l("Đề nghị giới thiệu"),
                  _l("%(connector)s đã đồng ý giới thiệu bạn với %(target)s."))
        else:
            intro.status = "connector_declined"
            _tell(_startup_users(intro), intro, "intro.declined", _l("Đề nghị giới thiệu"),
                  _l("%(connector)s đã từ chối giới thiệu bạn với %(target)s."))
    elif intro.status == "forwarded" and "target" in roles:
        intro.target_note, intro.target_decided_at = note, utcnow()
        if accept:
            intro.status = "accepted"
            record_graph_change("introduction", intro.id)
            _tell(_startup_users(intro) + approvers(intro.connector_key), intro, "intro.accepted",
                  _l("Giới thiệu thành công"),
                  _l("%(target)s đã đồng ý kết nối với %(startup)s. Thông tin liên hệ đã hiển thị."))
        else:
            intro.status = "target_declined"
            _tell(_startup_users(intro), intro, "intro.declined", _l("Đề nghị giới thiệu"),
                  _l("%(target)s chưa thể kết nối lúc này."))
    else:
        raise MatchError("not_your_turn")
    db.session.flush()
    log_action(user.id, "intro.decide", "introduction", intro.id, status=intro.status)
    return intro


def withdraw(intro: Introduction, user) -> Introduction:
    intro = _locked(intro)
    if intro.status not in OPEN or "requester" not in intro.roles_of(user):
        raise MatchError("not_your_turn")
    intro.status = "withdrawn"
    db.session.flush()
    log_action(user.id, "intro.withdraw", "introduction", intro.id)
    return intro


def contact_details(intro: Introduction, user) -> dict | None:
    """The other end's contact details, for the requester and the target once both accepted."""
    roles = intro.roles_of(user)
    if intro.status != "accepted" or not roles & {"requester", "target"}:
        return None
    if "requester" in roles:
        end = intro.target
        return {"name": _name(end), "email": end.email, "phone": end.phone}
    startup = intro.startup
    asker = db.session.get(User, intro.requested_by_id) if intro.requested_by_id else None
    return {"name": startup.name, "email": startup.email or (asker.email if asker else None),
            "phone": startup.phone}


def _name(end) -> str:
    return end.full_name if isinstance(end, Person) else end.name


def introductions_of(user) -> list[Introduction]:
    """Introductions a user answers for on any side, newest first."""
    conds = []
    if user.managed_org_ids:
        ids = list(user.managed_org_ids)
        conds += [Introduction.startup_id.in_(ids), Introduction.target_org_id.in_(ids),
                  Introduction.connector_org_id.in_(ids)]
    if user.person_id:
        conds += [Introduction.target_person_id == user.person_id,
                  Introduction.connector_person_id == user.person_id]
    if not conds:
        return []
    return list(db.session.scalars(select(Introduction).where(or_(*conds))
                                   .order_by(Introduction.id.desc())))

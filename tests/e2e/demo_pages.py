"""The main pages of the demo, per reader, shared by the accessibility and the phone-width checks."""
import json
from pathlib import Path

from sqlalchemy import select

from ecosystem.extensions import db
from ecosystem.models import Organisation, Person, User
from ecosystem.models.awards import AwardCycle
from ecosystem.models.events import Event
from ecosystem.models.funds import StFund
from ecosystem.models.support import SupportRequest
from ecosystem.seeding import load_demo
from ecosystem.services.dashboard import derived
from tests.e2e.conftest import sign_in


def load(app) -> dict:
    """Load the demo and compute its derived figures; return the demo passwords by e-mail and the ids the page list needs."""
    load_demo(app.config["SEEDS_DIR"])
    db.session.commit()
    derived.warm()  # as a deployment does (`flask warm`): network pages show figures, not "computing…"
    users = json.loads((Path(app.config["SEEDS_DIR"]) / "demo" / "users.json").read_text(encoding="utf-8"))
    member = db.session.scalar(select(User).where(User.email == "startup@demo.sokhcn.vn"))
    own = db.session.get(Organisation, member.managed[0].organisation_id)
    ids = {
        "passwords": {u["email"]: u["password"] for u in users},
        "org": own.slug,
        "person": db.session.scalar(select(Person.id).order_by(Person.id)),
        "event": db.session.scalar(select(Event.id).order_by(Event.starts_at.desc())),
        "fund": db.session.scalar(select(StFund.id).order_by(StFund.id)),
        "award": db.session.scalar(select(AwardCycle.code).order_by(AwardCycle.id)),
        "support": db.session.scalar(select(SupportRequest.id).where(
            SupportRequest.organisation_id == own.id).order_by(SupportRequest.id)),
    }
    db.session.commit()
    return ids


def pages(ids: dict) -> dict[str | None, list[str]]:
    """Paths per signed-in e-mail (None: anonymous)."""
    return {
        None: ["/", "/orgs/", f"/orgs/{ids['org']}", "/events/", f"/events/{ids['event']}",
               "/dashboard/public", "/certification/register", "/certification/revocations", "/awards/",
               f"/awards/{ids['award']}", "/techmart/", "/techmart/sessions/", "/clubs/", "/office-hours/",
               "/people/",
               "/login", "/register", "/privacy"],
        "startup@demo.sokhcn.vn": ["/", "/support/", f"/support/{ids['support']}",
                                   f"/matching/startups/{ids['org']}", "/events/mine", "/me/data",
                                   "/me/notifications", "/password/change", "/funds/mine",
                                   f"/startups/{ids['org']}/profile"],
        "officer@demo.sokhcn.vn": ["/", "/dashboard/", "/network/", "/network/map", "/funds/",
                                   f"/funds/{ids['fund']}", "/support/board", "/support/list",
                                   f"/people/{ids['person']}", "/people/", "/certification/",
                                   "/manage/awards/", "/imports/", "/events/calendar",
                                   f"/events/{ids['event']}/checkin", f"/events/{ids['event']}/registrations",
                                   "/certification/office/due", "/funds/ownerships", "/intros/"],
        "judge@demo.sokhcn.vn": ["/judging/"],
        "admin@demo.sokhcn.vn": ["/admin/users", "/admin/jobs", "/admin/settings"],
    }


def visit_all(browser, base: str, ids: dict, locale: str, check) -> list[str]:
    """Open every page for every reader in one language; `check(page, path)` returns problems."""
    problems: list[str] = []
    for email, paths in pages(ids).items():
        context = browser.new_context(locale="vi-VN", viewport=check.viewport)
        if email is None:
            context.add_cookies([{"name": "lang", "value": locale, "url": base}])
        page = context.new_page()
        page.set_default_timeout(20000)
        if email:
            db.session.execute(db.update(User).where(User.email == email).values(locale=locale))
            db.session.commit()
            sign_in(page, base, email, ids["passwords"][email])
        for path in paths:
            response = page.goto(base + path)
            if response.status >= 400:
                problems.append(f"{locale} {email} {path}: HTTP {response.status}")
                continue
            problems += [f"{locale} {email} {path}: {p}" for p in check(page, path)]
        context.close()
    return problems


def assert_clean(app, browser, base: str, locale: str, check) -> None:
    """Load the demo, visit every page in `locale`, and fail listing every problem found."""
    problems = visit_all(browser, base, load(app), locale, check)
    assert not problems, "\n".join(problems)

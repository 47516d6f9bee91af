"""The fund rule sets of this installation: those shipped in seeds/funds/rule_sets plus those an admin
installed, so a later law (or a confirmed figure) needs no release.

Like settings: defaults ship as data, the database adds to them. The book is built once per request.
"""
import copy
from functools import lru_cache
from pathlib import Path

from flask import current_app, g
from sqlalchemy import select

from ecosystem.extensions import db
from ecosystem.models import FundRuleSetRecord
from ecosystem.services.funds.rule_sets import (RuleBook, RuleSetError, build_rule_book, parse_fund_rule_set,
                                                read_rule_set_files)
from ecosystem.services.platform.audit import log_action

CACHE_KEY = "_fund_rule_book"


@lru_cache(maxsize=4)
def _shipped(seeds_dir: str) -> tuple:
    return tuple(read_rule_set_files(Path(seeds_dir) / "funds" / "rule_sets"))


def shipped_documents() -> tuple:
    return _shipped(current_app.config["SEEDS_DIR"])


def installed_records() -> list[FundRuleSetRecord]:
    return list(db.session.scalars(select(FundRuleSetRecord).order_by(FundRuleSetRecord.id)))


def rule_book() -> RuleBook:
    """Shipped rule sets, then installed ones in install order (read once per request)."""
    if CACHE_KEY not in g:
        documents = [*shipped_documents(), *(record.document for record in installed_records())]
        setattr(g, CACHE_KEY, build_rule_book(documents))
    return getattr(g, CACHE_KEY)


def forget_rule_book() -> None:
    g.pop(CACHE_KEY, None)


def install_rule_set(data, actor) -> FundRuleSetRecord:
    """Store a rule set after checking it alone and beside every known one; RuleSetError lists the
    problems. Flushes; the caller commits."""
    rule_set = parse_fund_rule_set(data)
    forget_rule_book()
    known = [*shipped_documents(), *(record.document for record in installed_records())]
    if any(document.get("code") == rule_set.code for document in known):
        raise RuleSetError(f"{rule_set.code}: a rule set with this code exists")
    build_rule_book([*known, data])
    record = FundRuleSetRecord(code=rule_set.code, document=copy.deepcopy(data), installed_by_id=actor.id)
    db.session.add(record)
    db.session.flush()
    forget_rule_book()
    log_action(actor.id, "fund.rule_set.install", "fund_rule_set", record.id, code=rule_set.code,
               replaces=rule_set.replaces)
    return record

"""Matching records: verdicts on suggestions, mentors' ratings, warm introductions, cohort plans."""
from datetime import datetime
from typing import Optional

from sqlalchemy import (JSON, Boolean, CheckConstraint, DateTime, Float, ForeignKey, Integer,
                        String, Text, UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ecosystem.models.base import Base, TimestampMixin, utcnow
from ecosystem.models.vocab import enum_type

FEEDBACK_VERDICTS = ("declined", "not_relevant")
INTRO_STATUSES = ("requested", "connector_declined", "forwarded", "target_declined", "accepted",
                  "withdrawn")
PLAN_STATUSES = ("draft", "confirmed", "discarded")
COHORT_KINDS = ("residents", "members")


class MatchFeedback(Base):
    """A verdict on one suggested pair: a declined or 'not relevant' pair is never suggested again,
    whichever side gave it. The candidate is a mentor (person) or an investor (profile)."""

    __tablename__ = "match_feedback"
    __table_args__ = (
        CheckConstraint("(mentor_person_id IS NULL) <> (investor_id IS NULL)", name="one_candidate"),
        UniqueConstraint("startup_id", "mentor_person_id"),
        UniqueConstraint("startup_id", "investor_id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    startup_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"),
                                            index=True)
    mentor_person_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), index=True)
    investor_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("investor_profiles.id", ondelete="CASCADE"), index=True)
    verdict: Mapped[str] = mapped_column(enum_type(FEEDBACK_VERDICTS, "match_verdict"))
    given_by: Mapped[str] = mapped_column(String(10))  # startup | candidate | staff
    note: Mapped[Optional[str]] = mapped_column(Text)
    user_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class MentorRating(TimestampMixin, Base):
    """A startup's rating of a mentor it worked with (1–5); the average feeds the mentor's score."""

    __tablename__ = "mentor_ratings"
    __table_args__ = (
        CheckConstraint("rating BETWEEN 1 AND 5", name="rating_range"),
        UniqueConstraint("startup_id", "mentor_person_id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    startup_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"),
                                            index=True)
    mentor_person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"),
                                                  index=True)
    rating: Mapped[int] = mapped_column(Integer)
    comment: Mapped[Optional[str]] = mapped_column(Text)
    user_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))


class Introduction(TimestampMixin, Base):
    """A warm introduction with double opt-in: the connector accepts (forwarded), then the target
    accepts (accepted). Contact details are shown to the two ends only once accepted; an accepted
    introduction becomes an 'introduced' edge of the graph."""

    __tablename__ = "introductions"
    __table_args__ = (
        CheckConstraint("(target_person_id IS NULL) <> (target_org_id IS NULL)", name="one_target"),
        CheckConstraint("(connector_person_id IS NULL) <> (connector_org_id IS NULL)",
                        name="one_connector"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    startup_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"),
                                            index=True)
    requested_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    target_person_id: Mapped[Optional[int]] = mapped_column(ForeignKey("people.id"), index=True)
    target_org_id: Mapped[Optional[int]] = mapped_column(ForeignKey("organisations.id"), index=True)
    connector_person_id: Mapped[Optional[int]] = mapped_column(ForeignKey("people.id"), index=True)
    connector_org_id: Mapped[Optional[int]] = mapped_column(ForeignKey("organisations.id"),
                                                            index=True)
    path: Mapped[list] = mapped_column(JSON, default=list)  # hops as shown when requested
    message: Mapped[Optional[str]] = mapped_column(Text)
    status: Mapped[str] = mapped_column(enum_type(INTRO_STATUSES, "intro_status"),
                                        default="requested", index=True)
    connector_note: Mapped[Optional[str]] = mapped_column(Text)
    target_note: Mapped[Optional[str]] = mapped_column(Text)
    connector_decided_at: Mapped[Optional[datetime]] = mapped_column(DateTime(timezone=True))
    target_decided_at: Mapped[Optional[datetime]] = mapped_column(DateTime(timezone=True))
    idempotency_key: Mapped[Optional[str]] = mapped_column(String(64), unique=True)
    startup = relationship("Organisation", foreign_keys=[startup_id])
    target_person = relationship("Person", foreign_keys=[target_person_id])
    target_org = relationship("Organisation", foreign_keys=[target_org_id])
    connector_person = relationship("Person", foreign_keys=[connector_person_id])
    connector_org = relationship("Organisation", foreign_keys=[connector_org_id])

    @property
    def target(self):
        return self.target_person or self.target_org

    @property
    def connector(self):
        return self.connector_person or self.connector_org

    @property
    def target_key(self) -> tuple[str, int]:
        return ("person", self.target_person_id) if self.target_person_id else ("org", self.target_org_id)

    @property
    def connector_key(self) -> tuple[str, int]:
        return (("person", self.connector_person_id) if self.connector_person_id
                else ("org", self.connector_org_id))

    def roles_of(self, user) -> set[str]:
        """Which sides of the introduction a user answers for: requester, connector, target."""
        if user is None or not user.is_authenticated:
            return set()
        roles = set()
        for role, key in (("requester", ("org", self.startup_id)), ("connector", self.connector_key),
                          ("target", self.target_key)):
            if (key[0] == "person" and user.person_id == key[1]) or (
                    key[0] == "org" and key[1] in user.managed_org_ids):
                roles.add(role)
        return roles


class CohortPlan(TimestampMixin, Base):
    """A coordinator's draft assignment of a cohort's startups to a mentor pool, then confirmed."""

    __tablename__ = "cohort_plans"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(160))
    cohort_org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    cohort_kind: Mapped[str] = mapped_column(enum_type(COHORT_KINDS, "cohort_kind"))
    pool: Mapped[list] = mapped_column(JSON, default=list)  # mentor person ids
    status: Mapped[str] = mapped_column(enum_type(PLAN_STATUSES, "plan_status"), default="draft",
                                        index=True)
    created_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    confirmed_at: Mapped[Optional[datetime]] = mapped_column(DateTime(timezone=True))
    cohort_org = relationship("Organisation")
    rows: Mapped[list["CohortRow"]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="CohortRow.id")


class CohortRow(Base):
    """One startup of a plan and the mentor it gets (None: no mentor); manual = set by hand."""

    __tablename__ = "cohort_rows"
    __table_args__ = (UniqueConstraint("plan_id", "startup_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("cohort_plans.id", ondelete="CASCADE"),
                                         index=True)
    startup_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    mentor_person_id: Mapped[Optional[int]] = mapped_column(ForeignKey("people.id"))
    score: Mapped[Optional[float]] = mapped_column(Float)
    manual: Mapped[bool] = mapped_column(Boolean, default=False)
    plan: Mapped[CohortPlan] = relationship(back_populates="rows")
    startup = relationship("Organisation")
    mentor = relationship("Person")


__all__ = ["MatchFeedback", "MentorRating", "Introduction", "CohortPlan", "CohortRow"]

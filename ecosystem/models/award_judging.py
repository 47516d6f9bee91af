"""Judging: panels, conflicts of interest, assignments, the append-only score ledger, votes, results."""
from datetime import datetime
from typing import Optional

from sqlalchemy import (JSON, Boolean, CheckConstraint, DateTime, Float, ForeignKey, Integer, String, Text,
                        UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ecosystem.models.base import Base, utcnow
from ecosystem.models.vocab import enum_type

CONFLICT_SOURCES = ("graph", "declared")
ASSIGNMENT_STATUSES = ("active", "withdrawn")
SCORE_ACTIONS = ("draft", "submit", "reopen")


class PanelMember(Base):
    """A judge (a person with a judge login) on the jury of one category in one round."""

    __tablename__ = "award_panel_members"
    __table_args__ = (UniqueConstraint("round_id", "category_id", "person_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("award_rounds.id", ondelete="CASCADE"), index=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("award_categories.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    person = relationship("Person")


class AwardConflict(Base):
    """A judge who must neither see nor score an entry: found in the graph (with its path) or declared."""

    __tablename__ = "award_conflicts"
    __table_args__ = (UniqueConstraint("nomination_id", "judge_person_id", "source"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    nomination_id: Mapped[int] = mapped_column(ForeignKey("award_nominations.id", ondelete="CASCADE"),
                                               index=True)
    judge_person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    source: Mapped[str] = mapped_column(enum_type(CONFLICT_SOURCES, "award_conflict_source"))
    paths: Mapped[list] = mapped_column(JSON, default=list)  # hops as plain data, shortest first
    note: Mapped[Optional[str]] = mapped_column(Text)
    found_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    declared_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    nomination = relationship("Nomination")
    judge = relationship("Person")


class Assignment(Base):
    """A judge asked to score one entry in one round; withdrawn (never deleted) when a conflict appears."""

    __tablename__ = "award_assignments"
    __table_args__ = (UniqueConstraint("round_id", "nomination_id", "judge_person_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("award_rounds.id", ondelete="CASCADE"), index=True)
    nomination_id: Mapped[int] = mapped_column(ForeignKey("award_nominations.id", ondelete="CASCADE"),
                                               index=True)
    judge_person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    status: Mapped[str] = mapped_column(enum_type(ASSIGNMENT_STATUSES, "award_assignment_status"),
                                        default="active")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    round = relationship("AwardRound")
    nomination = relationship("Nomination")
    judge = relationship("Person")
    entries: Mapped[list["ScoreEntry"]] = relationship(
        back_populates="assignment", order_by="ScoreEntry.version", lazy="selectin")

    @property
    def latest(self) -> Optional["ScoreEntry"]:
        return self.entries[-1] if self.entries else None

    @property
    def state(self) -> str:
        """none | draft | submitted | reopened: the latest ledger entry decides."""
        latest = self.latest
        if latest is None:
            return "none"
        return {"draft": "draft", "submit": "submitted", "reopen": "reopened"}[latest.action]

    @property
    def submitted_entry(self) -> Optional["ScoreEntry"]:
        """The sheet that counts: the latest entry when it is a submission."""
        latest = self.latest
        return latest if latest is not None and latest.action == "submit" else None

    @property
    def working_entry(self) -> Optional["ScoreEntry"]:
        """What the judge sees in the form: the latest entry carrying scores."""
        return next((e for e in reversed(self.entries) if e.action != "reopen"), None)


class ScoreEntry(Base):
    """One version of a judge's sheet (draft, submission) or a reopening with its reason; never updated."""

    __tablename__ = "award_score_entries"
    __table_args__ = (UniqueConstraint("assignment_id", "version"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("award_assignments.id", ondelete="CASCADE"),
                                               index=True)
    version: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(enum_type(SCORE_ACTIONS, "award_score_action"))
    scores: Mapped[dict] = mapped_column(JSON, default=dict)
    comments: Mapped[dict] = mapped_column(JSON, default=dict)
    total: Mapped[Optional[float]] = mapped_column(Float)
    reason: Mapped[Optional[str]] = mapped_column(Text)
    actor_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    assignment: Mapped[Assignment] = relationship(back_populates="entries")


class VoteCount(Base):
    """Public votes an entry received in a round (counted on the voting platform, recorded here)."""

    __tablename__ = "award_votes"
    __table_args__ = (UniqueConstraint("round_id", "nomination_id"),
                      CheckConstraint("votes >= 0", name="votes_nonneg"))
    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("award_rounds.id", ondelete="CASCADE"), index=True)
    nomination_id: Mapped[int] = mapped_column(ForeignKey("award_nominations.id", ondelete="CASCADE"))
    votes: Mapped[int] = mapped_column(Integer, default=0)
    recorded_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class AwardResult(Base):
    """The published standing of an entry in a round: a snapshot, so later edits cannot move it."""

    __tablename__ = "award_results"
    __table_args__ = (UniqueConstraint("round_id", "nomination_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("award_rounds.id", ondelete="CASCADE"), index=True)
    nomination_id: Mapped[int] = mapped_column(ForeignKey("award_nominations.id", ondelete="CASCADE"),
                                               index=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("award_categories.id"))
    raw_mean: Mapped[Optional[float]] = mapped_column(Float)
    normalised: Mapped[Optional[float]] = mapped_column(Float)
    vote: Mapped[Optional[float]] = mapped_column(Float)
    final: Mapped[Optional[float]] = mapped_column(Float)
    rank: Mapped[int] = mapped_column(Integer)
    separated_by: Mapped[Optional[str]] = mapped_column(String(60))
    advanced: Mapped[bool] = mapped_column(Boolean, default=False)
    reasons: Mapped[list] = mapped_column(JSON, default=list)
    judges: Mapped[int] = mapped_column(Integer, default=0)
    nomination = relationship("Nomination")


__all__ = ["PanelMember", "AwardConflict", "Assignment", "ScoreEntry", "VoteCount", "AwardResult"]

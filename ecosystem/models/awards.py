"""Award cycles as data (categories, rounds, rubrics), the organisers, and nominations with their files."""
from datetime import date, datetime
from typing import Optional

from sqlalchemy import (JSON, CheckConstraint, Date, DateTime, ForeignKey, Integer, String, Text,
                        UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ecosystem.models.base import Base, TimestampMixin, utcnow
from ecosystem.models.vocab import enum_type

ROUND_STATUSES = ("setup", "open", "closed", "published")
NOMINATION_STATUSES = ("draft", "submitted", "returned", "accepted", "rejected", "withdrawn")
STAFF_ROLES = ("organiser", "secretariat")


class AwardCycle(Base):
    """One edition of an award (I-Star 2025, a provincial contest 2024); `setup` keeps the data it came from."""

    __tablename__ = "award_cycles"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(60), unique=True)
    contest: Mapped[str] = mapped_column(String(60), index=True)
    name: Mapped[str] = mapped_column(String(300))
    name_en: Mapped[Optional[str]] = mapped_column(String(300))
    year: Mapped[int] = mapped_column(Integer)
    authority: Mapped[str] = mapped_column(String(300))
    legal_basis: Mapped[str] = mapped_column(String(60))
    effective_from: Mapped[date] = mapped_column(Date)
    submission_opens: Mapped[Optional[date]] = mapped_column(Date)
    submission_closes: Mapped[Optional[date]] = mapped_column(Date)
    setup: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    categories: Mapped[list["AwardCategory"]] = relationship(
        back_populates="cycle", order_by="AwardCategory.position", cascade="all, delete-orphan")
    rounds: Mapped[list["AwardRound"]] = relationship(
        back_populates="cycle", order_by="AwardRound.position", cascade="all, delete-orphan")

    def display_name(self, locale: str = "vi") -> str:
        return self.name_en if locale == "en" and self.name_en else self.name


class AwardCategory(Base):
    """A category with its eligibility rules and nomination form, both data."""

    __tablename__ = "award_categories"
    __table_args__ = (UniqueConstraint("cycle_id", "code"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("award_cycles.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(60))
    name: Mapped[str] = mapped_column(String(300))
    name_en: Mapped[Optional[str]] = mapped_column(String(300))
    eligibility: Mapped[list] = mapped_column(JSON, default=list)
    form: Mapped[list] = mapped_column(JSON, default=list)
    position: Mapped[int] = mapped_column(Integer, default=0)
    cycle: Mapped[AwardCycle] = relationship(back_populates="categories")

    def display_name(self, locale: str = "vi") -> str:
        return self.name_en if locale == "en" and self.name_en else self.name


class AwardRound(Base):
    """Screening, semi-final, final: judges score while open; results show once published."""

    __tablename__ = "award_rounds"
    __table_args__ = (UniqueConstraint("cycle_id", "code"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("award_cycles.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(60))
    name: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[Optional[str]] = mapped_column(String(200))
    starts_on: Mapped[Optional[date]] = mapped_column(Date)
    ends_on: Mapped[Optional[date]] = mapped_column(Date)
    position: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(enum_type(ROUND_STATUSES, "award_round_status"), default="setup")
    closed_at: Mapped[Optional[datetime]] = mapped_column(DateTime(timezone=True))
    published_at: Mapped[Optional[datetime]] = mapped_column(DateTime(timezone=True))
    cycle: Mapped[AwardCycle] = relationship(back_populates="rounds")
    stages: Mapped[list["AwardStage"]] = relationship(back_populates="round", cascade="all, delete-orphan")

    def display_name(self, locale: str = "vi") -> str:
        return self.name_en if locale == "en" and self.name_en else self.name


class AwardStage(Base):
    """A category's part in a round: its rubric, advancement rule and public-vote share ("0.20")."""

    __tablename__ = "award_stages"
    __table_args__ = (UniqueConstraint("round_id", "category_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("award_rounds.id", ondelete="CASCADE"), index=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("award_categories.id", ondelete="CASCADE"))
    rubric: Mapped[Optional[dict]] = mapped_column(JSON)
    advancement: Mapped[Optional[dict]] = mapped_column(JSON)
    public_vote_share: Mapped[str] = mapped_column(String(10), default="0")
    round: Mapped[AwardRound] = relationship(back_populates="stages")
    category: Mapped[AwardCategory] = relationship()


class AwardStaff(Base):
    """Organisers and secretariat (a person, an organisation or both): they may not enter."""

    __tablename__ = "award_staff"
    __table_args__ = (
        CheckConstraint("person_id IS NOT NULL OR organisation_id IS NOT NULL", name="someone"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("award_cycles.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(enum_type(STAFF_ROLES, "award_staff_role"))
    person_id: Mapped[Optional[int]] = mapped_column(ForeignKey("people.id"))
    organisation_id: Mapped[Optional[int]] = mapped_column(ForeignKey("organisations.id"))
    person = relationship("Person")
    organisation = relationship("Organisation")


class Nomination(TimestampMixin, Base):
    """An entry: by the entrant or an organisation, a draft until submitted before the deadline."""

    __tablename__ = "award_nominations"
    __table_args__ = (
        CheckConstraint("entrant_org_id IS NOT NULL OR entrant_person_id IS NOT NULL", name="entrant"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("award_cycles.id"), index=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("award_categories.id"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    summary: Mapped[Optional[str]] = mapped_column(Text)
    answers: Mapped[dict] = mapped_column(JSON, default=dict)
    entrant_org_id: Mapped[Optional[int]] = mapped_column(ForeignKey("organisations.id"), index=True)
    entrant_person_id: Mapped[Optional[int]] = mapped_column(ForeignKey("people.id"), index=True)
    nominated_by_org_id: Mapped[Optional[int]] = mapped_column(ForeignKey("organisations.id"))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    status: Mapped[str] = mapped_column(enum_type(NOMINATION_STATUSES, "nomination_status"),
                                        default="draft", index=True)
    submitted_at: Mapped[Optional[datetime]] = mapped_column(DateTime(timezone=True))
    return_reason: Mapped[Optional[str]] = mapped_column(Text)
    eligibility: Mapped[list] = mapped_column(JSON, default=list)  # failures at the last check
    idempotency_key: Mapped[Optional[str]] = mapped_column(String(64), unique=True)
    cycle: Mapped[AwardCycle] = relationship()
    category: Mapped[AwardCategory] = relationship()
    entrant_org = relationship("Organisation", foreign_keys=[entrant_org_id])
    entrant_person = relationship("Person", foreign_keys=[entrant_person_id])
    nominated_by_org = relationship("Organisation", foreign_keys=[nominated_by_org_id])
    created_by = relationship("User")
    members: Mapped[list["NominationMember"]] = relationship(
        back_populates="nomination", cascade="all, delete-orphan", lazy="selectin")
    documents: Mapped[list["NominationDocument"]] = relationship(
        back_populates="nomination", cascade="all, delete-orphan", order_by="NominationDocument.id")

    @property
    def entrant_name(self) -> str:
        if self.entrant_org is not None:
            return self.entrant_org.name
        return self.entrant_person.full_name if self.entrant_person else ""

    def spoken_for_by(self, user) -> bool:
        """The creator, the entrant in person, or a manager of the entrant or nominating organisation."""
        if user is None or not user.is_authenticated:
            return False
        if self.created_by_id == user.id or (user.person_id and user.person_id == self.entrant_person_id):
            return True
        return bool({self.entrant_org_id, self.nominated_by_org_id} & user.managed_org_ids)


class NominationMember(Base):
    """A person on the entry's team (counted for team size, entries per person and exclusions)."""

    __tablename__ = "award_nomination_members"
    __table_args__ = (UniqueConstraint("nomination_id", "person_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    nomination_id: Mapped[int] = mapped_column(ForeignKey("award_nominations.id", ondelete="CASCADE"),
                                               index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    role_title: Mapped[Optional[str]] = mapped_column(String(120))
    nomination: Mapped[Nomination] = relationship(back_populates="members")
    person = relationship("Person")


class NominationDocument(Base):
    """A file attached to an entry; bytes live under UPLOAD_ROOT and are served only after a check."""

    __tablename__ = "award_documents"
    id: Mapped[int] = mapped_column(primary_key=True)
    nomination_id: Mapped[int] = mapped_column(ForeignKey("award_nominations.id", ondelete="CASCADE"),
                                               index=True)
    storage_name: Mapped[str] = mapped_column(String(80), unique=True)
    original_name: Mapped[str] = mapped_column(String(200))
    mime: Mapped[str] = mapped_column(String(40))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    uploaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    nomination: Mapped[Nomination] = relationship(back_populates="documents")


__all__ = ["AwardCycle", "AwardCategory", "AwardRound", "AwardStage", "AwardStaff", "Nomination",
           "NominationMember", "NominationDocument"]

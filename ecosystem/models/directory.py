"""The directory: organisations, people, their profiles and the sector taxonomy."""
from datetime import date
from typing import Optional

from sqlalchemy import (JSON, Boolean, CheckConstraint, Column, Date, ForeignKey, Index, Integer,
                        String, Table, Text, event)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ecosystem.models.base import Base, Money, TimestampMixin
from ecosystem.models.search_index import trigram_index
from ecosystem.models.vocab import ORG_KINDS, ORG_STATUSES, SIZE_CLASSES, STAGES, VISIBILITY, enum_type
from ecosystem.text import fold

org_sectors = Table(
    "org_sectors", Base.metadata,
    Column("organisation_id", ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True),
    Column("sector_id", ForeignKey("sectors.id"), primary_key=True),
)
person_sectors = Table(
    "person_sectors", Base.metadata,
    Column("person_id", ForeignKey("people.id", ondelete="CASCADE"), primary_key=True),
    Column("sector_id", ForeignKey("sectors.id"), primary_key=True),
)
investor_sectors = Table(
    "investor_sectors", Base.metadata,
    Column("investor_profile_id", ForeignKey("investor_profiles.id", ondelete="CASCADE"),
           primary_key=True),
    Column("sector_id", ForeignKey("sectors.id"), primary_key=True),
)


class Sector(Base):
    """One entry of the seeded sector taxonomy."""

    __tablename__ = "sectors"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name_vi: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(120))

    def display(self, locale: str = "vi") -> str:
        return self.name_en if locale == "en" else self.name_vi


class AddressMixin:
    """Two-level address after the 2025 merger, keeping the former province and district."""

    city: Mapped[Optional[str]] = mapped_column(String(120))
    ward: Mapped[Optional[str]] = mapped_column(String(120), index=True)
    former_province: Mapped[Optional[str]] = mapped_column(String(120))
    former_district: Mapped[Optional[str]] = mapped_column(String(120), index=True)


class Organisation(AddressMixin, TimestampMixin, Base):
    """Any organisation of the ecosystem; kind says which (startup, club, incubator, fund …)."""

    __tablename__ = "organisations"
    __table_args__ = (
        CheckConstraint("stage IS NULL OR kind = 'startup'", name="stage_only_startups"),
        Index("ix_organisations_name", "name"),  # the directory's order
        Index("ix_organisations_kind_name", "kind", "name"),  # the kind filter in that order
        trigram_index("ix_organisations_search_trgm", "search_key"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(enum_type(ORG_KINDS, "org_kind"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[Optional[str]] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(90), unique=True)
    description: Mapped[Optional[str]] = mapped_column(Text)
    technologies: Mapped[list] = mapped_column(JSON, default=list)
    stage: Mapped[Optional[str]] = mapped_column(enum_type(STAGES, "stage"), index=True)
    founded_on: Mapped[Optional[date]] = mapped_column(Date)
    first_registered_on: Mapped[Optional[date]] = mapped_column(Date)
    tax_code: Mapped[Optional[str]] = mapped_column(String(14), unique=True)
    street: Mapped[Optional[str]] = mapped_column(String(200))
    website: Mapped[Optional[str]] = mapped_column(String(200))
    email: Mapped[Optional[str]] = mapped_column(String(254))
    phone: Mapped[Optional[str]] = mapped_column(String(30))
    size_class: Mapped[Optional[str]] = mapped_column(enum_type(SIZE_CLASSES, "size_class"))
    state_owned: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(enum_type(ORG_STATUSES, "org_status"), default="pending",
                                        index=True)
    search_key: Mapped[str] = mapped_column(Text, default="")
    sectors: Mapped[list[Sector]] = relationship(secondary=org_sectors, lazy="selectin")
    startup: Mapped[Optional["StartupProfile"]] = relationship(
        back_populates="organisation", uselist=False, cascade="all, delete-orphan")
    investor: Mapped[Optional["InvestorProfile"]] = relationship(
        back_populates="organisation", uselist=False,
        foreign_keys="InvestorProfile.organisation_id")

    def display_name(self, locale: str = "vi") -> str:
        return self.name_en if locale == "en" and self.name_en else self.name


class StartupProfile(Base):
    """What a startup makes and needs; matching and triage read it."""

    __tablename__ = "startup_profiles"
    __table_args__ = (
        CheckConstraint("funding_sought_vnd IS NULL OR funding_sought_vnd >= 0",
                        name="funding_nonneg"),
    )
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"),
                                                 primary_key=True)
    product: Mapped[Optional[str]] = mapped_column(Text)
    team_size: Mapped[Optional[int]] = mapped_column(Integer)
    ip_status: Mapped[Optional[str]] = mapped_column(String(20))
    revenue_band: Mapped[Optional[str]] = mapped_column(String(20))
    customers: Mapped[Optional[str]] = mapped_column(Text)
    funding_sought_vnd: Mapped[Optional[int]] = mapped_column(Money)
    needs: Mapped[list] = mapped_column(JSON, default=list)
    organisation: Mapped[Organisation] = relationship(back_populates="startup")


class Person(AddressMixin, TimestampMixin, Base):
    """A person of the ecosystem; contact details are shown according to their visibility."""

    __tablename__ = "people"
    __table_args__ = (Index("ix_people_full_name", "full_name"),
                      trigram_index("ix_people_search_trgm", "search_key"))
    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str] = mapped_column(String(160))
    title: Mapped[Optional[str]] = mapped_column(String(200))
    bio: Mapped[Optional[str]] = mapped_column(Text)
    languages: Mapped[list] = mapped_column(JSON, default=list)
    email: Mapped[Optional[str]] = mapped_column(String(254))
    phone: Mapped[Optional[str]] = mapped_column(String(30))
    contact_visibility: Mapped[str] = mapped_column(enum_type(VISIBILITY, "visibility"),
                                                    default="members")
    is_judge: Mapped[bool] = mapped_column(Boolean, default=False)
    is_coordinator: Mapped[bool] = mapped_column(Boolean, default=False)
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    search_key: Mapped[str] = mapped_column(Text, default="")
    sectors: Mapped[list[Sector]] = relationship(secondary=person_sectors, lazy="selectin")
    mentor: Mapped[Optional["MentorProfile"]] = relationship(
        back_populates="person", uselist=False, cascade="all, delete-orphan")
    investor: Mapped[Optional["InvestorProfile"]] = relationship(
        back_populates="person", uselist=False, foreign_keys="InvestorProfile.person_id")


class MentorProfile(Base):
    """Topics, stages and capacity (most active mentees at once) of a mentor."""

    __tablename__ = "mentor_profiles"
    __table_args__ = (CheckConstraint("capacity >= 0", name="capacity_nonneg"),)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"),
                                           primary_key=True)
    topics: Mapped[list] = mapped_column(JSON, default=list)
    stages: Mapped[list] = mapped_column(JSON, default=list)
    capacity: Mapped[int] = mapped_column(Integer, default=2)
    available: Mapped[bool] = mapped_column(Boolean, default=True)
    person: Mapped[Person] = relationship(back_populates="mentor")


class InvestorProfile(Base):
    """An angel's or a fund's thesis; exactly one of person or organisation owns it."""

    __tablename__ = "investor_profiles"
    __table_args__ = (
        CheckConstraint("(person_id IS NULL) <> (organisation_id IS NULL)", name="one_owner"),
        CheckConstraint("ticket_min_vnd IS NULL OR ticket_min_vnd >= 0", name="ticket_min_nonneg"),
        CheckConstraint("ticket_max_vnd IS NULL OR ticket_min_vnd IS NULL "
                        "OR ticket_max_vnd >= ticket_min_vnd", name="ticket_order"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[Optional[int]] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"),
                                                     unique=True)
    organisation_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), unique=True)
    stages: Mapped[list] = mapped_column(JSON, default=list)
    ticket_min_vnd: Mapped[Optional[int]] = mapped_column(Money)
    ticket_max_vnd: Mapped[Optional[int]] = mapped_column(Money)
    geography: Mapped[Optional[str]] = mapped_column(String(200))
    sectors: Mapped[list[Sector]] = relationship(secondary=investor_sectors, lazy="selectin")
    person: Mapped[Optional[Person]] = relationship(back_populates="investor",
                                                    foreign_keys=[person_id])
    organisation: Mapped[Optional[Organisation]] = relationship(
        back_populates="investor", foreign_keys=[organisation_id])


@event.listens_for(Organisation, "before_insert")
@event.listens_for(Organisation, "before_update")
def org_search_key(mapper, connection, org: Organisation) -> None:
    """Keep the accent-free search key in step with the fields people search by."""
    parts = [org.name, org.name_en, org.ward, org.former_district, org.tax_code,
             " ".join(org.technologies or [])]
    org.search_key = fold(" ".join(p for p in parts if p))


@event.listens_for(Person, "before_insert")
@event.listens_for(Person, "before_update")
def person_search_key(mapper, connection, person: Person) -> None:
    """Keep the accent-free search key in step with the fields people search by."""
    parts = [person.full_name, person.title, person.ward, person.former_district]
    person.search_key = fold(" ".join(p for p in parts if p))

"""S&T-enterprise certification: applications and their dossier, certificates, annual reports.

Every application and certificate keeps the code of the rule set it was made under
(seeds/certification/*.json), so records made under Decree 13/2019 still read right after 2025.
"""
from datetime import date, datetime
from typing import Optional

from flask_babel import lazy_gettext as _l
from sqlalchemy import (JSON, Boolean, CheckConstraint, Date, DateTime, ForeignKey, Integer, String,
                        Text, UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ecosystem.models.base import Base, Money, TimestampMixin, utcnow
from ecosystem.models.vocab import SIZE_CLASSES, enum_type

APPLICATION_KINDS = {"new": _l("Cấp mới"), "change": _l("Thay đổi, bổ sung"), "reissue": _l("Cấp lại")}
APPLICATION_STATUSES = {
    "draft": _l("Đang soạn"),
    "submitted": _l("Đã nộp – chờ kiểm tra hồ sơ"),
    "incomplete": _l("Yêu cầu bổ sung hồ sơ"),
    "appraisal": _l("Đang thẩm định"),
    "forwarded": _l("Đã chuyển Bộ KH&CN"),
    "issued": _l("Đã cấp"),
    "refused": _l("Từ chối"),
    "withdrawn": _l("Đã rút"),
}
OPEN_STATUSES = ("draft", "submitted", "incomplete", "appraisal")
CERTIFICATE_STATUSES = {
    "valid": _l("Còn hiệu lực"),
    "changed": _l("Đã thay đổi – còn hiệu lực"),
    "reissued": _l("Đã cấp lại – còn hiệu lực"),
    "revoked": _l("Đã thu hồi"),
}
VALID_CERTIFICATE_STATUSES = ("valid", "changed", "reissued")
RESULT_RIGHTS = {"owned": _l("Thuộc sở hữu"), "licensed": _l("Được quyền sử dụng hợp pháp")}


class CertApplication(TimestampMixin, Base):
    """One request to certify, change or reissue, with its dossier and appraisal deadlines."""

    __tablename__ = "cert_applications"
    __table_args__ = (
        CheckConstraint("rd_staff_with_degree IS NULL OR rd_staff_with_degree >= 0", name="staff_nonneg"),
        CheckConstraint("kind = 'new' OR certificate_id IS NOT NULL", name="change_needs_certificate"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    applicant_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    certificate_id: Mapped[Optional[int]] = mapped_column(ForeignKey("cert_certificates.id"), index=True)
    kind: Mapped[str] = mapped_column(enum_type(APPLICATION_KINDS, "cert_application_kind"), default="new")
    adds_products: Mapped[bool] = mapped_column(Boolean, default=False)
    rule_set_code: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(enum_type(APPLICATION_STATUSES, "cert_application_status"),
                                        default="draft", index=True)
    size_class: Mapped[Optional[str]] = mapped_column(enum_type(SIZE_CLASSES, "cert_size_class"))
    established_on: Mapped[Optional[date]] = mapped_column(Date)
    rd_staff_with_degree: Mapped[Optional[int]] = mapped_column(Integer)
    note: Mapped[Optional[str]] = mapped_column(Text)
    idem_key: Mapped[Optional[str]] = mapped_column(String(64), unique=True)
    submit_token: Mapped[Optional[str]] = mapped_column(String(64))
    submitted_on: Mapped[Optional[date]] = mapped_column(Date)
    received_on: Mapped[Optional[date]] = mapped_column(Date)
    valid_on: Mapped[Optional[date]] = mapped_column(Date)
    with_council: Mapped[bool] = mapped_column(Boolean, default=False)
    completeness_due: Mapped[Optional[date]] = mapped_column(Date, index=True)
    completion_due: Mapped[Optional[date]] = mapped_column(Date)
    decision_due: Mapped[Optional[date]] = mapped_column(Date, index=True)
    forward_due: Mapped[Optional[date]] = mapped_column(Date)
    decided_on: Mapped[Optional[date]] = mapped_column(Date)
    decision_note: Mapped[Optional[str]] = mapped_column(Text)
    conditions: Mapped[Optional[list]] = mapped_column(JSON)

    organisation = relationship("Organisation")
    applicant = relationship("User", foreign_keys=[applicant_id])
    certificate: Mapped[Optional["Certificate"]] = relationship(foreign_keys=[certificate_id])
    results: Mapped[list["CertResult"]] = relationship(
        back_populates="application", cascade="all, delete-orphan", order_by="CertResult.id")
    products: Mapped[list["CertProduct"]] = relationship(
        back_populates="application", cascade="all, delete-orphan", order_by="CertProduct.id")
    years: Mapped[list["CertYear"]] = relationship(
        back_populates="application", cascade="all, delete-orphan", order_by="CertYear.year")
    documents: Mapped[list["CertDocument"]] = relationship(
        back_populates="application", cascade="all, delete-orphan", order_by="CertDocument.id")
    steps: Mapped[list["CertStep"]] = relationship(
        back_populates="application", cascade="all, delete-orphan", order_by="CertStep.id")


class CertResult(Base):
    """An S&T result the enterprise relies on, with the document that protects or recognises it."""

    __tablename__ = "cert_results"
    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("cert_applications.id", ondelete="CASCADE"),
                                                index=True)
    type: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(300))
    document_number: Mapped[Optional[str]] = mapped_column(String(120))
    document_date: Mapped[Optional[date]] = mapped_column(Date)
    issuer: Mapped[Optional[str]] = mapped_column(String(200))
    right: Mapped[str] = mapped_column(enum_type(RESULT_RIGHTS, "cert_result_right"), default="owned")
    application: Mapped[CertApplication] = relationship(back_populates="results")


class CertProduct(Base):
    """A product made from one of the application's S&T results."""

    __tablename__ = "cert_products"
    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("cert_applications.id", ondelete="CASCADE"),
                                                index=True)
    result_id: Mapped[Optional[int]] = mapped_column(ForeignKey("cert_results.id", ondelete="SET NULL"))
    name: Mapped[str] = mapped_column(String(300))
    application: Mapped[CertApplication] = relationship(back_populates="products")
    result: Mapped[Optional[CertResult]] = relationship()


class CertYear(Base):
    """Figures of one fiscal year that the rule set asks for (integer VND)."""

    __tablename__ = "cert_years"
    __table_args__ = (
        UniqueConstraint("application_id", "year"),
        CheckConstraint("revenue IS NULL OR revenue >= 0", name="revenue_nonneg"),
        CheckConstraint("st_revenue IS NULL OR st_revenue >= 0", name="st_revenue_nonneg"),
        CheckConstraint("net_revenue IS NULL OR net_revenue >= 0", name="net_revenue_nonneg"),
        CheckConstraint("rd_spending IS NULL OR rd_spending >= 0", name="rd_spending_nonneg"),
        CheckConstraint("st_revenue IS NULL OR revenue IS NULL OR st_revenue <= revenue",
                        name="st_within_total"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("cert_applications.id", ondelete="CASCADE"))
    year: Mapped[int] = mapped_column(Integer)
    revenue: Mapped[Optional[int]] = mapped_column(Money)
    st_revenue: Mapped[Optional[int]] = mapped_column(Money)
    net_revenue: Mapped[Optional[int]] = mapped_column(Money)
    rd_spending: Mapped[Optional[int]] = mapped_column(Money)
    application: Mapped[CertApplication] = relationship(back_populates="years")


class CertDocument(Base):
    """An uploaded dossier document for one checklist item; bytes live under UPLOAD_ROOT."""

    __tablename__ = "cert_documents"
    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("cert_applications.id", ondelete="CASCADE"),
                                                index=True)
    checklist_code: Mapped[str] = mapped_column(String(60))
    original_name: Mapped[str] = mapped_column(String(160))
    storage_name: Mapped[str] = mapped_column(String(60), unique=True)
    mime: Mapped[str] = mapped_column(String(40))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    uploaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    application: Mapped[CertApplication] = relationship(back_populates="documents")


class CertStep(Base):
    """One step of an application's history: who moved it, from which status to which, and why."""

    __tablename__ = "cert_steps"
    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("cert_applications.id", ondelete="CASCADE"),
                                                index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    on: Mapped[date] = mapped_column(Date)
    actor_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(String(40))
    status_from: Mapped[Optional[str]] = mapped_column(String(24))
    status_to: Mapped[Optional[str]] = mapped_column(String(24))
    due_on: Mapped[Optional[date]] = mapped_column(Date)
    note: Mapped[Optional[str]] = mapped_column(Text)
    application: Mapped[CertApplication] = relationship(back_populates="steps")
    actor = relationship("User")


class Certificate(TimestampMixin, Base):
    """A certificate in the register; the issuing authority is data (Bình Dương DOST before 7/2025)."""

    __tablename__ = "cert_certificates"
    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(60), unique=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    rule_set_code: Mapped[str] = mapped_column(String(40))
    issued_on: Mapped[date] = mapped_column(Date)
    authority_vi: Mapped[str] = mapped_column(String(200))
    authority_en: Mapped[Optional[str]] = mapped_column(String(200))
    products: Mapped[list] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(enum_type(CERTIFICATE_STATUSES, "cert_status"), default="valid",
                                        index=True)
    expiry_date: Mapped[Optional[date]] = mapped_column(Date)
    revoked_on: Mapped[Optional[date]] = mapped_column(Date)
    revocation_ground: Mapped[Optional[str]] = mapped_column(String(60))
    revocation_decision: Mapped[Optional[str]] = mapped_column(String(120))
    revocation_note: Mapped[Optional[str]] = mapped_column(Text)
    publication_end: Mapped[Optional[date]] = mapped_column(Date)
    search_key: Mapped[str] = mapped_column(Text, default="")
    organisation = relationship("Organisation")
    events: Mapped[list["CertificateEvent"]] = relationship(
        back_populates="certificate", cascade="all, delete-orphan", order_by="CertificateEvent.id")
    reports: Mapped[list["AnnualReport"]] = relationship(
        back_populates="certificate", cascade="all, delete-orphan", order_by="AnnualReport.fiscal_year")

    @property
    def is_valid(self) -> bool:
        return self.status in VALID_CERTIFICATE_STATUSES


class CertificateEvent(Base):
    """The certificate's history: issued, changed, reissued, revoked."""

    __tablename__ = "cert_certificate_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    certificate_id: Mapped[int] = mapped_column(ForeignKey("cert_certificates.id", ondelete="CASCADE"),
                                                index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    on: Mapped[date] = mapped_column(Date)
    actor_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(String(40))
    note: Mapped[Optional[str]] = mapped_column(Text)
    data: Mapped[Optional[dict]] = mapped_column(JSON)
    certificate: Mapped[Certificate] = relationship(back_populates="events")


class AnnualReport(Base):
    """A certified enterprise's report for one fiscal year: S&T revenue, total revenue, incentives."""

    __tablename__ = "cert_annual_reports"
    __table_args__ = (
        UniqueConstraint("certificate_id", "fiscal_year"),
        CheckConstraint("st_revenue >= 0 AND total_revenue >= 0", name="revenue_nonneg"),
        CheckConstraint("st_revenue <= total_revenue", name="st_within_total"),
        CheckConstraint("incentives_vnd IS NULL OR incentives_vnd >= 0", name="incentives_nonneg"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    certificate_id: Mapped[int] = mapped_column(ForeignKey("cert_certificates.id", ondelete="CASCADE"))
    fiscal_year: Mapped[int] = mapped_column(Integer)
    st_revenue: Mapped[int] = mapped_column(Money)
    total_revenue: Mapped[int] = mapped_column(Money)
    incentives_vnd: Mapped[Optional[int]] = mapped_column(Money)
    incentives_note: Mapped[Optional[str]] = mapped_column(Text)
    filed_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    filed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    certificate: Mapped[Certificate] = relationship(back_populates="reports")


__all__ = ["CertApplication", "CertResult", "CertProduct", "CertYear", "CertDocument", "CertStep",
           "Certificate", "CertificateEvent", "AnnualReport"]

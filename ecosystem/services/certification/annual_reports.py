"""Annual reports of certified enterprises and the revocation warnings computed from them."""
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from ecosystem.extensions import db
from ecosystem.models import AnnualReport, Certificate, SentReminder
from ecosystem.services.platform.audit import log_action
from ecosystem.services.certification.context import CertError, cert_setting, rule_set
from ecosystem.services.certification.revocation_warnings import CertWarning, certificate_warnings, due_report_years
from ecosystem.services.accounts.users import managers_of, officers
from ecosystem.services.platform.notifications import notify


def file_report(certificate: Certificate, user, fiscal_year: int, st_revenue: int, total_revenue: int,
                today: date, incentives_vnd: int | None = None, incentives_note: str | None = None) -> AnnualReport:
    """File (or correct) the report for one fiscal year; the year must have ended and the certificate be valid."""
    if not certificate.is_valid:
        raise CertError("certificate_not_valid")
    if fiscal_year < certificate.issued_on.year or fiscal_year >= today.year:
        raise CertError("year_out_of_range")
    if st_revenue < 0 or total_revenue < 0 or (incentives_vnd or 0) < 0:
        raise CertError("negative_amount")
    if st_revenue > total_revenue:
        raise CertError("st_revenue_above_total")
    report = next((r for r in certificate.reports if r.fiscal_year == fiscal_year), None)
    created = report is None
    if created:
        report = AnnualReport(fiscal_year=fiscal_year)
        certificate.reports.append(report)
    report.st_revenue, report.total_revenue = st_revenue, total_revenue
    report.incentives_vnd, report.incentives_note = incentives_vnd, incentives_note
    report.filed_by_id = user.id
    db.session.flush()
    log_action(user.id, "cert.report.file" if created else "cert.report.correct", "certificate",
               certificate.id, year=fiscal_year)
    return report


def report_history(certificate: Certificate) -> dict[int, dict]:
    return {r.fiscal_year: {"st_revenue": r.st_revenue, "total_revenue": r.total_revenue}
            for r in certificate.reports}


def warnings_for(certificate: Certificate, today: date) -> list[CertWarning]:
    """The certificate's warnings as of today, with the officer's current thresholds."""
    if not certificate.is_valid:
        return []
    return certificate_warnings(
        rule_set(certificate.rule_set_code), certificate.issued_on, report_history(certificate), today,
        warn_missed_after=int(cert_setting("warn_missed_reports_in_a_row")),
        warn_low_share_after=int(cert_setting("warn_low_share_counted_years")),
        report_due=cert_setting("annual_report_due"),
        first_report_year_offset=int(cert_setting("first_report_year_offset")))


def reports_due(certificate: Certificate, today: date) -> list[int]:
    """Fiscal years whose report is due and not filed, for the enterprise's to-do list."""
    filed = {r.fiscal_year for r in certificate.reports}
    years = due_report_years(certificate.issued_on, today, cert_setting("annual_report_due"),
                             int(cert_setting("first_report_year_offset")))
    return [year for year in years if year not in filed]


def _compose(warning: CertWarning, number: str):
    """compose() for notify: called under each recipient's locale, so the text is in their language.

    The revocation threshold is named only when the certificate's own rule set has that ground
    (Decree 13: 3 missed reports, 5 low years); Decree 268 sets no such ground, so none is claimed.
    """
    years = ", ".join(str(y) for y in warning.years)
    limit = warning.detail.get("revoke_after")

    def compose():
        if warning.code == "missed_reports":
            body = _("Doanh nghiệp chưa nộp báo cáo hằng năm %(n)s năm liên tiếp (%(years)s).",
                     n=len(warning.years), years=years)
            if limit:
                body += " " + _("Không báo cáo %(limit)s năm liên tiếp là căn cứ thu hồi giấy chứng nhận.",
                                limit=limit)
            return _("Cảnh báo: chưa nộp báo cáo năm – giấy chứng nhận %(number)s", number=number), body
        body = _("Doanh thu từ sản phẩm KH&CN chưa đạt tỷ lệ tối thiểu trong %(n)s năm được tính liên tiếp "
                 "(%(years)s).", n=len(warning.years), years=years)
        if limit:
            body += " " + _("%(limit)s năm liên tiếp là căn cứ thu hồi.", limit=limit)
        return (_("Cảnh báo: doanh thu sản phẩm KH&CN dưới ngưỡng – giấy chứng nhận %(number)s", number=number),
                body)
    return compose


def send_warnings(certificate: Certificate, today: date) -> list[CertWarning]:
    """Tell the enterprise and the officers about each new warning, once per warning and streak."""
    sent = []
    for warning in warnings_for(certificate, today):
        key = f"cert.warn:{certificate.id}:{warning.code}:{'-'.join(str(y) for y in warning.years)}"
        if db.session.scalar(select(SentReminder.id).where(SentReminder.key == key)) is not None:
            continue
        db.session.add(SentReminder(key=key))
        recipients = managers_of(certificate.organisation_id) + officers()
        notify(recipients, f"cert.{warning.code}", _compose(warning, certificate.number),
               f"/certification/certificates/{certificate.id}")
        sent.append(warning)
    db.session.flush()
    return sent

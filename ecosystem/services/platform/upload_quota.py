"""Total stored bytes per organisation, capped by the setting platform.upload_quota_bytes_per_org, so
one organisation cannot fill the disk every other organisation's dossiers share."""
from pathlib import Path

from flask import current_app
from sqlalchemy import func, select

from ecosystem.extensions import db
from ecosystem.models import Organisation  # noqa: F401  (models loaded, domain modules registered)
from ecosystem.models.awards import Nomination, NominationDocument
from ecosystem.models.certification import CertApplication, CertDocument
from ecosystem.models.funds import FundEntry, StFund
from ecosystem.models.support import UploadedFile
from ecosystem.services.platform.settings import setting
from ecosystem.services.platform.uploads import UploadRejected, storage_path


def organisation_usage(org_id: int) -> int:
    """Bytes held for the organisation: its uploads, dossier and nomination documents, fund vouchers."""
    total = db.session.scalar(select(func.coalesce(func.sum(UploadedFile.size), 0))
                              .where(UploadedFile.organisation_id == org_id))
    total += db.session.scalar(select(func.coalesce(func.sum(CertDocument.size), 0))
                               .join(CertApplication, CertApplication.id == CertDocument.application_id)
                               .where(CertApplication.organisation_id == org_id))
    total += db.session.scalar(select(func.coalesce(func.sum(NominationDocument.size), 0))
                               .join(Nomination, Nomination.id == NominationDocument.nomination_id)
                               .where(Nomination.entrant_org_id == org_id))
    vouchers = db.session.scalars(select(FundEntry.attachment_path).join(StFund, StFund.id == FundEntry.fund_id)
                                  .where(StFund.organisation_id == org_id, FundEntry.attachment_path.is_not(None)))
    root = Path(current_app.config["UPLOAD_ROOT"])
    for name in vouchers:  # the ledger keeps no size: ask the disk (a handful per enterprise)
        path = storage_path(root, name)
        total += path.stat().st_size if path.exists() else 0
    return int(total)


def check_quota(org_id: int | None, size: int) -> None:
    """UploadRejected("upload.quota_exceeded") when size more bytes would pass the organisation's cap."""
    if org_id is None:
        return
    quota = int(setting("platform.upload_quota_bytes_per_org"))
    used = organisation_usage(org_id)
    if used + size > quota:
        raise UploadRejected("upload.quota_exceeded", used=used, quota=quota, size=size)

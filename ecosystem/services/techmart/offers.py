"""Technology offers: saved by the owning organisation, with images and documents, and the public
catalogue searched accent-insensitively like the directory."""
from __future__ import annotations

from sqlalchemy import or_, select

from ecosystem.extensions import db
from ecosystem.models import Organisation, Sector, TechOffer, TechOfferFile
from ecosystem.models.techmart import IP_STATUSES, NUMBERED_IP, TRANSFER_FORMS
from ecosystem.services.directory.records import like_pattern, sectors_by_ids
from ecosystem.services.platform import uploads
from ecosystem.services.platform.audit import log_action
from ecosystem.services.platform.stored_files import store_upload
from ecosystem.services.techmart.pipeline import TechmartError
from ecosystem.text import fold

FIELDS = ("title", "summary", "trl", "ip_status", "ip_number", "ip_date", "transfer_forms", "price_min_vnd",
          "price_max_vnd")
FILE_KINDS = {"image": uploads.IMAGE_KINDS, "document": frozenset({uploads.PDF})}


def check_range(low, high, field: str) -> None:
    if low is not None and high is not None and low > high:
        raise TechmartError("range_order", field)


def save_offer(org: Organisation, data: dict, actor, offer: TechOffer | None = None) -> TechOffer:
    """Create or edit an offer; an IP title other than know-how needs its number and date."""
    if data["ip_status"] not in IP_STATUSES:
        raise TechmartError("bad_ip_status", "ip_status")
    if data["ip_status"] in NUMBERED_IP and not ((data.get("ip_number") or "").strip() and data.get("ip_date")):
        raise TechmartError("ip_number_required", "ip_number")
    if not data.get("transfer_forms") or set(data["transfer_forms"]) - set(TRANSFER_FORMS):
        raise TechmartError("forms_required", "transfer_forms")
    if not 1 <= int(data["trl"]) <= 9:
        raise TechmartError("trl_range", "trl")
    check_range(data.get("price_min_vnd"), data.get("price_max_vnd"), "price_max_vnd")
    sectors = sectors_by_ids(data.get("sectors") or [])
    if not sectors:
        raise TechmartError("sector_required", "sectors")
    created = offer is None
    if created:
        offer = TechOffer(organisation_id=org.id, created_by_id=actor.id if actor else None)
        db.session.add(offer)
    for name in FIELDS:
        setattr(offer, name, data.get(name))
    number = (offer.ip_number or "").strip()
    offer.ip_number = number if number and offer.ip_status != "none" else None
    if offer.ip_number is None:
        offer.ip_date = None
    offer.trl = int(offer.trl)
    offer.sectors = sectors
    db.session.flush()
    log_action(actor.id if actor else None, "techmart.offer." + ("create" if created else "edit"), "tech_offer",
               offer.id)
    return offer


def set_offer_status(offer: TechOffer, status: str, actor) -> None:
    """Withdraw an offer from the catalogue, or publish it again."""
    offer.status = status
    db.session.flush()
    log_action(actor.id, f"techmart.offer.{status}", "tech_offer", offer.id)


def attach_file(offer: TechOffer, stream, filename: str | None, kind: str, actor) -> TechOfferFile:
    """Store an image (PNG, JPEG, WebP) or a PDF document for an offer; UploadRejected when refused."""
    row = store_upload(stream, filename, f"tech_offer_{kind}", actor, organisation_id=offer.organisation_id,
                       allowed=FILE_KINDS[kind])
    link = TechOfferFile(offer_id=offer.id, file_id=row.id, kind=kind)
    db.session.add(link)
    db.session.flush()
    return link


def remove_file(link: TechOfferFile, actor) -> None:
    log_action(actor.id, "techmart.offer.file_remove", "tech_offer", link.offer_id, file=link.file_id)
    stored = link.file
    db.session.delete(link)
    db.session.flush()
    if stored is not None and not db.session.scalar(select(TechOfferFile.id).where(TechOfferFile.file_id == stored.id)):
        db.session.delete(stored)  # its bytes are removed after the commit (stored_files)
        db.session.flush()


def offer_query(q: str = "", sector: str = "", trl: str = "", ip_status: str = "", org_id: int | None = None,
                include_withdrawn: bool = False):
    """The catalogue: every word of q in the offer's or the owner's accent-free text, filters, newest first."""
    query = select(TechOffer).join(Organisation, Organisation.id == TechOffer.organisation_id)
    for word in fold(q).split():
        pattern = like_pattern(word)
        query = query.where(or_(TechOffer.search_key.like(pattern, escape="\\"),
                                Organisation.search_key.like(pattern, escape="\\")))
    if sector:
        query = query.where(TechOffer.sectors.any(Sector.code == sector))
    if trl.isdigit():
        query = query.where(TechOffer.trl >= int(trl))
    if ip_status in IP_STATUSES:
        query = query.where(TechOffer.ip_status == ip_status)
    if org_id is not None:
        query = query.where(TechOffer.organisation_id == org_id)
    if not include_withdrawn:
        query = query.where(TechOffer.status == "published", Organisation.status != "archived")
    return query.order_by(TechOffer.created_at.desc(), TechOffer.id.desc())


def offers_of(org_ids) -> list[TechOffer]:
    if not org_ids:
        return []
    return list(db.session.scalars(select(TechOffer).where(TechOffer.organisation_id.in_(list(org_ids)))
                                   .order_by(TechOffer.id.desc())))

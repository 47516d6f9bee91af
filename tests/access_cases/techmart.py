"""Technology-market routes: catalogue and Techmart pages public, demands for signed-in people, each side
acting for the organisations it manages (startup B offers, startup A buys), the DOST running sessions."""
from tests.access_cases import EVERYONE, SIGNED_IN, STAFF

OWNER_B = STAFF | {"startup_b"}
BUYER_A = STAFF | {"startup"}
PARTIES = STAFF | {"startup", "startup_b"}
MANAGERS = STAFF | {"coordinator", "startup", "startup_b"}
OTHER_ORG = {"coordinator", "startup"}  # manage an organisation other than startup B
OFFER = "/techmart/offers/{tm_offer_id}"
SLOTS = "/techmart/sessions/slots"

CASES = [
    ("GET", "/techmart/", EVERYONE),
    ("GET", OFFER, EVERYONE),
    ("GET", OFFER + "/files/{tm_file_id}", EVERYONE),
    ("GET", "/techmart/offers/{tm_withdrawn_id}", OWNER_B),
    ("GET", "/techmart/offers/new", MANAGERS),
    ("POST", "/techmart/offers/new", MANAGERS),
    ("GET", OFFER + "/edit", OWNER_B),
    ("POST", OFFER + "/edit", OWNER_B),
    ("POST", OFFER + "/files", OWNER_B),
    ("POST", OFFER + "/files/{tm_file_id}/delete", OWNER_B),  # no confirm field: nothing removed
    ("POST", OFFER + "/status", OWNER_B),
    ("GET", OFFER + "/matches", OWNER_B),
    ("POST", OFFER + "/contact", OTHER_ORG),
    ("POST", OFFER + "/deal", STAFF | OTHER_ORG),
    ("GET", "/techmart/demands/", SIGNED_IN),
    ("GET", "/techmart/demands/{tm_demand_id}", SIGNED_IN),
    ("GET", "/techmart/demands/new", MANAGERS),
    ("POST", "/techmart/demands/new", MANAGERS),
    ("GET", "/techmart/demands/{tm_demand_id}/edit", BUYER_A),
    ("POST", "/techmart/demands/{tm_demand_id}/edit", BUYER_A),
    ("POST", "/techmart/demands/{tm_demand_id}/status", BUYER_A),
    ("GET", "/techmart/mine", SIGNED_IN),
    ("GET", "/techmart/contacts/{tm_contact_id}", PARTIES),
    ("POST", "/techmart/contacts/{tm_contact_id}/decide", {"startup_b"}),
    ("GET", "/techmart/deals/{tm_deal_id}", PARTIES),
    ("POST", "/techmart/deals/{tm_deal_id}/move", PARTIES),
    ("GET", "/techmart/deals", STAFF),
    ("GET", "/techmart/sessions/", EVERYONE),
    ("GET", "/techmart/sessions/{tm_session_id}", EVERYONE),
    ("GET", "/techmart/sessions/new", STAFF),
    ("POST", "/techmart/sessions/new", STAFF),
    ("GET", "/techmart/sessions/{tm_session_id}/booths/new", STAFF),
    ("POST", "/techmart/sessions/{tm_session_id}/booths/new", STAFF),
    ("GET", "/techmart/sessions/{tm_session_id}/plan", STAFF),
    ("POST", "/techmart/sessions/{tm_session_id}/plan", STAFF),
    ("POST", SLOTS + "/{tm_free_slot_id}/book", STAFF | OTHER_ORG),
    ("POST", SLOTS + "/{tm_booked_slot_id}/cancel", PARTIES),
    ("POST", SLOTS + "/{tm_booked_slot_id}/held", OWNER_B),
]


def build(world: dict) -> None:
    """Startup B offers a technology (with an image) at a Techmart booth; startup A has a demand, a
    contact request and a deal with it, and a meeting booked; a second offer of B is withdrawn."""
    from flask import current_app

    from ecosystem.extensions import db
    from ecosystem.models import Organisation, TechOfferFile, UploadedFile
    from ecosystem.services.platform.uploads import inspect_upload, write_upload
    from ecosystem.services.techmart import contacts, deals, sessions
    from ecosystem.services.techmart.offers import set_offer_status
    from tests.techmart_factories import make_demand, make_offer, make_session

    seller = db.session.query(Organisation).filter_by(slug=world["startup_b_slug"]).one()
    buyer = db.session.query(Organisation).filter_by(slug=world["startup_a_slug"]).one()
    users = world["users"]
    offer = make_offer(org=seller)
    withdrawn = make_offer(org=seller, title="Công nghệ đã rút")
    set_offer_status(withdrawn, "withdrawn", users["officer"])
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 20
    info = inspect_upload(png, "anh.png", 1_000_000)
    write_upload(current_app.config["UPLOAD_ROOT"], info, png)
    row = UploadedFile(storage_name=info.storage_name, original_name="anh.png", mime=info.mime, size=info.size,
                       sha256=info.sha256, purpose="tech_offer_image", organisation_id=seller.id)
    db.session.add(row)
    db.session.flush()
    link = TechOfferFile(offer_id=offer.id, file_id=row.id, kind="image")
    db.session.add(link)
    demand = make_demand(org=buyer)
    contact = contacts.request_contact(offer, buyer, users["startup"])
    deal = deals.start_deal(offer, buyer, users["startup"], demand_id=demand.id)
    session = make_session(users["officer"])
    booth = sessions.add_booth(session, seller, [offer], 3, users["officer"])
    sessions.book_slot(booth.slots[0], buyer, users["startup"])
    db.session.flush()
    world.update(tm_offer_id=offer.id, tm_withdrawn_id=withdrawn.id, tm_file_id=link.id, tm_demand_id=demand.id,
                 tm_contact_id=contact.id, tm_deal_id=deal.id, tm_session_id=session.id,
                 tm_free_slot_id=booth.slots[1].id, tm_booked_slot_id=booth.slots[0].id)

"""The technology market through its pages: public catalogue, demands for members, a demand's matching
offers with reasons, contact details after agreement, a deal to contract on the dashboard, files, booking."""
from datetime import timedelta

from ecosystem.clock import local_today
from ecosystem.extensions import db
from ecosystem.models import TechDemand
from tests import factories as f
from tests.techmart_factories import make_demand, make_offer, make_session, sector

PDF = b"%PDF-1.4\n% thu\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 20


def text(response) -> str:
    return response.get_data(as_text=True)


def test_the_catalogue_is_public_searchable_without_accents_and_paginated(client, app):
    uni = f.make_org("Trường Đại học Việt Đức Thử", kind="university")
    make_offer(org=uni, title="Pin năng lượng mặt trời mái nhà")
    for n in range(21):
        make_offer(org=uni, title=f"Công nghệ số {n:02d}", ip_status="none", ip_number=None, ip_date=None)
    db.session.commit()
    page = text(client.get("/techmart/?q=nang+luong+mat+troi"))
    assert "Pin năng lượng mặt trời mái nhà" in page and "Công nghệ số" not in page
    assert "1 công nghệ" in page
    first, second = text(client.get("/techmart/")), text(client.get("/techmart/?page=2"))
    assert "22 công nghệ" in first and "Trang 1 / 2" in first and "Trang 2 / 2" in second
    assert "Pin năng lượng" not in text(client.get("/techmart/?ip_status=none"))
    assert client.get("/techmart/demands/").status_code == 302  # demands: signed-in people only


def test_an_enterprise_posts_a_need_and_sees_matching_offers_with_reasons(client, login_as):
    ent = f.make_org("Công ty Cơ khí Xem Gợi Ý", kind="enterprise")
    offer = make_offer(org=f.make_org("Trường Đại học Có Công Nghệ", kind="university"))
    make_offer(title="Phần mềm kế toán", sectors=[sector("fintech").id])
    login_as(f.make_user("startup", manages=[ent]))
    db.session.commit()
    bad = client.post("/techmart/demands/new", data={"organisation": ent.id, "title": "Giảm điện", "problem": "x",
                                                    "trl_wanted": 6, "budget_min_vnd": "900.000.000",
                                                    "budget_max_vnd": "100.000.000", "sectors": [sector().id]})
    assert "Mức trên phải lớn hơn hoặc bằng mức dưới." in text(bad)
    response = client.post("/techmart/demands/new", data={
        "organisation": ent.id, "title": "Giảm điện năng dây chuyền", "problem": "Động cơ tốn điện",
        "trl_wanted": 6, "budget_min_vnd": "200.000.000", "budget_max_vnd": "1.000.000.000",
        "sectors": [sector().id], "fund_cofunding": "y"}, follow_redirects=True)
    page = text(response)
    demand = db.session.scalars(db.select(TechDemand)).one()
    assert demand.fund_cofunding and demand.budget_max_vnd == 1_000_000_000
    assert offer.title in page and "Phần mềm kế toán" not in page
    assert "Mức sẵn sàng TRL 7 đáp ứng yêu cầu TRL 6" in page
    assert "Mua công nghệ là nội dung chi hợp lệ của Quỹ" in page


def test_an_offer_with_a_patent_needs_its_number_and_the_owner_sees_matching_demands(client, login_as):
    uni = f.make_org("Trường Đại học Đăng Bài", kind="university")
    login_as(f.make_user("startup", manages=[uni]))
    sector()
    db.session.commit()  # a refused save rolls the request's transaction back
    data = {"organisation": uni.id, "title": "Robot hàn", "summary": "Robot hàn giá thấp", "sectors": [sector().id],
            "trl": 7, "ip_status": "patent", "transfer_forms": ["licence"]}
    assert "Cần ghi số đơn hoặc số bằng" in text(client.post("/techmart/offers/new", data=data))
    response = client.post("/techmart/offers/new", data={**data, "ip_number": "1-0033333", "ip_date": "2023-04-05"})
    assert response.status_code == 302
    offer_id = int(response.headers["Location"].rsplit("/", 1)[1])
    make_demand(org=f.make_org("Công ty Cần Robot", kind="enterprise"))
    db.session.commit()
    assert "Giảm tiêu thụ điện của dây chuyền" in text(client.get(f"/techmart/offers/{offer_id}/matches"))


def test_contact_details_show_only_after_the_owner_agrees(client, login_as, app):
    uni = f.make_org("Trường Đại học Liên Hệ", kind="university", email="lienhe@truong.example.vn")
    ent = f.make_org("Công ty Hỏi Thăm", kind="enterprise")
    owner, buyer = f.make_user("startup", manages=[uni]), f.make_user("startup", manages=[ent])
    offer = make_offer(org=uni)
    db.session.commit()
    login_as(buyer)
    assert "lienhe@truong.example.vn" not in text(client.get(f"/techmart/offers/{offer.id}"))
    response = client.post(f"/techmart/offers/{offer.id}/contact", data={"c-organisation": ent.id, "c-demand": 0,
                                                                          "c-message": "Xin gặp"})
    row_url = response.headers["Location"]
    assert "lienhe@truong.example.vn" not in text(client.get(row_url))
    client.post("/logout")
    login_as(owner)
    client.post(row_url + "/decide", data={"decision": "accept"})
    client.post("/logout")
    login_as(buyer)
    assert "lienhe@truong.example.vn" in text(client.get(row_url))


def test_a_deal_moved_to_contract_shows_on_the_dashboard(client, login_as):
    uni, ent = f.make_org("Trường Đại học Ký Kết", kind="university"), f.make_org("Công ty Ký Kết", kind="enterprise")
    buyer = f.make_user("startup", manages=[ent])
    offer = make_offer(org=uni)
    db.session.commit()
    login_as(buyer)
    response = client.post(f"/techmart/offers/{offer.id}/deal", data={"d-organisation": ent.id, "d-demand": 0,
                                                                       "d-session": 0})
    deal_url = response.headers["Location"]
    client.post(deal_url + "/move", data={"target": "negotiation"})
    refused = client.post(deal_url + "/move", data={"target": "contract"}, follow_redirects=True)
    assert "Cần ghi giá trị hợp đồng." in text(refused)
    day = local_today() - timedelta(days=1)
    page = text(client.post(deal_url + "/move", data={"target": "contract", "contract_value_vnd": "750.000.000",
                                                      "contract_form": "licence", "contract_date": day.isoformat()},
                            follow_redirects=True))
    assert "Đã ký hợp đồng" in page and "750.000.000 ₫" in page
    client.post("/logout")
    login_as(f.make_user("officer"))
    board = text(client.get(f"/dashboard/?year_from={day.year}&year_to={day.year}&refresh=1"))
    assert "Hợp đồng chuyển giao công nghệ đã ký và giá trị" in board and "750.000.000 ₫" in board


def test_offer_files_are_checked_by_content_and_served_by_kind(client, login_as):
    uni = f.make_org("Trường Đại học Tệp", kind="university")
    offer = make_offer(org=uni)
    login_as(f.make_user("startup", manages=[uni]))
    db.session.commit()
    from io import BytesIO
    client.post(f"/techmart/offers/{offer.id}/files", data={"kind": "image", "upload": (BytesIO(PDF), "la.png")},
                content_type="multipart/form-data")
    assert offer.files == []  # a PDF is not an image, whatever its name
    client.post(f"/techmart/offers/{offer.id}/files", data={"kind": "image", "upload": (BytesIO(PNG), "anh.png")},
                content_type="multipart/form-data")
    client.post(f"/techmart/offers/{offer.id}/files", data={"kind": "document", "upload": (BytesIO(PDF), "ho-so.pdf")},
                content_type="multipart/form-data")
    db.session.refresh(offer)
    image, document = offer.images[0], offer.documents[0]
    client.post("/logout")
    shown = client.get(f"/techmart/offers/{offer.id}/files/{image.id}")
    assert shown.status_code == 200 and shown.mimetype == "image/png" and "attachment" not in shown.headers.get(
        "Content-Disposition", "")
    assert "attachment" in client.get(f"/techmart/offers/{offer.id}/files/{document.id}").headers["Content-Disposition"]


def test_an_enterprise_books_a_meeting_at_a_techmart_once(client, login_as):
    officer = f.make_user("officer")
    uni, ent = f.make_org("Viện Gian Hàng", kind="research_institute"), f.make_org("Công ty Đặt Lịch", kind="enterprise")
    from ecosystem.services.techmart.sessions import add_booth
    session = make_session(officer)
    booth = add_booth(session, uni, [make_offer(org=uni)], 2, officer)
    slot_id = booth.slots[0].id
    db.session.commit()
    login_as(f.make_user("startup", manages=[ent]))
    page = text(client.post(f"/techmart/sessions/slots/{slot_id}/book", data={"organisation": ent.id, "demand": 0},
                            follow_redirects=True))
    assert "Đã đặt lịch gặp." in page and "1 / 2" in page
    again = text(client.post(f"/techmart/sessions/slots/{booth.slots[1].id}/book",
                             data={"organisation": ent.id, "demand": 0}, follow_redirects=True))
    assert "Đã đặt lịch gặp." in again  # the next slot is another time: allowed
    assert "2 / 2" in again


def test_pages_read_in_english(client, login_as):
    offer = make_offer()
    db.session.commit()
    client.set_cookie("lang", "en")
    page = text(client.get(f"/techmart/offers/{offer.id}"))
    assert "Technology readiness" in page and "Patent" in page and "Licence (right of use)" in page

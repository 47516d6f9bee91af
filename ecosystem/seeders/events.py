"""Demo events: a past pitch night with check-ins and feedback, upcoming events (one full, with a
waiting list), office-hour slots and membership requests, all dated relative to today."""
from datetime import datetime, time, timedelta

from sqlalchemy import select

from ecosystem.clock import local_today
from ecosystem.extensions import db
from ecosystem.models import (Attendance, ClubMembershipRequest, Event, EventFeedback,
                              OfficeHourSlot, Relationship, Registration)
from ecosystem.models.base import utcnow
from ecosystem.services.events.lifecycle import from_local, to_local
from ecosystem.services.events.qr import new_checkin_code
from ecosystem.services.directory.relations import record_graph_change

COMMENTS = ["Ban giám khảo góp ý rất cụ thể, em sẽ sửa lại phần mô hình doanh thu.",
            "Nên có thêm thời gian giao lưu với nhà đầu tư sau phần trình bày.",
            "Tổ chức chu đáo, đúng giờ.", None, "Âm thanh hội trường hơi nhỏ ở cuối phòng.", None]


def _pick(mapping: dict, key: str, kind: str | None = None):
    """The seed object by key, else the first of that kind, so the demo survives data changes."""
    if key in mapping:
        return mapping[key]
    return next((o for o in mapping.values() if kind is None or getattr(o, "kind", None) == kind), None)


def _local(days: int, hour: int, minute: int = 0) -> datetime:
    day = local_today() + timedelta(days=days)
    return from_local(datetime.combine(day, time(hour, minute)))


def _event(organiser, title, kind, days, hour, hours, **fields) -> Event:
    start = _local(days, hour, fields.pop("minute", 0))
    event = Event(organiser_id=organiser.id, title=title, kind=kind, starts_at=start,
                  ends_at=start + timedelta(hours=hours), status="published",
                  questions=fields.pop("questions", []), **fields)
    db.session.add(event)
    db.session.flush()
    return event


def _founded(person_ids) -> dict[int, int]:
    rows = db.session.execute(select(Relationship.source_person_id, Relationship.target_org_id).where(
        Relationship.kind == "founder", Relationship.source_person_id.in_(person_ids))).all()
    return {person: org for person, org in rows}


def _register(event, people, startups, users_by_person, status="confirmed"):
    made = []
    for person in people:
        user = users_by_person.get(person.id)
        made.append(Registration(
            event_id=event.id, person_id=person.id, startup_id=startups.get(person.id),
            user_id=user.id if user else None, active_user_id=user.id if user else None,
            name=person.full_name, email=user.email if user else person.email, status=status,
            checkin_code=new_checkin_code(), answers=[], created_at=event.starts_at - timedelta(days=3)))
    db.session.add_all(made)
    db.session.flush()
    return made


def _check_in(registrations, by_user) -> list[Attendance]:
    made = []
    for registration in registrations:
        event = db.session.get(Event, registration.event_id)
        registration.checked_in_at = event.starts_at + timedelta(minutes=10 + len(made))
        made.append(Attendance(
            event_id=event.id, registration_id=registration.id, person_id=registration.person_id,
            startup_id=registration.startup_id, user_id=registration.user_id, name=registration.name,
            attended_on=to_local(event.starts_at).date(), method="code",
            checked_in_at=registration.checked_in_at, checked_in_by_id=by_user.id if by_user else None))
    db.session.add_all(made)
    db.session.flush()
    for attendance in made:
        record_graph_change("attendance", attendance.id)
    return made


def seed(ctx) -> None:
    club = _pick(ctx.orgs, "club_tdmu", "club")
    if club is None:
        return
    other_club = _pick(ctx.orgs, "club_dian", "club")
    dost = _pick(ctx.orgs, "dost", "government") or club
    centre = _pick(ctx.orgs, "biic", "incubator") or club
    coordinator = ctx.users.get("coordinator@demo.sokhcn.vn")
    users_by_person = {u.person_id: u for u in ctx.users.values() if u.person_id}
    people = [p for key, p in sorted(ctx.people.items()) if not getattr(p, "archived", False)]
    founders = _founded([p.id for p in people])
    crowd = [p for p in people if p.id in founders][:30] or people[:30]
    startup_user = ctx.users.get("startup@demo.sokhcn.vn")
    if startup_user and startup_user.person_id:
        crowd = [p for p in people if p.id == startup_user.person_id] + \
            [p for p in crowd if p.id != startup_user.person_id]

    past = _event(club, "Đêm gọi vốn Khởi nghiệp TDMU lần thứ 8", "pitch", -21, 18, 2.5, minute=30,
                  venue="Hội trường 1, Trường Đại học Thủ Dầu Một, 06 Trần Văn Ơn, Phú Hòa",
                  capacity=40, description="Tám đội startup sinh viên trình bày 5 phút trước nhà đầu "
                  "thiên thần và quỹ; mỗi đội nhận góp ý trực tiếp từ hội đồng.")
    came = _check_in(_register(past, crowd[:14], founders, users_by_person)[:11], coordinator)
    for attendance, rating, comment in zip(came, (5, 4, 5, 3, 4, 5), COMMENTS):
        db.session.add(EventFeedback(event_id=past.id, attendance_id=attendance.id, rating=rating,
                                     comment=comment))
    networking = _event(centre, "Giao lưu kết nối startup – doanh nghiệp Becamex", "networking", -60,
                        15, 3, venue="Trung tâm Đổi mới sáng tạo Bình Dương, Thành phố mới Bình Dương")
    _check_in(_register(networking, crowd[8:24], founders, users_by_person), coordinator)

    full = _event(club, "Workshop: Gọi vốn hạt giống cho startup nông nghiệp", "workshop", 5, 19, 2,
                  venue="Phòng A2.01, Trường Đại học Thủ Dầu Một", capacity=12,
                  registration_closes_at=_local(5, 12),
                  questions=[{"text": "Startup của bạn đang ở giai đoạn nào?", "required": True}],
                  description="Chuẩn bị hồ sơ gọi vốn, định giá vòng hạt giống và điều khoản "
                  "thường gặp. Số chỗ có hạn; khi hết chỗ bạn vào danh sách chờ.")
    _register(full, crowd[:12], founders, users_by_person)
    _register(full, crowd[12:15], founders, users_by_person, status="waiting")
    _event(club, "Sinh hoạt CLB: chia sẻ kinh nghiệm bán hàng B2B", "networking", 9, 18, 1.5,
           audience="members_only", venue="Phòng CLB, Trường Đại học Thủ Dầu Một", capacity=30)
    if other_club is not None:
        _event(other_club, "Cà phê Khởi nghiệp Dĩ An", "networking", 12, 7, 2, minute=30,
               venue="Nhà Văn hóa Lao động Dĩ An, Phường Dĩ An",
               description="Gặp gỡ thân mật buổi sáng giữa các nhà sáng lập trong vùng.")
    _event(centre, "Tập huấn: Sở hữu trí tuệ cho startup", "training", 16, 8, 4,
           venue="Trung tâm Đổi mới sáng tạo Bình Dương", online_url="https://meet.example.vn/shtt-2026",
           capacity=60, questions=[{"text": "Bạn đã nộp đơn đăng ký nhãn hiệu/sáng chế chưa?",
                                    "required": False}])
    _event(dost, "Ngày hội Khởi nghiệp Đổi mới sáng tạo (Techfest) 2026", "demo_day", 25, 8, 9,
           venue="Trung tâm Hội nghị và Triển lãm Bình Dương", capacity=300,
           description="Trưng bày sản phẩm, vòng chung kết cuộc thi khởi nghiệp và kết nối đầu tư.")
    _seed_office_hours(ctx)
    _seed_requests(club, people, users_by_person)
    db.session.flush()


def _seed_office_hours(ctx) -> None:
    mentor_user = ctx.users.get("mentor@demo.sokhcn.vn")
    startup_user = ctx.users.get("startup@demo.sokhcn.vn")
    if not mentor_user or not mentor_user.person_id:
        return
    slots = []
    for day, hour in ((2, 9), (2, 10), (4, 14), (4, 15), (8, 9), (8, 10)):
        start = _local(day, hour)
        slots.append(OfficeHourSlot(mentor_id=mentor_user.person_id, starts_at=start,
                                    ends_at=start + timedelta(minutes=45),
                                    place="Vườn ươm Doanh nghiệp Becamex, phòng họp 2",
                                    note="Chiến lược gọi vốn, định giá, điều khoản đầu tư"))
    if startup_user and startup_user.managed_org_ids:
        slots[1].booked_org_id = sorted(startup_user.managed_org_ids)[0]
        slots[1].booked_by_id, slots[1].booked_at = startup_user.id, utcnow()
        slots[1].topic = "Chuẩn bị vòng gọi vốn hạt giống"
    db.session.add_all(slots)


def _seed_requests(club, people, users_by_person) -> None:
    members = set(db.session.scalars(select(Relationship.source_person_id).where(
        Relationship.kind == "club_member", Relationship.target_org_id == club.id)))
    outsiders = [p for p in people if p.id not in members][-2:]
    for person, note in zip(outsiders, ("Em muốn tham gia các buổi gọi vốn của CLB.",
                                        "Tôi là cựu sinh viên, muốn hỗ trợ các bạn làm sản phẩm.")):
        user = users_by_person.get(person.id)
        db.session.add(ClubMembershipRequest(club_id=club.id, person_id=person.id, message=note,
                                             requested_by_id=user.id if user else None))

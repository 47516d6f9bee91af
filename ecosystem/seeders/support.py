"""Demo support pipeline: startup profiles with founders and a pitch deck, and requests in every
state (some overdue), with their history and comments, so each side's pages show real work."""
from datetime import timedelta


from ecosystem.extensions import db
from ecosystem.models.base import utcnow
from ecosystem.models.standards import StandardCertificate
from ecosystem.models.support import (StartupExtras, SupportComment, SupportRequest,
                                      SupportRequestEvent, UploadedFile)
from ecosystem.services.platform import uploads
from ecosystem.services.platform.stored_files import save_bytes

# (startup key, type, state, days since submission, assignee: "mentor", an org key or None,
#  title, the startup's first comment)
REQUESTS = [
    ("nongnghiepxanh", "mentoring", "assigned", 30, "mentor",
     "Cần cố vấn chiến lược gọi vốn vòng seed",
     "Chúng tôi đã có pitch deck, cần góp ý trước demo day tháng sau."),
    ("nongnghiepxanh", "ip", "in_progress", 12, "mentor",
     "Tra cứu khả năng bảo hộ sáng chế cảm biến độ ẩm", "Đã gửi bản mô tả kỹ thuật qua e-mail."),
    ("hoclieuso", "space", "resolved", 40, "biic",
     "Đăng ký chỗ ngồi tại không gian làm việc chung",
     "Cảm ơn vườn ươm đã sắp xếp chỗ trong tuần."),
    ("phanvisinh", "investment", "submitted", 3, None,
     "Kết nối nhà đầu tư thiên thần lĩnh vực nông nghiệp",
     "Mục tiêu gọi 3 tỷ đồng cho mở rộng sản xuất."),
    ("phanvisinh", "standards", "triaged", 8, None,
     "Thử nghiệm chất lượng phân vi sinh theo TCVN", None),
    ("hoclieuso", "event", "declined", 20, None, "Tham gia gian hàng Techfest Bình Dương", None),
    ("thigiacmay", "certification", "assigned", 50, "tdmu_startup",
     "Hướng dẫn hồ sơ chứng nhận doanh nghiệp KH&CN",
     "Chúng tôi có 2 sản phẩm từ kết quả nghiên cứu của trường."),
    ("cokhiso", "training", "resolved", 60, "mentor", "Khoá huấn luyện kỹ năng bán hàng B2B", None),
    ("hoclieuso", "media", "withdrawn", 15, None, "Truyền thông ra mắt ứng dụng học liệu số", None),
    ("thigiacmay", "technology", "in_progress", 35, "mentor",
     "Ứng dụng thị giác máy trong kiểm tra lỗi sản phẩm", None),
    ("nongnghiepxanh", "trade", "draft", 0, None,
     "Tìm đối tác phân phối tại TP. Hồ Chí Minh", None),
    ("cokhiso", "fund_setup", "resolved", 25, "biic",
     "Tư vấn thành lập Quỹ phát triển KH&CN của doanh nghiệp", None),
    ("cokhiso", "iso_adoption", "resolved", 300, "biic",
     "Áp dụng TCVN ISO 9001 cho xưởng gia công cơ khí", None),
    ("thigiacmay", "iso_adoption", "resolved", 200, "tdmu_startup",
     "Xây dựng hệ thống quản lý đổi mới sáng tạo theo ISO 56001", None),
    ("phanvisinh", "iso_adoption", "in_progress", 45, "biic",
     "Chuẩn bị đánh giá chứng nhận TCVN ISO 9001", None),
]
# Invented outcomes of the resolved ISO adoption requests: (standard, body, number, days ago, co-funding VND).
STANDARD_OUTCOMES = {
    "Áp dụng TCVN ISO 9001 cho xưởng gia công cơ khí":
        ("iso_9001", "Trung tâm Chứng nhận Thử Nghiệm QA-99", "QA99-9001-0417", 240, 45_000_000),
    "Xây dựng hệ thống quản lý đổi mới sáng tạo theo ISO 56001":
        ("iso_56001", "Tổ chức Chứng nhận Mẫu IM-99", "IM99-56001-0032", 120, 80_000_000),
}
PATHS = {
    "draft": [], "submitted": ["submit"], "triaged": ["submit", "triage"],
    "assigned": ["submit", "triage", "assign"],
    "in_progress": ["submit", "triage", "assign", "start"],
    "resolved": ["submit", "triage", "assign", "start", "resolve"],
    "declined": ["submit", "triage", "decline"], "withdrawn": ["submit", "withdraw"],
}
STATES_AFTER = {"create": "draft", "submit": "submitted", "triage": "triaged", "assign": "assigned",
                "start": "in_progress", "resolve": "resolved", "decline": "declined",
                "withdraw": "withdrawn"}
CO_FOUNDERS = ["Lê Minh Khoa", "Trần Thu Hà", "Phạm Quốc Bảo", "Nguyễn Hải Yến", "Võ Thanh Tùng",
               "Đặng Mỹ Linh", "Hồ Gia Huy"]
DEMO_PDF = (b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
            b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n"
            b"%%EOF\n")


def _pick(mapping: dict, preferred: list[str], test) -> list:
    """Preferred demo keys first, then anything else that fits: the seeder survives data edits."""
    chosen = [mapping[k] for k in preferred if k in mapping and test(mapping[k])]
    chosen += [v for k, v in sorted(mapping.items()) if k not in preferred and test(v)]
    return chosen


def _users_by_role(ctx, role):
    return [u for u in ctx.users.values() if role in {r.role for r in u.roles}]


def _user_managing(ctx, org):
    for user in ctx.users.values():
        if any(m.organisation_id == org.id for m in user.managed):
            return user
    return None


def _pitch_deck(org, owner) -> UploadedFile | None:
    try:
        info = uploads.inspect_upload(DEMO_PDF, "pitch-deck.pdf", len(DEMO_PDF))
        save_bytes(info, DEMO_PDF)
    except OSError:
        return None
    row = UploadedFile(storage_name=info.storage_name, original_name=f"Pitch deck {org.name}.pdf",
                       mime=info.mime, size=info.size, sha256=info.sha256, purpose="pitch_deck",
                       organisation_id=org.id, uploaded_by_id=owner.id if owner else None)
    db.session.add(row)
    db.session.flush()
    return row


def seed(ctx) -> None:
    startups = _pick(ctx.orgs, list(dict.fromkeys(r[0] for r in REQUESTS)),
                     lambda o: o.kind == "startup")
    mentors = _pick(ctx.people, ["ngo_pham_hai_nhi", "tran_hoai_chau"],
                    lambda p: p.mentor is not None)
    hosts = _pick(ctx.orgs, ["biic", "tdmu_startup", "club_tdmu"],
                  lambda o: o.kind in ("incubator", "club", "accelerator", "coworking"))
    officers = _users_by_role(ctx, "officer")
    if not startups:
        return
    now = utcnow()
    for i, org in enumerate(startups[:6]):
        owner = _user_managing(ctx, org)
        lead = owner.person.full_name if owner is not None and owner.person else CO_FOUNDERS[-1 - i]
        extras = StartupExtras(organisation_id=org.id, founders=[
            {"name": lead, "role": "CEO"}, {"name": CO_FOUNDERS[i], "role": "CTO"}])
        if owner is not None:
            deck = _pitch_deck(org, owner)
            extras.pitch_deck_id = deck.id if deck else None
        db.session.add(extras)
    for n, (key, kind, state, days, assignee, title, comment) in enumerate(REQUESTS):
        org = ctx.orgs.get(key) or startups[n % len(startups)]
        author = _user_managing(ctx, org)
        officer = officers[0] if officers else None
        start = now - timedelta(days=days)
        req = SupportRequest(organisation_id=org.id, type_code=kind, title=title, state=state,
                             description=comment or "", created_by_id=author.id if author else None,
                             submitted_at=None if state == "draft" else start)
        if assignee == "mentor" and mentors:
            req.assignee_person_id = mentors[n % min(len(mentors), 2)].id
        elif assignee and assignee != "mentor" and hosts:
            req.assignee_org_id = (ctx.orgs.get(assignee) or hosts[0]).id
        if state == "declined":
            req.decline_reason = "Sự kiện đã đủ gian hàng; mời đăng ký đợt sau."
        db.session.add(req)
        db.session.flush()
        moments = [start - timedelta(hours=2)] + [start + timedelta(days=i * max(days, 1) / 6)
                                                  for i in range(len(PATHS[state]))]
        previous = None
        for action, at in zip(["create"] + PATHS[state], moments):
            actor = author if action in ("create", "submit", "withdraw") else officer
            db.session.add(SupportRequestEvent(
                request_id=req.id, action=action, from_state=previous,
                to_state=STATES_AFTER[action], actor_id=actor.id if actor else None, at=at,
                note=req.decline_reason if action == "decline" else None,
                assignee_person_id=req.assignee_person_id if action == "assign" else None,
                assignee_org_id=req.assignee_org_id if action == "assign" else None))
            previous = STATES_AFTER[action]
        if state == "resolved":
            req.resolved_at = moments[-1]
            _standard_outcome(req, officer, now)
        if state in ("declined", "withdrawn"):
            req.closed_at = moments[-1]
        if comment and author and state != "draft":
            db.session.add(SupportComment(request_id=req.id, author_id=author.id, body=comment,
                                          created_at=start + timedelta(hours=1)))
            if officer:
                db.session.add(SupportComment(
                    request_id=req.id, author_id=officer.id, internal=True,
                    body="Ghi chú nội bộ: ưu tiên vì startup thuộc chương trình 2026.",
                    created_at=start + timedelta(hours=3)))
    db.session.flush()


def _standard_outcome(req: SupportRequest, officer, now) -> None:
    """The certificate an invented resolved ISO adoption request led to."""
    outcome = STANDARD_OUTCOMES.get(req.title)
    if outcome is None:
        return
    standard, body, number, days_ago, co_funding = outcome
    issued = (now - timedelta(days=days_ago)).date()
    db.session.add(StandardCertificate(
        support_request_id=req.id, organisation_id=req.organisation_id, standard=standard,
        certification_body=body, certificate_number=number, issued_on=issued,
        expires_on=issued.replace(year=issued.year + 3), co_funding_vnd=co_funding,
        recorded_by_id=officer.id if officer else None))

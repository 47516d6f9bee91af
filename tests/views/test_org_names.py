"""Organisation names in the reader's language: the English name on English pages where one exists."""
from datetime import date

from flask_babel import force_locale

from ecosystem.extensions import db
from ecosystem.models.funds import OrgOwnership
from ecosystem.template_helpers import org_name
from tests import factories as f


def test_filter_prefers_the_english_name_only_in_english(app):
    named = f.make_org("Công ty Cổ phần Nông nghiệp Xanh", name_en="Green Agriculture JSC")
    bare = f.make_org("Công ty Không Tên Tiếng Anh")
    with app.test_request_context("/"), force_locale("en"):
        assert org_name(named) == "Green Agriculture JSC"
        assert org_name(bare) == "Công ty Không Tên Tiếng Anh"
        assert org_name(None) == ""
    with app.test_request_context("/"), force_locale("vi"):
        assert org_name(named) == "Công ty Cổ phần Nông nghiệp Xanh"


def test_lists_show_english_names_on_english_pages(client, login_as):
    parent = f.make_org("Tổng Công ty Mẹ", kind="enterprise", name_en="Parent Corporation")
    child = f.make_org("Công ty Con", kind="enterprise", name_en="Subsidiary Ltd")
    db.session.add(OrgOwnership(parent_id=parent.id, child_id=child.id, share_micro=1_000_000,
                                valid_from=date(2024, 1, 1)))
    officer = f.make_user("officer")
    officer.locale = "en"
    db.session.commit()
    login_as(officer)
    html = client.get("/funds/ownerships").get_data(as_text=True)
    assert "Parent Corporation" in html and "Subsidiary Ltd" in html
    assert "Tổng Công ty Mẹ" not in html

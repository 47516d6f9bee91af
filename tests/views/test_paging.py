"""Long lists count only up to platform.list_count_cap: exact below it, "more than N" past it,
and paging still walks every row in order."""
from ecosystem.extensions import db
from ecosystem.services.platform.settings import set_setting
from tests import factories as f


def _names(html: str, names) -> list[str]:
    return [n for n in names if n in html]


def test_directory_counts_exactly_below_the_cap_and_says_more_than_past_it(client):
    names = [f"Công ty Phân Trang {i:02d}" for i in range(25)]
    for name in names:
        f.make_org(name)
    db.session.commit()
    exact = client.get("/orgs/?q=phan+trang").get_data(as_text=True)
    assert "25 tổ chức" in exact and "Hơn" not in exact
    set_setting("platform.list_count_cap", 10, None)
    db.session.commit()
    first = client.get("/orgs/?q=phan+trang").get_data(as_text=True)
    assert "Hơn 10 tổ chức" in first
    assert _names(first, names) == names[:20]  # the page is still full, in name order
    second = client.get("/orgs/?q=phan+trang&page=2").get_data(as_text=True)
    assert _names(second, names) == names[20:]
    assert 'rel="prev"' in second and 'rel="next"' not in second


def test_people_list_is_capped_too(client):
    for i in range(4):
        f.make_person(f"Người Phân Trang {i}")
    db.session.commit()
    set_setting("platform.list_count_cap", 3, None)
    db.session.commit()
    html = client.get("/people/?q=phan+trang").get_data(as_text=True)
    assert "Hơn 3 người" in html
    assert all(f"Người Phân Trang {i}" in html for i in range(4))

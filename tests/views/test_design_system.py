"""The shared look: tokens and components from local files, tables in labelled scroll regions,
sortable tables marked for the script, empty states that say what to do, a favicon."""
import re
from pathlib import Path

from tests import factories as f

ROOT = Path(__file__).resolve().parent.parent.parent
CSS = ROOT / "static" / "css"


def test_stylesheets_are_local_and_built_on_tokens():
    app_css = (CSS / "app.css").read_text(encoding="utf-8")
    assert '@import url("tokens.css")' in app_css and '@import url("components.css")' in app_css
    tokens = (CSS / "tokens.css").read_text(encoding="utf-8")
    for token in ("--brand", "--ok", "--space-3", "--text-sm", "--radius"):
        assert token + ":" in tokens
    components = (CSS / "components.css").read_text(encoding="utf-8")
    for component in (".card", ".badge", "button", ".table-wrap", ".field", ".empty", ".pager", "@media print"):
        assert component in components
    for sheet in CSS.glob("*.css"):
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", sheet.read_text(encoding="utf-8")), sheet.name


def test_every_template_table_scrolls_inside_a_labelled_region():
    unwrapped = []
    for template in (ROOT / "templates").rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        for match in re.finditer(r"<table\b", text):
            opening = text[text.rfind("<div", 0, match.start()):match.start()]
            if not all(a in opening for a in ('role="region"', 'tabindex="0"', "aria-label=")):
                unwrapped.append(f"{template.relative_to(ROOT)}:{text.count(chr(10), 0, match.start()) + 1}")
    assert unwrapped == []


def test_a_sortable_list_loads_the_script_and_an_empty_one_says_what_to_do(client):
    f.make_org("Công ty Có Thật")
    html = client.get("/orgs/?q=khongcogitrungkhop").get_data(as_text=True)
    assert "data-sortable" in html and "/static/js/tables.js" in html
    assert 'class="empty"' in html and "Xoá bộ lọc" in html and 'href="/orgs/"' in html


def test_pages_without_sortable_tables_load_no_script(client):
    assert "<script" not in client.get("/privacy").get_data(as_text=True)


def test_favicon_is_linked_and_served(client):
    html = client.get("/privacy").get_data(as_text=True)
    assert 'rel="icon" href="/static/favicon.svg"' in html
    response = client.get("/static/favicon.svg")
    assert response.status_code == 200 and b"<svg" in response.data

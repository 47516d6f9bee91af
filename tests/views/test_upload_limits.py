"""Uploads through the pages: a too-large body is refused (413) with a page in the reader's language,
a resent form stores no second file, the organisation's quota is explained, orphan files are cleaned
(dry run first) by the CLI."""
import io
import os
import time
from pathlib import Path

import pytest

from ecosystem.extensions import db
from ecosystem.services.operations.archive import upload_files
from ecosystem.services.platform.settings import defaults, set_setting
from tests import factories as f
from tests.conftest import login
from tests.services.platform.test_uploads import PDF_MIN
from tests.views.test_funds_views import setup  # noqa: F401  (the two-enterprise fund fixture)


@pytest.fixture
def root(app, tmp_path) -> Path:
    app.config["UPLOAD_ROOT"] = str(tmp_path / "uploads")
    return tmp_path / "uploads"


def _client(app, user):
    client = app.test_client()
    assert login(client, user.email).status_code == 302
    return client


@pytest.mark.parametrize("locale, words", [("vi", "vượt quá 1.0 MB"), ("en", "more than 1.0 MB")])
def test_a_body_above_the_largest_file_limit_is_refused_before_it_is_read(app, root, locale, words):
    for key in defaults():
        if key.endswith("upload_max_bytes") or key.endswith("import_max_bytes"):
            set_setting(key, 1000, None)
    org = f.make_org("Startup Tệp Khổng Lồ")
    user = f.make_user("startup", manages=[org])
    user.locale = locale
    db.session.commit()
    response = _client(app, user).post(f"/startups/{org.slug}/profile/funding",
                                       data={"pitch_deck": (io.BytesIO(b"x" * (1024 * 1024 + 2000)), "big.pdf")},
                                       content_type="multipart/form-data")
    assert response.status_code == 413
    page = response.get_data(as_text=True)
    assert words in page
    assert upload_files(root) == {}


def test_the_default_limit_is_a_little_above_the_largest_file(app):
    largest = max(int(v) for k, v in defaults().items() if k.endswith("upload_max_bytes"))
    assert largest < app.config["MAX_CONTENT_LENGTH"] <= largest + 2 * 1024 * 1024


def test_a_resent_usage_form_keeps_one_voucher_file(setup, root, app):  # noqa: F811
    client = _client(app, setup["owner_a"])
    url = f"/funds/{setup['a']}"
    client.post(url + "/appropriations/new", data={
        "tax_year": "2022", "taxable_income": "2.000.000.000", "rate": "7,5", "cit_rate": "20", "key": "appr-1"})
    form = {"day": "2023-04-01", "amount": "100.000.000", "category": "training", "key": "use-1"}
    for _ in range(3):
        response = client.post(url + "/usages/new", data=dict(form, attachment=(io.BytesIO(PDF_MIN), "hd.pdf")),
                               content_type="multipart/form-data")
        assert response.status_code == 302
    assert len(upload_files(root)) == 1
    refused = client.post(url + "/usages/new", data={**form, "key": "use-2", "amount": "900.000.000",
                                                    "attachment": (io.BytesIO(PDF_MIN), "hd.pdf")},
                          content_type="multipart/form-data")
    assert refused.status_code == 200  # beyond the balance: refused, and its file not kept
    assert len(upload_files(root)) == 1 and not list(root.rglob("*.part-*"))


def test_the_quota_is_explained_in_the_readers_language(app, root):
    org = f.make_org("Startup Đầy Kho")
    user = f.make_user("startup", manages=[org])
    user.locale = "en"
    set_setting("platform.upload_quota_bytes_per_org", 10, None)
    db.session.commit()
    page = _client(app, user).post(f"/startups/{org.slug}/profile/funding",
                                   data={"pitch_deck": (io.BytesIO(PDF_MIN), "deck.pdf")},
                                   content_type="multipart/form-data").get_data(as_text=True)
    assert "storage allowance" in page
    assert upload_files(root) == {}


def test_uploads_clean_lists_first_then_removes_only_old_orphans(app, root):
    org = f.make_org("Startup Giữ Tệp")
    user = f.make_user("startup", manages=[org])
    db.session.commit()
    client = _client(app, user)
    client.post(f"/startups/{org.slug}/profile/funding", data={"pitch_deck": (io.BytesIO(PDF_MIN), "deck.pdf")},
                content_type="multipart/form-data")
    kept = set(upload_files(root))
    assert len(kept) == 1
    old_orphan = root / "ab" / ("ab" + "0" * 30 + ".pdf")
    young_orphan = root / "cd" / ("cd" + "0" * 30 + ".pdf")
    stale_temp = root / "ef" / ("ef" + "0" * 30 + ".pdf.part-123456")
    for path in (old_orphan, young_orphan, stale_temp):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x")
    two_days_ago = time.time() - 2 * 86400
    for path in (old_orphan, stale_temp, *(root / name for name in kept)):
        os.utime(path, (two_days_ago, two_days_ago))
    runner = app.test_cli_runner()
    dry = runner.invoke(args=["uploads-clean", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert old_orphan.name in dry.output and stale_temp.name in dry.output and "2 orphan file(s) would be removed" in dry.output
    assert old_orphan.exists() and stale_temp.exists()
    done = runner.invoke(args=["uploads-clean"])
    assert "2 orphan file(s) removed" in done.output
    assert not old_orphan.exists() and not stale_temp.exists() and young_orphan.exists()
    assert kept <= set(upload_files(root))

"""Uploaded bytes follow their rows: in place only after the commit, gone after a rollback, removed
when the document is deleted or replaced, capped per organisation."""
import io
from pathlib import Path

import pytest

from ecosystem.extensions import db
from ecosystem.services.certification import applications as apps
from ecosystem.services.operations.archive import upload_files
from ecosystem.services.platform.settings import set_setting
from ecosystem.services.platform.stored_files import file_path, store_upload
from ecosystem.services.platform.upload_quota import organisation_usage
from ecosystem.services.platform.uploads import UploadRejected
from ecosystem.services.support import onboarding
from ecosystem.services.techmart import offers
from tests import factories as f
from tests.services.certification.helpers import PDF, enterprise
from tests.services.certification.test_applications import ND268_DAY
from tests.services.platform.test_uploads import PDF_MIN, PNG_1x1
from tests.techmart_factories import make_offer


@pytest.fixture
def root(app, tmp_path) -> Path:
    app.config["UPLOAD_ROOT"] = str(tmp_path / "uploads")
    return tmp_path / "uploads"


def _names(root: Path) -> set[str]:
    return set(upload_files(root)) | {p.relative_to(root).as_posix() for p in root.rglob("*.part-*")}


def test_a_rolled_back_upload_leaves_no_file_and_a_committed_one_no_temporary(app, root):
    user = f.make_user()
    db.session.commit()
    row = store_upload(io.BytesIO(PDF_MIN), "a.pdf", "pitch_deck", user)
    assert not file_path(row).exists() and len(list(root.rglob("*.part-*"))) == 1  # staged only
    db.session.rollback()
    assert _names(root) == set()
    row = store_upload(io.BytesIO(PDF_MIN), "b.pdf", "pitch_deck", user)
    name = row.storage_name
    db.session.commit()
    assert _names(root) == {name}


def test_a_session_closed_without_commit_leaves_no_file(app, root):
    user = f.make_user()
    db.session.commit()
    store_upload(io.BytesIO(PDF_MIN), "a.pdf", "pitch_deck", user)
    db.session.close()
    assert _names(root) == set()


def test_a_deleted_certification_document_removes_its_file_after_commit_only(app, root):
    org, manager = enterprise()
    draft = apps.start_application(org, manager, ND268_DAY)
    document = apps.add_document(draft, "request_form", PDF, "don.pdf", manager)
    db.session.commit()
    path, document_id = apps.document_path(document), document.id
    apps.remove_document(draft, document_id, manager)
    assert path.exists()
    db.session.rollback()  # a refused removal keeps the file
    assert path.exists()
    apps.remove_document(db.session.get(type(draft), draft.id), document_id, manager)
    db.session.commit()
    assert not path.exists()


def test_a_replaced_pitch_deck_removes_the_old_file(app, root):
    org = f.make_org("Startup Đổi Deck")
    user = f.make_user("startup", manages=[org])
    db.session.commit()
    first = store_upload(io.BytesIO(PDF_MIN), "v1.pdf", "pitch_deck", user, organisation_id=org.id)
    onboarding.save_funding(org, {}, user, first)
    db.session.commit()
    old = file_path(first)
    assert old.exists()
    second = store_upload(io.BytesIO(PNG_1x1), "v2.png", "pitch_deck", user, organisation_id=org.id)
    onboarding.save_funding(org, {}, user, second)
    db.session.commit()
    assert not old.exists() and file_path(second).exists()
    assert _names(root) == {second.storage_name}


def test_a_removed_techmart_file_takes_its_bytes(app, root):
    uni = f.make_org("Trường Đại học Xoá Tệp", kind="university")
    user = f.make_user("startup", manages=[uni])
    offer = make_offer(org=uni)
    db.session.commit()
    link = offers.attach_file(offer, io.BytesIO(PDF_MIN), "ho-so.pdf", "document", user)
    db.session.commit()
    path = file_path(link.file)
    assert path.exists()
    offers.remove_file(link, user)
    db.session.commit()
    assert not path.exists() and _names(root) == set()


def test_the_organisation_quota_refuses_with_its_figures(app, root):
    org = f.make_org("Startup Hết Chỗ")
    user = f.make_user("startup", manages=[org])
    set_setting("platform.upload_quota_bytes_per_org", len(PDF_MIN) + 10, None)
    db.session.commit()
    store_upload(io.BytesIO(PDF_MIN), "a.pdf", "pitch_deck", user, organisation_id=org.id)
    db.session.commit()
    assert organisation_usage(org.id) == len(PDF_MIN)
    with pytest.raises(UploadRejected) as refused:
        store_upload(io.BytesIO(PDF_MIN), "b.pdf", "pitch_deck", user, organisation_id=org.id)
    assert refused.value.code == "upload.quota_exceeded"
    assert refused.value.params == {"used": len(PDF_MIN), "quota": len(PDF_MIN) + 10, "size": len(PDF_MIN)}
    other = f.make_org("Startup Còn Chỗ")
    store_upload(io.BytesIO(PDF_MIN), "c.pdf", "pitch_deck", user, organisation_id=other.id)  # its own quota

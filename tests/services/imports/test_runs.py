"""Bulk import against the database: dry run with planted faults writes nothing; a clean file is
written whole; a file that went bad between the dry run and the import writes nothing."""
import threading
from datetime import date

import pytest
from sqlalchemy import func, select

from ecosystem.extensions import db
from ecosystem.models import GraphChange, ImportRun, Organisation, Person, Relationship, User
from ecosystem.services.imports import runs as bulk_import
from ecosystem.services.platform.spreadsheets import to_csv_bytes, to_xlsx_bytes
from ecosystem.validators import tax_code_check_digit
from tests import factories as f


@pytest.fixture
def setup(app):
    app.config["IMPORT_INLINE"] = True
    f.make_sector("agritech", "Nông nghiệp công nghệ cao", "High-tech agriculture")
    f.make_sector("biotech", "Công nghệ sinh học", "Biotechnology")
    existing = f.make_org("Vườn ươm Có Sẵn", kind="incubator", tax_code=f.valid_tax_code())
    officer = f.make_user("officer")
    db.session.commit()
    return {"officer": officer, "existing": existing}


def counts():
    return tuple(db.session.scalar(select(func.count(m.id))) for m in (Organisation, Person, Relationship))


ORG_COLUMNS = [("name", "Tên tổ chức * (name)"), ("kind", "Loại tổ chức * (kind)"), ("tax_code", "Mã số thuế (tax_code)"),
               ("sectors", "Lĩnh vực (sectors)"), ("stage", "Giai đoạn (stage)"), ("founded_on", "Ngày thành lập (founded_on)")]


def test_planted_faults_are_all_reported_and_nothing_is_written(setup):
    good = f.valid_tax_code()
    rows = [
        {"name": "Startup Tốt", "kind": "startup", "tax_code": good, "sectors": "agritech", "stage": "seed", "founded_on": "01/02/2023"},
        {"name": "Sai Mã", "kind": "startup", "tax_code": good[:-1] + str((int(good[-1]) + 1) % 10)},
        {"name": "Lĩnh Vực Lạ", "kind": "startup", "sectors": "Du hành vũ trụ"},
        {"name": "Ngày Lạ", "kind": "startup", "founded_on": "30/02/2023"},
        {"name": "Trùng Mã", "kind": "startup", "tax_code": good},
        {"name": "vuon uom co san", "kind": "incubator", "tax_code": f.valid_tax_code()},
    ]
    before = counts()
    run = bulk_import.check_file("organisation", to_xlsx_bytes({"s": (ORG_COLUMNS, rows)}), "to-chuc.xlsx", setup["officer"])
    db.session.commit()
    found = {(p["row"], p["column"], p["code"]) for p in run.summary["problems"] if p["severity"] == "error"}
    assert found == {(3, "tax_code", "bad_tax_code"), (4, "sectors", "unknown_sector"),
                     (5, "founded_on", "bad_date"), (6, "tax_code", "duplicate_in_file"),
                     (7, "name", "name_taken")}
    assert run.error_count == 5 and run.status == "checked"
    with pytest.raises(bulk_import.ImportRefused):
        bulk_import.confirm(run, setup["officer"])
    assert counts() == before


def test_clean_file_creates_and_updates(setup):
    existing = setup["existing"]
    rows = [{"name": "Startup Mới Một", "kind": "startup", "tax_code": f.valid_tax_code(), "sectors": "agritech; Công nghệ sinh học",
             "stage": "Ươm mầm (seed)", "founded_on": "2023-02-01"},
            {"name": "Startup Mới Hai", "kind": "Startup", "tax_code": None, "sectors": None, "stage": "idea", "founded_on": None},
            {"name": "VƯỜN ƯƠM CÓ SẴN", "kind": "incubator", "tax_code": existing.tax_code, "sectors": "biotech",
             "stage": None, "founded_on": "15/06/2015"}]
    before = counts()
    run = bulk_import.check_file("organisation", to_csv_bytes(rows, ORG_COLUMNS), "to-chuc.csv", setup["officer"])
    db.session.commit()
    assert run.error_count == 0 and run.summary["counts"]["create"] == 2 and run.summary["counts"]["update"] == 1
    bulk_import.confirm(run, setup["officer"])
    db.session.commit()
    bulk_import.start(run)
    db.session.refresh(run)
    assert (run.status, run.created_count, run.updated_count, run.processed_rows) == ("done", 2, 1, 3)
    assert counts() == (before[0] + 2, before[1], before[2])
    one = db.session.scalar(select(Organisation).where(Organisation.name == "Startup Mới Một"))
    assert one.stage == "seed" and sorted(s.code for s in one.sectors) == ["agritech", "biotech"]
    assert one.startup is not None and one.status == "verified" and one.founded_on == date(2023, 2, 1)
    db.session.refresh(existing)
    assert existing.founded_on == date(2015, 6, 15) and [s.code for s in existing.sectors] == ["biotech"]
    assert existing.name == "VƯỜN ƯƠM CÓ SẴN"
    with pytest.raises(bulk_import.ImportRefused):
        bulk_import.confirm(run, setup["officer"])  # a run imports once


def test_a_file_that_went_bad_after_its_dry_run_writes_nothing(setup):
    code = f.valid_tax_code()
    rows = [{"name": "Startup A", "kind": "startup", "tax_code": None},
            {"name": "Startup B", "kind": "startup", "tax_code": code}]
    run = bulk_import.check_file("organisation", to_csv_bytes(rows, ORG_COLUMNS), "a.csv", setup["officer"])
    bulk_import.confirm(run, setup["officer"])
    db.session.commit()
    f.make_org("Startup B", tax_code=f.valid_tax_code())  # same name, other code: now a conflict
    db.session.commit()
    before = counts()
    bulk_import.start(run)
    db.session.refresh(run)
    assert run.status == "failed" and run.failure == "errors_on_recheck"
    assert counts() == before
    assert any(p["code"] == "name_taken" for p in run.summary["problems"])


def test_a_failure_half_way_rolls_back_the_whole_file(setup, monkeypatch):
    rows = [{"name": f"Startup Số {i}", "kind": "startup"} for i in range(30)]
    run = bulk_import.check_file("organisation", to_csv_bytes(rows, ORG_COLUMNS), "b.csv", setup["officer"])
    bulk_import.confirm(run, setup["officer"])
    db.session.commit()
    from ecosystem.services.imports import apply as bulk_apply
    original = bulk_apply._OrgWriter.create
    calls = {"n": 0}

    def explode(self, values):
        calls["n"] += 1
        if calls["n"] == 25:
            raise RuntimeError("disk full")
        return original(self, values)

    monkeypatch.setattr(bulk_apply._OrgWriter, "create", explode)
    before = counts()
    bulk_import.start(run)
    db.session.refresh(run)
    assert run.status == "failed" and "disk full" in run.failure
    assert counts() == before


def test_people_and_relationships(setup):
    startup = f.make_org("Startup Được Cố Vấn", tax_code=f.valid_tax_code())
    db.session.commit()
    people = [{"full_name": "Trần Cố Vấn", "email": "tcv@example.vn", "is_mentor": "có", "mentor_capacity": "3",
               "sectors": "agritech", "languages": "vi; en"},
              {"full_name": "Lê Đầu Tư", "email": "ldt@example.vn", "is_investor": "x", "ticket_min_vnd": "500.000.000",
               "ticket_max_vnd": "2.000.000.000"}]
    columns = ["full_name", "email", "is_mentor", "mentor_capacity", "sectors", "languages", "is_investor",
               "ticket_min_vnd", "ticket_max_vnd"]
    run = bulk_import.check_file("person", to_csv_bytes(people, columns), "nguoi.csv", setup["officer"])
    bulk_import.confirm(run, setup["officer"])
    db.session.commit()
    bulk_import.start(run)
    mentor = db.session.scalar(select(Person).where(Person.email == "tcv@example.vn"))
    assert mentor.mentor.capacity == 3 and mentor.languages == ["vi", "en"]
    investor = db.session.scalar(select(Person).where(Person.email == "ldt@example.vn"))
    assert (investor.investor.ticket_min_vnd, investor.investor.ticket_max_vnd) == (500_000_000, 2_000_000_000)
    ties = [{"kind": "mentor", "source": "tcv@example.vn", "target": startup.tax_code, "started_on": "01/03/2025"},
            {"kind": "investor", "source": "Lê Đầu Tư", "target": "startup duoc co van", "amount_vnd": "1.000.000.000"},
            {"kind": "resident", "source": startup.tax_code, "target": setup["existing"].tax_code},
            {"kind": "mentor", "source": "tcv@example.vn", "target": setup["existing"].name}]  # an incubator is no startup
    columns = ["kind", "source", "target", "started_on", "amount_vnd"]
    run = bulk_import.check_file("relationship", to_csv_bytes(ties, columns), "quan-he.csv", setup["officer"])
    assert [(p["row"], p["code"]) for p in run.summary["problems"] if p["severity"] == "error"] == [(5, "wrong_target_kind")]
    run = bulk_import.check_file("relationship", to_csv_bytes(ties[:3], columns), "quan-he.csv", setup["officer"])
    bulk_import.confirm(run, setup["officer"])
    db.session.commit()
    changes = db.session.scalar(select(func.count(GraphChange.id)))
    bulk_import.start(run)
    rels = db.session.scalars(select(Relationship).order_by(Relationship.id)).all()
    assert [(r.kind, r.source_person_id or r.source_org_id) for r in rels] == [
        ("mentor", mentor.id), ("investor", investor.id), ("resident", startup.id)]
    assert rels[1].amount_vnd == 1_000_000_000 and rels[0].started_on == date(2025, 3, 1)
    assert db.session.scalar(select(func.count(GraphChange.id))) == changes + 3  # the graph learns each tie


def test_unreadable_or_foreign_files_are_refused(setup):
    with pytest.raises(bulk_import.ImportRefused):
        bulk_import.check_file("organisation", b"%PDF-1.4", "a.pdf", setup["officer"])
    from ecosystem.services.imports.dry_run import ImportFileError
    with pytest.raises(ImportFileError):
        bulk_import.check_file("organisation", b"not a workbook", "a.xlsx", setup["officer"])
    assert db.session.scalar(select(func.count(ImportRun.id))) == 0


def distinct_tax_codes(count: int) -> list[str]:
    """Invented codes (prefix 96, apart from the factories' and the demo's blocks), each once."""
    codes = []
    for n in range(count * 2):
        digit = tax_code_check_digit(f"96{n:07d}")
        if digit is not None:
            codes.append(f"96{n:07d}{digit}")
    return codes[:count]


def test_ten_thousand_rows_import_with_progress(setup):
    rows = [{"name": f"Startup Tổng Hợp {i}", "kind": "startup", "tax_code": code, "sectors": "agritech",
             "stage": "seed", "founded_on": f"{1 + i % 28:02d}/{1 + i % 12:02d}/2022"}
            for i, code in enumerate(distinct_tax_codes(10_000))]
    book = to_xlsx_bytes({"s": (ORG_COLUMNS, rows)})
    run = bulk_import.check_file("organisation", book, "lon.xlsx", setup["officer"])
    assert run.error_count == 0, run.summary["problems"][:3]
    assert run.summary["counts"]["create"] == 10_000
    bulk_import.confirm(run, setup["officer"])
    db.session.commit()
    seen = []
    original = bulk_import.apply_rows

    def spy(kind, rows, *, chunk, on_chunk):
        return original(kind, rows, chunk=chunk, on_chunk=lambda n: (seen.append(n), on_chunk(n)))

    bulk_import.apply_rows = spy
    try:
        bulk_import.start(run)
    finally:
        bulk_import.apply_rows = original
    db.session.refresh(run)
    assert run.status == "done" and run.created_count == 10_000
    assert seen == list(range(500, 10_001, 500))  # progress after every chunk of dashboard.import_chunk_rows
    assert db.session.scalar(select(func.count(Organisation.id)).where(Organisation.kind == "startup")) == 10_000


def test_two_simultaneous_confirmations_queue_the_file_once(app, setup):
    """Two officers (or a double click) confirm at the same moment, each in its own session."""
    rows = [{"name": "Startup Một Lần", "kind": "startup"}]
    run = bulk_import.check_file("organisation", to_csv_bytes(rows, ORG_COLUMNS), "c.csv", setup["officer"])
    run_id, officer_id = run.id, setup["officer"].id
    db.session.commit()  # and touch no object after: on SQLite a refresh would hold the write lock
    barrier, results = threading.Barrier(2), []

    def confirm_in_own_session():
        with app.app_context():
            barrier.wait()
            try:
                mine = db.session.get(ImportRun, run_id)
                officer = db.session.get(User, officer_id)
                bulk_import.confirm(mine, officer)
                db.session.commit()
                results.append("queued")
            except bulk_import.ImportRefused:
                db.session.rollback()
                results.append("refused")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=confirm_in_own_session) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(results) == ["queued", "refused"]


def test_the_demo_sample_with_planted_faults(setup):
    from pathlib import Path
    sample = Path(__file__).resolve().parents[3] / "seeds" / "import_samples" / "to-chuc-co-loi.csv"
    run = bulk_import.check_file("organisation", sample.read_bytes(), sample.name, setup["officer"])
    found = {(p["row"], p["column"], p["code"]) for p in run.summary["problems"] if p["severity"] == "error"}
    assert found == {(3, "tax_code", "bad_tax_code"), (4, "sectors", "unknown_sector"), (5, "founded_on", "bad_date"),
                     (6, "tax_code", "duplicate_in_file"), (7, "name", "duplicate_in_file")}

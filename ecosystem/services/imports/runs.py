"""Bulk import of organisations, people and relationships: upload, dry run, then an all-or-nothing
import by the scheduler's process (imports/worker.py) with its progress visible to every worker.

The dry run (import_rules.validate_rows) is repeated just before writing, against the database
as it is then; any error and nothing is written. The rows are written in one transaction, so a
failure half-way leaves the directory as it was; progress goes to a small file beside the upload
(a database write would wait for that same transaction on SQLite).
"""
from __future__ import annotations

import json
import secrets
from pathlib import Path

from flask import current_app
from flask_babel import force_locale
from sqlalchemy import select, update

from ecosystem.extensions import db
from ecosystem.models import ImportRun, Organisation, Person, Relationship, Sector
from ecosystem.models import vocab as vocabularies
from ecosystem.services.imports import dry_run as rules
from ecosystem.services.platform.audit import log_action
from ecosystem.services.imports.apply import apply_rows
from ecosystem.services.directory.relations import TARGET_ORG_KINDS
from ecosystem.services.platform.errors import DomainError
from ecosystem.services.platform.settings import setting
from ecosystem.services.platform.uploads import sanitise_filename

VOCABULARIES = {"org_kind": vocabularies.ORG_KINDS, "stage": vocabularies.STAGES,
                "size_class": vocabularies.SIZE_CLASSES, "visibility": vocabularies.VISIBILITY,
                "language": vocabularies.LANGUAGES, "relation_kind": vocabularies.RELATION_KINDS}


class ImportRefused(DomainError):
    """A file or run refused before any row is looked at (kind, size, type, state)."""


def import_vocab() -> dict:
    """The vocabularies with their Vietnamese labels, which a file may use instead of codes."""
    with force_locale("vi"):
        return {name: {code: str(label) for code, label in table.items()} for name, table in VOCABULARIES.items()}


def known_sectors() -> dict:
    out = {}
    for sector in db.session.scalars(select(Sector)):
        out.update({sector.code: sector.id, sector.name_vi: sector.id, sector.name_en: sector.id})
    return out


def existing_index(kind: str) -> rules.ExistingIndex:
    """The records a file of this kind can match: organisations for organisations, people for
    people, and both with the ties in force for relationships (a 50,000-startup directory holds
    hundreds of thousands of ties that an organisation file never needs)."""
    wanted = {"organisation": ("org",), "person": ("person",)}.get(kind, ("org", "person", "rel"))
    orgs = db.session.execute(select(Organisation.id, Organisation.name, Organisation.tax_code)) \
        if "org" in wanted else ()
    people = db.session.execute(select(Person.id, Person.full_name, Person.email)) if "person" in wanted else ()
    ties = []
    if "rel" in wanted:
        rels = db.session.execute(select(Relationship.id, Relationship.kind, Relationship.source_person_id,
                                         Relationship.source_org_id, Relationship.target_person_id,
                                         Relationship.target_org_id).where(Relationship.ended_on.is_(None)))
        ties = [(rid, kind_, ("person", sp) if sp else ("org", so), ("person", tp) if tp else ("org", to))
                for rid, kind_, sp, so, tp, to in rels]
    return rules.ExistingIndex.from_records(orgs=orgs, people=people, relationships=ties)


def _folder() -> Path:
    folder = Path(current_app.config["UPLOAD_ROOT"]) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _file(run: ImportRun) -> Path:
    return _folder() / run.storage_name


def dry_run(kind: str, data: bytes, filename: str) -> rules.ImportReport:
    headers, rows = rules.read_table(data, filename, max_rows=int(setting("imports.max_rows")),
                                     max_unpacked_bytes=int(setting("imports.max_uncompressed_bytes")))
    report = rules.validate_rows(kind, rows, known_sectors(), existing_index(kind), vocab=import_vocab(),
                                 headers=headers)
    if kind == "relationship":
        _check_target_kinds(report)
    return report


def _check_target_kinds(report: rules.ImportReport) -> None:
    """Mentors mentor startups, residents live in incubators …: the kinds the model allows."""
    org_ids = {r.values["target_ref"][1] for r in report.rows if r.values.get("target_ref", ("",))[0] == "org"}
    kinds = dict(db.session.execute(select(Organisation.id, Organisation.kind)
                                    .where(Organisation.id.in_(org_ids))).all()) if org_ids else {}
    for result in report.rows:
        side, ident = result.values.get("target_ref", (None, None))
        allowed = TARGET_ORG_KINDS.get(result.values.get("kind"))
        if side == "org" and allowed and kinds.get(ident) not in allowed:
            problem = rules.Problem(result.row, "target", "wrong_target_kind",
                                    {"value": result.values.get("target"), "kinds": ", ".join(allowed)})
            result.problems.append(problem)
            result.action = "invalid"
            report.problems.append(problem)


def summarise(report: rules.ImportReport) -> dict:
    """What the run page shows: counts, every row's action (first N) and the problems (first N)."""
    limit = int(setting("dashboard.import_shown_problems"))
    return {"counts": report.counts(), "errors": len(report.errors), "warnings": len(report.warnings),
            "problems": [p.as_dict() for p in report.problems[:limit]],
            "rows": [{"row": r.row, "action": r.action, "target_id": r.target_id,
                      "name": str(r.values.get("name") or r.values.get("full_name")
                                  or f"{r.values.get('source', '')} → {r.values.get('target', '')}")}
                     for r in report.rows[:limit]]}


def check_file(kind: str, data: bytes, filename: str, actor) -> ImportRun:
    """Store the upload (outside static/, under a random name) and record its dry run."""
    if kind not in rules.SPECS:
        raise ImportRefused("unknown_kind")
    if len(data) > int(setting("dashboard.import_max_bytes")):
        raise ImportRefused("too_large")
    name = sanitise_filename(filename)
    suffix = Path(name).suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise ImportRefused("unsupported_file")
    report = dry_run(kind, data, name)  # raises ImportFileError for an unreadable file
    run = ImportRun(kind=kind, filename=name, storage_name=secrets.token_hex(16) + suffix,
                    total_rows=len(report.rows), error_count=len(report.errors), summary=summarise(report),
                    created_by_id=actor.id)
    _folder().joinpath(run.storage_name).write_bytes(data)
    db.session.add(run)
    db.session.flush()
    log_action(actor.id, "import.check", "import_run", run.id, kind=kind, errors=len(report.errors))
    return run


def confirm(run: ImportRun, actor) -> None:
    """Queue a checked run without errors (or one whose worker died: it failed, nothing was
    written); the caller commits and the scheduler's imports.run_queued job picks it up. The status
    moves in one conditional UPDATE, so a double click (or two officers) cannot queue the file twice."""
    if run.error_count:
        raise ImportRefused("has_errors")
    moved = db.session.execute(update(ImportRun).where(ImportRun.id == run.id,
                                                       ImportRun.status.in_(("checked", "failed")))
                               .values(status="queued", failure=None, processed_rows=0, claimed_by=None,
                                       heartbeat_at=None, started_at=None, finished_at=None)).rowcount
    if moved != 1:
        raise ImportRefused("not_checked")
    db.session.refresh(run)
    log_action(actor.id, "import.confirm", "import_run", run.id)


def stored_file(run: ImportRun) -> Path:
    return _file(run)


def progress_path(run: ImportRun) -> Path:
    """The small file beside the upload where the worker writes its progress and heartbeat."""
    return _file(run).with_suffix(".progress")


def progress_of(run: ImportRun) -> dict:
    """{"processed", "total"} from the progress file while running, else from the run."""
    path = progress_path(run)
    if run.status in ("queued", "running") and path.exists():
        try:
            data = json.loads(path.read_text())
            return {"processed": data["processed"], "total": data["total"]}
        except (ValueError, KeyError, TypeError):
            pass
    return {"processed": run.processed_rows, "total": run.total_rows}


def start(run: ImportRun) -> None:
    """Nothing to do in a web worker: the scheduler's process runs queued imports. With
    IMPORT_INLINE (tests, one-process development) the run is claimed and imported here and now."""
    if current_app.config.get("IMPORT_INLINE"):
        from ecosystem.services.imports import worker
        run_id = worker.claim_next(run.id)
        if run_id is not None:
            worker.execute(run_id, worker.owner())


def recent_runs(limit: int = 20) -> list[ImportRun]:
    return list(db.session.scalars(select(ImportRun).order_by(ImportRun.id.desc()).limit(limit)))


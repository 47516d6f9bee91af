"""flask commands: seed-demo, seed-synthetic, create-admin, scheduler, warm, run-job, backup, restore,
uploads-clean, privacy-retention, wards-unmapped."""
import click
from flask import Flask, current_app

from ecosystem.extensions import db


def register(app: Flask) -> None:
    for command in (seed_demo, create_admin, scheduler, warm_command, run_job, is_empty, backup, restore,
                    uploads_clean, privacy_retention, wards_unmapped):
        app.cli.add_command(command)
    try:
        from ecosystem.synthetic_cli import seed_synthetic
        app.cli.add_command(seed_synthetic)
    except ImportError:  # pragma: no cover - the synthetic loader is optional in a slim install
        pass


@click.command("seed-demo")
def seed_demo():
    """Load the demo ecosystem (real institutions, invented people and startups); idempotent."""
    from ecosystem.seeding import load_demo
    from ecosystem.services.platform.planner_statistics import refresh_planner_statistics
    result = load_demo(current_app.config["SEEDS_DIR"])
    db.session.commit()
    if result["loaded"]:
        refresh_planner_statistics()
        db.session.commit()
        click.echo(f"Demo loaded: {result['organisations']} organisations, "
                   f"{result['people']} people.")
    else:
        click.echo("Demo already loaded; nothing changed.")


@click.command("db-is-empty")
def is_empty():
    """Exit 0 when the database holds no organisation yet (make run seeds the demo then)."""
    from sqlalchemy import func, select
    from ecosystem.models import Organisation
    count = db.session.scalar(select(func.count(Organisation.id)))
    raise SystemExit(0 if count == 0 else 1)


@click.command("create-admin")
@click.option("--email", required=True)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
def create_admin(email: str, password: str):
    """Create an administrator account."""
    from ecosystem.services.accounts.credentials import AccountError, create_user
    try:
        create_user(email, password, roles=["admin"])
    except AccountError as error:
        raise click.ClickException(error.code)
    db.session.commit()
    click.echo(f"Admin {email} created.")


@click.command("scheduler")
@click.option("--no-warm", is_flag=True, help="Skip computing the derived data first.")
def scheduler(no_warm: bool):
    """Run the scheduled jobs; start exactly one of these per deployment. It first computes what
    pages read (graph snapshot, network figures, dashboard), as `flask warm` does."""
    from ecosystem.jobs import run_scheduler
    if not no_warm:
        from ecosystem.services.dashboard.derived import warm
        click.echo(warm())
    run_scheduler(current_app._get_current_object())


@click.command("warm")
def warm_command():
    """Compute once per deployment what the first visitor would otherwise wait for: the graph
    snapshot, network health and maps, the dashboard's figures. Run after `flask db upgrade`."""
    import json
    import time

    from ecosystem.services.dashboard.derived import warm
    started = time.perf_counter()
    done = warm()
    click.echo(json.dumps({**done, "seconds": round(time.perf_counter() - started, 1)}))


@click.command("run-job")
@click.argument("job_id")
def run_job(job_id: str):
    """Run one job of the table now (claimed like a scheduled fire)."""
    from ecosystem.jobs import claim_and_run, job_by_id
    from ecosystem.models.base import utcnow
    ran = claim_and_run(current_app._get_current_object(), job_by_id(job_id), utcnow())
    click.echo("ran" if ran else "already claimed for this minute")


@click.command("privacy-retention")
@click.option("--dry-run", is_flag=True, help="Only print what is past its retention time.")
def privacy_retention(dry_run: bool):
    """Remove or empty personal data past its retention setting (privacy.retention.*)."""
    from ecosystem.services.privacy import retention
    items = retention.plan()
    for item in items:
        click.echo(f"{item.code}: {item.count} (older than {item.cutoff:%Y-%m-%d}, {item.setting})")
    if dry_run:
        click.echo("Dry run: nothing changed.")
        return
    counts, files = retention.run_retention(items)
    click.echo(f"Done: {sum(counts.values())} records, {files} files removed.")


@click.command("backup")
@click.argument("target", type=click.Path(dir_okay=False, writable=True))
def backup(target: str):
    """Write one .tar.gz to TARGET: the database (SQLite online backup / pg_dump custom format), every
    file under UPLOAD_ROOT and manifest.json (schema revision, rows per table, SHA-256 of each file)."""
    from ecosystem.services.operations.backups import BackupError, create_backup
    from ecosystem.services.operations.database_dump import DumpError
    try:
        manifest = create_backup(target)
    except (BackupError, DumpError) as error:
        raise click.ClickException(str(error))
    click.echo(f"Backup written to {target}: {sum(manifest['tables'].values())} rows in "
               f"{len(manifest['tables'])} tables, {len(manifest['files'])} files, "
               f"schema {manifest['schema_revision']}")


@click.command("restore")
@click.argument("source", type=click.Path(exists=True, dir_okay=False))
@click.option("--force", is_flag=True, help="Overwrite a database or upload folder that is not empty.")
def restore(source: str, force: bool):
    """Restore a `flask backup` archive into an empty database and upload folder, then verify rows
    and checksums against its manifest."""
    from ecosystem.services.operations.backups import BackupError, restore_backup
    from ecosystem.services.operations.database_dump import DumpError
    try:
        result = restore_backup(source, force=force)
    except (BackupError, DumpError) as error:
        raise click.ClickException(str(error))
    for problem in result.problems:
        click.echo(f"  {problem}", err=True)
    if not result.ok:
        raise click.ClickException("restored, but the verification found differences (listed above)")
    click.echo(f"Restored {source}: {sum(result.manifest['tables'].values())} rows, "
               f"{len(result.manifest['files'])} files; rows and checksums verified.")


@click.command("uploads-clean")
@click.option("--dry-run", is_flag=True, help="Only print the orphan files that would be removed.")
def uploads_clean(dry_run: bool):
    """Remove upload files no record names (and staged leftovers), older than a day."""
    from ecosystem.services.operations.orphans import remove_orphans
    orphans = remove_orphans(dry_run=dry_run)
    for orphan in orphans:
        click.echo(f"{orphan.name}\t{orphan.size} bytes\t{orphan.age_hours} h")
    verb = "would be removed (dry run: nothing changed)" if dry_run else "removed"
    click.echo(f"{len(orphans)} orphan file(s) {verb}.")


@click.command("wards-unmapped")
def wards_unmapped():
    """List addresses in the city whose ward is not in the 2025 list, so an officer can correct them."""
    from ecosystem.services.directory.records import unmapped_wards
    rows = unmapped_wards()
    for kind, row_id, name, ward in rows:
        click.echo(f"{kind} #{row_id} {name}: {ward!r}")
    click.echo(f"{len(rows)} address(es) to correct.")

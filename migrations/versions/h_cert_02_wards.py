"""Addresses name a ward of the 2025 list: map the free-text wards, derive former province and district

Revision ID: h_cert_02
Revises: h_cert_01
"""
from alembic import op
import sqlalchemy as sa

revision = 'h_cert_02'
down_revision = 'h_cert_01'
branch_labels = None
depends_on = None


def map_wards(bind, table: str) -> list[tuple[int, str]]:
    """Rewrite each mappable ward as the list writes it; return the (id, ward) rows left as typed."""
    from ecosystem.services.directory.wards import derived_place, in_the_city
    rows = bind.execute(sa.text(f"SELECT id, ward, city FROM {table} WHERE ward IS NOT NULL AND ward <> ''")).all()
    unmapped = []
    for row_id, ward, city in rows:
        if not in_the_city(city):
            continue  # another province's ward: not this list's to judge
        place = derived_place(ward)
        if place is None:
            unmapped.append((row_id, ward))
            continue
        bind.execute(sa.text(f"UPDATE {table} SET ward = :ward, city = :city, former_province = :former_province, "
                             f"former_district = :former_district WHERE id = :id"), {**place, "id": row_id})
    return unmapped


def upgrade():
    bind = op.get_bind()
    for table in ("organisations", "people"):
        unmapped = map_wards(bind, table)
        if unmapped:
            # Alembic prints this during `flask db upgrade`; `flask wards-unmapped` lists them again.
            print(f"{table}: {len(unmapped)} ward value(s) not in the 2025 list, left as typed: "
                  + "; ".join(f"#{i} {w!r}" for i, w in unmapped[:50]))


def downgrade():
    pass  # the canonical names are valid free text: nothing to undo

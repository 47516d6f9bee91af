"""Fast at 50,000 startups: the graph snapshot table, indexes for the directory's orderings and
accent-insensitive search through pg_trgm (GIN on the folded search keys; a plain index on SQLite).

Revision ID: h_perf_01
Revises: h_techmart_01
Create Date: 2026-12-04 17:30:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'h_perf_01'
down_revision = 'h_techmart_01'
branch_labels = None
depends_on = None

TRIGRAM = {"ix_organisations_search_trgm": "organisations", "ix_people_search_trgm": "people"}


def upgrade():
    op.create_table(
        'graph_snapshots',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('built_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('build_seconds', sa.Integer(), nullable=False),
        sa.Column('size_bytes', sa.Integer(), nullable=False),
        sa.Column('payload', sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_graph_snapshots')),
    )
    op.create_index('ix_organisations_name', 'organisations', ['name'])
    op.create_index('ix_organisations_kind_name', 'organisations', ['kind', 'name'])
    op.create_index('ix_people_full_name', 'people', ['full_name'])
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('CREATE EXTENSION IF NOT EXISTS pg_trgm')
    for name, table in TRIGRAM.items():
        op.create_index(name, table, ['search_key'], postgresql_using='gin',
                        postgresql_ops={'search_key': 'gin_trgm_ops'})


def downgrade():
    for name, table in TRIGRAM.items():
        op.drop_index(name, table_name=table)
    op.drop_index('ix_people_full_name', table_name='people')
    op.drop_index('ix_organisations_kind_name', table_name='organisations')
    op.drop_index('ix_organisations_name', table_name='organisations')
    op.drop_table('graph_snapshots')

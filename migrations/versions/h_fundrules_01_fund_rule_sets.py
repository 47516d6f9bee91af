"""fund rule sets installed by an admin (the shipped ones stay in seeds/funds/rule_sets)

Revision ID: h_fundrules_01
Revises: h_privacy_01
Create Date: 2026-11-27 09:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'h_fundrules_01'
down_revision = 'h_privacy_01'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('fund_rule_sets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=60), nullable=False),
    sa.Column('document', sa.JSON(), nullable=False),
    sa.Column('installed_by_id', sa.Integer(), nullable=True),
    sa.Column('installed_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['installed_by_id'], ['users.id'], name=op.f('fk_fund_rule_sets_installed_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_fund_rule_sets')),
    sa.UniqueConstraint('code', name=op.f('uq_fund_rule_sets_code'))
    )


def downgrade():
    op.drop_table('fund_rule_sets')

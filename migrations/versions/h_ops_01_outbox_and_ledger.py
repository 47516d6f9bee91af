"""Outbox delivery after commit; job runs with start times; the fund ledger append-only in the database

Revision ID: h_ops_01
Revises: h_cert_02
"""
from alembic import op
import sqlalchemy as sa

revision = 'h_ops_01'
down_revision = 'h_cert_02'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('message_id', sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column('attempts', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f('ix_outbox_messages_status'), ['status'], unique=False)
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.alter_column('attempts', server_default=None)
    with op.batch_alter_table('job_claims', schema=None) as batch_op:
        batch_op.add_column(sa.Column('started_at', sa.DateTime(timezone=True), nullable=True))
    from ecosystem.models.funds import append_only_ddl
    for statement in append_only_ddl(op.get_bind().dialect.name):
        op.execute(statement)


def downgrade():
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('DROP TRIGGER IF EXISTS fund_entries_append_only ON fund_entries')
        op.execute('DROP FUNCTION IF EXISTS fund_entries_append_only()')
    else:
        op.execute('DROP TRIGGER IF EXISTS fund_entries_no_update')
        op.execute('DROP TRIGGER IF EXISTS fund_entries_no_delete')
    with op.batch_alter_table('job_claims', schema=None) as batch_op:
        batch_op.drop_column('started_at')
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbox_messages_status'))
        batch_op.drop_column('sent_at')
        batch_op.drop_column('next_attempt_at')
        batch_op.drop_column('attempts')
        batch_op.drop_column('message_id')

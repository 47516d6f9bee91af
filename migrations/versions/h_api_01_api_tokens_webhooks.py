"""The API: personal access tokens (hashed), replayed creates under an Idempotency-Key, webhooks and
their queued deliveries.

Revision ID: h_api_01
Revises: h_ops_b_01
"""
from alembic import op
import sqlalchemy as sa

revision = 'h_api_01'
down_revision = 'h_ops_b_01'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'api_tokens',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=80), nullable=False),
        sa.Column('prefix', sa.String(length=12), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('scopes', sa.String(length=400), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('expires_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('last_used_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_api_tokens_user_id_users'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_api_tokens')),
        sa.UniqueConstraint('token_hash', name=op.f('uq_api_tokens_token_hash')),
    )
    op.create_index(op.f('ix_api_tokens_user_id'), 'api_tokens', ['user_id'], unique=False)
    op.create_table(
        'api_idempotent_responses',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('key', sa.String(length=200), nullable=False),
        sa.Column('request_path', sa.String(length=400), nullable=False),
        sa.Column('status', sa.Integer(), nullable=False),
        sa.Column('body', sa.JSON(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                                name=op.f('fk_api_idempotent_responses_user_id_users'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_api_idempotent_responses')),
        sa.UniqueConstraint('user_id', 'key', name='uq_api_idempotent_user_key'),
    )

    op.create_table(
        'api_webhooks',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=True),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('url', sa.String(length=500), nullable=False),
        sa.Column('events', sa.String(length=400), nullable=False),
        sa.Column('secret', sa.String(length=80), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('disabled_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'],
                                name=op.f('fk_api_webhooks_organisation_id_organisations'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['created_by_id'], ['users.id'],
                                name=op.f('fk_api_webhooks_created_by_id_users'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_api_webhooks')),
    )
    op.create_index(op.f('ix_api_webhooks_organisation_id'), 'api_webhooks', ['organisation_id'], unique=False)
    op.create_table(
        'api_webhook_deliveries',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('webhook_id', sa.Integer(), nullable=False),
        sa.Column('event', sa.String(length=60), nullable=False),
        sa.Column('payload', sa.JSON(), nullable=False),
        sa.Column('state', sa.String(length=12), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('response_code', sa.Integer(), nullable=True),
        sa.Column('response_excerpt', sa.Text(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('delivered_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['webhook_id'], ['api_webhooks.id'],
                                name=op.f('fk_api_webhook_deliveries_webhook_id_api_webhooks'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_api_webhook_deliveries')),
    )
    op.create_index(op.f('ix_api_webhook_deliveries_webhook_id'), 'api_webhook_deliveries', ['webhook_id'],
                    unique=False)
    op.create_index(op.f('ix_api_webhook_deliveries_next_attempt_at'), 'api_webhook_deliveries',
                    ['next_attempt_at'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_api_webhook_deliveries_next_attempt_at'), table_name='api_webhook_deliveries')
    op.drop_index(op.f('ix_api_webhook_deliveries_webhook_id'), table_name='api_webhook_deliveries')
    op.drop_table('api_webhook_deliveries')
    op.drop_index(op.f('ix_api_webhooks_organisation_id'), table_name='api_webhooks')
    op.drop_table('api_webhooks')
    op.drop_table('api_idempotent_responses')
    op.drop_index(op.f('ix_api_tokens_user_id'), table_name='api_tokens')
    op.drop_table('api_tokens')

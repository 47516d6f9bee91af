"""Reaching people: notification preferences and the digest flag, outbox headers and broadcast id,
per-person reach profile (Zalo number, calendar feed secret), external identities (OIDC),
saved audiences and broadcasts.

Revision ID: h_notify_01
Revises: h_perf_01
Create Date: 2026-12-04 18:15:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'h_notify_01'
down_revision = 'h_perf_01'
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade():
    op.create_table(
        'notification_preferences',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=30), nullable=False),
        sa.Column('in_app', sa.Boolean(), nullable=False),
        sa.Column('email', sa.Boolean(), nullable=False),
        sa.Column('zalo', sa.Boolean(), nullable=False),
        sa.Column('digest', sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_notification_preferences_user_id_users'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_notification_preferences')),
        sa.UniqueConstraint('user_id', 'kind', name=op.f('uq_notification_preferences_user_id_kind')))
    op.create_index(op.f('ix_notification_preferences_user_id'), 'notification_preferences', ['user_id'])
    op.create_table(
        'reach_profiles',
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('zalo_phone', sa.String(length=16), nullable=True),
        sa.Column('zalo_consent_id', sa.Integer(), nullable=True),
        sa.Column('calendar_token_hash', sa.String(length=64), nullable=True),
        sa.Column('calendar_created_at', TZ, nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_reach_profiles_user_id_users'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['zalo_consent_id'], ['consents.id'],
                                name=op.f('fk_reach_profiles_zalo_consent_id_consents')),
        sa.PrimaryKeyConstraint('user_id', name=op.f('pk_reach_profiles')),
        sa.UniqueConstraint('calendar_token_hash', name=op.f('uq_reach_profiles_calendar_token_hash')))
    op.create_table(
        'external_identities',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('provider', sa.String(length=40), nullable=False),
        sa.Column('subject', sa.String(length=255), nullable=False),
        sa.Column('email', sa.String(length=254), nullable=True),
        sa.Column('linked_at', TZ, nullable=False),
        sa.Column('how', sa.String(length=20), nullable=False),
        sa.Column('last_used_at', TZ, nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_external_identities_user_id_users'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_external_identities')),
        sa.UniqueConstraint('provider', 'subject', name=op.f('uq_external_identities_provider_subject')))
    op.create_index(op.f('ix_external_identities_user_id'), 'external_identities', ['user_id'])
    op.create_table(
        'audiences',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('ref_id', sa.Integer(), nullable=True),
        sa.Column('criteria', sa.JSON(), nullable=True),
        sa.Column('created_by_id', sa.Integer(), nullable=False),
        sa.Column('created_at', TZ, nullable=False),
        sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_audiences_created_by_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_audiences')))
    op.create_index(op.f('ix_audiences_created_by_id'), 'audiences', ['created_by_id'])
    op.create_table(
        'broadcasts',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('audience_id', sa.Integer(), nullable=False),
        sa.Column('subject', sa.String(length=300), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('subject_en', sa.String(length=300), nullable=True),
        sa.Column('body_en', sa.Text(), nullable=True),
        sa.Column('reply_to', sa.String(length=254), nullable=True),
        sa.Column('created_by_id', sa.Integer(), nullable=False),
        sa.Column('created_at', TZ, nullable=False),
        sa.Column('sent_at', TZ, nullable=True),
        sa.Column('recipient_count', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['audience_id'], ['audiences.id'], name=op.f('fk_broadcasts_audience_id_audiences')),
        sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_broadcasts_created_by_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_broadcasts')))
    op.create_index(op.f('ix_broadcasts_audience_id'), 'broadcasts', ['audience_id'])
    op.create_index(op.f('ix_broadcasts_created_by_id'), 'broadcasts', ['created_by_id'])
    with op.batch_alter_table('notifications') as batch_op:
        batch_op.add_column(sa.Column('digest_pending', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('digested_at', TZ, nullable=True))
        batch_op.create_index(batch_op.f('ix_notifications_digest_pending'), ['digest_pending'])
    with op.batch_alter_table('outbox_messages') as batch_op:
        batch_op.add_column(sa.Column('headers', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('broadcast_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_outbox_messages_broadcast_id'), ['broadcast_id'])
        batch_op.create_foreign_key(batch_op.f('fk_outbox_messages_broadcast_id_broadcasts'), 'broadcasts',
                                    ['broadcast_id'], ['id'])


def downgrade():
    with op.batch_alter_table('outbox_messages') as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_outbox_messages_broadcast_id_broadcasts'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_outbox_messages_broadcast_id'))
        batch_op.drop_column('broadcast_id')
        batch_op.drop_column('headers')
    with op.batch_alter_table('notifications') as batch_op:
        batch_op.drop_index(batch_op.f('ix_notifications_digest_pending'))
        batch_op.drop_column('digested_at')
        batch_op.drop_column('digest_pending')
    for table in ('broadcasts', 'audiences', 'external_identities', 'reach_profiles', 'notification_preferences'):
        op.drop_table(table)

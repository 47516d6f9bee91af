"""ISO 9001 / ISO 56000 certificates won with programme support; support types become data

Revision ID: h_cert_01
Revises: h_fundrules_01
"""
from alembic import op
import sqlalchemy as sa

revision = 'h_cert_01'
down_revision = 'h_fundrules_01'
branch_labels = None
depends_on = None

OLD_TYPES = ('training', 'mentoring', 'ip', 'standards', 'technology', 'space', 'investment', 'trade',
             'media', 'event', 'certification', 'fund_setup')


def upgrade():
    # The support type list lives in seeds/support_types.json and is checked by the service, so a
    # new type (iso_adoption now, more later) needs no schema change.
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('ALTER TABLE support_requests DROP CONSTRAINT IF EXISTS ck_support_requests_support_type')
        op.alter_column('support_requests', 'type_code', type_=sa.String(length=24),
                        existing_type=sa.String(length=24), existing_nullable=False)
    else:
        with op.batch_alter_table('support_requests', recreate='always') as batch:
            batch.alter_column('type_code', type_=sa.String(length=24), existing_nullable=False,
                               existing_type=sa.Enum(*OLD_TYPES, name='support_type', native_enum=False,
                                                     create_constraint=True, length=24))
    op.create_table('standard_certificates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('support_request_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('standard', sa.Enum('iso_9001', 'iso_56001', 'iso_56002', name='standard_code', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('certification_body', sa.String(length=200), nullable=False),
    sa.Column('certificate_number', sa.String(length=80), nullable=False),
    sa.Column('issued_on', sa.Date(), nullable=False),
    sa.Column('expires_on', sa.Date(), nullable=True),
    sa.Column('co_funding_vnd', sa.BigInteger(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('co_funding_vnd >= 0', name=op.f('ck_standard_certificates_co_funding_not_negative')),
    sa.CheckConstraint('expires_on IS NULL OR expires_on > issued_on', name=op.f('ck_standard_certificates_expires_after_issue')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_standard_certificates_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_standard_certificates_recorded_by_id_users')),
    sa.ForeignKeyConstraint(['support_request_id'], ['support_requests.id'], name=op.f('fk_standard_certificates_support_request_id_support_requests')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_standard_certificates')),
    sa.UniqueConstraint('support_request_id', name=op.f('uq_standard_certificates_support_request_id'))
    )
    with op.batch_alter_table('standard_certificates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_standard_certificates_issued_on'), ['issued_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_standard_certificates_organisation_id'), ['organisation_id'], unique=False)


def downgrade():
    with op.batch_alter_table('standard_certificates', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_standard_certificates_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_standard_certificates_issued_on'))
    op.drop_table('standard_certificates')

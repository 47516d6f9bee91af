"""IP records, laboratories with lab-time requests, international partners and the terms of their
cooperation agreements (relationship kind 'cooperation_agreement': the kind CHECK is rewritten here),
and the Techmart digest's one-row-per-edition-and-recipient sends.

Revision ID: h_tech_01
Revises: h_notify_01
Create Date: 2026-12-04 17:16:09.517873

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'h_tech_01'
down_revision = 'h_notify_01'
branch_labels = None
depends_on = None

OLD_KINDS = ('founder', 'employee', 'member', 'mentor', 'investor', 'resident', 'club_member', 'partner',
             'alumnus', 'family', 'technology_transfer')
NEW_KINDS = OLD_KINDS + ('cooperation_agreement',)


def _relation_kinds(kinds) -> None:
    """Rewrite the CHECK constraint of relationships.kind (batch mode, so SQLite copies the table)."""
    values = ", ".join(f"'{kind}'" for kind in kinds)
    with op.batch_alter_table('relationships') as batch_op:
        batch_op.drop_constraint(op.f('ck_relationships_relation_kind'), type_='check')
        batch_op.create_check_constraint(op.f('ck_relationships_relation_kind'), f"kind IN ({values})")


def upgrade():
    _relation_kinds(NEW_KINDS)
    op.create_table('international_partners',
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('country', sa.String(length=2), nullable=False),
    sa.Column('partner_kind', sa.Enum('university', 'research_institute', 'enterprise', 'government', 'international_org', 'innovation_agency', 'investor', name='partner_kind', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('length(country) = 2', name=op.f('ck_international_partners_country_alpha2')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_international_partners_organisation_id_organisations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('organisation_id', name=op.f('pk_international_partners'))
    )
    with op.batch_alter_table('international_partners', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_international_partners_country'), ['country'], unique=False)

    op.create_table('labs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('equipment', sa.Text(), nullable=True),
    sa.Column('services', sa.Text(), nullable=True),
    sa.Column('accreditation', sa.String(length=120), nullable=True),
    sa.Column('certificate_number', sa.String(length=60), nullable=True),
    sa.Column('accreditation_expires_on', sa.Date(), nullable=True),
    sa.Column('recognition_number', sa.String(length=60), nullable=True),
    sa.Column('recognition_date', sa.Date(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_labs_created_by_id_users')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_labs_organisation_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_labs'))
    )
    with op.batch_alter_table('labs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_labs_accreditation_expires_on'), ['accreditation_expires_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_labs_active'), ['active'], unique=False)
        batch_op.create_index(batch_op.f('ix_labs_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('techmart_digest_sends',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('edition', sa.String(length=7), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_techmart_digest_sends_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_techmart_digest_sends')),
    sa.UniqueConstraint('edition', 'user_id', name=op.f('uq_techmart_digest_sends_edition_user_id'))
    )
    with op.batch_alter_table('techmart_digest_sends', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_techmart_digest_sends_edition'), ['edition'], unique=False)
        batch_op.create_index(batch_op.f('ix_techmart_digest_sends_user_id'), ['user_id'], unique=False)

    op.create_table('cooperation_agreements',
    sa.Column('relationship_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('scope', sa.Text(), nullable=False),
    sa.Column('signed_on', sa.Date(), nullable=False),
    sa.Column('expires_on', sa.Date(), nullable=True),
    sa.CheckConstraint('expires_on IS NULL OR expires_on >= signed_on', name=op.f('ck_cooperation_agreements_expiry_after_signing')),
    sa.ForeignKeyConstraint(['relationship_id'], ['relationships.id'], name=op.f('fk_cooperation_agreements_relationship_id_relationships'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('relationship_id', name=op.f('pk_cooperation_agreements'))
    )
    with op.batch_alter_table('cooperation_agreements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cooperation_agreements_signed_on'), ['signed_on'], unique=False)

    op.create_table('ip_records',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('ip_type', sa.Enum('patent', 'utility_solution', 'industrial_design', 'trademark', 'plant_variety', 'layout_design', 'geographical_indication', name='ip_record_type', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('number', sa.String(length=60), nullable=False),
    sa.Column('filing_date', sa.Date(), nullable=False),
    sa.Column('grant_date', sa.Date(), nullable=True),
    sa.Column('status', sa.Enum('filed', 'examining', 'granted', 'refused', 'withdrawn', 'expired', name='ip_record_status', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('support_request_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status <> 'granted' OR grant_date IS NOT NULL", name=op.f('ck_ip_records_granted_dated')),
    sa.CheckConstraint('(organisation_id IS NULL) <> (person_id IS NULL)', name=op.f('ck_ip_records_one_owner')),
    sa.CheckConstraint('grant_date IS NULL OR grant_date >= filing_date', name=op.f('ck_ip_records_grant_after_filing')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_ip_records_created_by_id_users')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_ip_records_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_ip_records_person_id_people')),
    sa.ForeignKeyConstraint(['support_request_id'], ['support_requests.id'], name=op.f('fk_ip_records_support_request_id_support_requests')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ip_records')),
    sa.UniqueConstraint('support_request_id', name=op.f('uq_ip_records_support_request_id'))
    )
    with op.batch_alter_table('ip_records', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ip_records_filing_date'), ['filing_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_ip_records_grant_date'), ['grant_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_ip_records_ip_type'), ['ip_type'], unique=False)
        batch_op.create_index(batch_op.f('ix_ip_records_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_ip_records_person_id'), ['person_id'], unique=False)

    op.create_table('lab_requests',
    sa.Column('support_request_id', sa.Integer(), nullable=False),
    sa.Column('lab_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['lab_id'], ['labs.id'], name=op.f('fk_lab_requests_lab_id_labs')),
    sa.ForeignKeyConstraint(['support_request_id'], ['support_requests.id'], name=op.f('fk_lab_requests_support_request_id_support_requests'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('support_request_id', name=op.f('pk_lab_requests'))
    )
    with op.batch_alter_table('lab_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lab_requests_lab_id'), ['lab_id'], unique=False)

    op.create_table('lab_sectors',
    sa.Column('lab_id', sa.Integer(), nullable=False),
    sa.Column('sector_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['lab_id'], ['labs.id'], name=op.f('fk_lab_sectors_lab_id_labs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['sector_id'], ['sectors.id'], name=op.f('fk_lab_sectors_sector_id_sectors')),
    sa.PrimaryKeyConstraint('lab_id', 'sector_id', name=op.f('pk_lab_sectors'))
    )


def downgrade():
    op.drop_table('lab_sectors')
    with op.batch_alter_table('lab_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lab_requests_lab_id'))

    op.drop_table('lab_requests')
    with op.batch_alter_table('ip_records', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ip_records_person_id'))
        batch_op.drop_index(batch_op.f('ix_ip_records_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_ip_records_ip_type'))
        batch_op.drop_index(batch_op.f('ix_ip_records_grant_date'))
        batch_op.drop_index(batch_op.f('ix_ip_records_filing_date'))

    op.drop_table('ip_records')
    with op.batch_alter_table('cooperation_agreements', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cooperation_agreements_signed_on'))

    op.drop_table('cooperation_agreements')
    with op.batch_alter_table('techmart_digest_sends', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_techmart_digest_sends_user_id'))
        batch_op.drop_index(batch_op.f('ix_techmart_digest_sends_edition'))

    op.drop_table('techmart_digest_sends')
    with op.batch_alter_table('labs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_labs_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_labs_active'))
        batch_op.drop_index(batch_op.f('ix_labs_accreditation_expires_on'))

    op.drop_table('labs')
    with op.batch_alter_table('international_partners', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_international_partners_country'))

    op.drop_table('international_partners')
    op.execute("DELETE FROM relationships WHERE kind = 'cooperation_agreement'")
    _relation_kinds(OLD_KINDS)

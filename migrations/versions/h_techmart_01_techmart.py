"""The technology market: offers, demands, contact requests, deals and their history, Techmart
sessions with booths and meeting slots; and the relationship kind 'technology_transfer' that a
signed contract adds to the graph (the kind is a CHECK constraint, so it is rewritten here).

Revision ID: h_techmart_01
Revises: h_ops_01
Create Date: 2026-12-04 14:42:09.394311

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'h_techmart_01'
down_revision = 'h_ops_01'
branch_labels = None
depends_on = None

OLD_KINDS = ('founder', 'employee', 'member', 'mentor', 'investor', 'resident', 'club_member', 'partner',
             'alumnus', 'family')
NEW_KINDS = OLD_KINDS + ('technology_transfer',)


def _relation_kinds(kinds) -> None:
    """Rewrite the CHECK constraint of relationships.kind (batch mode, so SQLite copies the table)."""
    values = ", ".join(f"'{kind}'" for kind in kinds)
    with op.batch_alter_table('relationships') as batch_op:
        batch_op.drop_constraint(op.f('ck_relationships_relation_kind'), type_='check')
        batch_op.create_check_constraint(op.f('ck_relationships_relation_kind'), f"kind IN ({values})")


def upgrade():
    _relation_kinds(NEW_KINDS)
    op.create_table('tech_demands',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('problem', sa.Text(), nullable=False),
    sa.Column('trl_wanted', sa.Integer(), nullable=False),
    sa.Column('budget_min_vnd', sa.BigInteger(), nullable=True),
    sa.Column('budget_max_vnd', sa.BigInteger(), nullable=True),
    sa.Column('deadline', sa.Date(), nullable=True),
    sa.Column('fund_cofunding', sa.Boolean(), nullable=False),
    sa.Column('status', sa.Enum('open', 'closed', name='tech_demand_status', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('budget_max_vnd IS NULL OR budget_min_vnd IS NULL OR budget_max_vnd >= budget_min_vnd', name=op.f('ck_tech_demands_budget_max_vnd_order')),
    sa.CheckConstraint('budget_min_vnd IS NULL OR budget_min_vnd >= 0', name=op.f('ck_tech_demands_budget_min_vnd_nonneg')),
    sa.CheckConstraint('trl_wanted BETWEEN 1 AND 9', name=op.f('ck_tech_demands_trl_range')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_tech_demands_created_by_id_users')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_tech_demands_organisation_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tech_demands'))
    )
    with op.batch_alter_table('tech_demands', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tech_demands_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_tech_demands_status'), ['status'], unique=False)

    op.create_table('tech_offers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('trl', sa.Integer(), nullable=False),
    sa.Column('ip_status', sa.Enum('none', 'application', 'patent', 'utility_solution', 'industrial_design', 'know_how', name='tech_ip_status', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('ip_number', sa.String(length=60), nullable=True),
    sa.Column('ip_date', sa.Date(), nullable=True),
    sa.Column('transfer_forms', sa.JSON(), nullable=False),
    sa.Column('price_min_vnd', sa.BigInteger(), nullable=True),
    sa.Column('price_max_vnd', sa.BigInteger(), nullable=True),
    sa.Column('status', sa.Enum('published', 'withdrawn', name='tech_offer_status', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('search_key', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("ip_status IN ('none', 'know_how') OR (ip_number IS NOT NULL AND ip_date IS NOT NULL)", name=op.f('ck_tech_offers_ip_numbered')),
    sa.CheckConstraint('price_max_vnd IS NULL OR price_min_vnd IS NULL OR price_max_vnd >= price_min_vnd', name=op.f('ck_tech_offers_price_max_vnd_order')),
    sa.CheckConstraint('price_min_vnd IS NULL OR price_min_vnd >= 0', name=op.f('ck_tech_offers_price_min_vnd_nonneg')),
    sa.CheckConstraint('trl BETWEEN 1 AND 9', name=op.f('ck_tech_offers_trl_range')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_tech_offers_created_by_id_users')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_tech_offers_organisation_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tech_offers'))
    )
    with op.batch_alter_table('tech_offers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tech_offers_ip_status'), ['ip_status'], unique=False)
        batch_op.create_index(batch_op.f('ix_tech_offers_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_tech_offers_status'), ['status'], unique=False)

    op.create_table('tech_contact_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('offer_id', sa.Integer(), nullable=False),
    sa.Column('requester_org_id', sa.Integer(), nullable=False),
    sa.Column('demand_id', sa.Integer(), nullable=True),
    sa.Column('requested_by_id', sa.Integer(), nullable=True),
    sa.Column('message', sa.Text(), nullable=True),
    sa.Column('status', sa.Enum('requested', 'accepted', 'declined', 'withdrawn', name='tech_contact_status', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_tech_contact_requests_decided_by_id_users')),
    sa.ForeignKeyConstraint(['demand_id'], ['tech_demands.id'], name=op.f('fk_tech_contact_requests_demand_id_tech_demands'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['offer_id'], ['tech_offers.id'], name=op.f('fk_tech_contact_requests_offer_id_tech_offers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['requested_by_id'], ['users.id'], name=op.f('fk_tech_contact_requests_requested_by_id_users')),
    sa.ForeignKeyConstraint(['requester_org_id'], ['organisations.id'], name=op.f('fk_tech_contact_requests_requester_org_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tech_contact_requests'))
    )
    with op.batch_alter_table('tech_contact_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tech_contact_requests_offer_id'), ['offer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_tech_contact_requests_requester_org_id'), ['requester_org_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_tech_contact_requests_status'), ['status'], unique=False)

    op.create_table('tech_demand_sectors',
    sa.Column('demand_id', sa.Integer(), nullable=False),
    sa.Column('sector_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['demand_id'], ['tech_demands.id'], name=op.f('fk_tech_demand_sectors_demand_id_tech_demands'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['sector_id'], ['sectors.id'], name=op.f('fk_tech_demand_sectors_sector_id_sectors')),
    sa.PrimaryKeyConstraint('demand_id', 'sector_id', name=op.f('pk_tech_demand_sectors'))
    )
    op.create_table('tech_offer_files',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('offer_id', sa.Integer(), nullable=False),
    sa.Column('file_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.ForeignKeyConstraint(['file_id'], ['uploaded_files.id'], name=op.f('fk_tech_offer_files_file_id_uploaded_files')),
    sa.ForeignKeyConstraint(['offer_id'], ['tech_offers.id'], name=op.f('fk_tech_offer_files_offer_id_tech_offers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tech_offer_files')),
    sa.UniqueConstraint('offer_id', 'file_id', name=op.f('uq_tech_offer_files_offer_id_file_id'))
    )
    with op.batch_alter_table('tech_offer_files', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tech_offer_files_offer_id'), ['offer_id'], unique=False)

    op.create_table('tech_offer_sectors',
    sa.Column('offer_id', sa.Integer(), nullable=False),
    sa.Column('sector_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['offer_id'], ['tech_offers.id'], name=op.f('fk_tech_offer_sectors_offer_id_tech_offers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['sector_id'], ['sectors.id'], name=op.f('fk_tech_offer_sectors_sector_id_sectors')),
    sa.PrimaryKeyConstraint('offer_id', 'sector_id', name=op.f('pk_tech_offer_sectors'))
    )
    op.create_table('techmart_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('meeting_minutes', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('meeting_minutes > 0', name=op.f('ck_techmart_sessions_minutes_positive')),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_techmart_sessions_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_techmart_sessions')),
    sa.UniqueConstraint('event_id', name=op.f('uq_techmart_sessions_event_id'))
    )
    op.create_table('tech_deals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('offer_id', sa.Integer(), nullable=False),
    sa.Column('demand_id', sa.Integer(), nullable=True),
    sa.Column('session_id', sa.Integer(), nullable=True),
    sa.Column('seller_org_id', sa.Integer(), nullable=False),
    sa.Column('buyer_org_id', sa.Integer(), nullable=False),
    sa.Column('state', sa.Enum('interest', 'nda', 'negotiation', 'contract', 'completed', 'abandoned', name='tech_deal_state', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('contract_value_vnd', sa.BigInteger(), nullable=True),
    sa.Column('contract_form', sa.Enum('licence', 'assignment', 'joint_development', 'service', name='tech_transfer_form', native_enum=False, create_constraint=True, length=24), nullable=True),
    sa.Column('contract_date', sa.Date(), nullable=True),
    sa.Column('abandoned_reason', sa.Text(), nullable=True),
    sa.Column('relationship_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("state <> 'abandoned' OR abandoned_reason IS NOT NULL", name=op.f('ck_tech_deals_abandon_reason')),
    sa.CheckConstraint("state NOT IN ('contract', 'completed') OR (contract_value_vnd IS NOT NULL AND contract_form IS NOT NULL AND contract_date IS NOT NULL)", name=op.f('ck_tech_deals_contract_terms')),
    sa.CheckConstraint('contract_value_vnd IS NULL OR contract_value_vnd >= 0', name=op.f('ck_tech_deals_value_nonneg')),
    sa.CheckConstraint('seller_org_id <> buyer_org_id', name=op.f('ck_tech_deals_two_parties')),
    sa.ForeignKeyConstraint(['buyer_org_id'], ['organisations.id'], name=op.f('fk_tech_deals_buyer_org_id_organisations')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_tech_deals_created_by_id_users')),
    sa.ForeignKeyConstraint(['demand_id'], ['tech_demands.id'], name=op.f('fk_tech_deals_demand_id_tech_demands'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['offer_id'], ['tech_offers.id'], name=op.f('fk_tech_deals_offer_id_tech_offers')),
    sa.ForeignKeyConstraint(['relationship_id'], ['relationships.id'], name=op.f('fk_tech_deals_relationship_id_relationships')),
    sa.ForeignKeyConstraint(['seller_org_id'], ['organisations.id'], name=op.f('fk_tech_deals_seller_org_id_organisations')),
    sa.ForeignKeyConstraint(['session_id'], ['techmart_sessions.id'], name=op.f('fk_tech_deals_session_id_techmart_sessions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tech_deals'))
    )
    with op.batch_alter_table('tech_deals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tech_deals_buyer_org_id'), ['buyer_org_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_tech_deals_contract_date'), ['contract_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_tech_deals_offer_id'), ['offer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_tech_deals_seller_org_id'), ['seller_org_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_tech_deals_session_id'), ['session_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_tech_deals_state'), ['state'], unique=False)

    op.create_table('techmart_booths',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_techmart_booths_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['session_id'], ['techmart_sessions.id'], name=op.f('fk_techmart_booths_session_id_techmart_sessions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_techmart_booths')),
    sa.UniqueConstraint('session_id', 'organisation_id', name=op.f('uq_techmart_booths_session_id_organisation_id'))
    )
    with op.batch_alter_table('techmart_booths', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_techmart_booths_session_id'), ['session_id'], unique=False)

    op.create_table('tech_deal_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('deal_id', sa.Integer(), nullable=False),
    sa.Column('from_state', sa.String(length=24), nullable=True),
    sa.Column('to_state', sa.String(length=24), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_tech_deal_events_actor_id_users')),
    sa.ForeignKeyConstraint(['deal_id'], ['tech_deals.id'], name=op.f('fk_tech_deal_events_deal_id_tech_deals')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tech_deal_events'))
    )
    with op.batch_alter_table('tech_deal_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tech_deal_events_deal_id'), ['deal_id'], unique=False)

    op.create_table('techmart_booth_offers',
    sa.Column('booth_id', sa.Integer(), nullable=False),
    sa.Column('offer_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['booth_id'], ['techmart_booths.id'], name=op.f('fk_techmart_booth_offers_booth_id_techmart_booths'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['offer_id'], ['tech_offers.id'], name=op.f('fk_techmart_booth_offers_offer_id_tech_offers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('booth_id', 'offer_id', name=op.f('pk_techmart_booth_offers'))
    )
    op.create_table('techmart_slots',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('booth_id', sa.Integer(), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ends_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('visitor_org_id', sa.Integer(), nullable=True),
    sa.Column('demand_id', sa.Integer(), nullable=True),
    sa.Column('booked_by_id', sa.Integer(), nullable=True),
    sa.Column('booked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('held', sa.Boolean(), nullable=False),
    sa.CheckConstraint('ends_at > starts_at', name=op.f('ck_techmart_slots_ends_after_start')),
    sa.ForeignKeyConstraint(['booked_by_id'], ['users.id'], name=op.f('fk_techmart_slots_booked_by_id_users')),
    sa.ForeignKeyConstraint(['booth_id'], ['techmart_booths.id'], name=op.f('fk_techmart_slots_booth_id_techmart_booths'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['demand_id'], ['tech_demands.id'], name=op.f('fk_techmart_slots_demand_id_tech_demands'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['session_id'], ['techmart_sessions.id'], name=op.f('fk_techmart_slots_session_id_techmart_sessions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['visitor_org_id'], ['organisations.id'], name=op.f('fk_techmart_slots_visitor_org_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_techmart_slots')),
    sa.UniqueConstraint('booth_id', 'starts_at', name=op.f('uq_techmart_slots_booth_id_starts_at')),
    sa.UniqueConstraint('session_id', 'visitor_org_id', 'starts_at', name=op.f('uq_techmart_slots_session_id_visitor_org_id_starts_at'))
    )
    with op.batch_alter_table('techmart_slots', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_techmart_slots_booth_id'), ['booth_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_techmart_slots_session_id'), ['session_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_techmart_slots_visitor_org_id'), ['visitor_org_id'], unique=False)



def downgrade():
    op.execute("DELETE FROM relationships WHERE kind = 'technology_transfer'")
    with op.batch_alter_table('techmart_slots', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_techmart_slots_visitor_org_id'))
        batch_op.drop_index(batch_op.f('ix_techmart_slots_session_id'))
        batch_op.drop_index(batch_op.f('ix_techmart_slots_booth_id'))

    op.drop_table('techmart_slots')
    op.drop_table('techmart_booth_offers')
    with op.batch_alter_table('tech_deal_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tech_deal_events_deal_id'))

    op.drop_table('tech_deal_events')
    with op.batch_alter_table('techmart_booths', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_techmart_booths_session_id'))

    op.drop_table('techmart_booths')
    with op.batch_alter_table('tech_deals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tech_deals_state'))
        batch_op.drop_index(batch_op.f('ix_tech_deals_session_id'))
        batch_op.drop_index(batch_op.f('ix_tech_deals_seller_org_id'))
        batch_op.drop_index(batch_op.f('ix_tech_deals_offer_id'))
        batch_op.drop_index(batch_op.f('ix_tech_deals_contract_date'))
        batch_op.drop_index(batch_op.f('ix_tech_deals_buyer_org_id'))

    op.drop_table('tech_deals')
    op.drop_table('techmart_sessions')
    op.drop_table('tech_offer_sectors')
    with op.batch_alter_table('tech_offer_files', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tech_offer_files_offer_id'))

    op.drop_table('tech_offer_files')
    op.drop_table('tech_demand_sectors')
    with op.batch_alter_table('tech_contact_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tech_contact_requests_status'))
        batch_op.drop_index(batch_op.f('ix_tech_contact_requests_requester_org_id'))
        batch_op.drop_index(batch_op.f('ix_tech_contact_requests_offer_id'))

    op.drop_table('tech_contact_requests')
    with op.batch_alter_table('tech_offers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tech_offers_status'))
        batch_op.drop_index(batch_op.f('ix_tech_offers_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_tech_offers_ip_status'))

    op.drop_table('tech_offers')
    with op.batch_alter_table('tech_demands', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tech_demands_status'))
        batch_op.drop_index(batch_op.f('ix_tech_demands_organisation_id'))

    op.drop_table('tech_demands')
    _relation_kinds(OLD_KINDS)

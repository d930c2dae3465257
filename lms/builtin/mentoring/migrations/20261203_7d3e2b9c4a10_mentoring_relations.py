"""mentoring: relations, goals, sessions, JP caps

Revision ID: 7d3e2b9c4a10
Revises: (base of the mentoring branch; depends on core 63871e9013d1)
Create Date: 2026-12-03 18:30:00

"""
from alembic import op
import sqlalchemy as sa



# revision identifiers, used by Alembic.
revision = '7d3e2b9c4a10'
down_revision = None
branch_labels = ('mentoring',)
depends_on = '63871e9013d1'


def upgrade():
    op.create_table('mentoring_relation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('mentor_id', sa.Integer(), nullable=False),
    sa.Column('mentee_id', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('ended_on', sa.Date(), nullable=True),
    sa.Column('end_reason', sa.String(length=500), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('mentor_id <> mentee_id', name=op.f('ck_mentoring_relation_two_people')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_mentoring_relation_created_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['mentee_id'], ['user.id'], name=op.f('fk_mentoring_relation_mentee_id_user'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['mentor_id'], ['user.id'], name=op.f('fk_mentoring_relation_mentor_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mentoring_relation'))
    )
    op.create_index('ix_mentoring_relation_mentee_state', 'mentoring_relation', ['mentee_id', 'state'])
    op.create_index('ix_mentoring_relation_mentor_state', 'mentoring_relation', ['mentor_id', 'state'])
    op.create_table('mentoring_goal',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('relation_id', sa.Integer(), nullable=False),
    sa.Column('competency_code', sa.String(length=80), nullable=False),
    sa.Column('level', sa.Integer(), nullable=False),
    sa.CheckConstraint('level BETWEEN 1 AND 5', name=op.f('ck_mentoring_goal_level')),
    sa.ForeignKeyConstraint(['competency_code'], ['competency.code'], name=op.f('fk_mentoring_goal_competency_code_competency')),
    sa.ForeignKeyConstraint(['relation_id'], ['mentoring_relation.id'], name=op.f('fk_mentoring_goal_relation_id_mentoring_relation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mentoring_goal')),
    sa.UniqueConstraint('relation_id', 'competency_code', name=op.f('uq_mentoring_goal_relation_id_competency_code'))
    )
    op.create_index(op.f('ix_mentoring_goal_relation_id'), 'mentoring_goal', ['relation_id'])
    op.create_table('mentoring_session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('relation_id', sa.Integer(), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('minutes', sa.Integer(), nullable=False),
    sa.Column('competencies', sa.JSON(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('actions', sa.Text(), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('return_comment', sa.String(length=500), nullable=False),
    sa.Column('logged_at', sa.DateTime(), nullable=False),
    sa.Column('confirmed_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint('minutes BETWEEN 1 AND 480', name=op.f('ck_mentoring_session_minutes')),
    sa.ForeignKeyConstraint(['relation_id'], ['mentoring_relation.id'], name=op.f('fk_mentoring_session_relation_id_mentoring_relation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mentoring_session'))
    )
    op.create_index('ix_mentoring_session_relation_state', 'mentoring_session', ['relation_id', 'state'])
    op.create_table('mentoring_caps',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('mentee_jp', sa.Integer(), nullable=False),
    sa.Column('mentor_jp', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mentoring_caps'))
    )


def downgrade():
    op.drop_table('mentoring_caps')
    op.drop_index('ix_mentoring_session_relation_state', table_name='mentoring_session')
    op.drop_table('mentoring_session')
    op.drop_index(op.f('ix_mentoring_goal_relation_id'), table_name='mentoring_goal')
    op.drop_table('mentoring_goal')
    op.drop_index('ix_mentoring_relation_mentor_state', table_name='mentoring_relation')
    op.drop_index('ix_mentoring_relation_mentee_state', table_name='mentoring_relation')
    op.drop_table('mentoring_relation')

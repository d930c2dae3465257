"""scorm: runtime data per learner and course cycle

Revision ID: 5c0f7a1e9b21
Revises: (base of the scorm branch; depends on core 63871e9013d1)
Create Date: 2026-12-03 18:40:00

"""
from alembic import op
import sqlalchemy as sa



# revision identifiers, used by Alembic.
revision = '5c0f7a1e9b21'
down_revision = None
branch_labels = ('scorm',)
depends_on = '63871e9013d1'


def upgrade():
    op.create_table('scorm_attempt',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('item_key', sa.String(length=200), nullable=False),
    sa.Column('cycle', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=True),
    sa.Column('lesson_status', sa.String(length=20), nullable=False),
    sa.Column('score_raw', sa.Float(), nullable=True),
    sa.Column('score_min', sa.Float(), nullable=True),
    sa.Column('score_max', sa.Float(), nullable=True),
    sa.Column('lesson_location', sa.String(length=255), nullable=False),
    sa.Column('suspend_data', sa.Text(), nullable=False),
    sa.Column('exit', sa.String(length=20), nullable=False),
    sa.Column('session', sa.String(length=64), nullable=False),
    sa.Column('session_seconds', sa.Float(), nullable=False),
    sa.Column('total_seconds', sa.Float(), nullable=False),
    sa.Column('sessions', sa.Integer(), nullable=False),
    sa.Column('commits', sa.Integer(), nullable=False),
    sa.Column('started_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['course_id'], ['course.id'], name=op.f('fk_scorm_attempt_course_id_course'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['item_id'], ['course_item.id'], name=op.f('fk_scorm_attempt_item_id_course_item'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_scorm_attempt_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_scorm_attempt')),
    sa.UniqueConstraint('user_id', 'course_id', 'cycle', 'item_key', name=op.f('uq_scorm_attempt_user_id_course_id_cycle_item_key'))
    )
    with op.batch_alter_table('scorm_attempt', schema=None) as batch_op:
        batch_op.create_index('ix_scorm_attempt_course_key', ['course_id', 'item_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_scorm_attempt_item_id'), ['item_id'], unique=False)


def downgrade():
    with op.batch_alter_table('scorm_attempt', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_scorm_attempt_item_id'))
        batch_op.drop_index('ix_scorm_attempt_course_key')
    op.drop_table('scorm_attempt')

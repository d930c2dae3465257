"""classroom: runs, sign-ups and their history

Revision ID: c1a55e0f0b16
Revises: (base of the classroom branch; depends on core 63871e9013d1)
Create Date: 2026-12-03 18:50:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c1a55e0f0b16'
down_revision = None
branch_labels = ('classroom',)
depends_on = '63871e9013d1'


def upgrade():
    op.create_table('classroom_run',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('item_key', sa.String(length=200), nullable=False),
    sa.Column('run_id', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['course_id'], ['course.id'], name=op.f('fk_classroom_run_course_id_course'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_classroom_run')),
    sa.UniqueConstraint('course_id', 'item_key', 'run_id', name=op.f('uq_classroom_run_course_id_item_key_run_id'))
    )
    op.create_table('classroom_signup',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('item_key', sa.String(length=200), nullable=False),
    sa.Column('run_id', sa.String(length=40), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('queued_at', sa.DateTime(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['course_id'], ['course.id'], name=op.f('fk_classroom_signup_course_id_course'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_classroom_signup_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_classroom_signup')),
    sa.UniqueConstraint('user_id', 'course_id', 'item_key', name=op.f('uq_classroom_signup_user_id_course_id_item_key'))
    )
    with op.batch_alter_table('classroom_signup', schema=None) as batch_op:
        batch_op.create_index('ix_classroom_signup_run', ['course_id', 'item_key', 'run_id', 'state'], unique=False)
    op.create_table('classroom_signup_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('signup_id', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.String(length=40), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('by_id', sa.Integer(), nullable=True),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['by_id'], ['user.id'], name=op.f('fk_classroom_signup_event_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['signup_id'], ['classroom_signup.id'], name=op.f('fk_classroom_signup_event_signup_id_classroom_signup'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_classroom_signup_event'))
    )
    with op.batch_alter_table('classroom_signup_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_classroom_signup_event_signup_id'), ['signup_id'], unique=False)


def downgrade():
    with op.batch_alter_table('classroom_signup_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_classroom_signup_event_signup_id'))
    op.drop_table('classroom_signup_event')
    with op.batch_alter_table('classroom_signup', schema=None) as batch_op:
        batch_op.drop_index('ix_classroom_signup_run')
    op.drop_table('classroom_signup')
    op.drop_table('classroom_run')

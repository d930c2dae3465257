"""classroom: a run's attendance register is closed by a trainer

Revision ID: d2b7e4a1c9f3
Revises: c1a55e0f0b16
Create Date: 2026-12-03 19:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd2b7e4a1c9f3'
down_revision = 'c1a55e0f0b16'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('classroom_run', schema=None) as batch_op:
        batch_op.add_column(sa.Column('closed_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('closed_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_classroom_run_closed_by_id_user'), 'user', ['closed_by_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('classroom_run', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_classroom_run_closed_by_id_user'), type_='foreignkey')
        batch_op.drop_column('closed_by_id')
        batch_op.drop_column('closed_at')

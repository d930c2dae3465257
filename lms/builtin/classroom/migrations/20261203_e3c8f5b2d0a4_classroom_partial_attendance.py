"""classroom: minutes of a partial attendance, and the JP it credits

Revision ID: e3c8f5b2d0a4
Revises: d2b7e4a1c9f3
Create Date: 2026-12-03 19:05:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e3c8f5b2d0a4'
down_revision = 'd2b7e4a1c9f3'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('classroom_signup', schema=None) as batch_op:
        batch_op.add_column(sa.Column('minutes', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('jp', sa.Float(), nullable=True))


def downgrade():
    with op.batch_alter_table('classroom_signup', schema=None) as batch_op:
        batch_op.drop_column('jp')
        batch_op.drop_column('minutes')

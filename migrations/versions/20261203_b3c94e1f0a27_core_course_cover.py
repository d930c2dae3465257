"""core: course cover

The served address of a course's cover image (course.md ``cover:``). Courses imported before
have none and show a pattern made from their title until they are imported again.

Revision ID: b3c94e1f0a27
Revises: a959364ae388
Create Date: 2026-12-03 14:45:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b3c94e1f0a27'
down_revision = 'a959364ae388'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('course', schema=None) as batch_op:
        batch_op.add_column(sa.Column('cover_url', sa.String(length=300), nullable=True))


def downgrade():
    with op.batch_alter_table('course', schema=None) as batch_op:
        batch_op.drop_column('cover_url')

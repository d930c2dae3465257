"""core: site settings

What admins set in /admin/settings (certificate signer, JP target, base URL); a missing row
means the setting's default from the environment.

Revision ID: 5e7a1c2d9b40
Revises: cb5fa90d0c4e
Create Date: 2026-12-03 14:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5e7a1c2d9b40'
down_revision = 'cb5fa90d0c4e'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('site_setting',
    sa.Column('key', sa.String(length=80), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_site_setting'))
    )


def downgrade():
    op.drop_table('site_setting')

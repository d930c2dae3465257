"""oidc: providers and roles without local passwords

Revision ID: 5e1d0c7a9b21
Revises: (base of the oidc branch; depends on core 8c41f0a2d7e3)
Create Date: 2026-12-03 17:50:00

"""
from alembic import op
import sqlalchemy as sa


revision = '5e1d0c7a9b21'
down_revision = None
branch_labels = ('oidc',)
depends_on = '8c41f0a2d7e3'


def upgrade():
    op.create_table('oidc_provider',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('label', sa.String(length=100), nullable=False),
    sa.Column('issuer', sa.String(length=300), nullable=False),
    sa.Column('client_id', sa.String(length=200), nullable=False),
    sa.Column('client_secret_encrypted', sa.LargeBinary(), nullable=False),
    sa.Column('nip_claim', sa.String(length=100), nullable=False),
    sa.Column('scopes', sa.String(length=300), nullable=False),
    sa.Column('allow_create', sa.Boolean(), nullable=False),
    sa.Column('enabled', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('last_sign_in_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_oidc_provider')),
    sa.UniqueConstraint('name', name=op.f('uq_oidc_provider_name'))
    )
    op.create_table('oidc_password_off',
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('since', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('role', name=op.f('pk_oidc_password_off'))
    )


def downgrade():
    op.drop_table('oidc_password_off')
    op.drop_table('oidc_provider')

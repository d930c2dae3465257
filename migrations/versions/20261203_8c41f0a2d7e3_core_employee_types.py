"""core: employee types with their own JP target

PNS and PPPK become rows of ``employee_type`` (an agency adds its own types in
/admin/employee-types); ``user.employee_type`` holds a type's code (up to 20 characters) and
names it (checked by the services).

Revision ID: 8c41f0a2d7e3
Revises: a4c1f09e7b25
Create Date: 2026-12-03 14:50:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '8c41f0a2d7e3'
down_revision = 'a4c1f09e7b25'
branch_labels = None
depends_on = None


def upgrade():
    table = op.create_table('employee_type',
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('jp_target', sa.Float(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_employee_type'))
    )
    op.bulk_insert(table, [{"code": "PNS", "name": "PNS", "jp_target": None, "position": 1},
                           {"code": "PPPK", "name": "PPPK", "jp_target": None, "position": 2}])
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.alter_column('employee_type', existing_type=sa.String(length=4), type_=sa.String(length=20),
                              existing_nullable=False)


def downgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.alter_column('employee_type', existing_type=sa.String(length=20), type_=sa.String(length=4),
                              existing_nullable=False)
    op.drop_table('employee_type')

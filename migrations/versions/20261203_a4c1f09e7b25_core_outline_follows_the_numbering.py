"""core: stored outlines follow the numbering (top-level items and module folders together)

Before, every top-level item came before every module folder; now ``01-intro.md``,
``02-lanjutan/``, ``03-kuis.quiz.md`` read in that order. The items of every stored revision
get their positions again from their file paths (progress is kept by item key, so nothing a
learner did is touched); downgrade gives the old order back.

Revision ID: a4c1f09e7b25
Revises: b3c94e1f0a27
Create Date: 2026-12-03 15:00:00

"""
import re

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'a4c1f09e7b25'
down_revision = 'b3c94e1f0a27'
branch_labels = None
depends_on = None

NUMBERED = re.compile(r"^(\d+)-(.+)$")


def _number(name):
    match = NUMBERED.match(name)
    return int(match.group(1)) if match else 0


def _numbering(path):
    """The importer's order since this revision: one numbering at the top level."""
    parts = path.split("/")
    number = _number(parts[-1])
    if len(parts) == 2:
        return (_number(parts[0]), 1, parts[0], number, parts[-1])
    return (number, 0, "", number, parts[-1])


def _root_first(path):
    """The importer's order before: top-level items, then the module folders."""
    parts = path.split("/")
    number = _number(parts[-1])
    if len(parts) == 2:
        return (_number(parts[0]), 1, parts[0], number, parts[-1])
    return (0, 0, "", number, parts[-1])


def _reposition(order):
    conn = op.get_bind()
    item = sa.table("course_item", sa.column("id", sa.Integer), sa.column("revision_id", sa.Integer),
                    sa.column("source_path", sa.String), sa.column("position", sa.Integer))
    rows = conn.execute(sa.select(item.c.id, item.c.revision_id, item.c.source_path, item.c.position)
                        .order_by(item.c.revision_id, item.c.position)).all()
    revisions = {}
    for row in rows:
        revisions.setdefault(row.revision_id, []).append(row)
    changes = []
    for items in revisions.values():
        for position, row in enumerate(sorted(items, key=lambda r: order(r.source_path)), start=1):
            if row.position != position:
                changes.append({"item_id": row.id, "new_position": position})
    if changes:
        conn.execute(item.update().where(item.c.id == sa.bindparam("item_id"))
                     .values(position=sa.bindparam("new_position")), changes)


def upgrade():
    _reposition(_numbering)


def downgrade():
    _reposition(_root_first)

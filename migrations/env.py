"""Alembic environment of Sinau: core plus one branch per plugin with its own tables.

Plugin tables carry the plugin's name as prefix (``quiz_attempt``), so autogenerate for a
branch only looks at that branch's tables (``lms db revision --branch quiz``).
"""

import logging

from alembic import context
from flask import current_app
from sqlalchemy import TypeDecorator

from lms.cli.db import generating_branch

config = context.config
logger = logging.getLogger("alembic.env")
target_db = current_app.extensions["migrate"].db
host = current_app.extensions["lms.host"]


def owner_of(table_name: str) -> str:
    for plugin in host.migration_dirs:
        if table_name.startswith(f"{plugin}_"):
            return plugin
    return "core"


def include_object(obj, name, type_, reflected, compare_to):
    branch = generating_branch.get()
    if branch is None or type_ != "table":
        return True
    return owner_of(name) == branch


def render_item(type_, obj, autogen_context):
    """Render our TypeDecorators as their plain SQLAlchemy type: migrations must not import
    application code, which changes after they are written."""
    if type_ == "type" and isinstance(obj, TypeDecorator):
        return f"sa.{obj.impl!r}"
    return False


def run_migrations_online():
    def process_revision_directives(ctx, revision, directives):
        if getattr(config.cmd_opts, "autogenerate", False):
            script = directives[0]
            if script.upgrade_ops.is_empty():
                directives[:] = []
                logger.info("No changes in schema detected.")

    conf_args = dict(current_app.extensions["migrate"].configure_args)
    conf_args.setdefault("process_revision_directives", process_revision_directives)
    with target_db.engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_db.metadata,
            include_object=include_object,
            render_item=render_item,
            **conf_args,
        )
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("offline (--sql) migrations are not supported; run `lms db upgrade`")
run_migrations_online()

"""The audit log: every administrative action (who, what, when, before and after).

Append-only. The ORM refuses to update or delete a row (mapper events, and bulk
``update()``/``delete()`` statements through the session), and the database itself refuses it
too: a trigger on ``audit_log`` (created with the table here, and by the migration) aborts any
UPDATE or DELETE. Nobody edits the log, not even an admin; there is no page or command for it.

``actor_id`` has no ``ON DELETE`` action: an account that acted cannot be deleted (accounts are
deactivated, never deleted), so "who" always resolves. ``target_label`` keeps what the target
was called at the time (a unit renamed later still reads right in old entries).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import DDL, JSON, ForeignKey, Index, String, event
from sqlalchemy.orm import Mapped, ORMExecuteState, Session, mapped_column, relationship

from lms.core.models.base import UTCDateTime, utcnow
from lms.core.models.user import User
from lms.extensions import db


class AuditLog(db.Model):
    __tablename__ = "audit_log"
    __table_args__ = (
        Index("ix_audit_log_at", "at"),
        Index("ix_audit_log_actor_at", "actor_id", "at"),
        Index("ix_audit_log_action_at", "action", "at"),
        Index("ix_audit_log_target", "target_type", "target_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))  # None: a command, the system
    action: Mapped[str] = mapped_column(String(50))  # "user.update", "unit.move", "role.grant" ...
    target_type: Mapped[str] = mapped_column(String(50))  # "user", "unit", "position", "competency" ...
    target_id: Mapped[str | None] = mapped_column(String(100))  # a key as text (competency codes are text)
    target_label: Mapped[str] = mapped_column(String(300), default="")
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    ip: Mapped[str | None] = mapped_column(String(45))

    actor: Mapped[User | None] = relationship(lazy="joined")

    def __repr__(self) -> str:
        return f"<AuditLog {self.id} {self.action} {self.target_type}:{self.target_id}>"


class AppendOnlyError(RuntimeError):
    """Someone tried to change or remove an audit log entry."""


@event.listens_for(AuditLog, "before_update")
def _never_updated(mapper: Any, connection: Any, target: AuditLog) -> None:
    raise AppendOnlyError("audit_log rows are append-only")


@event.listens_for(AuditLog, "before_delete")
def _never_deleted(mapper: Any, connection: Any, target: AuditLog) -> None:
    raise AppendOnlyError("audit_log rows are append-only")


@event.listens_for(Session, "do_orm_execute")
def _no_bulk_changes(state: ORMExecuteState) -> None:
    """``update(AuditLog)`` / ``delete(AuditLog)`` through a session skip the mapper events."""
    if (state.is_update or state.is_delete) and state.bind_mapper is not None \
            and state.bind_mapper.class_ is AuditLog:
        raise AppendOnlyError("audit_log rows are append-only")


# The database's own guard (anything that bypasses the ORM: a script, psql). The migration
# must create the same triggers (``APPEND_ONLY_DDL[dialect]``; a test checks an upgraded database).
SQLITE_TRIGGERS = [
    "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
    "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
]
POSTGRES_TRIGGERS = [
    "CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS "
    "$$ BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$",
    "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
    "FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()",
]
APPEND_ONLY_DDL = {"sqlite": SQLITE_TRIGGERS, "postgresql": POSTGRES_TRIGGERS}
for _dialect, _statements in APPEND_ONLY_DDL.items():
    for _statement in _statements:
        event.listen(AuditLog.__table__, "after_create", DDL(_statement).execute_if(dialect=_dialect))

__all__ = ["APPEND_ONLY_DDL", "AppendOnlyError", "AuditLog"]

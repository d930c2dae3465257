"""``/admin/audit``: the audit log, read-only. Filter by who (NIP or name), what (action),
the thing acted on, and dates; newest first, a page at a time. There is no route that edits
or deletes an entry, and the model refuses it anyway."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, render_template, request
from flask_babel import lazy_gettext as _l

from lms.core.models import Role
from lms.core.queries import audit as queries
from lms.web.access import roles_required
from lms.web.admin.labels import action_label, known_actions
from lms.web.admin.labels import install as install_labels
from lms.web.admin.sections import AdminSection
from lms.web.params import page_arg, parse_date

bp = Blueprint("admin_audit", __name__, url_prefix="/admin/audit")
bp.admin_sections = [AdminSection(90, _l("Log audit"), "admin_audit.index",
                                  _l("Siapa mengubah apa dan kapan, dengan nilai sebelum dan sesudahnya."))]
install_labels(bp)


def _day(name: str) -> date | None:
    return parse_date(request.args.get(name))


@bp.get("/")
@roles_required(Role.ADMIN)
def index() -> str:
    f = queries.AuditFilter(
        actor=(request.args.get("actor") or "").strip()[:100], action=(request.args.get("action") or "").strip()[:50],
        target_type=(request.args.get("target_type") or "").strip()[:50],
        target_id=(request.args.get("target_id") or "").strip()[:100],
        start=_day("start"), end=_day("end"), page=page_arg())
    result = queries.search(f)
    args = {"actor": f.actor, "action": f.action, "target_type": f.target_type, "target_id": f.target_id,
            "start": f.start.isoformat() if f.start else "", "end": f.end.isoformat() if f.end else ""}
    known = sorted(set(queries.actions()) | known_actions())
    return render_template("admin/audit.html", result=result, f=f, args={k: v for k, v in args.items() if v},
                           actions=[(a, action_label(a)) for a in known])

"""The competency profile of an employee, for themselves and for their direct supervisor.

One service call per page (the profile read, :func:`lms.core.queries.competencies.profile`),
then render. Who may see whose profile: the employee; their direct supervisor
(``User.supervisor_id``); an admin. Anyone else gets 403, whether the NIP exists or not.
"""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from lms.core.models import Role, User
from lms.core.nip import normalize
from lms.core.queries import competencies as queries
from lms.core.queries import lookups
from lms.core.queries.employee_types import jp_target_for
from lms.core.queries.learning import jp_in_year, local_year
from lms.core.services.competencies import source_label
from lms.web.access import login_required
from lms.web.competencies.labels import EVIDENCE_LABELS, group_label

bp = Blueprint("competencies", __name__)

JP_YEARS = 3  # this year and the two before


def _page(user: User, *, own: bool) -> str:
    profile = queries.profile(user)
    year = local_year()
    target = jp_target_for(user)
    jp_years = [(y, jp_in_year(user.id, y)) for y in range(year, year - JP_YEARS, -1)]
    return render_template("competencies/profile.html", profile=profile, subject=user, own=own,
                           jp_years=jp_years, jp_target=target, group_label=group_label,
                           evidence_labels=EVIDENCE_LABELS, source_label=source_label)


@bp.get("/me/competencies")
@login_required
def mine() -> str:
    return _page(current_user._get_current_object(), own=True)


@bp.get("/team/<nip>/competencies")
@login_required
def staff(nip: str) -> str | Response:
    me: User = current_user._get_current_object()
    nip = normalize(nip)
    if nip == me.nip:
        return redirect(url_for("competencies.mine"))
    user = lookups.user_by_nip(nip)
    if me.has_role(Role.ADMIN):
        if user is None:
            abort(404)
    elif user is None or user.supervisor_id != me.id:
        abort(403)
    return _page(user, own=False)

"""People: the caller, a user's transcript and competencies, the caller's team.

Who may read a user's records (:func:`readable_user`): the user, their direct supervisor
(``User.supervisor_id``), an admin. Existence is not leaked: only an admin, who may read any
record, learns that a NIP is unknown (404); anyone else gets 403 for every NIP that is not
theirs or their staff's, known or not.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import gettext as _

from lms.core import site_settings
from lms.core.models import Role, User
from lms.core.models.base import utcnow
from lms.core.nip import normalize
from lms.core.queries import api as reads
from lms.core.queries import competencies as competency_queries
from lms.core.queries import jp_ledger
from lms.core.queries import learning as queries
from lms.core.queries.employee_types import jp_target_for
from lms.web.access import api, api_user
from lms.web.api.base import ApiResponse, forbidden, not_found, respond
from lms.web.api.competency_schemas import UserCompetenciesSchema
from lms.web.api.schemas import MeSchema, TeamSchema, TranscriptSchema


def _default_target() -> float:
    return site_settings.default_jp_target()


def _this_year() -> int:
    return datetime.now(ZoneInfo(current_app.extensions["lms.settings"].timezone)).year


def readable_user(nip: str) -> User:
    """The user of ``nip`` if the caller may read their records; 403 or 404 otherwise."""
    me: User = api_user()
    nip = normalize(nip)
    if nip == me.nip:
        return me
    if me.has_role(Role.ADMIN):
        user = reads.user_by_nip(nip)
        if user is None:
            not_found(_("Pegawai tidak ditemukan."))
        return user
    user = reads.staff_member(me, nip)
    if user is None:
        forbidden()
    return user


@api()
def me() -> ApiResponse:
    """The caller's account and JP this year.
    ---
    get:
      summary: The caller
      tags: [people]
      responses:
        200:
          description: The caller's account
          content:
            application/json:
              schema: MeSchema
    """
    user: User = api_user()
    year = _this_year()
    return respond(MeSchema(), {
        "nip": user.nip, "name": user.name, "email": user.email,
        "roles": sorted(r.value for r in user.roles),
        "unit": user.unit.name if user.unit else None,
        "position": user.position.name if user.position else None,
        "year": year, "jp_year": queries.jp_in_year(user.id, year), "jp_target": jp_target_for(user)})


@api()
def transcript(nip: str) -> ApiResponse:
    """Completed courses (every cycle, expired ones included) and JP per year.
    ---
    get:
      summary: A user's transcript
      description: Readable by the user, their direct supervisor and admins.
      tags: [people]
      parameters:
        - in: path
          name: nip
          description: NIP, bare digits
      responses:
        200:
          description: The transcript
          content:
            application/json:
              schema: TranscriptSchema
        403:
          description: Not the caller's, nor their staff's (whether the NIP exists or not)
          content:
            application/json:
              schema: ErrorSchema
        404:
          description: Unknown NIP (told to admins only)
          content:
            application/json:
              schema: ErrorSchema
    """
    user = readable_user(nip)
    completions = queries.transcript(user.id)
    # the JP ledger: completions and verified external records, like /me and the pages
    by_year = {str(year): jp for year, jp in sorted(jp_ledger.jp_by_year(user.id).items())}
    # number, verify_url, status: from the certificate plugin, when enabled
    certificates = current_app.extensions["lms.host"].hook.lms_completion_certificates(
        completion_ids=[c.id for c in completions]) or {}
    entries = [{"course": c.course.slug, "title": c.course.title, "completed_at": c.completed_at,
                "expires_at": c.expires_at, "jp": c.jp, "score": c.score, "certificate": certificates.get(c.id)}
               for c in completions]
    return respond(TranscriptSchema(), {"nip": user.nip, "completions": entries, "jp_by_year": by_year,
                                        "jp_target": jp_target_for(user)})


@api()
def competencies(nip: str) -> ApiResponse:
    """The competency profile: required, assessed and evidence levels kept apart, and the gap.
    ---
    get:
      summary: A user's competency profile
      description: >
        Readable by the user, their direct supervisor and admins. Per competency:
        `required_level` (the position's standard, null when not required), `assessed_level`
        (the newest formal assessment still valid), `evidence_level` (the best current evidence:
        completed courses, verified external records), `level` (the current level: assessed,
        else evidence; `level_source` says which) and `gap` (`required_level - level`, at least
        0; null when nothing is required). `evidence` lists every piece, newest first, expired
        ones included (`current: false`).
      tags: [people]
      parameters:
        - in: path
          name: nip
          description: NIP, bare digits
      responses:
        200:
          description: The profile
          content:
            application/json:
              schema: UserCompetenciesSchema
        403:
          description: Not the caller's, nor their staff's (whether the NIP exists or not)
          content:
            application/json:
              schema: ErrorSchema
        404:
          description: Unknown NIP (told to admins only)
          content:
            application/json:
              schema: ErrorSchema
    """
    user = readable_user(nip)
    result = competency_queries.profile(user, with_suggestions=False)
    entries = []
    for row in result.rows:
        valid = next((a.assessment for a in row.assessments if a.is_valid), None)
        entries.append({
            "code": row.competency.code, "name": row.competency.name,
            "group": getattr(row.competency.group, "value", row.competency.group),
            "level": row.current, "level_source": row.current_source, "required_level": row.required,
            "assessed_level": row.assessed, "assessed_until": valid.valid_until if valid else None,
            "evidence_level": row.evidence_level, "gap": row.gap,
            "evidence": [{"source_type": e.evidence.source_type.value, "course": e.course_slug, "title": e.title,
                          "level": e.evidence.level, "score": e.evidence.score, "earned_at": e.evidence.earned_at,
                          "expires_at": e.evidence.expires_at, "current": e.is_current} for e in row.evidence],
        })
    return respond(UserCompetenciesSchema(), {"nip": user.nip,
                                              "position": user.position.name if user.position else None,
                                              "competencies": entries})


@api(Role.SUPERVISOR, Role.ADMIN)
def team() -> ApiResponse:
    """The caller's direct staff (active accounts) with their enrolment summary and JP.
    ---
    get:
      summary: The caller's staff
      description: >
        Direct staff only (`supervisor_nip` of the user import), admins included. `overdue`
        counts enrolments whose due date passed and whose current cycle is not completed.
      tags: [people]
      responses:
        200:
          description: The staff, by name
          content:
            application/json:
              schema: TeamSchema
    """
    year = _this_year()
    rows = reads.team(api_user(), year, utcnow())
    staff = [{"nip": r.user.nip, "name": r.user.name,
              "position": r.user.position.name if r.user.position else None,
              "unit": r.user.unit.name if r.user.unit else None,
              "summary": {"enrolled": r.enrolled, "completed": r.completed, "overdue": r.overdue},
              "jp_year": r.jp_year, "jp_target": jp_target_for(r.user)} for r in rows]
    return respond(TeamSchema(), {"year": year, "jp_target": _default_target(), "staff": staff})

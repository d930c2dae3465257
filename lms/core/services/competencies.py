"""Competencies: the framework, position standards, assessed levels and evidence.

Services take plain values, flush and never commit. The three sources of a profile stay apart
(docs/glossary.md): standards say what a position *requires*, assessments what was formally *assessed*,
evidence what was *done* (courses, verified external records, mentoring). Nothing here lets one
overwrite another.

Bulk imports (YAML framework, CSV standards) live in :mod:`lms.core.services.competency_import`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from lms.core.competency_framework import is_national
from lms.core.models import Competency, CompetencyGroup, Completion, CourseCompetency, CourseRevision, Position, User
from lms.core.models.competency import (
    ASSESSMENT_VALID_YEARS,
    LEVELS,
    CompetencyAssessment,
    CompetencyEvidence,
    EvidenceSource,
    PositionStandard,
)
from lms.core.services import audit
from lms.extensions import db

#: what the audit log keeps of a competency
COMPETENCY_AUDITED = ("name", "group", "parent_code", "active", "levels")

CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$")
MAX_NAME = 200
MAX_LEVEL_TEXT = 1000
MAX_SOURCE = 100


class CompetencyError(ValueError):
    """Refused input. ``fields`` maps a field name ("" for the whole form) to a message."""

    def __init__(self, fields: Mapping[str, str]) -> None:
        self.fields = dict(fields)
        super().__init__("; ".join(f"{k}: {v}" if k else v for k, v in self.fields.items()))


def local_today() -> date:
    """Today in the site's time zone (validity of assessments is counted in days)."""
    zone = ZoneInfo(current_app.extensions["lms.settings"].timezone)
    return datetime.now(zone).date()


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


# --------------------------------------------------------------------------- framework


def check_code(code: str) -> str | None:
    """Why ``code`` is not a valid competency code (None when it is)."""
    if not CODE_RE.match(code or ""):
        return _("kode hanya huruf, angka, titik, garis bawah atau tanda hubung (paling banyak 80), "
                 "diawali huruf atau angka: %(code)s", code=code)
    return None


def check_level_text(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return _("uraian level harus berupa teks")
    if len(value) > MAX_LEVEL_TEXT:
        return _("uraian level paling panjang %(n)d karakter", n=MAX_LEVEL_TEXT)
    return None


def parent_cycle(code: str, parent_code: str | None, parents: Mapping[str, str | None]) -> bool:
    """Would ``code -> parent_code`` close a loop, given the other ``parents`` links?"""
    seen = {code}
    current = parent_code
    while current is not None:
        if current in seen:
            return True
        seen.add(current)
        current = parents.get(current)
    return False


def all_parents() -> dict[str, str | None]:
    return dict(db.session.execute(select(Competency.code, Competency.parent_code)).tuples().all())


def save_competency(code: str, name: str, group: str, levels: Mapping[str, Mapping[str, str]],
                    parent_code: str | None = None, active: bool = True, *, create: bool,
                    actor: User | None = None) -> Competency:
    """Create (``create=True``) or update a competency, audited. The national nine are fixed.

    ``levels``: ``{"1": {"id": "...", "en": "..."}, ...}``; empty texts are dropped, a level
    needs its Indonesian text when it has an English one.
    """
    code, name = (code or "").strip(), (name or "").strip()
    parent_code = (parent_code or "").strip() or None
    errors: dict[str, str] = {}
    existing = db.session.get(Competency, code) if code else None
    if create:
        problem = check_code(code)
        if problem:
            errors["code"] = problem
        elif existing is not None:
            errors["code"] = _("kode %(code)s sudah dipakai", code=code)
    elif existing is None:
        errors["code"] = _("kompetensi %(code)s tidak ada", code=code)
    if is_national(code):
        errors[""] = _("Kompetensi nasional %(code)s ditetapkan PermenPANRB 38/2017 dan tidak dapat diubah.",
                       code=code)
    if not name or len(name) > MAX_NAME:
        errors["name"] = _("nama wajib diisi, paling panjang %(n)d karakter", n=MAX_NAME)
    try:
        group_value = CompetencyGroup(group)
    except ValueError:
        errors["group"] = _("kelompok harus manajerial, sosial_kultural atau teknis")
        group_value = CompetencyGroup.TEKNIS
    clean: dict[str, dict[str, str]] = {}
    for key, texts in (levels or {}).items():
        texts = {lang: (texts.get(lang) or "").strip() for lang in ("id", "en")}
        if not texts["id"] and not texts["en"]:
            continue
        if str(key) not in {str(n) for n in LEVELS}:
            errors[f"level_{key}"] = _("level harus 1 sampai 5")
        elif not texts["id"]:
            errors[f"level_{key}_id"] = _("uraian level %(n)s dalam bahasa Indonesia wajib diisi", n=key)
        elif any(len(t) > MAX_LEVEL_TEXT for t in texts.values()):
            errors[f"level_{key}_id"] = _("uraian level paling panjang %(n)d karakter", n=MAX_LEVEL_TEXT)
        else:
            clean[str(key)] = {lang: t for lang, t in texts.items() if t}
    if parent_code is not None:
        if parent_code == code:
            errors["parent_code"] = _("kompetensi tidak dapat menjadi induk dirinya sendiri")
        elif db.session.get(Competency, parent_code) is None:
            errors["parent_code"] = _("kompetensi induk %(code)s tidak ada", code=parent_code)
        elif parent_cycle(code, parent_code, all_parents()):
            errors["parent_code"] = _("induk %(code)s membuat rantai induk yang berputar", code=parent_code)
    if errors:
        raise CompetencyError(errors)
    before = audit.snapshot(existing, COMPETENCY_AUDITED) if existing is not None else None
    row = existing or Competency(code=code)
    if existing is None:
        db.session.add(row)
    row.name, row.group, row.parent_code, row.active = name, group_value, parent_code, bool(active)
    row.levels = dict(sorted(clean.items()))
    db.session.flush()
    audit_saved(actor, row, before)
    return row


def audit_saved(actor: User | None, row: Competency, before: Mapping[str, Any] | None) -> None:
    """``competency.create`` (``before`` None) or ``competency.update`` with what changed."""
    if before is None:
        audit.record(actor, "competency.create", row, None, audit.snapshot(row, ("code", *COMPETENCY_AUDITED)))
    else:
        audit.record_changes(actor, "competency.update", row, before, audit.snapshot(row, COMPETENCY_AUDITED))


# --------------------------------------------------------------------------- position standards


def set_position_standards(position: Position, levels: Mapping[str, int | None]) -> int:
    """Set the required level of each competency in ``levels`` for ``position``; ``None``
    removes the requirement. Competencies not named are left as they are. Returns the number
    of rows changed."""
    known = set(db.session.scalars(select(Competency.code).where(Competency.code.in_(list(levels)))))
    errors = {code: _("kompetensi %(code)s tidak ada", code=code) for code in levels if code not in known}
    errors.update({code: _("level harus 1 sampai 5") for code, level in levels.items()
                   if level is not None and (isinstance(level, bool) or level not in LEVELS)})
    if errors:
        raise CompetencyError(errors)
    current = {s.competency_code: s for s in db.session.scalars(
        select(PositionStandard).where(PositionStandard.position_id == position.id))}
    changed = 0
    for code, level in levels.items():
        row = current.get(code)
        if level is None:
            if row is not None:
                db.session.delete(row)
                changed += 1
        elif row is None:
            db.session.add(PositionStandard(position_id=position.id, competency_code=code, required_level=level))
            changed += 1
        elif row.required_level != level:
            row.required_level = level
            changed += 1
    db.session.flush()
    return changed


def edit_position_standards(position: Position, levels: Mapping[str, int | None], *,
                            actor: User | None = None) -> int:
    """An admin's edit of a position's required levels (:func:`set_position_standards`),
    audited as ``standard.set`` with the levels before and after."""
    from lms.core.queries.competencies import standards_of

    before = standards_of(position.id)
    changed = set_position_standards(position, levels)
    audit.record_changes(actor, "standard.set", position, before, standards_of(position.id))
    return changed


# --------------------------------------------------------------------------- assessed levels


def source_label(source: str) -> str:
    """The label of an assessment source (well-known ones translated, others as written)."""
    labels = {"assessment_center": _("Assessment center"), "uji_kompetensi": _("Uji kompetensi")}
    return labels.get(source, source)


def record_assessment(user: User, code: str, level: int, source: str, assessed_on: date,
                      recorded_by: User | None, valid_until: date | None = None,
                      note: str = "") -> CompetencyAssessment:
    """Record a formally assessed level. Valid three years by default."""
    errors: dict[str, str] = {}
    competency = db.session.get(Competency, code) if code else None
    if competency is None:
        errors["competency"] = _("kompetensi %(code)s tidak ada", code=code)
    if isinstance(level, bool) or level not in LEVELS:
        errors["level"] = _("level harus 1 sampai 5")
    source = (source or "").strip()
    if not source or len(source) > MAX_SOURCE:
        errors["source"] = _("sumber penilaian wajib diisi, paling panjang %(n)d karakter", n=MAX_SOURCE)
    if assessed_on is None:
        errors["assessed_on"] = _("tanggal penilaian wajib diisi")
    elif assessed_on > local_today():
        errors["assessed_on"] = _("tanggal penilaian tidak boleh di masa depan")
    if valid_until is not None and assessed_on is not None and valid_until < assessed_on:
        errors["valid_until"] = _("berlaku sampai tidak boleh sebelum tanggal penilaian")
    note = (note or "").strip()
    if len(note) > 500:
        errors["note"] = _("catatan paling panjang %(n)d karakter", n=500)
    if errors:
        raise CompetencyError(errors)
    row = CompetencyAssessment(
        user_id=user.id, competency_code=code, level=level, source=source, assessed_on=assessed_on,
        valid_until=valid_until or add_years(assessed_on, ASSESSMENT_VALID_YEARS), note=note,
        recorded_by_id=recorded_by.id if recorded_by else None)
    db.session.add(row)
    db.session.flush()
    audit.record(recorded_by, "assessment.record", row, None, _assessment_values(row),
                 label=f"{user.name} ({user.nip})")
    return row


def _assessment_values(row: CompetencyAssessment) -> dict[str, Any]:
    """What the audit log keeps of an assessment."""
    return audit.snapshot(row, ("user_id", "competency_code", "level", "source", "assessed_on", "valid_until", "note"))


def delete_assessment(assessment: CompetencyAssessment, *, actor: User | None = None) -> None:
    """Remove a wrongly entered assessment (a real one that expired stays as history), audited."""
    user = db.session.get(User, assessment.user_id)
    audit.record(actor, "assessment.delete", assessment, _assessment_values(assessment), None,
                 label=f"{user.name} ({user.nip})" if user else "")
    db.session.delete(assessment)
    db.session.flush()


# --------------------------------------------------------------------------- evidence


def _mapping_of(completion: Completion) -> list[tuple[str, int]]:
    """What the completed revision maps (its ``settings['competencies']``); the course's current
    mapping when the revision is gone."""
    revision = db.session.get(CourseRevision, completion.revision_id) if completion.revision_id else None
    if revision is not None and isinstance(revision.settings, dict) and "competencies" in revision.settings:
        entries = revision.settings.get("competencies") or []
        return [(str(e["code"]), int(e["level"])) for e in entries
                if isinstance(e, dict) and "code" in e and isinstance(e.get("level"), int)]
    return [(row.code, row.level) for row in db.session.scalars(
        select(CourseCompetency).where(CourseCompetency.course_id == completion.course_id))]


def record_course_evidence(completion_id: int) -> list[CompetencyEvidence]:
    """One evidence row per competency the completed revision maps. Idempotent: a repeated
    event (or a backfill) adds nothing; a concurrent one is resolved by the unique key."""
    completion = db.session.get(Completion, completion_id)
    if completion is None:
        return []

    def existing() -> dict[str, CompetencyEvidence]:
        return {e.competency_code: e for e in db.session.scalars(
            select(CompetencyEvidence).where(CompetencyEvidence.completion_id == completion_id))}

    have = existing()
    mapping = [(code, level) for code, level in _mapping_of(completion) if level in LEVELS]
    codes = {code for code, _level in mapping}
    known = set(db.session.scalars(select(Competency.code).where(Competency.code.in_(codes)))) if codes else set()
    missing = [(code, level) for code, level in mapping if code in known and code not in have]
    if missing:
        try:
            with db.session.begin_nested():
                for code, level in missing:
                    db.session.add(CompetencyEvidence(
                        user_id=completion.user_id, competency_code=code, level=level,
                        source_type=EvidenceSource.COURSE, course_id=completion.course_id,
                        revision_id=completion.revision_id, completion_id=completion.id,
                        score=completion.score, earned_at=completion.completed_at,
                        expires_at=completion.expires_at))
        except IntegrityError:
            pass  # a concurrent handler recorded them first
        have = existing()
    return [have[code] for code, _level in mapping if code in have]


def backfill_course_evidence(user_ids: Iterable[int] | None = None) -> int:
    """Evidence for completions that have none (completions made while the ``evidence``
    plugin was disabled, or before it existed). Returns the number of rows added."""
    stmt = select(Completion.id).where(~select(CompetencyEvidence.id).where(
        CompetencyEvidence.completion_id == Completion.id).exists())
    if user_ids is not None:
        stmt = stmt.where(Completion.user_id.in_(list(user_ids)))
    added = 0
    for completion_id in db.session.scalars(stmt.order_by(Completion.id)).all():
        added += len(record_course_evidence(completion_id))
    return added


def sync_evidence(user_id: int, source_type: EvidenceSource | str, source_ref: str, title: str,
                  competencies: Iterable[Mapping[str, Any]], earned_at: datetime,
                  expires_at: datetime | None = None, score: float | None = None) -> list[CompetencyEvidence]:
    """Evidence that is not a course completion (a verified external record, mentoring):
    the rows of ``source_ref`` become exactly ``competencies`` (``[{code, level}]``; entries
    without a level 1-5 or with an unknown code are not evidence of a level and are skipped).
    Idempotent."""
    source_type = EvidenceSource(source_type)
    wanted = {str(c["code"]): c.get("level") for c in competencies if c.get("code")}
    wanted = {k: v for k, v in wanted.items() if isinstance(v, int) and not isinstance(v, bool) and v in LEVELS}
    known = set(db.session.scalars(select(Competency.code).where(Competency.code.in_(list(wanted))))) \
        if wanted else set()
    rows = {e.competency_code: e for e in db.session.scalars(
        select(CompetencyEvidence).where(CompetencyEvidence.source_ref == source_ref))}
    for code, row in rows.items():
        if code not in known:
            db.session.delete(row)
    result = []
    for code in sorted(known):
        row = rows.get(code)
        if row is None:
            row = CompetencyEvidence(user_id=user_id, competency_code=code, source_ref=source_ref,
                                     source_type=source_type)
            db.session.add(row)
        row.level, row.title, row.earned_at, row.expires_at, row.score = (
            wanted[code], title[:300], earned_at, expires_at, score)
        result.append(row)
    db.session.flush()
    return result


def remove_evidence(source_ref: str) -> int:
    """Remove the evidence of ``source_ref`` (a record that no longer counts)."""
    result = db.session.execute(delete(CompetencyEvidence).where(CompetencyEvidence.source_ref == source_ref))
    db.session.flush()
    return int(result.rowcount or 0)

"""Assessed levels: recorded by admins per employee, valid three years by default, shown as
expired after that (and then no longer the current level)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from lms.core.competency_framework import ensure_national_competencies
from lms.core.models import Role
from lms.core.models.competency import CompetencyAssessment
from lms.core.queries.competencies import profile
from lms.core.services.competencies import CompetencyError, add_years, local_today, record_assessment
from lms.testing.helpers import csrf_from


@pytest.fixture(autouse=True)
def _national(db) -> None:
    ensure_national_competencies()


def test_valid_three_years_by_default(db, make_user) -> None:
    admin, user = make_user(roles=[Role.ADMIN]), make_user()
    row = record_assessment(user, "integritas", 3, "assessment_center", date(2024, 2, 29), admin)
    assert row.valid_until == date(2027, 2, 28) and row.recorded_by_id == admin.id
    assert add_years(date(2025, 5, 17), 3) == date(2028, 5, 17)
    custom = record_assessment(user, "komunikasi", 2, "Seleksi terbuka JPT", date(2025, 1, 10), admin,
                               valid_until=date(2026, 1, 10))
    assert custom.valid_until == date(2026, 1, 10) and custom.source == "Seleksi terbuka JPT"


def test_bad_input_is_refused_field_by_field(db, make_user) -> None:
    user = make_user()
    with pytest.raises(CompetencyError) as info:
        record_assessment(user, "tidak-ada", 6, " ", local_today() + timedelta(days=1), None,
                          valid_until=local_today())
    assert set(info.value.fields) == {"competency", "level", "source", "assessed_on", "valid_until"}


def test_expired_assessments_stay_in_history_but_not_current(db, make_user) -> None:
    user = make_user()
    today = local_today()
    record_assessment(user, "integritas", 4, "uji_kompetensi", today - timedelta(days=4 * 365), None)
    record_assessment(user, "kerja-sama", 2, "assessment_center", today - timedelta(days=30), None)
    rows = {r.competency.code: r for r in profile(user).rows}
    integritas = rows["integritas"]
    assert integritas.assessed is None and integritas.current is None
    assert [(a.assessment.level, a.is_expired) for a in integritas.assessments] == [(4, True)]
    assert rows["kerja-sama"].assessed == 2 and rows["kerja-sama"].current_source == "assessed"
    # the last valid day still counts; the day after does not
    last_day = rows["kerja-sama"].assessments[0].assessment.valid_until
    assert profile(user, today=last_day).rows and {
        r.competency.code: r for r in profile(user, today=last_day).rows}["kerja-sama"].assessed == 2
    assert {r.competency.code: r for r in profile(user, today=last_day + timedelta(days=1)).rows}[
        "kerja-sama"].assessed is None


def test_newest_valid_assessment_wins(db, make_user) -> None:
    user = make_user()
    today = local_today()
    record_assessment(user, "integritas", 2, "assessment_center", today - timedelta(days=400), None)
    record_assessment(user, "integritas", 3, "uji_kompetensi", today - timedelta(days=10), None)
    assert {r.competency.code: r for r in profile(user).rows}["integritas"].assessed == 3


def test_admin_records_by_nip_and_sees_expiry(client, db, make_user, login_as) -> None:
    login_as(make_user(roles=[Role.ADMIN]))
    user = make_user(name="Rina Wulandari")
    old = record_assessment(user, "komunikasi", 2, "uji_kompetensi", local_today() - timedelta(days=1200), None)
    assert client.get("/admin/assessments/?nip=199001012015011999").status_code == 404
    grouped = f"{user.nip[:8]} {user.nip[8:14]} {user.nip[14]} {user.nip[15:]}"
    page = client.get(f"/admin/assessments/?nip={grouped}")
    assert page.status_code == 200
    assert "Rina Wulandari" in page.text and "kedaluwarsa" in page.text
    response = client.post(f"/admin/assessments/{user.nip}", data={
        "csrf_token": csrf_from(page.text), "competency": "integritas", "level": "3",
        "source": "other", "source_other": "Seleksi terbuka JPT 2025",
        "assessed_on": (local_today() - timedelta(days=3)).isoformat(), "valid_until": "", "note": ""})
    assert response.status_code == 302
    rows = db.session.scalars(select(CompetencyAssessment).where(CompetencyAssessment.user_id == user.id,
                                                                 CompetencyAssessment.competency_code == "integritas")).all()
    assert [(r.level, r.source) for r in rows] == [(3, "Seleksi terbuka JPT 2025")]
    assert rows[0].valid_until == add_years(local_today() - timedelta(days=3), 3)
    bad = client.post(f"/admin/assessments/{user.nip}", data={
        "csrf_token": csrf_from(page.text), "competency": "integritas", "level": "3", "source": "other",
        "source_other": "", "assessed_on": (local_today() + timedelta(days=3)).isoformat()})
    assert bad.status_code == 422
    assert "masa depan" in bad.text and "sumber penilaian wajib" in bad.text
    # a wrongly entered row can be removed
    page = client.get(f"/admin/assessments/?nip={user.nip}")
    response = client.post(f"/admin/assessments/entry/{old.id}/delete", data={"csrf_token": csrf_from(page.text)})
    assert response.status_code == 302
    assert db.session.scalar(select(CompetencyAssessment.id).where(CompetencyAssessment.id == old.id)) is None

"""``GET /api/v1/users/<nip>/competencies``: shape, levels kept apart, access rules."""

from __future__ import annotations

from datetime import timedelta

import pytest

from lms.core.competency_framework import ensure_national_competencies
from lms.core.models import Role
from lms.core.services.competencies import local_today, record_assessment, set_position_standards
from lms.core.services.tokens import create_token


def _auth(user) -> dict[str, str]:
    return {"Authorization": f"Bearer {create_token(user, 'uji')[1]}"}


@pytest.fixture
def staff(db, make_user, make_position):
    ensure_national_competencies()
    position = make_position("Pranata Humas Ahli Muda")
    set_position_standards(position, {"komunikasi": 3, "integritas": 2})
    boss = make_user(roles=[Role.SUPERVISOR])
    return make_user(position=position, supervisor=boss)


def test_shape_and_levels(client, db, staff, mapped_course, finish) -> None:
    finish(staff, mapped_course("humas-1", {"komunikasi": 2}, extra="valid_months: 24\n"))
    record_assessment(staff, "integritas", 2, "assessment_center", local_today() - timedelta(days=10), None)
    response = client.get(f"/api/v1/users/{staff.nip}/competencies", headers=_auth(staff))
    assert response.status_code == 200
    body = response.get_json()
    assert body["nip"] == staff.nip and body["position"] == "Pranata Humas Ahli Muda"
    by_code = {c["code"]: c for c in body["competencies"]}
    assert list(by_code)[:2] == ["integritas", "kerja-sama"]  # national order first
    komunikasi = by_code["komunikasi"]
    assert set(komunikasi) == {"code", "name", "group", "level", "level_source", "required_level",
                               "assessed_level", "assessed_until", "evidence_level", "gap", "evidence"}
    assert (komunikasi["level"], komunikasi["level_source"], komunikasi["required_level"],
            komunikasi["assessed_level"], komunikasi["evidence_level"], komunikasi["gap"]) == (2, "evidence", 3, None, 2, 1)
    [evidence] = komunikasi["evidence"]
    assert evidence["source_type"] == "course" and evidence["course"] == "humas-1" and evidence["level"] == 2
    assert evidence["current"] is True and evidence["expires_at"] is not None and evidence["earned_at"]
    integritas = by_code["integritas"]
    assert (integritas["level"], integritas["level_source"], integritas["assessed_level"], integritas["gap"]) == (
        2, "assessed", 2, 0)
    assert integritas["assessed_until"] > local_today().isoformat()
    perekat = by_code["perekat-bangsa"]
    assert perekat["group"] == "sosial_kultural" and perekat["level"] is None and perekat["gap"] is None
    assert perekat["required_level"] is None and perekat["evidence"] == []


def test_access_rules(client, db, staff, make_user) -> None:
    url = f"/api/v1/users/{staff.nip}/competencies"
    assert client.get(url, headers=_auth(staff)).status_code == 200
    assert client.get(url, headers=_auth(staff.supervisor)).status_code == 200
    assert client.get(url, headers=_auth(make_user(roles=[Role.ADMIN]))).status_code == 200
    for outsider in (make_user(roles=[Role.SUPERVISOR]), make_user(supervisor=staff.supervisor)):
        response = client.get(url, headers=_auth(outsider))
        assert response.status_code == 403 and response.get_json()["error"]["code"] == "forbidden"
    assert client.get(url).status_code == 401


def test_openapi_documents_the_new_shape(client, db) -> None:
    document = client.get("/api/v1/openapi.json").get_json()
    operation = document["paths"]["/api/v1/users/{nip}/competencies"]["get"]
    schema_ref = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    assert schema_ref.endswith("/UserCompetencies")
    entry = document["components"]["schemas"]["ProfileCompetency"]
    assert {"level", "required_level", "assessed_level", "evidence_level", "gap", "evidence"} <= set(entry["required"])
    assert "ProfileEvidence" in document["components"]["schemas"]

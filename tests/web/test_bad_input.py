"""Bad input is a 4xx, never a server error (found by schemathesis on PostgreSQL)."""

from datetime import timedelta

from lms.core.models import EnrollmentSource
from lms.core.models.base import utcnow
from lms.core.services import learning


def test_ids_beyond_a_database_integer_are_not_found(client, make_user, login_as) -> None:
    login_as(make_user())
    assert client.get("/quiz/attempts/99999999999999999999").status_code == 404
    assert client.get("/quiz/attempts/2147483648").status_code == 404


def test_nul_bytes_in_input_are_refused(client, make_user, login_as) -> None:
    login_as(make_user())
    assert client.get("/courses?q=a%00b").status_code == 400


def test_dashboard_with_and_without_due_dates(client, make_user, make_course, login_as) -> None:
    user = login_as(make_user())
    learning.enroll(user, make_course("tanpa-batas"))
    learning.enroll(user, make_course("dengan-batas", extra="enrollment: assigned\n"),
                    source=EnrollmentSource.ASSIGNED, due_at=utcnow() + timedelta(days=3))
    page = client.get("/")
    assert page.status_code == 200
    assert page.text.index("dengan-batas") < page.text.index("tanpa-batas")


def test_nul_bytes_in_a_json_body_are_refused(client, make_user) -> None:
    from lms.core.services.tokens import create_token

    _row, token = create_token(make_user())
    response = client.post("/api/v1/attempts/1/submission", data='{"answers": {"a\\u0000": "x"}}',
                           content_type="application/json", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 400

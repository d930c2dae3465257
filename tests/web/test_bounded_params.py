"""Numbers, dates and ids typed into addresses and forms go through one bounded parser
(``lms.core.parsing`` / ``lms.web.params``): Unicode digits, 23-digit ids, year 1, ``nan`` and
``inf``, negative pages, CR/LF in ``?next=``, deeply nested JSON, over-long CSV values: a 4xx
with a clear message or the default, never a server error."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

import lms
from lms.builtin.quiz.attempts import start_attempt
from lms.core.diagnostics import InputError
from lms.core.models import ItemProgress, Role
from lms.core.parsing import parse_date, parse_float, parse_int
from lms.core.services import learning
from lms.core.services.tokens import create_token
from lms.core.services.users_import import parse_users_csv
from lms.testing.helpers import csrf_from
from lms.web.params import json_depth

HUGE = "9" * 23
QUIZ = "---\ntitle: Kuis\npass_score: 60\n---\n## Dua tambah dua? {#dua}\n= 4\n"


@pytest.mark.parametrize("text", ["²", "٣", "1e3", "0x10", " ", "", None, "1.0", HUGE, "2147483648", "-1", "１"])
def test_parse_int_refuses_what_is_not_a_plain_bounded_number(text) -> None:
    assert parse_int(text) is None


def test_parse_int_reads_plain_numbers_within_bounds() -> None:
    assert parse_int(" 42 ") == 42
    assert parse_int("2147483647") == 2**31 - 1
    assert parse_int("-3", minimum=-5) == -3
    assert parse_int("13", maximum=12) is None


@pytest.mark.parametrize("text", ["nan", "inf", "-inf", "1e400", "NaN", "½", "1,2,3", "", HUGE + "0" * 20])
def test_parse_float_refuses_what_is_not_a_finite_number(text) -> None:
    assert parse_float(text) is None


def test_parse_float_reads_dots_and_indonesian_commas() -> None:
    assert parse_float("2,5") == 2.5 and parse_float("0.42") == 0.42 and parse_float(".5") == 0.5


@pytest.mark.parametrize("text", ["0001-01-01", "9999-12-31", "2026-02-30", "２０２６-01-01", "2026-1-1",
                                  "20260101", "2026-01-01T00:00"])
def test_parse_date_refuses_odd_dates(text) -> None:
    assert parse_date(text) is None


def test_parse_date_reads_iso_dates() -> None:
    assert parse_date("2026-02-28") == date(2026, 2, 28)


def test_no_view_parses_numbers_or_dates_on_its_own() -> None:
    """``isdigit()``, ``int(request...)`` and ``date.fromisoformat`` on input stay out of the views."""
    root = Path(lms.__file__).parent / "web"
    pattern = re.compile(r"\.isdigit\(\)\s+(?:and|else|if)|\b(?:int|float)\((?:request|form)\.|"
                         r"fromisoformat\(\(?request|type=int")
    offenders = [f"{path.relative_to(root)}:{n}" for path in root.rglob("*.py")
                 for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
                 if pattern.search(line) and path.name != "params.py"]
    assert offenders == []


@pytest.mark.parametrize("query", ["page=²", "page=-5", f"page={HUGE}", "start=0001-01-01", "end=9999-12-31",
                                   "start=２０２６-01-01"])
def test_audit_log_filters_fall_back_to_the_default(client, make_user, login_as, query) -> None:
    login_as(make_user(roles=[Role.ADMIN]))
    assert client.get(f"/admin/audit/?{query}").status_code == 200


@pytest.mark.parametrize(("path", "role"), [
    (f"/admin/users/?unit={HUGE}", Role.ADMIN), ("/admin/users/?page=²", Role.ADMIN),
    (f"/admin/reports/people?unit=1&page={HUGE}", Role.ADMIN), ("/admin/certificates?page=-5", Role.ADMIN),
    (f"/admin/certificates?page={HUGE}", Role.ADMIN), ("/team?unit=²", Role.SUPERVISOR),
    (f"/team?course={HUGE}", Role.SUPERVISOR), ("/team/assign?person=²&course=٣", Role.SUPERVISOR),
    (f"/team/assign?person={HUGE}", Role.SUPERVISOR), ("/courses?max_jp=nan", Role.LEARNER),
    ("/courses?max_jp=inf", Role.LEARNER), ("/courses?max_jp=-1e400", Role.LEARNER),
])
def test_odd_filters_are_ignored(client, make_user, login_as, path, role) -> None:
    login_as(make_user(roles=[role]))
    assert client.get(path).status_code in (200, 404)


def test_unicode_digits_in_an_id_of_the_address_are_not_found(client, make_user, login_as) -> None:
    login_as(make_user())
    assert client.get("/quiz/attempts/\u0663").status_code == 404
    assert client.get("/records/\u00b2").status_code == 404


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "1e999", "²"])
def test_a_reading_position_that_is_no_number_is_a_400(client, db, make_user, make_course, login_as, value) -> None:
    user = login_as(make_user())
    course = make_course()
    learning.enroll(user, course)
    page = client.get("/courses/kursus-uji/materi-1")
    response = client.post("/courses/kursus-uji/materi-1/position",
                           data={"csrf_token": csrf_from(page.text), "position": value})
    assert response.status_code == 400
    assert "position" in response.text  # the message names the field
    assert db.session.query(ItemProgress).filter(ItemProgress.position != ItemProgress.position).count() == 0


@pytest.mark.parametrize("target", ["/%0D%0ASet-Cookie:%20x=1", "/\\evil.example", "/%5Cevil.example",
                                    "//evil.example", "https://evil.example/", "/a%00b", "http://[/", "/%09/evil.example"])
def test_next_with_line_breaks_or_another_host_is_ignored(client, make_user, login_as, target) -> None:
    login_as(make_user())
    response = client.get(f"/login?next={target}")
    assert response.status_code in (302, 400)
    if response.status_code == 302:
        assert response.headers["Location"] == "/"


def _nested(depth: int) -> list:
    value: list = [1]
    for _ in range(depth):
        value = [value]
    return value


@pytest.mark.parametrize("body", ["[" * 100_000 + "]" * 100_000,  # past the parser's recursion limit
                                  json.dumps({"answers": {}, "x": _nested(40)}),  # parses, but too deep
                                  "{" + '"a":{' * 5000 + "}" * 5001])
def test_deeply_nested_json_is_a_400(client, db, make_user, make_course, body) -> None:
    user = make_user()
    course = make_course("kursus-kuis", files={"01-kuis.quiz.md": QUIZ})
    learning.enroll(user, course)
    attempt = start_attempt(user, course, "kuis")
    _row, token = create_token(user)
    db.session.commit()
    response = client.post(f"/api/v1/attempts/{attempt.id}/submission", data=body, content_type="application/json",
                           headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 400
    assert response.json["error"]["code"] == "bad_request"


def test_json_depth_is_counted_without_recursion() -> None:
    deep: list = []
    for _ in range(10_000):
        deep = [deep]
    assert json_depth(deep) == 10_001 and json_depth({"a": [1, {"b": 2}]}) == 3 and json_depth(5) == 0


HEADER = "nip,name,email,unit,position,supervisor_nip,roles\n"


@pytest.mark.parametrize(("row", "message"), [
    (f"199002142015032004,{'N' * 201},,Dinas A,Staf,,", "kolom name: paling panjang 200 karakter (ada 201)"),
    (f"199002142015032004,Siti,{'s' * 250}@contoh.go.id,Dinas A,Staf,,", "kolom email: paling panjang 254"),
    (f"199002142015032004,Siti,,Dinas A > {'B' * 201},Staf,,", "kolom unit: nama unit paling panjang 200"),
    (f"199002142015032004,Siti,,Dinas A,{'J' * 201},,", "kolom position: paling panjang 200"),
    (f"199002142015032004,Siti,,{' > '.join(['U'] * 21)},Staf,,", "kolom unit: paling banyak 20 tingkat"),
])
def test_over_long_csv_values_are_row_errors(db, row, message) -> None:
    with pytest.raises(InputError) as caught:
        parse_users_csv((HEADER + row + "\n").encode(), "pegawai.csv")
    assert any(d.line == 2 and message in d.message for d in caught.value.diagnostics), \
        [str(d) for d in caught.value.diagnostics]


def test_over_long_csv_values_through_the_admin_page_are_a_422(client, make_user, login_as) -> None:
    import io

    login_as(make_user(roles=[Role.ADMIN]))
    page = client.get("/admin/users/import")
    row = f"199002142015032004,{'N' * 300},{'s' * 300}@contoh.go.id,Dinas A,Staf,,\n"
    response = client.post("/admin/users/import", data={
        "csrf_token": csrf_from(page.text), "file": (io.BytesIO((HEADER + row).encode()), "pegawai.csv")},
        content_type="multipart/form-data")
    assert response.status_code == 422
    assert "paling panjang 200 karakter" in response.text


def test_ids_beyond_a_database_integer_in_a_form_are_field_errors(client, make_user, login_as) -> None:
    login_as(make_user(roles=[Role.SUPERVISOR]))
    page = client.get("/team/assign")
    response = client.post("/team/assign", data={"csrf_token": csrf_from(page.text), "courses": HUGE,
                                                  "people": [HUGE, "²"], "target_kind": "person", "due_kind": "none"})
    assert response.status_code == 422


@pytest.mark.parametrize("jp", ["nan", "inf", "-inf", "sNaN"])
def test_a_jp_that_is_no_finite_number_is_a_diagnostic(db, make_course, jp) -> None:
    with pytest.raises(InputError) as caught:
        make_course("jp-aneh", jp=jp)
    assert any("jp harus berupa angka" in d.message for d in caught.value.diagnostics)

"""Sign-in throttling that holds (issue #13, Security 2): one budget per account however its
login is typed, failures only against a shared office address, counters in the database so
every worker and server shares them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from lms.core.models import LoginThrottle
from lms.core.services import login_throttle
from lms.testing.factories import DEFAULT_PASSWORD
from lms.testing.helpers import csrf_from


def _post(client, login: str, password: str, ip: str = "127.0.0.1"):
    page = client.get("/login", environ_base={"REMOTE_ADDR": ip})
    return client.post("/login", data={"csrf_token": csrf_from(page.text), "login": login, "password": password},
                       environ_base={"REMOTE_ADDR": ip})


def _spaced(nip: str) -> str:
    return f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"


def test_every_spelling_of_one_account_shares_one_budget(app, make_user) -> None:
    user = make_user(email="rina.w@pemkot.example")
    nip = user.nip
    spellings = [nip, _spaced(nip), f"{nip[:8]}.{nip[8:14]}.{nip[14]}.{nip[15:]}", f" {nip} ",
                 f"{nip[:8]}-{nip[8:14]}-{nip[14]}-{nip[15:]}", "RINA.W@pemkot.example", "rina.w@PEMKOT.EXAMPLE"]
    statuses = []
    for n in range(11):
        client = app.test_client()  # a fresh browser each time, from addresses that differ too
        statuses.append(_post(client, spellings[n % len(spellings)], "salah-sekali", ip=f"10.0.{n}.1").status_code)
    assert statuses == [200] * 10 + [429]
    # the right password is refused too while the account is throttled (no oracle for a guesser)
    assert _post(app.test_client(), spellings[1], DEFAULT_PASSWORD, ip="10.9.9.9").status_code == 429


def test_successful_sign_ins_do_not_use_up_a_shared_office_address(app, make_user) -> None:
    office = "10.20.30.40"
    people = [make_user() for _ in range(52)]
    for person in people[:51]:
        assert _post(app.test_client(), person.nip, DEFAULT_PASSWORD, ip=office).status_code == 302
    # one mistyped password from the same office is an ordinary mistake, not a lockout
    assert _post(app.test_client(), people[51].nip, "salah-ketik", ip=office).status_code == 200
    assert _post(app.test_client(), people[51].nip, DEFAULT_PASSWORD, ip=office).status_code == 302


def test_failures_from_one_address_are_limited_across_accounts_and_unknown_logins(app, make_user) -> None:
    guesser = "10.66.0.1"
    statuses = [_post(app.test_client(), f"19900101201503100{n % 10}{n}", "tebak-tebak", ip=guesser).status_code
                for n in range(11)]
    assert statuses == [200] * 10 + [429]
    other = make_user()
    assert _post(app.test_client(), other.nip, DEFAULT_PASSWORD, ip=guesser).status_code == 429
    assert _post(app.test_client(), other.nip, DEFAULT_PASSWORD, ip="10.66.0.2").status_code == 302


def test_unknown_logins_are_limited_by_their_normalised_spelling(app) -> None:
    nip = "199001012015031999"  # nobody has it
    statuses = [_post(app.test_client(), nip if n % 2 else _spaced(nip), "tebak", ip=f"10.1.{n}.1").status_code
                for n in range(11)]
    assert statuses == [200] * 10 + [429]


def test_a_successful_sign_in_clears_the_accounts_failures(app, make_user) -> None:
    user = make_user()
    for n in range(9):
        assert _post(app.test_client(), user.nip, "salah", ip=f"10.2.{n}.1").status_code == 200
    assert _post(app.test_client(), user.nip, DEFAULT_PASSWORD, ip="10.2.99.1").status_code == 302
    for n in range(10):
        assert _post(app.test_client(), user.nip, "salah", ip=f"10.3.{n}.1").status_code == 200


@pytest.mark.parametrize(("lang", "words", "back"), [("id", "menit", "Kembali ke halaman masuk"),
                                                     ("en", "minute", "Back to the sign-in page")])
def test_the_429_page_says_how_long_to_wait_and_offers_the_sign_in_page(app, make_user, lang, words, back) -> None:
    user = make_user()
    client = app.test_client()
    client.get(f"/login?lang={lang}")
    for _ in range(10):
        _post(client, user.nip, "salah")
    response = _post(client, user.nip, "salah")
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) > 0
    assert words in response.text and back in response.text
    assert 'href="/login"' in response.text
    assert "LMS_" not in response.text


def test_the_wait_is_how_long_until_one_more_attempt_passes() -> None:
    minute = login_throttle.Limit(amount=10, period=60)
    # ten failures in this window, the window started 15 s ago: wait for it to end, then for the
    # weight of those ten to fall below the limit
    assert login_throttle.wait_seconds(minute, previous=0, current=10, elapsed=15) == 45 + 6
    # the previous window's failures weigh less as this one goes on
    assert login_throttle.wait_seconds(minute, previous=10, current=1, elapsed=6) == 6
    assert login_throttle.wait_seconds(minute, previous=0, current=3, elapsed=5) == 0


def test_the_throttle_table_stays_small(app, db) -> None:
    for n in range(4):
        _post(app.test_client(), f"19900101201503{n:04d}", "tebak", ip=f"10.4.{n}.1")
    rows = db.session.scalar(select(func.count()).select_from(LoginThrottle))
    assert rows > 0
    removed = login_throttle.purge_expired(now=login_throttle.now() + timedelta(hours=3))
    assert removed == rows
    assert db.session.scalar(select(func.count()).select_from(LoginThrottle)) == 0


def test_confirming_the_password_on_the_profile_counts_as_a_sign_in_attempt(client, make_user, login_as) -> None:
    login_as(make_user())
    statuses = []
    for _ in range(11):
        page = client.get("/me/password")
        statuses.append(client.post("/me/password", data={"csrf_token": csrf_from(page.text), "current": "tebakan",
                                                           "new": "kebun-teh-berkabut-7",
                                                           "confirm": "kebun-teh-berkabut-7"}).status_code)
    assert statuses == [200] * 10 + [429]


def test_with_redis_down_sign_in_is_still_throttled_and_pages_still_answer(app, tmp_path) -> None:
    """deploy.md: sign-in limits live in the database whatever LMS_REDIS_URL says; the other
    limits (certificate verification) are skipped while Redis is unreachable, and logged."""
    from lms.app import create_app
    from lms.extensions import db as _db
    from lms.extensions import limiter
    from lms.testing.factories import make_user
    from lms.testing.plugin import IsolatedClient, settings_for

    live = create_app(settings_for(tmp_path, LMS_REDIS_URL="redis://127.0.0.1:1/0"))
    live.test_client_class = IsolatedClient
    try:
        with live.app_context():
            _db.create_all()
            nip = make_user().nip
            _db.session.commit()
            _db.session.remove()
        statuses = [_post(live.test_client(), nip, "salah", ip=f"10.5.{n}.1").status_code for n in range(11)]
        assert statuses == [200] * 10 + [429]
        assert live.test_client().get("/verify/TIDAK-ADA").status_code == 404
        with live.app_context():
            _db.engine.dispose()
    finally:
        # Flask-Limiter keeps one storage on its (process-wide) extension object: give it back
        # to the suite's app
        limiter.init_app(app)

"""Property-based fuzz of the whole site: every rule of the URL map, every method it takes,
for every role (and nobody signed in), with hostile path arguments, query strings, form fields
and JSON bodies. Bad input is a 4xx (or the page with a default), never a server error.

Two parts, both bounded, on SQLite and in CI on PostgreSQL (``LMS_TEST_DATABASE_URL``):

* a sweep: every rule and method, for the least and the most privileged role that get past
  the access check (nobody, learner, trainer, supervisor, admin), one request
  per class of hostile value (Unicode digits, 23-digit numbers, year 1, ``nan``, CR/LF, a
  backslash URL, 5,000 characters...), every known query and form field set at once, the
  classes rotated over the fields so that each field meets each class;
* Hypothesis: rule, method, role, path arguments, query, form and JSON body all drawn, a fixed
  number of derandomised examples (the ``sinau-fuzz`` profile; ``LMS_FUZZ_EXAMPLES`` raises it
  for a longer hunt).

Every form carries the client's valid CSRF token, so the fields reach the forms and services
instead of stopping at the token check.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lms.builtin.quiz.attempts import start_attempt
from lms.core.models import CourseAuthor, Role
from lms.core.services import learning
from lms.core.services.tokens import create_token
from lms.testing.helpers import csrf_from
from lms.web.access import ATTR

settings.register_profile(
    "sinau-fuzz", max_examples=int(os.environ.get("LMS_FUZZ_EXAMPLES", "300")), deadline=None, database=None,
    derandomize=True, suppress_health_check=list(HealthCheck))

HUGE = "9" * 23
HOSTILE_TEXT = [
    "²", "٣", "１２", HUGE, "2147483648", "-1", "0", "-0", "1e309", "nan", "inf", "-inf", "NaN", "0001-01-01",
    "9999-12-31", "2026-02-30", "31-12-2025", "0x10", "\r\nSet-Cookie: x=1", "/\\evil.example", "//evil.example",
    "https://evil.example/", "../../etc/passwd", "<script>alert(1)</script>", "=cmd|' /C calc'!A0", "'; --",
    "A" * 5000, " ", "", "true", "[]", "{}", "%00", "\u202e", "\ud7ff", "a\tb", "on", "1", "2", "3",
]
HOSTILE_INTS = [0, 1, 2, 3, 2**31 - 1, 2**31, 2**63, 10**22]
QUERY_NAMES = ["page", "unit", "course", "q", "cari", "start", "end", "year", "type", "only", "direct", "next",
               "max_jp", "position", "person", "status", "sort", "scope", "jp_short", "to", "from", "revision",
               "first", "competency", "category", "lang", "kind", "actor", "action", "target_type", "target_id",
               "run", "days", "level", "code", "key", "path"]
FORM_NAMES = QUERY_NAMES + ["name", "email", "nip", "password", "new_password", "title", "text", "answers",
                            "due_kind", "due_date", "due_days", "yearly_day", "yearly_month", "target_kind",
                            "courses", "people", "jp", "start_date", "end_date", "organiser", "reason",
                            "version", "verify", "reject", "message", "slug", "parent", "head", "roles", "url",
                            "secret", "assessed_on", "valid_until", "score", "gift-module", "remember"]
#: one value of each kind that broke a page once (the sweep sends each to every field)
CLASSES = ["²", HUGE, "-1", "0001-01-01", "nan", "/\r\nSet-Cookie: x=1", "A" * 5000]
#: changes the signed-in state of the client under test: not fuzzed
SKIPPED = {"auth.logout", "static"}

hostile_text = st.one_of(st.sampled_from(HOSTILE_TEXT), st.text(max_size=40))


def _nested(depth: int) -> Any:
    value: Any = 1
    for _ in range(depth):
        value = {"a": value}
    return value


json_bodies = st.one_of(
    st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | hostile_text,
                 lambda inner: st.lists(inner, max_size=3) | st.dictionaries(hostile_text, inner, max_size=3),
                 max_leaves=10),
    st.builds(_nested, st.integers(min_value=30, max_value=3000)),
    st.fixed_dictionaries({"answers": st.dictionaries(hostile_text, hostile_text, max_size=3)}),
)


@dataclass
class Site:
    clients: dict[str, Any]
    tokens: dict[str, str]
    csrf: dict[str, str]
    known: dict[str, list[str]] = field(default_factory=dict)  # argument name -> seeded values


@pytest.fixture
def site(app: Any, db: Any, make_user: Any, make_unit: Any, make_course: Any, monkeypatch: Any) -> Iterator[Site]:
    unit = make_unit("Dinas Fuzz > Bidang Fuzz")
    boss = make_user(name="Atasan Fuzz", roles=[Role.SUPERVISOR], unit=unit)
    people = {
        "learner": make_user(name="Peserta Fuzz", unit=unit, supervisor=boss),
        "trainer": make_user(name="Pengajar Fuzz", roles=[Role.TRAINER], unit=unit),
        "supervisor": boss,
        "admin": make_user(name="Admin Fuzz", roles=[Role.ADMIN], unit=unit),
    }
    quiz = "---\ntitle: Kuis\npass_score: 60\n---\n## Dua tambah dua? {#dua}\n= 4\n"
    course = make_course("kursus-fuzz", files={"01-materi.md": "# Materi\n\nIsi.\n", "02-kuis.quiz.md": quiz})
    db.session.add(CourseAuthor(course_id=course.id, user_id=people["trainer"].id))
    learning.enroll(people["learner"], course)
    attempt = start_attempt(people["learner"], course, "kuis")
    clients, tokens = {"anonymous": app.test_client()}, {}
    for role, user in people.items():
        client = app.test_client()
        with client.session_transaction() as session:
            session["_user_id"] = user.get_id()
            session["_fresh"] = True
        clients[role] = client
        tokens[role] = create_token(user, "fuzz")[1]
    db.session.commit()
    csrf = {role: csrf_from(client.get("/login" if role == "anonymous" else "/me").text)
            for role, client in clients.items()}
    yield Site(clients, tokens, csrf, {
        "slug": [course.slug], "key": ["materi", "kuis"], "path": ["01-materi.md", "course.md"],
        "nip": [people["learner"].nip], "attempt_id": [str(attempt.id)], "user_id": [str(people["learner"].id)],
        "unit_id": [str(unit.id)],
    })


def _rules(app: Any) -> list[tuple[Any, str]]:
    return sorted(((rule, method) for rule in app.url_map.iter_rules()
                   if rule.endpoint not in SKIPPED and not (rule.endpoint == "styleguide.index" and not app.debug)
                   for method in sorted(rule.methods - {"HEAD", "OPTIONS"})), key=lambda rm: (rm[0].rule, rm[1]))


def _segments(rule: str) -> list[tuple[bool, str]]:
    return [(bool(argument), argument or literal) for literal, argument in re.findall(r"([^<]+)|<([^>]+)>", rule)]


def _argument(text: str) -> tuple[str, str]:
    converter, _, name = text.rpartition(":")
    return converter, name


def _seeded_path(rule: Any, site: Site) -> str:
    """The rule's address with seeded arguments (a hostile one where nothing is seeded)."""
    parts = []
    for is_argument, text in _segments(rule.rule):
        if is_argument:
            converter, name = _argument(text)
            parts.append(site.known.get(name, ["1" if converter == "int" else "x"])[0])
        else:
            parts.append(text)
    return "".join(parts)


def _quoted(converter: str) -> Any:
    return lambda text: quote(text, safe="/" if converter == "path" else "")


def _path_strategy(rule: Any, site: Site) -> st.SearchStrategy[str]:
    """The rule's address with each argument drawn: a seeded value or a hostile one."""
    parts = []
    for is_argument, text in _segments(rule.rule):
        if not is_argument:
            parts.append(st.just(text))
            continue
        converter, name = _argument(text)
        seeded = st.sampled_from(site.known[name]) if name in site.known else st.nothing()
        if converter == "int":
            parts.append(seeded | st.sampled_from(HOSTILE_INTS).map(str) | st.integers(min_value=0).map(str))
        else:
            parts.append((seeded | hostile_text.map(_quoted(converter))).filter(bool))
    return st.tuples(*parts).map("".join)


def _request(site: Site, role: str, method: str, path: str, query: dict[str, Any], form: dict[str, Any],
             body: Any) -> int | str:
    """The status of the request, or the exception the test app raised (a 500 when serving)."""
    client = site.clients[role]
    headers = {"Authorization": f"Bearer {site.tokens[role]}"} if role in site.tokens else {}
    kwargs: dict[str, Any] = {"query_string": query, "headers": headers, "buffered": True}
    if method != "GET":
        if path.startswith("/api/") and body is not None:
            kwargs.update(data=json.dumps(body) if not isinstance(body, str) else body,
                          content_type="application/json")
        else:
            kwargs["data"] = {**form, "csrf_token": site.csrf[role]}
    try:
        return client.open(path, method=method, **kwargs).status_code
    except Exception as exc:  # noqa: BLE001 - the test app raises what would be a 500
        return f"{type(exc).__name__}: {str(exc)[:300]}"


def _server_error(status: int | str) -> bool:
    return not isinstance(status, int) or status >= 500


def _admitted(app: Any, rule: Any, roles: list[str]) -> list[str]:
    """The roles that pass the rule's access check (read from the view's access rule), least
    privileged first: hostile values sent by the others never reach the view."""
    access = getattr(app.view_functions[rule.endpoint], ATTR, None)
    if access is None or access.kind == "public":
        return roles
    signed_in = [r for r in roles if r != "anonymous"]
    if not access.roles:
        return signed_in
    wanted = {role.value for role in access.roles}
    return [r for r in signed_in if r in wanted]


def _rotated(names: list[str], round_: int) -> dict[str, str]:
    return {name: CLASSES[(index + round_) % len(CLASSES)] for index, name in enumerate(names)}


params = st.dictionaries(st.sampled_from(QUERY_NAMES) | hostile_text, st.lists(hostile_text, min_size=1, max_size=2),
                         max_size=4)
forms = st.dictionaries(st.sampled_from(FORM_NAMES), st.lists(hostile_text, min_size=1, max_size=2), max_size=6)


@pytest.mark.slow
def test_every_route_survives_each_class_of_hostile_value(app: Any, site: Site) -> None:
    failures: list[str] = []
    for rule, method in _rules(app):
        path = _seeded_path(rule, site)
        admitted = _admitted(app, rule, list(site.clients))
        # the least and the most privileged role that get in (the roles in between see the
        # same view with the same fields; Hypothesis below draws every role)
        for role in dict.fromkeys(admitted[:1] + admitted[-1:]):
            for round_ in range(len(CLASSES)):
                query = _rotated(QUERY_NAMES, round_)
                form = _rotated(FORM_NAMES, round_) if method != "GET" else {}
                body = {**form, "answers": _rotated(["a", "b"], round_)} if method != "GET" else None
                status = _request(site, role, method, path, query, form, body)
                if _server_error(status):
                    failures.append(f"{method} {path} as {role}, round {round_}: {status}")
                    break
    assert not failures, f"{len(failures)} server errors:\n" + "\n".join(failures)


@pytest.mark.slow
def test_drawn_requests_to_any_route_are_never_a_server_error(app: Any, site: Site) -> None:
    rules = _rules(app)
    failures: list[str] = []

    @settings(settings.get_profile("sinau-fuzz"))
    @given(data=st.data(), role=st.sampled_from(list(site.clients)), query=params, form=forms,
           body=st.none() | json_bodies | st.just("[" * 5000))
    def probe(data: Any, role: str, query: dict, form: dict, body: Any) -> None:
        rule, method = data.draw(st.sampled_from(rules), label="rule")
        path = data.draw(_path_strategy(rule, site), label="path")
        status = _request(site, role, method, path, query, form, body)
        if _server_error(status):
            failures.append(f"{method} {path[:200]} as {role}: {status} "
                            f"(query {str(query)[:200]}, form {str(form)[:200]}, body {str(body)[:100]})")

    probe()
    assert not failures, f"{len(failures)} server errors:\n" + "\n".join(failures)


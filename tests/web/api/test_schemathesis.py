"""Property-based run of the API against its own OpenAPI document (schemathesis, via WSGI).

Every documented operation, a bounded number of generated requests each, as a seeded
supervisor with a valid token: no 5xx, and every status, content type and body must be the
documented ones. Operations with path parameters are called twice per example: as generated
(mostly unknown resources: the 403/404 paths) and with the generated parameters replaced by
seeded ones (the 200 paths) when every parameter has a seeded value.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import checks as base_checks

from lms.builtin.quiz.attempts import start_attempt
from lms.core.models import Role
from lms.core.services import learning
from lms.core.services.tokens import create_token
from lms.web.api.openapi import api_operations

#: every check schemathesis has (``--checks all``)
CHECKS = base_checks.CHECKS.get_all()


@dataclass(frozen=True)
class Seeded:
    headers: dict[str, str]
    known: dict[str, str]  # a valid value for path parameters of these names

    def path_values(self, path: str) -> dict[str, str]:
        """Seeded values for the parameters of ``path`` (operations on quizzes get the quiz;
        a parameter without a seeded value, e.g. ``attempt_id``, keeps the generated one)."""
        if path.endswith("/attempts"):
            return {**self.known, "key": "m/kuis"}
        return self.known


@pytest.fixture
def api_schema(app: Any) -> Any:
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)


@pytest.fixture
def seeded(db: Any, make_user: Any, make_course: Any, complete: Any) -> Seeded:
    boss = make_user(roles=[Role.SUPERVISOR])
    staff = make_user(supervisor=boss)
    course = make_course("kursus-api", items=[("m/baca", "lesson"), ("m/kuis", "quiz")],
                         modules=[("m", "Modul")], competencies=[("TEK-API", 2)])
    complete(staff, make_course("selesai", competencies=[("TEK-API", 1)]))
    learning.enroll(boss, course)
    attempt = start_attempt(boss, course, "m/kuis")  # an open attempt for the submission operation
    _row, clear = create_token(boss, "schemathesis")
    db.session.commit()  # a request's rollback (on a 4xx) must not undo the seed
    return Seeded({"Authorization": f"Bearer {clear}"},
                  {"slug": "kursus-api", "key": "m/baca", "nip": staff.nip, "attempt_id": str(attempt.id)})


# schemathesis.pytest.from_fixture (the lazy loader for an app built by a fixture) fails on
# pytest 9 (it sets ``request.node._nodeid``, gone from pytest); each operation's strategy is
# therefore driven by Hypothesis directly, inside one test.
MAX_EXAMPLES = 15


def _exercise(operation: Any, seeded: Seeded, client: Any) -> None:
    known = seeded.path_values(operation.path)

    @given(case=operation.as_strategy())
    @settings(max_examples=MAX_EXAMPLES, deadline=None, database=None, derandomize=True,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
    def run(case: Any) -> None:
        case.call_and_validate(session=client, headers=seeded.headers, checks=CHECKS)
        if case.path_parameters and set(case.path_parameters) <= set(known):
            case.path_parameters = {name: known[name] for name in case.path_parameters}
            case.call_and_validate(session=client, headers=seeded.headers, checks=CHECKS)

    run()


def test_api_conforms_to_its_document(app: Any, api_schema: Any, seeded: Seeded, client: Any) -> None:
    operations = [result.ok() for result in api_schema.get_all_operations()]
    # every operation of the URL map but the document itself (schemathesis leaves out the
    # schema's own location)
    expected = {f"{op.method.upper()} {op.path}" for op in api_operations(app)} - {"GET /api/v1/openapi.json"}
    assert {op.label for op in operations} == expected
    failures = []
    for operation in operations:
        try:
            _exercise(operation, seeded, client)
        except Exception as exc:  # noqa: BLE001 - reported below, every operation still runs
            failures.append(f"{operation.label}: {exc}")
    assert not failures, "\n\n".join(failures)


def _engine_failures(app: Any, headers: dict[str, str]) -> tuple[list[str], list[str], int]:
    """Schemathesis' own run (``schemathesis run --checks all``: every phase, every check),
    in-process through WSGI, bounded by ``max-examples``. (failures, errors, scenarios)"""
    from schemathesis.config import SchemathesisConfig
    from schemathesis.engine import events, from_schema

    # no NUL characters in generated text: the API refuses them in any text with 400, as its
    # document says (PostgreSQL cannot store them), so a body holding one is not "valid data"
    config = SchemathesisConfig.from_dict({"headers": headers, "seed": 1, "generation": {
        "max-examples": 8, "mode": "all", "allow-x00": False}})
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app, config=config)
    failures, errors, scenarios = [], [], 0
    for event in from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished):
            scenarios += 1
            for checks in event.recorder.checks.values():
                failures += [f"{event.recorder.label}: {c.name}: {c.failure_info.failure}" for c in checks
                             if c.failure_info is not None]
        elif isinstance(event, events.NonFatalError):
            message = str(event.info.message)
            # schemathesis' own WSGI transport passes ``max_redirects`` to werkzeug's client in
            # its probing step (a bug of that transport, not a response of ours)
            if "max_redirects" not in message:
                errors.append(f"{event.label}: {message}")
        elif isinstance(event, events.FatalError):
            errors.append(f"fatal: {event.exception}")
    return failures, errors, scenarios


@pytest.mark.filterwarnings("ignore:Generating overly large repr")  # Hypothesis, on a large generated body
def test_schemathesis_run_with_every_check_is_clean(app: Any, seeded: Seeded) -> None:
    failures, errors, scenarios = _engine_failures(app, seeded.headers)
    assert scenarios >= len(list(api_operations(app))) - 1
    assert not errors, "\n".join(errors)
    assert not failures, "\n\n".join(sorted(set(failures)))

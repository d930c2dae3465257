"""Fixtures of the mentoring tests: a supervisor, their staff member with a competency gap,
and a coaching relation between them made through the plugin's service.

Handed out as fixtures (``--import-mode=importlib``: a test file cannot import this file).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from lms.core import transaction
from lms.core.services.tokens import create_token


@pytest.fixture
def people(supervision: Any, make_competency: Callable[..., Any], make_position: Callable[..., Any],
           db: Any) -> Any:
    """``supervision`` plus a competency ``pelayanan-publik`` the staff's position requires at
    level 3 (a gap), and a senior colleague ``senior``."""
    from lms.core.models.competency import PositionStandard
    from lms.testing import factories

    make_competency("pelayanan-publik", "Pelayanan Publik")
    position = make_position("Analis Pelayanan")
    db.session.add(PositionStandard(position_id=position.id, competency_code="pelayanan-publik", required_level=3))
    supervision.staff.position = position
    supervision.senior = factories.make_user(name="Rekan Senior")
    db.session.flush()
    return supervision


@pytest.fixture
def today() -> Any:
    from lms.builtin.mentoring import service

    return service.today()


@pytest.fixture
def coaching(people: Any, today: Any, db: Any) -> Any:
    """An active coaching relation: the supervisor coaches the staff, one goal (level 3),
    started 60 days ago."""
    from lms.builtin.mentoring import service

    relation = service.create(people.supervisor, "coaching", people.staff, None, today - timedelta(days=60),
                              today + timedelta(days=120))
    service.set_goal(people.supervisor, relation, "pelayanan-publik", 3)
    transaction.commit()
    return relation


@pytest.fixture
def log(db: Any, today: Any) -> Callable[..., Any]:
    """``log(relation, minutes=90, days_ago=1, competencies=("pelayanan-publik",))`` -> a session
    logged by the mentee through the service."""
    from lms.builtin.mentoring import service

    def _log(relation: Any, minutes: int = 90, days_ago: int = 1, competencies: tuple[str, ...] = ("pelayanan-publik",),
             notes: str = "Membahas SOP loket.") -> Any:
        session = service.log_session(relation.mentee, relation, today - timedelta(days=days_ago), minutes,
                                      list(competencies), notes, "Menyusun draf SOP.")
        transaction.commit()
        return session

    return _log


@pytest.fixture
def bearer(db: Any) -> Callable[[Any], dict[str, str]]:
    def make(user: Any) -> dict[str, str]:
        return {"Authorization": f"Bearer {create_token(user, 'uji')[1]}"}

    return make

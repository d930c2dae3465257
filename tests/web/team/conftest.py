"""Fixtures of the team, assignment and reminder tests (handed out as fixtures: with
``--import-mode=importlib`` a test file cannot import this conftest).

* ``team``: the plugin's ``org_tree`` (``lms.testing.org``): ``Dinas Uji`` headed by ``kadis``;
  its ``Bidang A`` headed by ``kabid`` (also the direct supervisor of ``ani`` and ``budi`` in
  Bidang A); ``Seksi A1`` below Bidang A with ``citra`` (supervised by ``kasi``); ``dodi`` in
  another agency; an ``admin``.
* ``finish(user, course)``: enrol (if needed) and complete every lesson.
* ``course(slug, **kw)``: a small published course (the real importer).
* ``smtp_server``/``with_smtp``/``free_port`` come from the plugin (``lms.testing.mail``).
"""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest


@pytest.fixture
def team(org_tree: SimpleNamespace) -> SimpleNamespace:
    """The agency of ``lms.testing.org`` (the plugin's ``org_tree``), by its name in these tests."""
    return org_tree


@pytest.fixture
def finish(finish_course: Callable[..., Any]) -> Callable[[Any, Any], None]:
    def run(user: Any, course: Any) -> None:
        finish_course(user, course)

    return run


@pytest.fixture
def course(db, make_course) -> Callable[..., Any]:
    def make(slug: str = "integritas", **kwargs: Any) -> Any:
        kwargs.setdefault("title", f"Kursus {slug.title()}")
        kwargs.setdefault("lessons", 2)
        return make_course(slug, **kwargs)

    return make

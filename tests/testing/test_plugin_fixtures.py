"""A plugin's own tests, outside Sinau's test tree, get the organisation tree and the course
builders from the pytest plugin (entry point ``pytest11``) without copying any conftest."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

PLUGIN_TEST = '''
from lms.core.services import learning
from lms.core.queries import learning as learning_queries


def test_org_tree(org_tree, supervision):
    assert org_tree.ani.supervisor is org_tree.kabid
    assert org_tree.seksi.parent is org_tree.bidang
    assert org_tree.bidang.head_id == org_tree.kabid.id
    assert supervision.role("owner").supervisor is supervision.supervisor
    assert supervision.other_staff.supervisor is supervision.other_supervisor


def test_course_builders(make_course, build_course, make_quiz_course, survey_course, finish_course, make_user):
    imported = make_course("kursus-plugin", competencies={"integritas": 2})
    assert [c.code for c in imported.competencies] == ["integritas"]
    rows = build_course(items=[("a", "lesson"), ("b", "kelas")])
    assert rows.item_count == 2
    quiz = make_quiz_course()
    assert [i.type for i in learning_queries.published_items(quiz)] == ["lesson", "quiz"]
    survey = survey_course()
    assert [i.type for i in learning_queries.published_items(survey)][-1] == "survey"
    user = make_user()
    enrollment = finish_course(user, imported)
    assert enrollment.completed_at is not None


def test_row_builders(make_course, make_user, make_enrollment, make_completion, make_competency):
    from datetime import datetime, timezone

    course = make_course("kursus-baris")
    done = make_enrollment(make_user(), course, completed_at=datetime(2026, 3, 1, tzinfo=timezone.utc))
    assert done.completed_at is not None and done.source.value == "assigned"
    assert make_completion(make_user(), course, datetime(2026, 3, 2, tzinfo=timezone.utc), 3).jp == 3
    assert make_competency("TEK-PLUGIN") is make_competency("TEK-PLUGIN")
'''


@pytest.mark.slow
def test_a_plugins_tests_use_the_fixtures(tmp_path: Path) -> None:
    (tmp_path / "test_my_plugin.py").write_text(PLUGIN_TEST, encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:randomly",
                             str(tmp_path)], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "3 passed" in result.stdout

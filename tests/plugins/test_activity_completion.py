"""A third-party activity type completes through core like a lesson when its type says so:
core asks the plugin registry for the type's completion mode, never the type's name."""

from pathlib import Path

import pytest
from sqlalchemy import select

from lms.app import create_app
from lms.core.models import Completion
from lms.core.services import learning
from lms.extensions import db
from lms.plugins import ActivityType, ParsedItem, hookimpl
from lms.testing import factories
from lms.testing.plugin import settings_for


class Checklist(ActivityType):
    name = "checklist"
    suffixes = (".checklist.md",)
    completion = "manual"

    def parse(self, source, ctx, diagnostics):  # noqa: ANN001, ANN201
        return ParsedItem(title=source.strip().splitlines()[0].lstrip("# "))

    def render(self, view) -> str:  # noqa: ANN001
        return "<p>checklist</p>"


class Poll(Checklist):
    name = "poll"
    suffixes = (".poll.md",)
    completion = "submit"  # done by its own rules, never by the learner's button


class ActivitiesPlugin:
    @hookimpl
    def lms_register_activity_types(self):  # noqa: ANN201
        return [Checklist(), Poll()]


@pytest.fixture
def plugin_app(tmp_path: Path):  # noqa: ANN201
    app = create_app(settings_for(tmp_path), plugins=[("activities", ActivitiesPlugin())])
    with app.app_context():
        db.create_all()
        yield app
        db.session.remove()


def test_an_item_of_a_manual_plugin_type_is_marked_done_and_completes_the_course(plugin_app) -> None:
    course = factories.make_course("praktik", files={"01-baca.md": "# Baca\n\nIsi.\n",
                                                     "02-periksa.checklist.md": "# Periksa meja\n"}, jp=2)
    user = factories.make_user()
    learning.enroll(user, course)
    learning.mark_done(user, course, "baca")
    assert learning.mark_done(user, course, "periksa").status == "done"
    completion = db.session.scalar(select(Completion).where(Completion.user_id == user.id))
    assert completion is not None and completion.jp == 2


def test_an_item_of_a_type_completed_by_its_own_rules_cannot_be_marked(plugin_app) -> None:
    course = factories.make_course("survei-kecil", files={"01-pilih.poll.md": "# Pilih\n"})
    user = factories.make_user()
    learning.enroll(user, course)
    with pytest.raises(learning.LearningError) as info:
        learning.mark_done(user, course, "pilih")
    assert info.value.code == "conflict"
    assert learning.mark_done(user, course, "pilih", by_activity=True).status == "done"


def test_the_done_endpoint_accepts_the_plugin_type(plugin_app) -> None:
    course = factories.make_course("praktik-web", files={"01-periksa.checklist.md": "# Periksa\n"})
    user = factories.make_user()
    learning.enroll(user, course)
    from lms.core.services.tokens import create_token

    token = create_token(user, "uji")[1]
    db.session.commit()
    response = plugin_app.test_client().post("/api/v1/courses/praktik-web/items/periksa/completion",
                                             headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["course_status"] == "completed"

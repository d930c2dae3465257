"""JP count in the year of the site's time zone (Asia/Jakarta), not UTC."""

from datetime import UTC, datetime

from lms.core.models import Completion
from lms.core.queries.learning import jp_in_year, local_year


def test_a_course_finished_on_new_years_night_in_jakarta_counts_for_the_new_year(db, make_user, make_course) -> None:
    user, course = make_user(), make_course()
    # 31 Dec 2025 18:30 UTC = 1 Jan 2026 01:30 WIB
    db.session.add(Completion(user_id=user.id, course_id=course.id, cycle=1, jp=3,
                              completed_at=datetime(2025, 12, 31, 18, 30, tzinfo=UTC)))
    db.session.flush()
    assert jp_in_year(user.id, 2026) == 3
    assert jp_in_year(user.id, 2025) == 0
    assert local_year(datetime(2025, 12, 31, 18, 30, tzinfo=UTC)) == 2026

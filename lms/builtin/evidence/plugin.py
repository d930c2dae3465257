"""Built-in plugin ``evidence``: records competency evidence when a course is completed.

Listens to the ``course_completed`` event (after the learner's commit, in its own transaction),
so completions that arrive from any plugin count the same way. One evidence row per competency
the completed revision maps; a repeated event adds nothing. Disabling the plugin leaves the
profile working (without new course evidence); ``lms competencies backfill-evidence`` catches up.
"""

from __future__ import annotations

from lms.plugins import hookimpl, record_course_evidence


@hookimpl
def lms_on_course_completed(completion_id: int, user_id: int, course_id: int) -> None:
    record_course_evidence(completion_id)

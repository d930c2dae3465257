"""``show_feedback: after_submit`` with attempts left gives the right options away: the
importer warns (file, line, field, what to use instead), the editor shows the warning, and the
sample courses use ``after_pass`` wherever attempts remain."""

from __future__ import annotations

from lms import paths
from lms.core.diagnostics import Diagnostics
from lms.core.importer.service import import_paths, import_sources
from lms.core.importer.source import CourseSource
from lms.core.models import CourseAuthor, Role

COURSE_MD = "---\ntitle: Kuis Umpan Balik\nsummary: Uji.\njp: 1\n---\nDeskripsi.\n"
QUESTION = "## Ibu kota Indonesia? {#ibu-kota}\n- [x] Jakarta\n- [ ] Bandung\n"


def _warnings(slug: str, front: str) -> list[str]:
    quiz = f"---\ntitle: Kuis\n{front}---\nPetunjuk.\n\n{QUESTION}"
    source = CourseSource(slug, {"course.md": COURSE_MD.encode(), "01-kuis.quiz.md": quiz.encode()})
    diagnostics = Diagnostics()
    import_sources([source], diagnostics=diagnostics)
    return [str(d) for d in diagnostics.warnings if "show_feedback" in d.message]


def test_after_submit_with_attempts_left_is_a_warning_at_its_line(db) -> None:
    [warning] = _warnings("umpan-satu", "max_attempts: 3\nshow_feedback: after_submit\n")
    assert warning.startswith("umpan-satu/01-kuis.quiz.md:4: ")
    assert "after_pass" in warning and "max_attempts: 3" in warning
    [unlimited] = _warnings("umpan-dua", "show_feedback: after_submit\n")  # max_attempts 0: unlimited
    assert unlimited.startswith("umpan-dua/01-kuis.quiz.md:3: ") and "after_pass" in unlimited


def test_no_warning_when_nothing_is_given_away(db) -> None:
    assert _warnings("umpan-tiga", "max_attempts: 1\nshow_feedback: after_submit\n") == []
    assert _warnings("umpan-empat", "max_attempts: 3\nshow_feedback: after_pass\n") == []
    assert _warnings("umpan-lima", "show_feedback: never\n") == []
    assert _warnings("umpan-enam", "pass_score: 0\nshow_feedback: after_submit\n") == []  # everyone passes


def test_the_sample_courses_do_not_give_answers_away(db) -> None:
    report = import_paths([paths.SAMPLE_COURSES])
    assert [w for w in report.warnings if "show_feedback" in w] == []


def test_the_editor_shows_the_warning(db, client, make_course, make_user, login_as) -> None:
    course = make_course("umpan-editor", files={
        "01-kuis.quiz.md": f"---\nmax_attempts: 2\nshow_feedback: after_submit\n---\n{QUESTION}"})
    trainer = make_user(roles=[Role.TRAINER])
    db.session.add(CourseAuthor(course_id=course.id, user_id=trainer.id))
    db.session.commit()
    login_as(trainer)
    page = client.get("/author/umpan-editor/files/01-kuis.quiz.md")
    assert page.status_code == 200
    assert "after_pass" in page.text and "max_attempts: 2" in page.text

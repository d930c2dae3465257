"""Reader of ``NN-slug.quiz.md``: front-matter settings, an intro, ``## `` questions.

See "6. Kuis dalam Markdown" in docs/panduan-pengajar.md. All errors are reported (with their lines),
and then nothing is returned: the importer imports a quiz whole or not at all.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable

from flask_babel import gettext as _

from lms.builtin.quiz.definition import QuizDefinition
from lms.builtin.quiz.gift import parse_gift
from lms.builtin.quiz.markdown_questions import is_answer_line, parse_question
from lms.builtin.quiz.questions import Question, report_duplicate_ids
from lms.builtin.quiz.settings import QuizSettings, quiz_settings
from lms.plugins import Diagnostics, split_front_matter
from lms.plugins.formats.blocks import file_lines, first_title, join_lines, split_sections

__all__ = ["QuizDefinition", "parse_quiz_markdown"]


def _gift_questions(
    settings: QuizSettings,
    key_lines: dict[str, int],
    path: str,
    diagnostics: Diagnostics,
    read_sibling: Callable[[str], str | None],
) -> list[Question]:
    name = settings.questions_from
    if not name:
        return []
    text = read_sibling(name)
    if text is None:
        diagnostics.error(
            path,
            key_lines.get("questions_from", 1),
            _("berkas '%(name)s' (questions_from) tidak ditemukan di folder kuis ini", name=name),
        )
        return []
    return parse_gift(text, posixpath.join(posixpath.dirname(path), name), diagnostics)


def parse_quiz_markdown(
    text: str,
    path: str,
    diagnostics: Diagnostics,
    *,
    read_sibling: Callable[[str], str | None],
) -> QuizDefinition | None:
    """Parse a ``.quiz.md`` file; ``read_sibling(name)`` reads a file of the same folder
    (None when it does not exist) for ``questions_from``."""
    before = len(diagnostics.errors)
    document = split_front_matter(text, path, diagnostics)
    settings = quiz_settings(document.meta, document.key_lines, path, diagnostics)
    intro, sections = split_sections(file_lines(document.body, document.body_line))
    for line in intro:
        if is_answer_line(line):
            diagnostics.error(
                path,
                line.number,
                _("pilihan atau jawaban di luar soal: tambahkan judul '## ' soal di atasnya"),
            )
    questions = [q for q in (parse_question(s, path, diagnostics) for s in sections) if q]
    markdown_ids = report_duplicate_ids(questions, path, diagnostics)
    gift = _gift_questions(settings, document.key_lines, path, diagnostics, read_sibling)
    # Ids repeated inside the GIFT file are reported by parse_gift; here those that repeat a
    # Markdown question's id, at the GIFT question's own line in the GIFT file.
    gift_path = posixpath.join(posixpath.dirname(path), settings.questions_from or "")
    clashes = [q for q in gift if q.id in markdown_ids]
    report_duplicate_ids(clashes, gift_path, diagnostics, dict(markdown_ids))
    questions.extend(gift)
    if not sections and not gift and len(diagnostics.errors) == before:
        diagnostics.error(
            path, document.body_line, _("kuis tanpa soal: tulis soal sebagai judul '## '")
        )
    count = settings.questions_per_attempt
    if count is not None and len(diagnostics.errors) == before and count > len(questions):
        diagnostics.error(
            path,
            document.key_lines.get("questions_per_attempt", 1),
            _(
                "questions_per_attempt (%(count)s) lebih besar dari jumlah soal (%(total)s)",
                count=count,
                total=len(questions),
            ),
        )
    warn_answers_given_away(settings, document.key_lines, path, diagnostics)
    if len(diagnostics.errors) > before:
        return None
    return QuizDefinition(
        settings=settings,
        title=settings.title or first_title(intro),
        intro=join_lines(intro),
        questions=tuple(questions),
        key_lines=dict(document.key_lines),
    )


def warn_answers_given_away(
    settings: QuizSettings, key_lines: dict[str, int], path: str, diagnostics: Diagnostics
) -> None:
    """``show_feedback: after_submit`` shows the right options after every attempt: while
    attempts remain, a learner can submit anything, read the answers and pass on the next try.
    A warning at the ``show_feedback`` line (the author may mean it); nothing to give away
    with one attempt or a pass mark of 0. (The default is ``after_submit`` too, by the course
    format; only a written setting is warned about, so that quizzes without front matter and
    GIFT files do not all warn.)"""
    if "show_feedback" not in key_lines or settings.show_feedback != "after_submit":
        return
    if settings.max_attempts == 1 or settings.pass_score == 0:
        return
    attempts = _("tanpa batas") if settings.max_attempts == 0 else str(settings.max_attempts)
    diagnostics.warning(
        path,
        key_lines["show_feedback"],
        _(
            "show_feedback: after_submit memperlihatkan jawaban yang benar selagi peserta masih "
            "boleh mencoba lagi (max_attempts: %(attempts)s); pakai show_feedback: after_pass",
            attempts=attempts,
        ),
    )

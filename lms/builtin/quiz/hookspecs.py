"""The quiz plugin's own hooks, published through ``lms_add_hookspecs``.

A plugin adds a question kind exactly as the quiz plugin adds its built-in ones::

    from lms.plugins import hookimpl

    @hookimpl
    def lms_quiz_question_kinds():
        return [MatrixKind()]
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lms.plugins import hookspec

if TYPE_CHECKING:  # pragma: no cover
    from lms.builtin.quiz.kind_base import QuestionKind


@hookspec
def lms_quiz_question_kinds() -> list[QuestionKind]:
    """Question kinds (grading, the learner's view of a question) this plugin provides. Kind
    names are unique across plugins; a clash stops the quiz registry with both plugins named."""

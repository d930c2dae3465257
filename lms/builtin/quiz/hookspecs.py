"""The quiz plugin's own hooks, published through ``lms_add_hookspecs``.

They exist only while the quiz plugin is enabled. Another plugin implements them with
``@hookimpl(optionalhook=True)``: with quiz disabled its implementation is then never called,
instead of stopping start-up as an unknown hook.
Two families, as in core's :mod:`lms.plugins.hookspecs`: a registration hook (question
kinds) and events (``lms_on_*``, after the commit, with plain ids).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lms.plugins import hookspec

if TYPE_CHECKING:  # pragma: no cover
    from lms.builtin.quiz.kind_base import QuestionKind


# --------------------------------------------------------------------------- registration


@hookspec
def lms_quiz_question_kinds() -> list[QuestionKind]:
    """Question kinds this plugin provides: their grading and the learner's view of a question.

    Called once, when the quiz plugin builds its kind registry.

    **Answers combine** by concatenation: every plugin's kinds join the quiz's own. Kind names
    are unique across plugins; a clash stops the registry with both plugins named.

    Example::

        from lms.plugins import hookimpl

        @hookimpl(optionalhook=True)
        def lms_quiz_question_kinds():
            return [MatrixKind()]
    """


# --------------------------------------------------------------------------- events (after commit)


@hookspec
def lms_on_attempt_submitted(attempt_id: int) -> None:
    """A quiz attempt was submitted, on time or late (the deadline passed and it was closed).

    :param attempt_id: the ``quiz_attempt`` row; read it with ``db.session.get`` in the handler.

    **Answers**: the return value is ignored. Runs after the commit; each handler in its own
    transaction, a failing one is logged and rolled back alone. ``lms_on_quiz_graded`` follows
    for the same attempt.

    Example::

        @hookimpl(optionalhook=True)
        def lms_on_attempt_submitted(attempt_id):
            enqueue("proctor.review", key=f"attempt:{attempt_id}", attempt_id=attempt_id)
    """


@hookspec
def lms_on_quiz_graded(attempt_id: int, score: float, passed: bool) -> None:
    """A submitted attempt was graded.

    :param attempt_id: the ``quiz_attempt`` row that was graded.
    :param score: its score, 0-100, as the learner sees it.
    :param passed: whether ``score`` reaches the quiz's pass mark (the item is then complete).

    **Answers**: the return value is ignored. Runs after the commit, after
    ``lms_on_attempt_submitted`` for the same attempt.

    Example::

        @hookimpl(optionalhook=True)
        def lms_on_quiz_graded(attempt_id, score, passed):
            if not passed:
                notify(attempt_owner(attempt_id), "coach_offer", key=f"coach:{attempt_id}")
    """

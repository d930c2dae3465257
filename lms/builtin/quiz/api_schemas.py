"""Marshmallow schemas of the quiz API (names prefixed ``Quiz``: the class registry is global).

Output fields always sent are ``required``; ``allow_none`` marks the nullable ones. Nothing
here can carry fractions, accepted answers or feedback before submission: the attempt schema
has no field for them, and ``Out`` drops whatever a dict holds beyond its fields.
"""

from __future__ import annotations

from marshmallow import RAISE, Schema, fields, validate

from lms.plugins import Out

_RESPONSE = {
    "oneOf": [
        {"type": "array", "items": {"type": "string"},
         "description": "Option ids (single choice: one; multiple: any number)"},
        {"type": "string", "description": "Typed answer (short, numeric, missing word)"},
        {"type": "object", "additionalProperties": {"type": "string"},
         "description": "Matching: {pair id (a `left_items` id): one of `choices`}"},
    ],
    "nullable": True,
}


class QuizOptionSchema(Out):
    id = fields.String(required=True)
    html = fields.String(required=True, metadata={"description": "Sanitised HTML of the option"})


class QuizMatchItemSchema(Out):
    id = fields.String(required=True, metadata={"description": "Pair id: the key of the answer"})
    html = fields.String(required=True, metadata={"description": "Sanitised HTML of the left item"})


class QuizQuestionSchema(Out):
    id = fields.String(required=True, metadata={"description": "Question id: the key of the answer"})
    number = fields.Integer(required=True, metadata={"description": "1-based position in this attempt"})
    type = fields.String(required=True, metadata={
        "description": "single, multiple, true_false, short, numeric, matching, missing_word, text, "
                       "or a plugin's kind"})
    points = fields.Float(required=True)
    prompt_html = fields.String(required=True)
    options = fields.List(fields.Nested(QuizOptionSchema), required=True,
                          metadata={"description": "In the order shown; empty for typed answers"})
    left_items = fields.List(fields.Nested(QuizMatchItemSchema),
                             metadata={"description": "Matching only: the left items"})
    choices = fields.List(fields.String(), metadata={"description": "Matching only: the right texts, shuffled"})


class QuizAttemptSchema(Out):
    """An attempt as the learner sees it before submission: never the answers."""

    attempt_id = fields.Integer(required=True)
    number = fields.Integer(required=True, metadata={"description": "1..n in this enrolment cycle"})
    status = fields.String(required=True, validate=validate.OneOf(["open", "submitted"]))
    started_at = fields.DateTime(required=True)
    deadline = fields.DateTime(required=True, allow_none=True,
                               metadata={"description": "UTC; null without a time limit"})
    seconds_left = fields.Integer(required=True, allow_none=True)
    questions = fields.List(fields.Nested(QuizQuestionSchema), required=True)
    answers = fields.Dict(keys=fields.String(), values=fields.Raw(metadata=_RESPONSE), required=True,
                          metadata={"description": "The caller's saved answers by question id"})


class QuizSubmissionSchema(Schema):
    """``{"answers": {question id: response}}``; without ``answers`` the saved ones count."""

    class Meta:
        unknown = RAISE

    answers = fields.Dict(keys=fields.String(), values=fields.Raw(allow_none=True, metadata=_RESPONSE),
                          load_default=None, allow_none=True)


class QuizResultOptionSchema(QuizOptionSchema):
    chosen = fields.Boolean(required=True)
    correct = fields.Boolean(required=True)
    feedback_html = fields.String(required=True, metadata={"description": "Feedback of a chosen option"})


class QuizResultItemSchema(QuizMatchItemSchema):
    response = fields.String(required=True)
    answer = fields.String(required=True, metadata={"description": "The right text"})
    correct = fields.Boolean(required=True)


class QuizResultQuestionSchema(Out):
    id = fields.String(required=True)
    number = fields.Integer(required=True)
    type = fields.String(required=True)
    points = fields.Float(required=True)
    graded = fields.Boolean(required=True)
    earned = fields.Float(required=True)
    correct = fields.Boolean(required=True)
    prompt_html = fields.String(required=True)
    options = fields.List(fields.Nested(QuizResultOptionSchema), required=True)
    left_items = fields.List(fields.Nested(QuizResultItemSchema))
    choices = fields.List(fields.String())
    response = fields.Raw(required=True, allow_none=True, metadata=_RESPONSE)
    accepted_answers = fields.List(fields.String(), required=True)
    feedback_html = fields.String(required=True)


class QuizResultSchema(Out):
    attempt_id = fields.Integer(required=True)
    number = fields.Integer(required=True)
    score = fields.Float(required=True, metadata={"description": "Percent of the points"})
    passed = fields.Boolean(required=True)
    late = fields.Boolean(required=True, metadata={
        "description": "Submitted after the deadline: the answers saved by then were graded"})
    submitted_at = fields.DateTime(required=True)
    pass_score = fields.Float(required=True)
    show_feedback = fields.String(required=True, validate=validate.OneOf(["after_submit", "after_pass", "never"]))
    feedback_shown = fields.Boolean(required=True)
    questions = fields.List(fields.Nested(QuizResultQuestionSchema), required=True, metadata={
        "description": "Per-question results, correct answers and feedback, as `show_feedback` "
                       "allows (empty otherwise)"})

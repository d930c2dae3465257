"""Marshmallow schemas of the core API: what views dump and what the OpenAPI document shows.

Output fields that are always sent are ``required`` (so the document says so, and the
schemathesis test holds the API to it); ``allow_none`` marks the nullable ones.
"""

from __future__ import annotations

from marshmallow import EXCLUDE, Schema, fields, validate

from lms.web.api.base import Out

COURSE_STATUSES = ("not_started", "in_progress", "completed", "expired")
ITEM_STATUSES = ("not_started", "in_progress", "done")


# --------------------------------------------------------------------------- me


class MeSchema(Out):
    nip = fields.String(required=True)
    name = fields.String(required=True)
    email = fields.String(required=True, allow_none=True)
    roles = fields.List(fields.String(), required=True,
                        metadata={"description": "learner, trainer, supervisor, admin (learner always)"})
    unit = fields.String(required=True, allow_none=True, metadata={"description": "Unit name"})
    position = fields.String(required=True, allow_none=True, metadata={"description": "Position name"})
    year = fields.Integer(required=True, metadata={"description": "The year of `jp_year`"})
    jp_year = fields.Float(required=True, metadata={"description": "JP earned this year"})
    jp_target = fields.Float(required=True, metadata={
        "description": "Yearly JP target of this person: their employee type's, else the site's default"})


# --------------------------------------------------------------------------- courses


class CourseQuerySchema(Schema):
    class Meta:
        unknown = EXCLUDE

    q = fields.String(validate=validate.Length(max=100), metadata={"description": "Words of the title or summary"})
    competency = fields.String(validate=validate.Length(max=80), metadata={"description": "A competency code"})
    category = fields.String(validate=validate.Length(max=100))


class CourseCompetencySchema(Out):
    code = fields.String(required=True)
    level = fields.Integer(required=True)


class CourseSchema(Out):
    slug = fields.String(required=True)
    title = fields.String(required=True)
    summary = fields.String(required=True)
    jp = fields.Float(required=True, metadata={"description": "Jam pelajaran earned on completion"})
    minutes = fields.Integer(required=True)
    category = fields.String(required=True, allow_none=True)
    enrollment = fields.String(required=True,
                                 validate=validate.OneOf(["open", "assigned"]),
                                 metadata={"description": "`assigned`: only assigned learners take it"})
    competencies = fields.List(fields.Nested(CourseCompetencySchema), required=True)


class CourseListSchema(Out):
    courses = fields.List(fields.Nested(CourseSchema), required=True)


class OutlineItemSchema(Out):
    key = fields.String(required=True)
    type = fields.String(required=True, metadata={"description": "lesson, quiz, survey or a plugin's type"})
    title = fields.String(required=True)
    minutes = fields.Integer(required=True)
    required = fields.Boolean(required=True)


class OutlineModuleSchema(Out):
    key = fields.String(required=True)
    title = fields.String(required=True)
    items = fields.List(fields.Nested(OutlineItemSchema), required=True)


class CourseDetailSchema(CourseSchema):
    description_html = fields.String(required=True, metadata={"description": "Sanitized HTML"})
    prerequisites = fields.List(fields.String(), required=True, metadata={"description": "Slugs"})
    outline = fields.List(fields.Nested(OutlineModuleSchema), required=True)


# --------------------------------------------------------------------------- learning


class EnrollmentSchema(Out):
    course = fields.String(attribute="course.slug", required=True)
    source = fields.String(required=True,
                             validate=validate.OneOf(["self", "assigned"]))
    cycle = fields.Integer(required=True)
    enrolled_at = fields.DateTime(required=True)
    due_at = fields.DateTime(required=True, allow_none=True)
    completed_at = fields.DateTime(required=True, allow_none=True)


class ItemProgressSchema(Out):
    key = fields.String(required=True)
    type = fields.String(required=True)
    status = fields.String(required=True, validate=validate.OneOf(ITEM_STATUSES))
    score = fields.Float(required=True, allow_none=True, metadata={"description": "Percent, graded items"})
    completed_at = fields.DateTime(required=True, allow_none=True)


class ProgressSchema(Out):
    course = fields.String(required=True)
    enrolled = fields.Boolean(required=True)
    status = fields.String(required=True, validate=validate.OneOf(COURSE_STATUSES), metadata={
        "description": "`expired`: completed, but the completion's validity (`valid_months`) ran out; "
                       "the course can be retaken"})
    percent = fields.Integer(required=True)
    done = fields.Integer(required=True)
    total = fields.Integer(required=True)
    next_key = fields.String(required=True, allow_none=True, metadata={"description": "Where to continue"})
    completed_at = fields.DateTime(required=True, allow_none=True)
    expires_at = fields.DateTime(required=True, allow_none=True)
    items = fields.List(fields.Nested(ItemProgressSchema), required=True)


class ItemCompletionSchema(Out):
    key = fields.String(required=True)
    status = fields.String(required=True, validate=validate.OneOf(["done"]))
    completed_at = fields.DateTime(required=True)
    course_status = fields.String(required=True, validate=validate.OneOf(COURSE_STATUSES))
    percent = fields.Integer(required=True, metadata={"description": "The course's progress"})


# --------------------------------------------------------------------------- people


class TranscriptEntrySchema(Out):
    course = fields.String(required=True, metadata={"description": "Slug"})
    title = fields.String(required=True)
    completed_at = fields.DateTime(required=True)
    expires_at = fields.DateTime(required=True, allow_none=True)
    jp = fields.Float(required=True)
    score = fields.Float(required=True, allow_none=True)
    certificate = fields.Dict(required=True, allow_none=True,
                              metadata={"description": "The certificate of this completion: number, "
                                                       "verify_url and status (valid, expired, revoked); "
                                                       "null when the course issues none"})


class TranscriptSchema(Out):
    nip = fields.String(required=True)
    completions = fields.List(fields.Nested(TranscriptEntrySchema), required=True,
                              metadata={"description": "Newest first"})
    jp_by_year = fields.Dict(keys=fields.String(), values=fields.Float(), required=True,
                             metadata={"description": 'JP per calendar year: {"2026": 12.0}'})
    jp_target = fields.Float(required=True)


class CompletionSummarySchema(Out):
    enrolled = fields.Integer(required=True)
    completed = fields.Integer(required=True, metadata={"description": "Current cycle completed"})
    overdue = fields.Integer(required=True, metadata={"description": "Due date passed, not completed"})


class StaffMemberSchema(Out):
    nip = fields.String(required=True)
    name = fields.String(required=True)
    position = fields.String(required=True, allow_none=True)
    unit = fields.String(required=True, allow_none=True)
    summary = fields.Nested(CompletionSummarySchema, required=True)
    jp_year = fields.Float(required=True)
    jp_target = fields.Float(required=True, metadata={"description": "This person's yearly JP target "
                                                                     "(their employee type's)"})


class TeamSchema(Out):
    year = fields.Integer(required=True)
    jp_target = fields.Float(required=True, metadata={"description": "The site's default yearly JP target"})
    staff = fields.List(fields.Nested(StaffMemberSchema), required=True)



"""Schemas of ``GET /api/v1/users/<nip>/competencies``: the competency profile.

Required, assessed and evidence levels are kept apart, as on the profile page; ``level`` is the
current level (the valid assessed level, else the best current evidence level).
"""

from __future__ import annotations

from marshmallow import fields, validate

from lms.web.api.base import Out

GROUPS = ["manajerial", "sosial_kultural", "teknis"]


class ProfileEvidenceSchema(Out):
    source_type = fields.String(required=True, validate=validate.OneOf(["course", "external", "mentoring"]))
    course = fields.String(required=True, allow_none=True, metadata={"description": "Slug, for course evidence"})
    title = fields.String(required=True, metadata={"description": "The course's title, or the record's"})
    level = fields.Integer(required=True, metadata={"description": "The level it is evidence of (1-5)"})
    score = fields.Float(required=True, allow_none=True, metadata={"description": "Percent, when graded"})
    earned_at = fields.DateTime(required=True)
    expires_at = fields.DateTime(required=True, allow_none=True)
    current = fields.Boolean(required=True, metadata={
        "description": "Not expired: counts toward `evidence_level` (expired evidence stays as history)"})


class ProfileCompetencySchema(Out):
    code = fields.String(required=True)
    name = fields.String(required=True)
    group = fields.String(required=True, validate=validate.OneOf(GROUPS))
    level = fields.Integer(required=True, allow_none=True, metadata={
        "description": "Current level: `assessed_level` when valid, else `evidence_level`; null when neither"})
    level_source = fields.String(required=True, allow_none=True, validate=validate.OneOf(["assessed", "evidence"]),
                                 metadata={"description": "What `level` comes from"})
    required_level = fields.Integer(required=True, allow_none=True, metadata={
        "description": "The standard of the user's position; null when the position does not require it"})
    assessed_level = fields.Integer(required=True, allow_none=True, metadata={
        "description": "The newest formal assessment still valid (3 years by default); null when none"})
    assessed_until = fields.Date(required=True, allow_none=True, metadata={
        "description": "Last day `assessed_level` is valid"})
    evidence_level = fields.Integer(required=True, allow_none=True, metadata={
        "description": "The highest level among current (not expired) evidence"})
    gap = fields.Integer(required=True, allow_none=True, metadata={
        "description": "`required_level - level` when positive, else 0 (no level counts as 0); "
                       "null when nothing is required"})
    evidence = fields.List(fields.Nested(ProfileEvidenceSchema), required=True,
                           metadata={"description": "Newest first, expired included"})


class UserCompetenciesSchema(Out):
    nip = fields.String(required=True)
    position = fields.String(required=True, allow_none=True, metadata={"description": "Position name"})
    competencies = fields.List(fields.Nested(ProfileCompetencySchema), required=True, metadata={
        "description": "Every active competency (and inactive ones with data), manajerial, sosial kultural, "
                       "then teknis"})

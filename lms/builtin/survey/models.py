"""The survey plugin's table: one response per learner, course cycle and survey key.

``user_id`` is kept even for anonymous surveys: it is what makes a learner answer only once
(the unique constraint) and lets them see that they answered. Trainers never see it when the
survey the answers were given on (``item_id``) was anonymous.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from lms.plugins import UTCDateTime, db, utcnow


class SurveyResponse(db.Model):
    __tablename__ = "survey_response"
    __table_args__ = (
        UniqueConstraint("user_id", "course_id", "cycle", "item_key"),
        Index("ix_survey_response_course_key", "course_id", "item_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id", ondelete="CASCADE"))
    item_key: Mapped[str] = mapped_column(String(200))
    cycle: Mapped[int] = mapped_column(Integer, default=1)
    # The item (of the revision) the answers were given on: its questions and its promise of
    # anonymity. SET NULL keeps the answers if that revision is ever pruned.
    item_id: Mapped[int | None] = mapped_column(
        ForeignKey("course_item.id", ondelete="SET NULL"), index=True
    )
    # {question_id: int (scale) | option id (choice) | str (text)}; unanswered text omitted
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

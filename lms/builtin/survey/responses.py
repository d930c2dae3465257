"""Survey responses: answer once, validated against the stored questions; results for trainers.

Services take plain values, flush and never commit (one commit per request). Answering the
survey is what completes it (``mark_done(by_activity=True)``), so a required survey gates the
course's completion.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from lms.builtin.survey.models import SurveyResponse
from lms.plugins import Course, CourseItem, Enrollment, LearningError, User, complete_item, db, require_enrollment

TEXT_MAX = 5000


class SurveyInvalid(LearningError):
    """Some answers do not fit their questions; ``errors`` maps question ids to messages."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("invalid", _("Periksa kembali jawaban yang ditandai."))
        self.errors = errors


def _already() -> LearningError:
    return LearningError("conflict", _("Anda sudah mengisi survei ini. Terima kasih."))


# --------------------------------------------------------------------------- reading


def survey_item(course: Course, item_key: str) -> CourseItem:
    """The survey ``item_key`` of the course's published revision."""
    item = db.session.scalar(
        select(CourseItem).where(
            CourseItem.revision_id == course.published_revision_id, CourseItem.key == item_key
        )
    )
    if item is None or item.type != "survey":
        raise LearningError("not_found", _("Survei tidak ditemukan."))
    return item


def response_of(enrollment: Enrollment, item_key: str) -> SurveyResponse | None:
    """The learner's response in the enrolment's current cycle."""
    return db.session.scalar(
        select(SurveyResponse).where(
            SurveyResponse.user_id == enrollment.user_id,
            SurveyResponse.course_id == enrollment.course_id,
            SurveyResponse.cycle == enrollment.cycle,
            SurveyResponse.item_key == item_key,
        )
    )


# --------------------------------------------------------------------------- answering


def _scale(question: dict[str, Any], value: Any) -> tuple[int | None, str | None]:
    low, high = question["scale_min"], question["scale_max"]
    if value is None or value == "":
        return None, _("Pilih salah satu nilai.")
    try:
        number = (
            value if isinstance(value, int) and not isinstance(value, bool) else int(str(value))
        )
    except ValueError:
        number = None
    if number is None or not low <= number <= high:
        return None, _("Pilih nilai dari %(low)d sampai %(high)d.", low=low, high=high)
    return number, None


def _choice(question: dict[str, Any], value: Any) -> tuple[str | None, str | None]:
    if value is None or value == "":
        return None, _("Pilih salah satu jawaban.")
    if value not in {option["id"] for option in question["options"]}:
        return None, _("Pilihan ini tidak dikenal. Pilih salah satu jawaban yang tersedia.")
    return str(value), None


def _text(value: Any) -> tuple[str | None, str | None]:
    if value is None:
        return None, None
    if not isinstance(value, str):
        return None, _("Jawaban harus berupa teks.")
    # Browsers send a textarea's line breaks as CRLF; count them as the browser's maxlength does.
    text = value.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "").strip()
    if len(text) > TEXT_MAX:
        return None, _(
            "Jawaban terlalu panjang: %(n)d karakter, paling banyak %(max)d.",
            n=len(text),
            max=TEXT_MAX,
        )
    return text or None, None


def validate_answers(
    questions: list[dict[str, Any]], answers: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, str]]:
    """Clean answers and the error of each question. Every question must be answered except
    text questions; answers to unknown question ids are ignored."""
    clean: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for question in questions:
        value = answers.get(question["id"])
        if question["kind"] == "scale":
            result, error = _scale(question, value)
        elif question["kind"] == "choice":
            result, error = _choice(question, value)
        else:
            result, error = _text(value)
        if error:
            errors[question["id"]] = error
        elif result is not None:
            clean[question["id"]] = result
    return clean, errors


def submit_response(
    user: User, course: Course, item_key: str, answers: Mapping[str, Any]
) -> SurveyResponse:
    """Store the learner's answers (once per course cycle) and complete the survey.

    Raises :class:`LearningError`: ``denied`` (not enrolled), ``not_found`` (no such survey),
    ``conflict`` (already answered, also when a concurrent request won the race) or
    :class:`SurveyInvalid` (``invalid``) with an error per question.
    """
    enrollment = require_enrollment(user, course)
    item = survey_item(course, item_key)
    if response_of(enrollment, item_key) is not None:
        raise _already()
    clean, errors = validate_answers(item.content.get("questions", []), answers)
    if errors:
        raise SurveyInvalid(errors)
    try:
        with db.session.begin_nested():
            response = SurveyResponse(
                user_id=user.id,
                course_id=course.id,
                item_key=item_key,
                cycle=enrollment.cycle,
                item_id=item.id,
                answers=clean,
            )
            db.session.add(response)
    except IntegrityError:  # a concurrent request (second tab, double tap) answered first
        raise _already() from None
    complete_item(user, course, item_key, by="activity")
    return response


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class TextAnswer:
    text: str
    name: str | None = None  # only when the survey is not anonymous


@dataclass
class QuestionResult:
    id: str
    kind: str  # scale | choice | text
    prompt_html: str
    count: int = 0  # respondents who answered this question
    average: float | None = None  # scale
    distribution: list[tuple[int, int]] = field(default_factory=list)  # scale: (value, count)
    options: list[tuple[str, str, int]] = field(default_factory=list)  # choice: (id, html, count)
    answers: list[TextAnswer] = field(default_factory=list)  # text


@dataclass
class SurveyResults:
    item_key: str
    title: str
    anonymous: bool
    respondents: int
    questions: list[QuestionResult]


def _shows_names(settings: dict[str, Any] | None) -> bool:
    return settings is not None and settings.get("anonymous", True) is False


def results(course: Course, item_key: str) -> SurveyResults:
    """What trainers may see of a survey: counts, averages, distributions and text answers.

    Names appear only when the published survey says ``anonymous: false`` *and* the answer was
    given on a revision that said so too: making a survey non-anonymous later never reveals who
    gave the answers collected under the promise of anonymity. Anonymous text answers are
    sorted alphabetically, so their order does not hint at who answered when.
    """
    item = survey_item(course, item_key)
    anonymous = not _shows_names(item.settings)
    columns: list[Any] = [SurveyResponse.answers, CourseItem.settings]
    if not anonymous:  # an anonymous survey's results never even read the names
        columns.append(User.name)
    query = (
        select(*columns)
        .select_from(SurveyResponse)
        .join(CourseItem, CourseItem.id == SurveyResponse.item_id, isouter=True)
        .where(SurveyResponse.course_id == course.id, SurveyResponse.item_key == item_key)
        .order_by(SurveyResponse.submitted_at, SurveyResponse.id)
    )
    if not anonymous:
        query = query.join(User, User.id == SurveyResponse.user_id)
    rows = db.session.execute(query).all()
    out: list[QuestionResult] = []
    for question in item.content.get("questions", []):
        qid = question["id"]
        result = QuestionResult(qid, question["kind"], question.get("prompt_html", ""))
        if question["kind"] == "scale":
            values = range(question["scale_min"], question["scale_max"] + 1)
            counts = dict.fromkeys(values, 0)
            for row in rows:
                value = row.answers.get(qid)
                if isinstance(value, int) and value in counts:
                    counts[value] += 1
            result.count = sum(counts.values())
            result.distribution = list(counts.items())
            if result.count:
                result.average = round(sum(v * n for v, n in counts.items()) / result.count, 2)
        elif question["kind"] == "choice":
            counts = {option["id"]: 0 for option in question["options"]}
            for row in rows:
                value = row.answers.get(qid)
                if value in counts:
                    counts[value] += 1
            result.count = sum(counts.values())
            result.options = [
                (o["id"], o.get("html") or o["text"], counts[o["id"]]) for o in question["options"]
            ]
        else:
            answers = [
                TextAnswer(
                    row.answers[qid],
                    row.name if not anonymous and _shows_names(row.settings) else None,
                )
                for row in rows
                if isinstance(row.answers.get(qid), str)
            ]
            if anonymous:
                answers.sort(key=lambda a: a.text.casefold())
            result.answers = answers
            result.count = len(answers)
        out.append(result)
    return SurveyResults(
        item_key=item_key,
        title=item.title,
        anonymous=anonymous,
        respondents=len(rows),
        questions=out,
    )


def course_results(course: Course) -> list[SurveyResults]:
    """:func:`results` of every survey of the course's published revision, in outline order."""
    keys = db.session.scalars(
        select(CourseItem.key)
        .where(CourseItem.revision_id == course.published_revision_id, CourseItem.type == "survey")
        .order_by(CourseItem.position)
    )
    return [results(course, key) for key in keys]

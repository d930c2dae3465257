"""The learner's pages: Belajar Saya, the catalogue, a course, an item, the transcript."""

from __future__ import annotations

from types import SimpleNamespace

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup
from werkzeug.wrappers import Response

from lms.core.models import CourseItem
from lms.core.queries import competencies as competency_queries
from lms.core.queries import confirmations as confirmation_queries
from lms.core.queries import courses as course_queries
from lms.core.queries import jp_ledger
from lms.core.queries import learning as queries
from lms.core.queries.employee_types import jp_target_for
from lms.core.services import learning
from lms.plugins.activity import ItemView
from lms.web.access import login_required
from lms.web.accounts.forms import EmptyForm
from lms.web.learning import item_page
from lms.web.params import float_arg, parse_float

bp = Blueprint("learner", __name__)
_NO_MODULE = SimpleNamespace(key="", title="", intro_html="")  # items whose module row is missing


def _me():  # noqa: ANN202
    return current_user._get_current_object()


def _course_or_404(slug: str):  # noqa: ANN202
    course = queries.published_course(slug)
    if course is None:
        abort(404)
    return course


def _jp_target() -> float:
    return jp_target_for(current_user)


@bp.get("/")
@login_required
def dashboard() -> str:
    host = current_app.extensions["lms.host"]
    widgets = sorted(w for result in host.hook.lms_dashboard_widgets(user=_me()) for w in (result or []))
    cards = queries.dashboard_cards(_me())
    year = queries.local_year()
    jp = queries.jp_in_year(current_user.id, year)
    return render_template(
        "learning/dashboard.html", widgets=widgets,
        in_progress=_assigned_first(c for c in cards if c.state.status == "in_progress"),
        todo=_assigned_first(c for c in cards if c.state.status in ("not_started", "expired")),
        completed=sorted((c for c in cards if c.state.status == "completed"),
                         key=lambda c: c.state.completion.completed_at, reverse=True),
        jp=jp, jp_target=_jp_target(), year=year,
    )


def _assigned_first(cards) -> list:  # noqa: ANN001
    """Assigned courses first (the soonest due date first), then the learner's own choices
    (the most recently started first)."""
    def key(card):  # noqa: ANN001, ANN202
        e = card.enrollment
        due = e.due_at.timestamp() if e.due_at else float("inf")
        recent = (e.last_activity_at or e.enrolled_at).timestamp()
        return (e.source.value != "assigned", due, -recent)

    return sorted(cards, key=key)


@bp.get("/courses")
@login_required
def catalogue() -> str:
    q = request.args.get("q", "").strip()[:100]
    competency = request.args.get("competency") or None
    category = request.args.get("category") or None
    max_jp = parse_float(request.args.get("max_jp"), maximum=10_000)
    courses = queries.catalogue(q, competency, category, max_jp)
    competencies = competency_queries.by_name()
    return render_template("learning/catalogue.html", courses=courses, q=q, competency=competency,
                           category=category, max_jp=max_jp, categories=queries.categories(),
                           competencies=competencies)


@bp.get("/courses/<slug>")
@login_required
def course(slug: str) -> str:
    course = _course_or_404(slug)
    enrollment = queries.enrollment_of(_me(), course)
    items = queries.published_items(course)
    state, progress = queries.course_page_state(_me(), course, enrollment, items)
    missing = queries.missing_prerequisites(_me(), course) if enrollment is None else []
    modules = _modules(course, items)
    return render_template("learning/course.html", course=course, enrollment=enrollment, state=state,
                           progress=progress, modules=modules, missing=missing, form=EmptyForm(),
                           trainer_keys=confirmation_queries.trainer_item_keys(items),
                           can_enroll=enrollment is None and not missing
                           and course.enrollment.value == "open")


def _modules(course, items: list[CourseItem]) -> list[tuple[object, list[CourseItem]]]:  # noqa: ANN001
    """The outline in the order of the numbering: runs of items with their module (top-level
    items between modules come back as runs of the top level, key "")."""
    return [(module or _NO_MODULE, run) for module, run in course_queries.sections(queries.modules_of(course), items)]


@bp.post("/courses/<slug>/enroll")
@login_required
def enroll(slug: str) -> Response:
    course = _course_or_404(slug)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        learning.enroll(_me(), course)
    except learning.LearningError as exc:
        flash(exc.message, "error")
        return redirect(url_for("learner.course", slug=slug))
    flash(_("Anda terdaftar di kursus ini. Selamat belajar!"), "success")
    items = queries.published_items(course)
    if items:
        return redirect(url_for("learner.item", slug=slug, key=items[0].key))
    return redirect(url_for("learner.course", slug=slug))


@bp.post("/courses/<slug>/retake")
@login_required
def retake(slug: str) -> Response:
    course = _course_or_404(slug)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        learning.retake(_me(), course)
    except learning.LearningError as exc:
        flash(exc.message, "error")
    return redirect(url_for("learner.course", slug=slug))


@bp.get("/courses/<slug>/<path:key>")
@login_required
def item(slug: str, key: str) -> str | Response:
    course, enrollment, progress_map = queries.course_enrollment_progress(_me(), slug)
    if course is None:
        abort(404)
    if enrollment is None:
        flash(_("Daftar dulu untuk membuka materi kursus ini."), "info")
        return redirect(url_for("learner.course", slug=slug))
    items = queries.outline_with_current(course, key)
    index = next((n for n, i in enumerate(items) if i.key == key), None)
    if index is None:
        abort(404)
    current = items[index]
    state, progress_map = queries.course_page_state(_me(), course, enrollment, items, progress_map)
    progress = learning.visit(enrollment, key, progress_map)
    host = current_app.extensions["lms.host"]
    activity = host.activities.get(current.type)
    if activity is None:  # the plugin of this item is disabled: core keeps working
        body = Markup(render_template("learning/item_unavailable.html"))  # noqa: S704 - rendered by Jinja
    else:
        body = Markup(activity.render(ItemView(  # noqa: S704 - the activity renders escaped templates
            user=_me(), course=course, item=current, enrollment=enrollment, progress=progress,
            previous=items[index - 1] if index > 0 else None,
            next=items[index + 1] if index + 1 < len(items) else None, state=state)))
    return item_page.frame(course, items, index, state, progress, body, activity)


def _wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json" or request.is_json


@bp.post("/courses/<slug>/<path:key>/done")
@login_required
def done(slug: str, key: str) -> Response | tuple[Response, int]:
    """Mark a lesson done. Idempotent: the page's script retries it after a dropped
    connection, and a repeat changes nothing."""
    course = _course_or_404(slug)
    if not EmptyForm().validate_on_submit():
        abort(400)
    enrollment = queries.enrollment_of(_me(), course)
    was_completed = enrollment is not None and enrollment.completed_at is not None
    try:
        learning.mark_done(_me(), course, key)
    except learning.LearningError as exc:
        if _wants_json():
            status = 409 if exc.code == "conflict" else 404
            return jsonify({"error": {"code": exc.code, "message": exc.message}}), status
        flash(exc.message, "error")
        return redirect(url_for("learner.item", slug=slug, key=key))
    if _wants_json():
        return jsonify({"status": "done"})
    return redirect(after_item(course, request.form.get("next"), was_completed))


def after_item(course, next_key: str | None, was_completed: bool) -> str:  # noqa: ANN001
    """Where "Selesai, lanjutkan" leads: the moment the course counted when this item
    completed it, else the next item, else the course page."""
    enrollment = queries.enrollment_of(_me(), course)
    if not was_completed and enrollment is not None and enrollment.completed_at is not None:
        return url_for("learner.completed", slug=course.slug)
    if next_key in {i.key for i in queries.published_items(course)}:
        return url_for("learner.item", slug=course.slug, key=next_key)
    return url_for("learner.course", slug=course.slug)


@bp.get("/me/completed/<slug>")
@login_required
def completed(slug: str) -> str:
    """The moment a course counted: JP added, the year's total against the target, the
    certificate (from the certificate plugin, when enabled) and what to learn next. Only the
    learner's own completion: the page reads the signed-in user's, there is no one else's."""
    course = _course_or_404(slug)
    completion = queries.latest_completion(current_user.id, course.id)
    if completion is None:
        abort(404)
    year = queries.local_year(completion.completed_at)
    return render_template("learning/completed.html", course=course, completion=completion, year=year,
                           jp=queries.jp_in_year(current_user.id, year), jp_target=_jp_target(),
                           suggestion=queries.next_suggestion(_me(), course.id))


@bp.post("/courses/<slug>/<path:key>/position")
@login_required
def position(slug: str, key: str) -> Response:
    course = _course_or_404(slug)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        learning.save_position(_me(), course, key, float_arg("position", 0.0, minimum=-1e6, maximum=1e6, form=True))
    except learning.LearningError:
        abort(400)
    return Response(status=204)


@bp.get("/me/transcript")
@login_required
def transcript() -> str:
    completions = queries.transcript(current_user.id)
    by_year = jp_ledger.jp_by_year(current_user.id)  # courses and verified records elsewhere
    # JP that plugins credit (a classroom session, mentoring): listed, so the yearly total adds up
    other = sorted(jp_ledger.plugin_credits(None, None, [current_user.id]), key=lambda c: c.earned_on, reverse=True)
    return render_template("learning/transcript.html", completions=completions, other_credits=other,
                           jp_by_year=sorted(by_year.items(), reverse=True), jp_target=_jp_target())

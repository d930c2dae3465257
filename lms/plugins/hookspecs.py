"""Hook specifications: the contract between Sinau and its plugins.

This module is the plugin manual's source: ``docs/plugins.md`` is checked against these
docstrings by a test. Four families, as in ``architecture.md``:

* **Registration** (``lms_register_*``): called once at start-up. Each returns things the
  host registers under unique names; a clash stops start-up with both plugins named.
* **Page contributions** (``lms_menu_items``, ``lms_dashboard_widgets``, ``lms_template_slot``):
  called per request, results ordered by weight.
* **Filters**: may change an outcome. Each spec says how several answers combine.
* **Events** (``lms_on_*``): called *after* the database commit, with plain ids. The return
  value is ignored. A failing handler is logged with the plugin's name, its own writes are
  rolled back, and it never undoes the learner's work. Each handler runs in its own
  transaction, committed by the host after it returns.

Hook names are checked at start-up (pluggy's ``check_pending``): an implementation of a hook
that does not exist — a typo, or a hook renamed in a later version — stops start-up instead of
silently never firing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:  # pragma: no cover
    from datetime import date

    import click
    from flask import Blueprint

    from lms.plugins.activity import ActivityType
    from lms.plugins.credits import JpCredit
    from lms.plugins.pages import MenuItem, SlotContent, Widget

PROJECT = "lms"
hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


# --------------------------------------------------------------------------- registration


@hookspec(historic=True)
def lms_add_hookspecs(pluginmanager: pluggy.PluginManager) -> None:
    """Publish a plugin's own hookspecs (``pluginmanager.add_hookspecs(module)``).

    The quiz plugin uses it for its question-kind registry, so that another plugin can add a
    question kind exactly as the quiz plugin adds its own. Called for every plugin, before
    unknown hook implementations are checked.
    """


@hookspec
def lms_register_activity_types() -> list[ActivityType]:
    """Activity types this plugin provides (lessons, quizzes, surveys, ...).

    Each :class:`lms.plugins.ActivityType` owns a unique ``name`` and its file ``suffixes``;
    two types claiming one name or suffix stop start-up.
    """


@hookspec
def lms_register_blueprints() -> list[Blueprint]:
    """Flask blueprints to mount. Every view must carry an access rule (see ``lms.web.access``);
    a view without one is refused at request time and fails the test suite."""


@hookspec
def lms_register_cli_commands() -> list[click.Command]:
    """Click commands or groups mounted under ``lms`` (for example ``lms quiz ...``)."""


@hookspec
def lms_register_migrations() -> str | None:
    """The folder of this plugin's Alembic versions: its own branch, labelled with the plugin's
    name, whose base revision ``depends_on`` the core revision it needs."""


@hookspec
def lms_register_settings() -> dict[str, Any]:
    """Defaults of this plugin's settings, read from ``LMS_<NAME>_<KEY>`` variables.

    Keys are lower case without the prefix; the host merges the environment over them and
    exposes the result as ``current_app.extensions['lms.host'].settings_of(name)``.
    """


@hookspec
def lms_register_markdown_extensions() -> list[Any]:
    """python-markdown extensions (instances or names) added to the one rendering pipeline.
    Their output still goes through the sanitizer."""


@hookspec
def lms_register_jobs() -> list[Any]:
    """Background jobs (:class:`lms.plugins.JobSpec`, made with ``@lms.plugins.job``): work
    enqueued with ``lms.core.jobs.enqueue(name, key=...)``, and periodic work (a ``schedule``
    crontab: digests, syncs). Names are unique across core and plugins; use the plugin's name
    as a prefix (``forum.digest``)."""


@hookspec
def lms_register_exporters() -> list[Any]:
    """Report exporters: objects with ``name``, ``label``, ``media_type`` and
    ``write(rows, stream)``."""


# --------------------------------------------------------------------------- page contributions


@hookspec
def lms_menu_items(user: Any) -> list[MenuItem]:
    """Navigation entries for this user (already signed in), ordered by weight."""


@hookspec
def lms_dashboard_widgets(user: Any) -> list[Widget]:
    """Boxes for "Belajar Saya", ordered by weight."""


@hookspec
def lms_template_slot(name: str, context: dict[str, Any]) -> list[SlotContent] | None:
    """HTML for the named slot of a template. Slot names are declared in
    ``lms.plugins.slots.SLOTS``; rendering an unknown name is an error (in tests and
    development) so that a renamed slot cannot silently go blank."""


# --------------------------------------------------------------------------- filters


@hookspec(firstresult=True)
def lms_authenticate(login: str, password: str) -> Any | None:
    """Check credentials (NIP or e-mail + password). The first non-``None`` answer wins: a
    ``User``, or ``False`` to refuse outright. The built-in password check runs last.
    Sign-in throttling (``LMS_LOGIN_RATE_LIMIT``) runs before any implementation is asked: a
    throttled attempt never reaches a plugin, so a directory behind it is not hammered either."""


@hookspec
def lms_check_enrollment(user: Any, course: Any) -> str | None:
    """May ``user`` enrol in ``course``? Return ``None`` to allow, or a reason (translated
    text) to deny. Any denial wins; every reason is shown."""


@hookspec
def lms_course_outline(course: Any, user: Any, outline: list[Any]) -> list[Any] | None:
    """Change a course's outline for a user (hide, reorder, annotate). Implementations run in
    turn, each receiving the previous one's result; ``None`` means "unchanged"."""


@hookspec
def lms_jp_credits(user_ids: list[int] | None, start: date | None, end: date | None) -> list[JpCredit] | None:
    """JP this plugin credits (:class:`lms.plugins.JpCredit`): hours of a classroom session,
    of mentoring, of a confirmed practice. Asked once per read (a page, an export, an API call)
    for everyone it shows, never once per person: ``user_ids`` is the people asked about (None:
    everyone), ``start`` and ``end`` local calendar days, both included (None: unbounded).
    Every plugin's answers are added to the one JP ledger beside course completions and
    verified external records, so Belajar Saya, the transcript, Tim Saya, the reports, the API
    and the SIASN export count them. Answer with a set-based query; a credit outside what was
    asked is ignored."""


# --------------------------------------------------------------------------- events (after commit)


@hookspec
def lms_on_user_enrolled(user_id: int, course_id: int) -> None:
    """A user enrolled in (or was assigned) a course."""


@hookspec
def lms_on_item_completed(user_id: int, course_id: int, item_key: str) -> None:
    """A user completed an item (lesson read, quiz passed, survey answered)."""


@hookspec
def lms_on_attempt_submitted(attempt_id: int) -> None:
    """A quiz attempt was submitted (on time or late)."""


@hookspec
def lms_on_quiz_graded(attempt_id: int, score: float, passed: bool) -> None:
    """A submitted attempt was graded."""


@hookspec
def lms_on_course_completed(completion_id: int, user_id: int, course_id: int) -> None:
    """A user completed a course (all required items done). Competency evidence and
    certificates are built on this event."""


@hookspec
def lms_on_certificate_issued(certificate_id: int) -> None:
    """A certificate was issued."""


@hookspec
def lms_on_record_verified(record_id: int) -> None:
    """An external learning record was verified (it now counts toward JP and as evidence)."""


@hookspec
def lms_on_course_imported(course_id: int, revision_id: int) -> None:
    """A course was imported (created or a new revision)."""


@hookspec
def lms_on_job_finished(run_id: int) -> None:
    """A background job run ended: done, or failed after its last retry (``JobRun.status``)."""


@hookspec
def lms_on_course_published(course_id: int, revision_id: int) -> None:
    """A course revision was published to learners."""
